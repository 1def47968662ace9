// Ingest benchmark: X API v2 search pages (100 tweets + includes each, the
// shape the app fetches) → Mentions, on 100,000 generated posts.
#include "bench.hpp"

#include "core/ingest/x_v2.hpp"
#include "core/listen/engine.hpp"

#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

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

/// Files in memory: the bench measures the engine, not the disk.
class MemoryFileSystem : public core::FileSystem {
  public:
    std::map<std::string, std::string> files;
    std::optional<std::string> read(const std::string& p) override {
        auto it = files.find(p);
        if (it == files.end()) return std::nullopt;
        return it->second;
    }
    core::Result<bool> write(const std::string& p, std::string_view d) override {
        files[p] = std::string(d);
        return true;
    }
    core::Result<bool> rename(const std::string& from, const std::string& to) override {
        files[to] = std::move(files[from]);
        files.erase(from);
        return true;
    }
    void remove(const std::string& p) override { files.erase(p); }
    core::Result<bool> make_dirs(const std::string&) override { return true; }
};

core::HttpResponse ok(std::string body) {
    core::HttpResponse r;
    r.status = 200;
    r.body = std::move(body);
    return r;
}

/// Runs the same pages through a fresh listening engine, as the app receives them:
/// parsed, enriched (sentiment, intent), linked to the listeners, stored in the
/// in-memory store and its index, sealed into segments and committed.
struct EngineRun {
    double seconds = 0, cpu = 0;
    size_t mentions = 0, pages = 0, indexed = 0, stored_bytes = 0;
    uint64_t commits = 0;
};

/// The timed part of run_engine(): every page answered, every commit synced. Not inlined,
/// so a profiler can be pointed at exactly this, e.g.
///   valgrind --tool=callgrind --toggle-collect='*feed_engine*' build/native/earshot-bench --only engine_ingest
[[gnu::noinline]] void feed_engine(core::ListeningEngine& engine, const std::vector<core::HttpResponse>& responses,
                                   int64_t now, EngineRun& run) {
    for (int guard = 0; run.pages < responses.size() && guard < 1000000; ++guard) {
        engine.tick(now);
        for (const core::EngineRequest& r : engine.take_requests())
            if (r.purpose == core::EngineRequest::Purpose::Search) engine.on_response(r.id, responses[run.pages++], now);
        if (engine.sync_wanted()) {
            engine.on_sync_started();
            engine.on_sync_done("");
        }
    }
    engine.tick(now); // the last slice of the index
}

EngineRun run_engine(const std::vector<std::string>& pages) {
    MemoryFileSystem fs;
    core::ListeningEngine engine(fs, "/earshot");
    engine.open(true);
    const int64_t now = 1795600000;
    for (const core::EngineRequest& r : engine.take_requests())
        engine.on_response(r.id, ok(R"({"sources":[{"id":"x","mode":"demo"}]})"), now);
    core::ListenerSettings business{"Harbour Bean", "@harbourbean", core::source_bit(core::Source::X), 60, 0};
    core::ListenerSettings trade{"Coffee talk", "coffee OR latte OR barista", core::source_bit(core::Source::X), 60, 0};
    engine.create_listener(business);
    engine.create_listener(trade);
    engine.on_sync_started();
    engine.on_sync_done("");
    engine.sync_now();
    // The responses are built before the clock starts: copying a page into one is the
    // platform's work, not the engine's.
    std::vector<core::HttpResponse> responses;
    responses.reserve(pages.size());
    for (const std::string& p : pages) responses.push_back(ok(p));
    EngineRun run;
    const double cpu0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    feed_engine(engine, responses, now, run);
    run.seconds = seconds_since(t0);
    run.cpu = cpu_seconds() - cpu0;
    run.mentions = engine.mentions().size();
    run.indexed = engine.index().size();
    run.commits = engine.commits();
    for (const auto& [name, data] : fs.files) run.stored_bytes += data.size();
    return run;
}

/// Bare nlohmann DOM parsing of the same bytes (the peer); returns the seconds taken,
/// sets `cpu` to the processor seconds.
/// Not inlined, for the same reason as feed_engine().
[[gnu::noinline]] double run_peer(const std::vector<std::string>& pages, size_t& parsed, double& cpu) {
    parsed = 0;
    const double cpu0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    for (const std::string& p : pages) parsed += nlohmann::json::parse(p, nullptr, false).is_object();
    cpu = cpu_seconds() - cpu0;
    return seconds_since(t0);
}

/// The engine beside the peer, each run --repeats times, interleaved so that a neighbour
/// slowing the machine for a while slows both sides; the figures are medians.
void bench_engine_ingest(const Args& args) {
    const size_t total = static_cast<size_t>(100000 * args.scale);
    std::vector<std::string> pages = make_pages(total, 100);
    const std::string token = "\"next_token\":\"t\"";
    std::string& last = pages.back();
    last.replace(last.find(token), token.size(), "\"newest_id\":\"1\"");
    size_t bytes = 0;
    for (auto& p : pages) bytes += p.size();

    std::vector<double> engine_s, peer_s, engine_cpu, peer_cpu;
    EngineRun run;
    size_t parsed = 0;
    for (int i = 0; i < args.repeats; ++i) {
        double cpu = 0;
        peer_s.push_back(run_peer(pages, parsed, cpu));
        peer_cpu.push_back(cpu);
        run = run_engine(pages);
        engine_s.push_back(run.seconds);
        engine_cpu.push_back(run.cpu);
    }
    const double engine = median(engine_s), peer = median(peer_s);
    const double engine_c = median(engine_cpu), peer_c = median(peer_cpu);
    emit({{"bench", "ingest_through_engine"},
          {"mentions", run.mentions},
          {"pages", run.pages},
          {"repeats", args.repeats},
          {"seconds", engine},
          {"seconds_each", engine_s},
          {"mb_per_s", bytes / engine / 1e6},
          {"mentions_per_s", run.mentions / engine},
          {"indexed", run.indexed},
          {"commits", run.commits},
          {"stored_bytes", run.stored_bytes},
          {"peer", "nlohmann::json::parse (DOM), same pages"},
          {"peer_seconds_each", peer_s},
          {"peer_mb_per_s", bytes / peer / 1e6},
          {"peer_pages", parsed},
          {"ratio_to_peer", peer / engine},
          // The same from processor time.
          {"cpu_mb_per_s", bytes / engine_c / 1e6},
          {"cpu_peer_mb_per_s", bytes / peer_c / 1e6},
          {"cpu_ratio_to_peer", peer_c / engine_c},
          {"goal", "ratio >= 0.70; >= 60 MB/s native, >= 30 MB/s WASM (medians)"}});
}

} // namespace

EARSHOT_BENCH("ingest", bench_ingest);
EARSHOT_BENCH("engine_ingest", bench_engine_ingest);

} // namespace earshot::bench
