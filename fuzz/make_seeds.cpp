// Writes the fuzz targets' seed corpora: real recordings from ../shared/fixtures (never
// copied into the repository) and files the core itself writes (segments, snapshots,
// manifests, profiles, workflows, ledgers), one folder per target.
// Usage: earshot_fuzz_seeds FIXTURES_DIR OUT_DIR   (a missing FIXTURES_DIR leaves only
// the seeds made here)
#include "sample_posts.hpp"

#include "core/analysis/analysis.hpp"
#include "core/index/mention_index.hpp"
#include "core/ingest/ingest.hpp"
#include "core/listen/listener_set.hpp"
#include "core/listen/profile.hpp"
#include "core/listen/profile_edit.hpp"
#include "core/listen/spend.hpp"
#include "core/model/mention_json.hpp"
#include "core/store/mention_store.hpp"
#include "core/store/persistent_store.hpp"
#include "core/workflow/workflow.hpp"
#include "flaky_fs.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace earshot;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// libFuzzer mutates up to the longest seed's length, and every execution of a JSON target
// costs in proportion: with 16 KB seeds x_page ran ~600 exec/s. Big pages are cut into
// small ones by whole posts (small_pages), so the seeds stay JSON and keep every shape.
constexpr size_t kMaxSeed = 4096;

fs::path g_out;
std::map<std::string, int> g_counts;

void seed(const std::string& target, std::string_view bytes) {
    if (bytes.size() > kMaxSeed) return;
    // Every JSON seed also feeds the JSON reader's own differential target.
    static const std::set<std::string> json_targets = {"x_page", "twarc2", "jsonl", "spend", "manifest",
                                                       "profile", "workflow", "bluesky", "mastodon"};
    if (json_targets.count(target)) {
        const fs::path dir = g_out / "json_view";
        fs::create_directories(dir);
        const int n = g_counts["json_view"]++;
        std::ofstream(dir / ("seed-" + std::to_string(n)), std::ios::binary).write(bytes.data(), bytes.size());
    }
    const fs::path dir = g_out / target;
    fs::create_directories(dir);
    const int n = g_counts[target]++;
    std::ofstream(dir / ("seed-" + std::to_string(n)), std::ios::binary).write(bytes.data(), bytes.size());
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::string url_decode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') out += ' ';
        else if (s[i] == '%' && i + 2 < s.size()) out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)), i += 2;
        else out += s[i];
    }
    return out;
}

// An X v2 page (data + includes + meta) cut into pages of one post each, keeping the
// includes that post refers to (its author, quoted tweet, media, place), so a page too big
// to seed still seeds its structure.
std::vector<json> small_pages(const json& page) {
    std::vector<json> out;
    if (!page.is_object() || !page.contains("data") || !page["data"].is_array()) return out;
    const json& data = page["data"];
    for (size_t i = 0; i < data.size() && i < 8; ++i) {
        json one = page;
        one["data"] = json::array({data[i]});
        if (page.contains("includes") && page["includes"].is_object()) {
            std::string referenced = data[i].dump();
            json kept = json::object();
            // Included tweets first: the users and media they point at are kept too.
            for (const char* kind : {"tweets", "users", "media", "places", "polls"}) {
                const json& list = page["includes"].value(kind, json::array());
                if (!list.is_array()) continue;
                for (const json& entry : list) {
                    const std::string key = entry.is_object() ? entry.value("id", entry.value("media_key", "")) : "";
                    if (key.empty() || referenced.find('"' + key + '"') == std::string::npos) continue;
                    kept[kind].push_back(entry);
                    referenced += entry.dump();
                }
            }
            one["includes"] = kept;
        }
        out.push_back(std::move(one));
    }
    return out;
}

// A page as a seed: whole when it is small enough, otherwise one post at a time.
void seed_page(const std::string& target, const std::string& body) {
    if (body.size() <= kMaxSeed) return seed(target, body);
    for (const json& page : small_pages(json::parse(body, nullptr, false))) seed(target, page.dump());
}

