// Profile editing tests: validation messages and cleaning, profile.json round
// trips (newer versions and damaged files refused without writing over them),
// and the starter listeners brought in line with an edited profile.
#include "core/listen/profile_edit.hpp"

#include "flaky_fs.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>

using namespace earshot::core;
using earshot::test::FlakyFileSystem;

namespace {

std::vector<std::string> messages_for(const ProfileCheck& c, ProfileField f, int competitor = -1) {
    std::vector<std::string> out;
    for (const ProfileIssue& i : c.issues)
        if (i.field == f && i.competitor == competitor)
            out.push_back(i.message);
    return out;
}

ListenerSet demo_listeners_with_own() {
    ListenerSet set;
    for (Listener l : starter_listeners(demo_profile()).listeners)
        REQUIRE(std::holds_alternative<std::string>(set.add(std::move(l))));
    ListenerSettings own;
    own.name = "Oat milk talk";
    own.query = "(\"oat milk\" OR oatly) Brighton";
    REQUIRE(std::holds_alternative<std::string>(set.create(own)));
    return set;
}

} // namespace

// [SECTION] profile.json

TEST_CASE("a profile survives profile.json, position and competitors included") {
    const BusinessProfile p = demo_profile();
    Result<BusinessProfile> back = profile_from_json(profile_to_json(p));
    REQUIRE(back.ok());
    CHECK(back->name == p.name);
    CHECK(back->handle == p.handle);
    CHECK(back->website == p.website);
    CHECK(back->town == p.town);
    CHECK(back->trade_keywords == p.trade_keywords);
    CHECK(back->trade_terms == p.trade_terms);
    CHECK(back->language == p.language);
    REQUIRE(back->lat);
    CHECK(*back->lat == Approx(*p.lat));
    CHECK(*back->lon == Approx(*p.lon));
    REQUIRE(back->competitors.size() == 2);
    CHECK(back->competitors[1].name == "The Daily Crumb");
    CHECK(back->competitors[1].handle == "dailycrumb");
    CHECK(back->nearby_places == p.nearby_places);
    CHECK(back->country_code == "GB");

    // A profile.json written before nearby places or hashtags existed still reads, with none.
    nlohmann::json older = nlohmann::json::parse(profile_to_json(p));
    older.erase("nearby_places");
    older.erase("country_code");
    older.erase("campaign_hashtags");
    older.erase("event_hashtag");
    Result<BusinessProfile> old_back = profile_from_json(older.dump());
    REQUIRE(old_back.ok());
    CHECK(old_back->nearby_places.empty());
    CHECK(old_back->country_code.empty());
    CHECK(old_back->campaign_hashtags.empty());
    CHECK(old_back->event_hashtag.empty());

    BusinessProfile tagged = p;
    tagged.campaign_hashtags = {"BeanTuesday", "Café_Club"};
    tagged.event_hashtag = "HarbourJazzNight";
    Result<BusinessProfile> tags_back = profile_from_json(profile_to_json(tagged));
    REQUIRE(tags_back.ok());
    CHECK(tags_back->campaign_hashtags == tagged.campaign_hashtags);
    CHECK(tags_back->event_hashtag == "HarbourJazzNight");

    BusinessProfile nowhere;
    nowhere.name = "Pipe Dreams";
    nowhere.language = "";
    Result<BusinessProfile> n = profile_from_json(profile_to_json(nowhere));
    REQUIRE(n.ok());
    CHECK(!n->lat);
    CHECK(n->language.empty());
    CHECK(nlohmann::json::parse(profile_to_json(nowhere))["version"] == 1);
}

TEST_CASE("profile.json of a newer version is refused and left exactly as it is") {
    const std::string newer = R"({"format":"earshot-profile","version":2,"name":"Future"})";
    Result<BusinessProfile> r = profile_from_json(newer);
    REQUIRE(!r.ok());
    CHECK_THAT(r.error(),
               Catch::Contains("format version 2") && Catch::Contains("nothing was changed"));

    FlakyFileSystem fs;
    fs.files["/d/profile.json"] = newer;
    ProfileFile file(fs, "/d");
    BusinessProfile out;
    out.name = "untouched";
    Result<bool> loaded = file.load(out);
    REQUIRE(!loaded.ok());
    CHECK(file.read_only());
    CHECK(out.name == "untouched");
    CHECK(!file.save(demo_profile()).ok());
    CHECK(fs.files["/d/profile.json"] == newer);
    CHECK(fs.files.size() == 1);
}

