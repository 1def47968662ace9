// Tests of the Goals board: which mentions reach which goal on small hand-built sets,
// the text cues (promo codes, check-ins), the range, and customer service's figures.
#include "core/insights/goals.hpp"
#include "core/insights/insights.hpp"
#include "core/store/mention_store.hpp"
#include "core/workflow/workflow.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace earshot::core;

namespace {

constexpr int64_t kT0 = 1704067200; // 2024-01-01T00:00:00Z
constexpr int64_t kHour = 3600, kDay = 86400;

Mention post(const std::string& id, int64_t t, const std::string& text, const std::string& handle = "ana") {
    Mention m;
    m.id = "x:" + id;
    m.source_id = id;
    m.created_at = t;
    m.text = text;
    m.lang = "en";
    m.author.id = "id-" + handle;
    m.author.handle = handle;
    return m;
}

Mention linking(Mention m, const std::string& url, const std::string& domain) {
    m.urls.push_back(url);
    m.domains.push_back(domain);
    return m;
}

Mention with_intents(Mention m, uint8_t intents) {
    m.intents = intents;
    return m;
}

Mention with_tone(Mention m, float sentiment) {
    m.sentiment = sentiment;
    return m;
}

GoalsConfig config() {
    GoalsConfig c;
    c.website = "https://www.HarbourBean.co.uk/";
    c.own_handles = {"harbourbean", "harbourbean.co.uk"};
    c.competitor_handles = {"@GrindhouseCafe"};
    c.local.town = "Brighton";
    return c;
}

std::vector<std::string> ids(const MentionStore& s, const std::vector<uint32_t>& rows) {
    std::vector<std::string> out;
    for (uint32_t r : rows)
        out.push_back(s.at(r).id);
    return out;
}

} // namespace

TEST_CASE("traffic: a post linking to the owner's site counts, one linking elsewhere does not") {
    MentionStore s;
    s.upsert(linking(post("1", kT0, "new menu!"), "https://www.harbourbean.co.uk/menu/?utm_source=x", "harbourbean.co.uk"));
    s.upsert(linking(post("2", kT0 + 10, "order here"), "https://shop.harbourbean.co.uk/beans", "shop.harbourbean.co.uk"));
    s.upsert(linking(post("3", kT0 + 20, "their menu"), "https://grindhouse.co.uk/menu", "grindhouse.co.uk"));
    // A domain that merely ends with the same letters is another site.
    s.upsert(linking(post("4", kT0 + 30, "lookalike"), "https://notharbourbean.co.uk/", "notharbourbean.co.uk"));
    s.upsert(linking(post("5", kT0 + 40, "menu again"), "http://harbourbean.co.uk/menu", "harbourbean.co.uk"));
    GoalsBoard b = compute_goals(s, config());
    CHECK(b.traffic.mentions == 3);
    CHECK(ids(s, b.traffic.queue) == std::vector<std::string>{"x:5", "x:2", "x:1"}); // newest first
    REQUIRE(b.traffic.pages.size() == 2);
    CHECK(b.traffic.pages[0].label == "harbourbean.co.uk/menu");
    CHECK(b.traffic.pages[0].count == 2);
    CHECK(b.traffic.pages[1].label == "shop.harbourbean.co.uk/beans");
}

TEST_CASE("site_domain and page_of normalise what owners type and what posts link") {
    CHECK(site_domain("https://www.HarbourBean.co.uk/menu") == "harbourbean.co.uk");
    CHECK(site_domain("harbourbean.co.uk") == "harbourbean.co.uk");
    CHECK(site_domain("not a site") == "");
    CHECK(site_domain("") == "");
    CHECK(page_of("https://www.harbourbean.co.uk/menu/?utm_source=x#top") == "harbourbean.co.uk/menu");
    CHECK(page_of("http://harbourbean.co.uk") == "harbourbean.co.uk");
}

TEST_CASE("promo codes: after a code word or in capitals in a post about discounts, not flight numbers") {
    CHECK(promo_codes("Use code BEAN10 at the till for 10% off") == std::vector<std::string>{"BEAN10"});
    CHECK(promo_codes("promo code: spring24 works online") == std::vector<std::string>{"SPRING24"});
    CHECK(promo_codes("SPRING25 gets you 20% off all week") == std::vector<std::string>{"SPRING25"});
    CHECK(promo_codes("Flight BA2490 delayed again, stuck at Gatwick").empty());
    CHECK(promo_codes("is there a discount code for students?").empty());
    CHECK(promo_codes("#BEAN10 is trending, discount day").empty()); // a hashtag, not a code
    CHECK(promo_codes("code BEAN10 and code bean10 are the same code") == std::vector<std::string>{"BEAN10"});
}