// [SECTION] From the fixtures

// x-v2/*.json: recorded exchanges; each body is what XSearchRun would parse, and
// each request's query= what a listener would hold.
void x_recordings(const fs::path& dir) {
    if (!fs::is_directory(dir)) return;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        const json doc = json::parse(read_file(entry.path()), nullptr, false);
        if (doc.is_discarded() || !doc.contains("interactions")) continue;
        for (const json& x : doc["interactions"]) {
            if (!x.is_object() || !x.contains("body")) continue;
            const std::string body = x["body"].is_string() ? x["body"].get<std::string>() : x["body"].dump();
            const std::string uri = x.value("uri", "");
            seed_page(uri.find("/counts/") != std::string::npos ? "spend" : "x_page", body);
            // The request the app would send the proxy for this exchange, as a whole head.
            if (size_t at = uri.find("/2/"); at != std::string::npos)
                seed("proxy_request", "GET /api/x" + uri.substr(at) +
                                          " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-Earshot-Key: none\r\n"
                                          "Accept-Encoding: gzip, br\r\nConnection: keep-alive");
            if (size_t at = uri.find("query="); at != std::string::npos)
                seed("query", url_decode(std::string_view(uri).substr(at + 6, uri.find('&', at) - at - 6)));
        }
    }
}

// bluesky/*.json and mastodon/**.json: recorded exchanges; each body is what a
// listener would parse, and each Mastodon status's content what the HTML reader
// meets. Big bodies are cut to their first posts, so seeds stay small.
void json_seed(const std::string& target, json body, const char* list_key) {
    if (body.is_object() && list_key && body.contains(list_key) && body[list_key].is_array()) {
        json& list = body[list_key];
        for (size_t i = 0; i < list.size() && i < 6; ++i) {
            json one = body;
            one[list_key] = json::array({list[i]});
            seed(target, one.dump());
        }
        if (list.size() > 3) list.erase(list.begin() + 3, list.end());
    } else if (body.is_array() && body.size() > 3) {
        for (size_t i = 0; i < body.size() && i < 6; ++i) seed(target, json::array({body[i]}).dump());
        body.erase(body.begin() + 3, body.end());
    }
    seed(target, body.dump());
}

void social_recordings(const fs::path& dir, const std::string& target) {
    if (!fs::is_directory(dir)) return;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().extension() != ".json" || entry.path().string().find("lexicons") != std::string::npos) continue;
        const json doc = json::parse(read_file(entry.path()), nullptr, false);
        if (doc.is_discarded() || !doc.contains("interactions") || !doc["interactions"].is_array()) continue;
        int taken = 0;
        for (const json& x : doc["interactions"]) {
            if (!x.is_object() || !x.contains("body") || taken++ >= 4) continue;
            const json& body = x["body"];
            json_seed(target, body, target == "bluesky" ? (body.contains("feed") ? "feed" : "posts") : "statuses");
            // The poller's input: a status/source byte, headers, a blank line, the body.
            if (g_counts["free_sources"] < 40) {
                const std::string dumped = body.dump();
                seed("free_sources", std::string(1, target == "bluesky" ? '\x08' : '\x00') + "ratelimit-remaining: 10\n\n" + dumped);
            }
            if (target != "mastodon") continue;
            const json statuses = body.is_array() ? body : json::array({body});
            for (const json& s : statuses)
                if (s.is_object() && s.contains("content") && s["content"].is_string() && g_counts["mastodon_html"] < 80)
                    seed("mastodon_html", s["content"].get<std::string>());
        }
        std::string whole = read_file(entry.path());
        if (whole.size() <= kMaxSeed) seed(target, whole); // the exchange wrapper itself
    }
}