TEST_CASE("malformed profile JSON is refused with a message, and a damaged file set aside") {
    Result<BusinessProfile> bad = profile_from_json("{\"format\": \"earshot-profile\", ");
    REQUIRE(!bad.ok());
    CHECK(bad.error() == "the business profile is not JSON");
    Result<BusinessProfile> other = profile_from_json("[1, 2]");
    REQUIRE(!other.ok());
    CHECK(other.error() == "not an Earshot business profile");

    FlakyFileSystem fs;
    fs.files["/d/profile.json"] = "{\"name\": \"Harb";
    ProfileFile file(fs, "/d");
    BusinessProfile out;
    Result<bool> loaded = file.load(out);
    REQUIRE(!loaded.ok());
    CHECK_THAT(loaded.error(), Catch::Contains("profile.json.damaged"));
    CHECK(fs.files.count("/d/profile.json.damaged") == 1);
    CHECK(!file.read_only());
    CHECK(file.load(out).value() == false); // nothing stored any more: the owner types it again
}

TEST_CASE(
    "profile.json is saved through a temp file and loads back; mistyped fields keep defaults") {
    FlakyFileSystem fs;
    ProfileFile file(fs, "/d");
    BusinessProfile out;
    CHECK(file.load(out).value() == false);
    REQUIRE(file.save(demo_profile()).ok());
    CHECK(fs.files.count("/d/profile.json") == 1);
    CHECK(fs.files.count("/d/profile.json.tmp") == 0);
    REQUIRE(file.load(out).value() == true);
    CHECK(out.name == "Harbour Bean");

    Result<BusinessProfile> odd = profile_from_json(
        R"({"format":"earshot-profile","version":1,"name":7,"town":"Hove","trade_keywords":"coffee","competitors":[3,{"name":"Grind"}]})");
    REQUIRE(odd.ok());
    CHECK(odd->name.empty());
    CHECK(odd->town == "Hove");
    CHECK(odd->trade_keywords.empty());
    REQUIRE(odd->competitors.size() == 1);
    CHECK(odd->competitors[0].name == "Grind");
}

// [SECTION] Validation

TEST_CASE("validation cleans handles and websites and names the field of each problem") {
    BusinessProfile p;
    p.name = "  Harbour Bean ";
    p.handle = " @harbourbean";
    p.website = "https://www.HarbourBean.co.uk/menu?day=1";
    p.trade_keywords = {" coffee", "", "Coffee", "café"};
    p.language = "EN";
    p.competitors = {
        {"Grindhouse Coffee", "https://x.com/grindhousecafe", "grindhousecoffee.co.uk/"},
        {"", " ", ""}};
    ProfileCheck ok = validate(p);
    INFO((ok.issues.empty() ? "" : ok.issues[0].message));
    REQUIRE(ok.ok());
    CHECK(ok.cleaned.name == "Harbour Bean");
    CHECK(ok.cleaned.handle == "harbourbean");
    CHECK(ok.cleaned.website == "harbourbean.co.uk");
    CHECK(ok.cleaned.trade_keywords == std::vector<std::string>{"coffee", "café"});
    CHECK(ok.cleaned.language == "en");
    REQUIRE(ok.cleaned.competitors.size() == 1); // the blank row is dropped
    CHECK(ok.cleaned.competitors[0].handle == "grindhousecafe");
    CHECK(ok.cleaned.competitors[0].website == "grindhousecoffee.co.uk");

    BusinessProfile bad;
    bad.name = " ";
    bad.handle = "harbour bean";
    bad.website = "my shop";
    bad.language = "english";
    ProfileCheck c = validate(bad);
    CHECK(messages_for(c, ProfileField::Name) ==
          std::vector<std::string>{"expected your business's name"});
    CHECK(messages_for(c, ProfileField::Handle) ==
          std::vector<std::string>{"expected letters, digits or _ only, as in @harbourbean"});
    CHECK(messages_for(c, ProfileField::Website) ==
          std::vector<std::string>{"expected a web address such as harbourbean.co.uk"});
    CHECK(messages_for(c, ProfileField::Language).size() == 1);

    bad.name = "Harbour Bean";
    bad.handle = "@harbourbeanbrighton"; // 19 characters
    bad.website = "";
    bad.language = "";
    c = validate(bad);
    CHECK(messages_for(c, ProfileField::Handle) ==
          std::vector<std::string>{"expected at most 15 characters (X's limit for handles)"});
    CHECK(c.issues.size() == 1);
}

TEST_CASE("competitors: at most five, none twice, not the business itself") {
    BusinessProfile p = demo_profile();
    p.competitors = {{"A Cafe", "acafe", ""},        {"B Cafe", "bcafe", ""},
                     {"C Cafe", "@harbourbean", ""}, {"D Cafe", "dcafe", ""},
                     {"A Cafe", "acafe2", ""},       {"Harbour Bean", "", ""},
                     {"G Cafe", "g cafe", ""}};
    ProfileCheck c = validate(p);
    CHECK(messages_for(c, ProfileField::CompetitorHandle, 2) ==
          std::vector<std::string>{"that is your own handle"});
    CHECK(messages_for(c, ProfileField::CompetitorName, 4) ==
          std::vector<std::string>{"listed twice"});
    CHECK(messages_for(c, ProfileField::CompetitorName, 5) ==
          std::vector<std::string>{"that is your business's name"});
    CHECK(messages_for(c, ProfileField::CompetitorHandle, 6).size() == 1);
    CHECK(messages_for(c, ProfileField::Competitors) ==
          std::vector<std::string>{"at most 5 competitors; remove 2"});
    CHECK(messages_for(c, ProfileField::CompetitorName, 0).empty());
}

