// Ingest benchmark: X API v2 search pages (100 tweets + includes each, the
// shape the app fetches) → Mentions, on 100,000 generated posts.
#include "bench.hpp"

#include "core/ingest/x_v2.hpp"

#include <random>

namespace earshot::bench {

namespace {

using nlohmann::json;

std::vector<std::string> make_pages(size_t total, size_t per_page) {
    std::mt19937 rng(42);
    const char* words[] = {"coffee", "flat", "white", "great", "service", "slow", "croissant", "brighton",
                           "café", "love", "queue", "barista", "oat", "latte", "☕", "🥐", "anyone", "open"};
    std::vector<std::string> pages;
    for (size_t start = 0; start < total; start += per_page) {
        json data = json::array(), users = json::array();
        for (size_t i = start; i < std::min(total, start + per_page); ++i) {
            std::string text = "@harbourbean";
            for (int w = 0; w < 14; ++w) text += std::string(" ") + words[rng() % 18];
            text += " #coffee https://t.co/abc";
            std::string id = std::to_string(1900000000000000000ull + i);
            std::string uid = std::to_string(1000 + rng() % 5000);
            data.push_back({{"id", id},
                            {"text", text},
                            {"created_at", "2026-11-20T09:15:00.000Z"},
                            {"lang", "en"},
                            {"author_id", uid},
                            {"conversation_id", id},
                            {"edit_history_tweet_ids", {id}},
                            {"public_metrics", {{"like_count", rng() % 50}, {"retweet_count", rng() % 5},
                                                {"reply_count", 0}, {"quote_count", 0}}},
                            {"entities", {{"hashtags", {{{"start", 10}, {"end", 17}, {"tag", "coffee"}}}},
                                          {"mentions", {{{"start", 0}, {"end", 12}, {"username", "harbourbean"}}}},
                                          {"urls", {{{"start", 20}, {"end", 40}, {"url", "https://t.co/abc"},
                                                     {"expanded_url", "https://harbourbean.co.uk/menu"}}}}}}});
            users.push_back({{"id", uid}, {"username", "user" + uid}, {"name", "User " + uid},
                             {"location", "Brighton, UK"},
                             {"public_metrics", {{"followers_count", rng() % 3000}}}});
        }
        pages.push_back(json{{"data", data}, {"includes", {{"users", users}}},
                             {"meta", {{"result_count", data.size()}, {"next_token", "t"}}}}
                            .dump());
    }
    return pages;
}

void bench_ingest(const Args& args) {
    const size_t total = static_cast<size_t>(100000 * args.scale);
    std::vector<std::string> pages = make_pages(total, 100);
    size_t bytes = 0;
    for (auto& p : pages) bytes += p.size();
    auto t0 = std::chrono::steady_clock::now();
    size_t mentions = 0;
    for (const std::string& p : pages) {
        core::Result<core::XPage> r = core::parse_x_page(std::string_view(p));
        if (r) mentions += r->mentions.size();
    }
    double s = seconds_since(t0);
    emit({{"bench", "ingest_x_pages"}, {"mentions", mentions}, {"seconds", s},
          {"mentions_per_s", mentions / s}, {"mb_per_s", bytes / s / 1e6},
          {"bytes_per_mention_raw", static_cast<double>(bytes) / mentions}});
}

} // namespace

EARSHOT_BENCH("ingest", bench_ingest);

} // namespace earshot::bench