// twarc/*.jsonl: whole small files and single lines for twarc2; search pages for
// x_page; counts lines for spend; what they ingest to, as normalised JSONL.
void twarc_files(const fs::path& dir) {
    if (!fs::is_directory(dir)) return;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".jsonl" && entry.path().extension() != ".json") continue;
        const std::string text = read_file(entry.path());
        seed("twarc2", text);
        int taken = 0;
        for (const std::string& line : lines_of(text)) {
            if (taken++ >= 8) continue;
            seed_page(name.find("counts") != std::string::npos ? "spend" : "twarc2", line);
            if (line.find("\"data\"") != std::string::npos && name.find("flat") == std::string::npos)
                seed_page("x_page", line);
        }
        std::vector<core::Mention> mentions;
        core::ingest_content(text, mentions);
        std::string batch;
        for (size_t i = 0; i < mentions.size() && i < 24; ++i) {
            core::enrich(mentions[i]);
            batch += core::to_jsonl(mentions[i]) + "\n";
            if (i % 3 == 2) seed("jsonl", std::exchange(batch, std::string()));
        }
        if (!batch.empty()) seed("jsonl", batch);
        for (uint32_t version = 1; version <= core::kSegmentVersion; ++version) {
            std::vector<core::SegmentRecord> records;
            for (size_t i = 0; i < mentions.size() && i < 4; ++i) records.push_back({mentions[i], 1u << i});
            if (!records.empty()) seed("segment", core::encode_segment(records, version));
        }
    }
}

// sentiment/*.tsv (never the held-out test splits): post texts for analysis, the
// first byte picking the language as fuzz/analysis.cpp reads it.
void rated_texts(const fs::path& dir) {
    if (!fs::is_directory(dir)) return;
    const std::map<std::string, char> langs = {{"en", 1}, {"fr", 2}, {"de", 3}, {"es", 4}, {"it", 5}, {"pt", 6}};
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".tsv" || name.find("test") != std::string::npos) continue;
        char lang = 1;
        for (const auto& [code, byte] : langs)
            if (name.find("-" + code + "-") != std::string::npos) lang = byte;
        int taken = 0;
        for (const std::string& line : lines_of(read_file(entry.path()))) {
            const size_t tab = line.rfind('\t');
            if (tab == std::string::npos || taken++ >= 40) continue;
            std::string post = std::string(1, lang) + line.substr(tab + 1);
            if (taken % 4 == 0) post += "\nharbourbean\nHarbour Bean ☕\nBrighton, UK 🇬🇧\nFlatWhite\nhttps://harbourbean.co.uk/menu";
            seed("analysis", post);
            if (taken <= 10) seed("bidi", post); // its first byte picks a direction there
        }
    }
}

// [SECTION] Made here