TEST_CASE("a new town drops the old position; a position set with it stays") {
    const BusinessProfile before = demo_profile();
    BusinessProfile moved = before;
    moved.town = "Hove";
    forget_stale_position(before, moved);
    CHECK(!moved.lat);
    CHECK(!moved.lon);
    BusinessProfile same = before;
    same.town = " brighton ";
    forget_stale_position(before, same);
    CHECK(same.lat);
}

// [SECTION] Starter listeners after an edit

TEST_CASE("an edited profile updates the templates, keeps ids and the owner's listeners") {
    const ListenerSet before = demo_listeners_with_own();
    const Listener own = *before.find("oat-milk-talk");
    const Listener area = *before.find(kMyArea);
    const Listener crumb = *before.find("competitor-dailycrumb");

    BusinessProfile p = demo_profile();
    p.name = "Harbour Bean Roasters";
    p.town = "Hove";
    p.lat.reset();
    p.lon.reset();
    p.competitors = {{"Grindhouse Coffee", "grindhousecafe", "grindhousecoffee.co.uk"},
                     {"Kemptown Coffee", "kemptowncoffee", ""}};
    ListenerSet edited = before;
    edited.find(kMyArea)->newest_id = "1790000000000000000"; // polled before the edit
    StarterUpdate u = update_starter_listeners(edited, p);

    const Listener* mine = u.listeners.find(kMyBusiness);
    REQUIRE(mine);
    CHECK(mine->name == "Harbour Bean Roasters");
    CHECK_THAT(mine->query, Catch::Contains("\"Harbour Bean Roasters\""));
    CHECK(mine->bit == before.find(kMyBusiness)->bit);

    const Listener* hove = u.listeners.find(kMyArea);
    REQUIRE(hove);
    CHECK(hove->name == "Around Hove");
    CHECK_THAT(hove->query, Catch::Contains("Hove") && !Catch::Contains("Brighton"));
    CHECK(hove->bit == area.bit);
    CHECK(hove->newest_id == "1790000000000000000"); // never read a post twice

    // The owner's own listener is exactly as it was.
    REQUIRE(u.listeners.find("oat-milk-talk"));
    CHECK(listener_to_json(*u.listeners.find("oat-milk-talk")) == listener_to_json(own));
    CHECK(u.kept_own == 1);

    // The Daily Crumb is gone and its bit retired; Kemptown Coffee is new.
    CHECK(!u.listeners.find("competitor-dailycrumb"));
    CHECK((u.listeners.retired_bits() & (uint64_t{1} << crumb.bit)) != 0);
    const Listener* kemptown = u.listeners.find("competitor-kemptowncoffee");
    REQUIRE(kemptown);
    CHECK(kemptown->kind == kCompetitor);
    CHECK(kemptown->bit != crumb.bit);
    CHECK(u.listeners.find("competitor-grindhousecafe")->bit ==
          before.find("competitor-grindhousecafe")->bit);

    // my business, my area and questions (it names the town) changed; my trade did not.
    CHECK(u.updated ==
          std::vector<std::string>{"Harbour Bean Roasters", "Around Hove", "Questions people ask"});
    CHECK(u.added == std::vector<std::string>{"Kemptown Coffee"});
    CHECK(u.removed == std::vector<std::string>{"The Daily Crumb"});
    CHECK(u.summary() == "Updated 3 starter listeners, added 1 for Kemptown Coffee, removed 1 for "
                         "The Daily Crumb, kept your 1 own listener.");
    CHECK(before.size() == 7); // the input is not changed

    // Saving the same profile again changes nothing.
    StarterUpdate again = update_starter_listeners(u.listeners, p);
    CHECK(again.updated.empty());
    CHECK(again.added.empty());
    CHECK(again.removed.empty());
    CHECK(again.summary() ==
          "The starter listeners already match the profile, kept your 1 own listener.");
}