TEST_CASE("is_account_of: the same account on X, Bluesky and Mastodon, by handle or site") {
    CHECK(is_account_of("HarbourBean", "harbourbean"));
    CHECK(is_account_of("harbourbean.bsky.social", "harbourbean"));
    CHECK(is_account_of("harbourbean@demo.social", "@harbourbean"));
    CHECK(is_account_of("harbourbean.co.uk", "harbourbean.co.uk"));
    CHECK_FALSE(is_account_of("harbourbeanfan", "harbourbean"));
    CHECK_FALSE(is_account_of("harbourbean.co.uk", "harbourbean")); // another site's handle may start so
    CHECK_FALSE(is_account_of("harbourbean@", "harbourbean"));
    CHECK_FALSE(is_account_of("ana", ""));
}

TEST_CASE("reposts pass a post on: no lead, case or deal of their own") {
    MentionStore s;
    Mention rt = with_intents(post("1", kT0, "RT @bo: where can I buy these beans? code BEAN10"), IntentPurchase | IntentQuestion);
    rt.kind = Kind::Repost;
    s.upsert(rt);
    s.upsert(with_intents(post("2", kT0 + 1, "where can I buy these beans?", "bo"), IntentPurchase | IntentQuestion));
    GoalsBoard b = compute_goals(s, config());
    CHECK(ids(s, b.leads.queue) == std::vector<std::string>{"x:2"});
    CHECK(b.leads.purchase == 1);
    CHECK(ids(s, b.service.candidates) == std::vector<std::string>{"x:2"});
    CHECK(b.promotions.mentions == 0);
}

TEST_CASE("check-ins: saying you are there, straight or curly apostrophe; not 'at home'") {
    CHECK(is_checkin("Just arrived at Harbour Bean, queue out the door"));
    CHECK(is_checkin("I’m at the harbour with a flat white"));
    CHECK(is_checkin("i'm at @harbourbean"));
    CHECK_FALSE(is_checkin("Time for coffee at home"));
    CHECK_FALSE(is_checkin("Victim at the station")); // "im at" inside a word is not "I'm at"
}

TEST_CASE("promotions, leads and visitors sort mentions by cue, intent and place") {
    MentionStore s;
    s.upsert(post("1", kT0, "Use code BEAN10 for 10% off this week"));
    GoalsConfig c = config();
    c.campaign_tags = {"#BeanWeek"};
    Mention tagged = post("2", kT0 + 1, "Loving the week");
    tagged.hashtags = {"BeanWeek"};
    s.upsert(tagged);
    s.upsert(with_intents(post("3", kT0 + 2, "Where can I buy beans like these?"), IntentPurchase | IntentQuestion));
    s.upsert(with_intents(post("4", kT0 + 3, "Can anyone recommend a café?"), IntentRecommendationRequest));
    Mention geo = post("5", kT0 + 4, "Sunny terrace");
    geo.place = Place{"p1", "Brighton", "Brighton, England", "GB", std::nullopt, std::nullopt, std::nullopt};
    s.upsert(geo);
    Mention resident = post("6", kT0 + 5, "coffee time", "bo");
    resident.author.location = "Brighton, UK";
    s.upsert(resident);
    s.upsert(post("7", kT0 + 6, "Just arrived at the beach café"));
    s.upsert(post("8", kT0 + 7, "nothing to see here"));
    GoalsBoard b = compute_goals(s, c);
    CHECK(ids(s, b.promotions.queue) == std::vector<std::string>{"x:2", "x:1"});
    REQUIRE(b.promotions.codes.size() == 1);
    CHECK(b.promotions.codes[0].label == "BEAN10");
    REQUIRE(b.promotions.tags.size() == 1);
    CHECK(b.promotions.tags[0].label == "#BeanWeek");
    CHECK(b.leads.purchase == 1);
    CHECK(b.leads.recommendation == 1);
    CHECK(ids(s, b.leads.queue) == std::vector<std::string>{"x:4", "x:3"});
    CHECK(b.visitors.local == 2);    // the geotag and the resident
    CHECK(b.visitors.checkins == 2); // the geotag and "just arrived at"
    CHECK(ids(s, b.visitors.queue) == std::vector<std::string>{"x:7", "x:6", "x:5"});
    CHECK(b.in_range == 8);
}