void hand_written() {
    for (const char* q :
         {"coffee", "\"flat white\" Brighton", "#brighton OR @harbourbean", "(coffee OR café) -is:retweet lang:en",
          "from:harbourbean to:grindhouse", "url:harbourbean.co.uk has:links", "$SBUX has:media",
          "place:\"Brighton\" place_country:GB", "point_radius:[-0.1372 50.8225 10km]",
          "bounding_box:[-0.2 50.8 -0.1 50.9] has:geo", "conversation_id:1 -is:reply",
          "skiing -(snow OR day)", "is:quote OR is:verified OR has:mentions", "coca-cola 東京のカフェ 👍🏽"})
        seed("query", q);
    seed("analysis", std::string(1, 1) + "Does anyone know a good café near the pier?? Soooo disappointed :( #fail");
    seed("analysis", std::string(1, 2) + "Le café était TRÈS bon, merci !");
    // Right-to-left posts as people write them: numbers, handles, URLs, emoji, English.
    for (const char* post :
         {"הקפה ב-Harbour Bean מעולה! 5 כוכבים ⭐ @harbourbean https://harbourbean.co.uk/menu",
          "יש לכם אפשרות למשלוח? (תל אביב, 2-3 ימים) #קפה",
          "مرحبا! القهوة في Blue Bottle ممتازة 👍🏽 السعر ٢٥ ريال، أنصح بها #قهوة",
          "لا أنصح بهذا المقهى... الخدمة سيئة جدا 😡\nطلبت لاتيه (كبير) وانتظرت 40 دقيقة",
          "قهوه اینجا عالیه، ۱۰ از ۱۰ 👌 پیشنهاد می‌کنم",
          "בִּסְמִ بِسْمِ اللَّهِ [test] «quote» 1,250.50₪ 20%"}) {
        for (char direction : {'\0', '\1', '\2'}) seed("bidi", std::string(1, direction) + post);
    }

    seed("bluesky",
         R"({"did":"did:plc:eyg","time_us":1725911162329308,"kind":"commit","commit":{"rev":"3l3qo2vutsw2b","operation":"create","collection":"app.bsky.feed.post","rkey":"3l3qo2vuowo2b","record":{"$type":"app.bsky.feed.post","createdAt":"2024-09-09T19:46:02.102Z","langs":["en"],"text":"Harbour Bean's flat white \ud83d\ude0d #coffee @amy.test","facets":[{"index":{"byteStart":31,"byteEnd":38},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"coffee"}]},{"index":{"byteStart":39,"byteEnd":48},"features":[{"$type":"app.bsky.richtext.facet#mention","did":"did:plc:amy"}]}],"embed":{"$type":"app.bsky.embed.recordWithMedia","record":{"record":{"uri":"at://did:plc:r/app.bsky.feed.post/1","cid":"c"}},"media":{"$type":"app.bsky.embed.images","images":[]}},"reply":{"root":{"uri":"at://did:plc:r/app.bsky.feed.post/1","cid":"c"},"parent":{"uri":"at://did:plc:r/app.bsky.feed.post/2","cid":"c"}}},"cid":"bafyrei"}})"
         "\n"
         R"({"did":"did:plc:eyg","time_us":1725911162329311,"kind":"identity","identity":{"did":"did:plc:eyg","handle":"amy.test","seq":1,"time":"2024-09-09T19:46:02.102Z"}})"
         "\n"
         R"({"did":"did:plc:eyg","time_us":1725911162329310,"kind":"commit","commit":{"rev":"r","operation":"delete","collection":"app.bsky.feed.post","rkey":"3l3qo2vuowo2b"}})");
    seed("free_sources", std::string(1, '\0') +
                             "link: <https://m.example/api/v1/timelines/tag/a?max_id=99>; rel=\"next\", "
                             "<https://m.example/api/v1/timelines/tag/a?min_id=1000>; rel=\"prev\"\n"
                             "x-ratelimit-reset: 2026-05-28T20:00:00.000Z\n\n"
                             R"([{"id":"1000","uri":"https://m.example/s/1000","created_at":"2026-05-28T19:00:00Z",)"
                             R"("content":"<p>#coffee</p>","account":{"id":"1","acct":"a"}}])");
    seed("free_sources", std::string("\x0b") + "ratelimit-reset: 1780000300\nretry-after: 60\n\n" +
                             R"({"error":"RateLimitExceeded","message":"Rate Limit Exceeded"})");
    seed("free_sources", std::string(1, '\0') + "\n" +
                             R"({"sources":[{"id":"x","mode":"live"},{"id":"bsky","configured":false,"mode":"off"},)"
                             R"({"id":"mastodon","mode":"demo","servers":["demo.social"],"search_server":null}]})");
    seed("mastodon_html", "<p>caf&eacute; &#128512; &amp;amp; &bogus; 1 &lt; 2<br />two</p><p><a href=\"https://a.example/x?a=1&amp;b=2\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">a.example/</span><span class=\"invisible\">x</span></a> <a href=\"https://s/tags/Caf\" class=\"mention hashtag\">#<span>Café</span></a><!-- c --></p>");

    core::BusinessProfile profile = core::demo_profile();
    seed("profile", core::profile_to_json(profile));
    profile.lat = 50.82;
    profile.lon = -0.137;
    profile.competitors.push_back({"Café \"Ö\" & Co", "@cafe_o", "https://www.cafe-o.co.uk/x"});
    seed("profile", core::profile_to_json(profile));
    seed("profile", core::profile_to_json(core::BusinessProfile{}));

    core::Workflow w;
    w.set_read("x:1", true, 1'790'000'000);
    w.set_starred("x:2", true, 1'790'000'100);
    (void)w.add_tag("x:2", "follow-up", 1'790'000'200);
    w.set_note("x:3", "call back ☎", 1'790'000'300);
    w.set_assignee("x:3", "Ana", 1'790'000'300);
    w.set_status("x:3", core::Status::Replied, 1'790'000'400);
    seed("workflow", w.to_json());

    // The proxy's refusals, X's own 401, a pasted key, a stored access-key file.
    seed("access_key", R"({"type":"https://earshot.local/problems/access-key","title":"Access key needed","status":401,"detail":"Send the key in X-Earshot-Key."})");
    seed("access_key", R"({"type":"https://earshot.local/problems/access-key","title":"Wrong access key","status":401})");
    seed("access_key", R"({"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"})");
    seed("access_key", "  Zm9vYmFyYmF6cXV4K2tleS8xMjM0NTY=\r\n");

    core::SpendGuard guard;
    guard.record("my-business", 120, 1'790'000'000);
    guard.record_shared(50, {{"my-business", 30}, {"competitor-grind", 50}}, 1'790'003'600);
    seed("spend", guard.to_json());
    seed("spend", R"({"data":[{"end":"2026-11-20T10:00:00.000Z","start":"2026-11-20T09:00:00.000Z","tweet_count":12}],"meta":{"total_tweet_count":12}})");

    // Stored files, as the store writes them for the sample posts.
    test::FlakyFileSystem files;
    std::vector<core::SegmentRecord> records;
    for (core::Mention& m : fuzz::sample_posts("")) records.push_back({std::move(m), 3});
    for (uint32_t version = 1; version <= core::kSegmentVersion; ++version)
        seed("segment", core::encode_segment(records, version));
    core::Store store(files, "w");
    (void)store.commit(records, {});
    core::MentionStore mentions;
    for (const core::SegmentRecord& r : records) mentions.upsert(r.mention, r.listeners);
    core::MentionIndex index;
    index.update(mentions);
    seed("index_snapshot", index.snapshot());

    core::StarterListeners starters = core::starter_listeners(core::demo_profile());
    starters.listeners[0].resume = {"100", "", "tok", "150", "120", ""};
    starters.listeners[0].read_from_id = "90";
    (void)store.commit({}, starters.listeners, {guard.to_json(), 4});
    seed("manifest", files.files["w/manifest.json"]);
    (void)store.commit({}, {}, {});
    seed("manifest", files.files["w/manifest.json"]);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: earshot_fuzz_seeds FIXTURES_DIR OUT_DIR\n");
        return 2;
    }
    const fs::path fixtures = argv[1];
    g_out = argv[2];
    fs::remove_all(g_out);
    if (!fs::is_directory(fixtures))
        std::fprintf(stderr, "fuzz seeds: %s is absent; only the seeds made here are written\n", argv[1]);
    x_recordings(fixtures / "x-v2");
    twarc_files(fixtures / "twarc");
    social_recordings(fixtures / "bluesky", "bluesky");
    social_recordings(fixtures / "mastodon", "mastodon");
    rated_texts(fixtures / "sentiment");
    hand_written();
    for (const auto& [target, n] : g_counts) std::printf("fuzz seeds: %s %d\n", target.c_str(), n);
    return 0;
}