TEST_CASE("a competitor whose handle changed keeps its listener; an empty profile starts one") {
    const ListenerSet before = demo_listeners_with_own();
    BusinessProfile p = demo_profile();
    p.competitors[0].handle = "grindhouse";
    StarterUpdate u = update_starter_listeners(before, p);
    CHECK(u.added.empty());
    CHECK(u.removed.empty());
    const Listener* grind = u.listeners.find("competitor-grindhousecafe"); // the id never changes
    REQUIRE(grind);
    CHECK_THAT(grind->query, Catch::Contains("@grindhouse ") && !Catch::Contains("grindhousecafe"));

    // Onboarding: no listeners yet, every template the profile fills is added.
    BusinessProfile fresh;
    fresh.name = "Pipe Dreams";
    fresh.handle = "pipedreams";
    fresh.trade_keywords = {"plumber"};
    StarterUpdate first = update_starter_listeners(ListenerSet(), fresh);
    CHECK(first.added ==
          std::vector<std::string>{"Pipe Dreams", "My trade", "Questions people ask"});
    CHECK(first.listeners.find(kMyBusiness));
    REQUIRE(!first.notes.empty());
    CHECK_THAT(first.notes[0], Catch::Contains("My area") && Catch::Contains("town"));
    CHECK(first.summary() == "Added 3 for Pipe Dreams, My trade and Questions people ask.");
}

TEST_CASE("a template the profile can no longer fill is removed, and says why") {
    const ListenerSet before = demo_listeners_with_own();
    BusinessProfile p = demo_profile();
    p.town.clear();
    p.lat.reset();
    p.lon.reset();
    StarterUpdate u = update_starter_listeners(before, p);
    CHECK(!u.listeners.find(kMyArea));
    CHECK(u.removed == std::vector<std::string>{"Around Brighton"});
    bool said = false;
    for (const std::string& n : u.notes)
        said |= n.find("My area") != std::string::npos && n.find("town") != std::string::npos;
    CHECK(said);
}

TEST_CASE("nearby places are trimmed and kept once; the country is two letters") {
    BusinessProfile p = demo_profile();
    p.nearby_places = {" Hove ", "", "Hove", "Brighton & Hove", std::string(70, 'x')};
    p.country_code = " gb ";
    ProfileCheck c = validate(p);
    CHECK(c.cleaned.nearby_places == std::vector<std::string>{"Hove", "Brighton & Hove"});
    CHECK(c.cleaned.country_code == "GB");
    REQUIRE(c.issues.size() == 1); // the 70-character "place"
    CHECK(c.issues[0].field == ProfileField::NearbyPlaces);
    // The message quotes its start, cut where a character ends: "ó" across the cut is left out whole.
    p.nearby_places = {std::string(19, 'x') + "\xC3\xB3" + std::string(60, 'y')};
    ProfileCheck quoted = validate(p);
    REQUIRE(quoted.issues.size() == 1);
    CHECK(quoted.issues[0].message.find("\"" + std::string(19, 'x') + "\u2026\"") != std::string::npos);
    p.nearby_places = {"Hove"};
    for (const char* bad : {"GBR", "G1", "U"}) {
        p.country_code = bad;
        ProfileCheck b = validate(p);
        REQUIRE(b.issues.size() == 1);
        CHECK(b.issues[0].field == ProfileField::Country);
        CHECK(b.issues[0].message.find("two-letter") != std::string::npos);
    }
    p.country_code = "";
    CHECK(validate(p).ok()); // unknown is allowed
}

TEST_CASE("campaign and event hashtags lose their '#', are kept once, and must be hashtags") {
    BusinessProfile p = demo_profile();
    p.campaign_hashtags = {" #BeanTuesday ", "beantuesday", "", "#Café_Club", "#2024"};
    p.event_hashtag = "#HarbourJazzNight";
    ProfileCheck c = validate(p);
    CHECK(c.cleaned.campaign_hashtags == std::vector<std::string>{"BeanTuesday", "Café_Club"});
    CHECK(c.cleaned.event_hashtag == "HarbourJazzNight");
    REQUIRE(c.issues.size() == 1); // digits alone are not a hashtag on X
    CHECK(c.issues[0].field == ProfileField::CampaignHashtags);
    CHECK(c.issues[0].message.find("#2024") != std::string::npos);

    for (const char* bad : {"jazz night", "#jazz-night", "##", "#jazz#night"}) {
        p.campaign_hashtags.clear();
        p.event_hashtag = bad;
        ProfileCheck b = validate(p);
        INFO(bad);
        CHECK(b.cleaned.event_hashtag.empty());
        REQUIRE(b.issues.size() == 1);
        CHECK(b.issues[0].field == ProfileField::EventHashtag);
    }
    p.event_hashtag = "";
    CHECK(validate(p).ok());

    p.campaign_hashtags.clear();
    for (int i = 0; i < 12; ++i) p.campaign_hashtags.push_back("deal" + std::to_string(i));
    ProfileCheck many = validate(p);
    CHECK(many.cleaned.campaign_hashtags.size() == 10);
    REQUIRE(many.issues.size() == 1);
    CHECK(many.issues[0].field == ProfileField::CampaignHashtags);
}