TEST_CASE("the owner's and competitors' own posts act on no goal; only the range counts") {
    MentionStore s;
    s.upsert(with_intents(post("1", kT0, "Come try our new beans, code BEAN10", "HarbourBean"), IntentPromotion));
    s.upsert(with_intents(post("2", kT0 + 1, "Our terrible rival", "grindhousecafe"), IntentComplaint));
    s.upsert(with_intents(post("3", kT0 - kDay, "Cold coffee again", "ana"), IntentComplaint)); // before the range
    s.upsert(with_intents(post("4", kT0 + 2 * kDay, "Cold coffee", "cy"), IntentComplaint));    // after it
    s.upsert(with_intents(post("5", kT0 + kHour, "Why is it shut?", "di"), IntentQuestion));
    GoalsConfig c = config();
    c.from = kT0;
    c.to = kT0 + kDay;
    GoalsBoard b = compute_goals(s, c);
    CHECK(b.in_range == 3);
    CHECK(b.promotions.mentions == 0);
    CHECK(ids(s, b.service.candidates) == std::vector<std::string>{"x:5"});
}

TEST_CASE("customer service: open cases, and the median of known first-response times") {
    MentionStore s;
    for (int i = 0; i < 5; ++i)
        s.upsert(with_intents(post(std::to_string(i), kT0 + i * kHour, "Why no oat milk?", "u" + std::to_string(i)),
                              i % 2 ? IntentComplaint : IntentQuestion));
    s.upsert(post("9", kT0 + 10 * kHour, "A plain remark the owner marks open"));
    Workflow w;
    // Replied 10 min, 30 min and 2 h after the post; one resolved without a reply counts as a response too.
    w.set_status("x:0", Status::Replied, kT0 + 600);
    w.set_status("x:1", Status::Replied, kT0 + kHour + 1800);
    w.set_status("x:2", Status::Resolved, kT0 + 2 * kHour + 7200);
    w.set_status("x:9", Status::Open, kT0 + 11 * kHour);
    GoalsConfig c = config();
    GoalsBoard b = compute_goals(s, c);
    update_service(b, s, w, c);
    CHECK(b.service.cases == 6);
    CHECK(b.service.answered == 3);
    CHECK(b.service.open == 3);
    CHECK(ids(s, b.service.queue) == std::vector<std::string>{"x:9", "x:4", "x:3"});
    REQUIRE(b.service.median_first_response);
    CHECK(*b.service.median_first_response == 1800);

    // Reopening keeps the first response time; an even count takes the middle pair's mean.
    w.set_status("x:0", Status::Open, kT0 + 9 * kHour);
    w.set_status("x:3", Status::Replied, kT0 + 3 * kHour + 3600);
    update_service(b, s, w, c);
    CHECK(b.service.open == 3); // x:0 open again, x:3 answered
    CHECK(*b.service.median_first_response == (1800 + 3600) / 2);
}

TEST_CASE("customer service: nothing answered has no median") {
    MentionStore s;
    s.upsert(with_intents(post("1", kT0, "Broken card machine"), IntentComplaint));
    Workflow w;
    GoalsBoard b = compute_goals(s, config());
    update_service(b, s, w, config());
    CHECK(b.service.open == 1);
    CHECK_FALSE(b.service.median_first_response);
}

TEST_CASE("loyalty: authors with two or more positive mentions in the range, most positive first") {
    MentionStore s;
    s.upsert(with_tone(post("1", kT0, "Best flat white", "ana"), 0.8f));
    s.upsert(with_tone(post("2", kT0 + 1, "Still the best", "ana"), 0.7f));
    s.upsert(with_tone(post("3", kT0 + 2, "Lovely again", "ana"), 0.6f));
    s.upsert(with_tone(post("4", kT0 + 3, "Great cake", "bo"), 0.5f));
    s.upsert(with_tone(post("5", kT0 + 4, "Good service", "bo"), 0.4f));
    s.upsert(with_tone(post("6", kT0 + 5, "Nice once", "cy"), 0.9f));
    s.upsert(with_tone(post("7", kT0 + 6, "Meh", "cy"), 0.0f)); // neutral: not a second positive
    s.upsert(with_tone(post("8", kT0 + 7, "We love us", "harbourbean"), 0.9f));
    s.upsert(with_tone(post("9", kT0 + 8, "We love us", "harbourbean"), 0.9f));
    // The owner on Bluesky (its site as handle) and on Mastodon is the owner too.
    s.upsert(with_tone(post("10", kT0 + 9, "Thanks all", "harbourbean.co.uk"), 0.9f));
    s.upsert(with_tone(post("11", kT0 + 10, "Thanks all", "harbourbean.co.uk"), 0.9f));
    s.upsert(with_tone(post("12", kT0 + 11, "Thanks all", "harbourbean@demo.social"), 0.9f));
    s.upsert(with_tone(post("13", kT0 + 12, "Thanks all", "harbourbean@demo.social"), 0.9f));
    GoalsBoard b = compute_goals(s, config());
    CHECK(b.loyalty.repeat_authors == 2);
    REQUIRE(b.loyalty.advocates.size() == 2);
    CHECK(b.loyalty.advocates[0].handle == "ana");
    CHECK(b.loyalty.advocates[0].positive == 3);
    CHECK(b.loyalty.advocates[1].handle == "bo");
    CHECK(ids(s, b.loyalty.queue) == std::vector<std::string>{"x:5", "x:4", "x:3", "x:2", "x:1"});
}

TEST_CASE("events: the owner's tag when given, else the most active tag of event posts, newest first") {
    MentionStore s;
    Mention a = with_intents(post("1", kT0, "See you at the latte art throwdown"), IntentEvent);
    a.hashtags = {"BeanFest"};
    Mention b2 = post("2", kT0 + 1, "great coffee");
    b2.hashtags = {"coffee"};
    Mention c2 = post("3", kT0 + 2, "more coffee");
    c2.hashtags = {"Coffee"};
    Mention d = post("4", kT0 + 3, "the throwdown is on", "harbourbean"); // the owner's own post is on the wall
    d.hashtags = {"beanfest"};
    Mention brand = with_intents(post("5", kT0 + 4, "event at our place"), IntentEvent);
    brand.hashtags = {"HarbourBean", "HarbourBean"};
    for (Mention* m : {&a, &b2, &c2, &d, &brand})
        s.upsert(*m);
    GoalsConfig c = config();
    c.brand_tags = {"harbourbean"};
    GoalsBoard g = compute_goals(s, c);
    CHECK(g.event.tag == "BeanFest");
    CHECK_FALSE(g.event.from_profile);
    CHECK(ids(s, g.event.wall) == std::vector<std::string>{"x:4", "x:1"});

    c.event_tag = "#coffee";
    g = compute_goals(s, c);
    CHECK(g.event.tag == "coffee");
    CHECK(g.event.from_profile);
    CHECK(g.event.mentions == 2);
}

TEST_CASE("Insights Who leaves the owner's and competitors' accounts out of its lists") {
    InsightsConfig ic;
    ic.excluded_authors = {"HarbourBean", "harbourbean.co.uk", "grindhousecafe"};
    InsightsAccumulator acc(ic);
    auto author = [](Mention m, int64_t followers) {
        m.author.followers = followers;
        return m;
    };
    acc.add(author(post("1", kT0, "us", "harbourbean"), 90000));
    acc.add(author(post("2", kT0, "us again", "harbourbean"), 90000));
    acc.add(author(post("3", kT0, "them", "GrindhouseCafe"), 50000));
    acc.add(author(post("5", kT0, "us on Bluesky", "harbourbean.co.uk"), 70000));
    acc.add(author(post("6", kT0, "us on Mastodon", "harbourbean@demo.social"), 60000));
    acc.add(author(post("4", kT0, "a customer", "ana"), 100));
    WhoPanel who = acc.who(5);
    for (const auto* list : {&who.by_mentions, &who.by_reach, &who.influencers}) {
        REQUIRE(list->size() == 1);
        CHECK(list->front().handle == "ana");
    }
    CHECK(who.authors == 5); // still counted as people talking
}

TEST_CASE("intent words are for people") {
    CHECK(std::string(intent_words(3)) == "purchase intent");
    CHECK(std::string(intent_words(4)) == "recommendation request");
    CHECK(std::string(intent_words(99)).empty());
}
