// Data in and out: ImportJob fed in chunks agrees with reading the whole file
// (real twarc2 files and X pages from ../shared/fixtures; skipped with a message
// when absent, failed under CI=true), bad lines are counted with reasons, the
// engine keeps imported posts (once) across a reopen, and ExportJob's files
// read back.
#include "core/export/export.hpp"
#include "core/export/export_job.hpp"
#include "core/ingest/import_job.hpp"
#include "core/analysis/sentiment.hpp"
#include "core/listen/engine.hpp"
#include "core/listen/profile.hpp"
#include "core/model/mention_json.hpp"
#include "core/query/query.hpp"
#include "flaky_fs.hpp"

#include "fixtures.hpp"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

using namespace earshot::core;
namespace fs = std::filesystem;

namespace {

std::string fixtures() { return EARSHOT_FIXTURES; }
bool have_fixtures() { return fs::exists(fixtures() + "/twarc/flat.jsonl"); }
std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> ids_of(const std::vector<Mention>& v) {
    std::vector<std::string> ids;
    for (const Mention& m : v) ids.push_back(m.id);
    return ids;
}

/// Feeds `content` in `chunk`-byte pieces, stepping `step_bytes` at a time, as the app does.
std::vector<Mention> import_in_chunks(const std::string& content, size_t chunk, size_t step_bytes, ImportJob& job) {
    std::vector<Mention> out;
    size_t fed = 0;
    int guard = 0;
    while (!job.done()) {
        REQUIRE(++guard < 10'000'000);
        if (job.wants_input()) {
            if (fed < content.size()) {
                const size_t n = std::min(chunk, content.size() - fed);
                job.feed(std::string_view(content).substr(fed, n));
                fed += n;
            } else {
                job.end_of_input();
            }
        }
        job.step(out, step_bytes);
    }
    return out;
}

Mention sample(const std::string& id, const std::string& text) {
    Mention m;
    m.id = "x:" + id;
    m.source = Source::X;
    m.source_id = id;
    m.url = "https://x.com/i/status/" + id;
    m.text = text;
    m.created_at = 1764000000;
    m.lang = "en";
    m.author.id = "42";
    m.author.handle = "amy";
    m.author.name = "Amy";
    return m;
}

struct OpenEngine {
    earshot::test::FlakyFileSystem fs;
    std::unique_ptr<ListeningEngine> engine;
    OpenEngine() { reopen(true); }
    void reopen(bool writer) {
        engine = std::make_unique<ListeningEngine>(fs, "data");
        REQUIRE(engine->open(writer).empty());
    }
};

} // namespace

// [SECTION] ImportJob

TEST_CASE("import: real twarc2 files read in chunks give what reading them whole gives") {
    if (!have_fixtures()) return earshot::test::fixtures_absent("the twarc2 import tests");
    for (const char* name : {"flat.jsonl", "noflat.jsonl", "brexit.jsonl", "streaming_output_with_error.jsonl",
                             "geo_tweets.jsonl", "users.jsonl"}) {
        INFO(name);
        const std::string content = slurp(fixtures() + "/twarc/" + name);
        REQUIRE(!content.empty());
        std::vector<Mention> whole;
        const IngestReport expected = ingest_content(content, whole);
        for (size_t chunk : {size_t{7}, size_t{4096}, size_t{1} << 20}) {
            INFO("chunk " << chunk);
            ImportJob job(content.size());
            const std::vector<Mention> got = import_in_chunks(content, chunk, 16 * 1024, job);
            CHECK(ids_of(got) == ids_of(whole));
            CHECK(job.report().failed == expected.failed);
            CHECK(job.report().skipped == expected.skipped);
            // A one-line file is one document to ingest_content(), line 1 to a streamed import.
            if (std::count(content.begin(), content.end(), '\n') > 1) CHECK(job.report().problems == expected.problems);
            CHECK(job.bytes_read() == content.size());
            CHECK(job.total_bytes() == content.size());
        }
    }
}

TEST_CASE("import: the truncated last line of a twarc2 stream is unreadable with its line number, the rest kept") {
    if (!have_fixtures()) return earshot::test::fixtures_absent("the truncated twarc2 stream");
    const std::string content = slurp(fixtures() + "/twarc/streaming_output_with_error.jsonl");
    ImportJob job(content.size());
    const std::vector<Mention> got = import_in_chunks(content, 1000, 4096, job);
    CHECK(!got.empty());
    REQUIRE(job.report().failed >= 1);
    const size_t lines = static_cast<size_t>(std::count(content.begin(), content.end(), '\n')) +
                         (content.back() == '\n' ? 0 : 1);
    const std::string last = "line " + std::to_string(lines) + ": not valid JSON";
    bool named = false;
    for (const std::string& p : job.report().problems) named = named || p.rfind(last, 0) == 0;
    CHECK(named);
}

TEST_CASE("import: an X API page (one JSON document, a recorded exchange) is read whole once it has all come") {
    if (!have_fixtures()) return earshot::test::fixtures_absent("the X API page import");
    const std::string content = slurp(fixtures() + "/x-v2/test_asyncclient_search_recent_tweets.json");
    std::vector<Mention> whole;
    ingest_content(content, whole);
    REQUIRE(!whole.empty());
    ImportJob job(content.size());
    job.feed(std::string_view(content).substr(0, content.size() / 2));
    std::vector<Mention> got;
    job.step(got, 1 << 20);
    CHECK(got.empty()); // half a document is not read
    CHECK(!job.done());
    job.feed(std::string_view(content).substr(content.size() / 2));
    job.end_of_input();
    job.step(got, 1);
    CHECK(job.done());
    CHECK(ids_of(got) == ids_of(whole));
}

TEST_CASE("import: bad lines are counted with reasons and never stop the import") {
    const std::string good1 = to_jsonl(sample("1", "first")), good2 = to_jsonl(sample("2", "second"));
    const std::string content = "\xEF\xBB\xBF" + good1 + "\r\n" +   // a byte-order mark and CRLF
                                "this is not json\n" +               // line 2
                                "{\"id\": 5, \"text\": [1, 2]}\n" +  // line 3: wrong types
                                "\n" +                               // blank: ignored
                                good2 + "\n" +                       // line 5
                                good1.substr(0, good1.size() / 2);   // line 6: truncated, no newline
    ImportJob job(content.size());
    const std::vector<Mention> got = import_in_chunks(content, 5, 64, job);
    CHECK(ids_of(got) == std::vector<std::string>{"x:1", "x:2"});
    const IngestReport& r = job.report();
    CHECK(r.failed == 3);
    REQUIRE(r.problems.size() == 3);
    CHECK(r.problems[0].rfind("line 2: not valid JSON", 0) == 0);
    CHECK(r.problems[1].rfind("line 3: ", 0) == 0);
    CHECK(r.problems[2].rfind("line 6: not valid JSON", 0) == 0);
}

TEST_CASE("import: an empty input says so") {
    ImportJob job(0);
    job.end_of_input();
    std::vector<Mention> got;
    job.step(got, 100);
    CHECK(job.done());
    CHECK(got.empty());
    REQUIRE(job.report().problems.size() == 1);
    CHECK(job.report().problems[0].find("empty") != std::string::npos);
}

TEST_CASE("import: feeding pauses while a JSONL input's unread bytes are many, and steps are bounded") {
    std::string line = to_jsonl(sample("7", std::string(500, 'a')));
    std::string content;
    for (int i = 0; i < 40000; ++i) content += line + "\n"; // ~20 MB of the same post
    ImportJob job(content.size());
    size_t fed = 0;
    while (job.wants_input() && fed < content.size()) {
        const size_t n = std::min<size_t>(1 << 20, content.size() - fed);
        job.feed(std::string_view(content).substr(fed, n));
        fed += n;
        std::vector<Mention> none;
        if (fed == (1u << 20)) job.step(none, 1); // decides it is JSONL
    }
    CHECK(fed < content.size());
    CHECK(fed >= ImportJob::kMaxBuffered);
    std::vector<Mention> out;
    const size_t read = job.step(out, 64 * 1024);
    CHECK(read >= 64 * 1024);
    CHECK(read < 64 * 1024 + 2 * line.size());
    CHECK(out.size() == read / (line.size() + 1));
    int steps = 1;
    while (!job.wants_input() && steps < 100) {
        job.step(out, 64 * 1024);
        ++steps;
    }
    CHECK(job.wants_input()); // room again once read down below the limit
    CHECK(steps <= 1 + static_cast<int>((fed - ImportJob::kMaxBuffered) / (64 * 1024)) + 2);
}

// [SECTION] The engine keeps imported posts

TEST_CASE("import: the engine stores imported posts once, keeps them across a reopen, and refuses in a reader tab") {
    OpenEngine e;
    std::vector<Mention> batch = {sample("1", "hello"), sample("2", "world"), sample("1", "hello again")};
    size_t added = 0, known = 0;
    REQUIRE(e.engine->import_mentions(batch, added, known).empty());
    CHECK(added == 2);
    CHECK(known == 1);
    REQUIRE(e.engine->commit_imported().empty());
    CHECK(e.engine->mentions().size() == 2);
    CHECK(e.engine->mentions().at(0).source == Source::X); // keeps its own source

    e.reopen(true);
    CHECK(e.engine->mentions().size() == 2);
    std::vector<Mention> again = {sample("2", "world"), sample("3", "new")};
    added = known = 0;
    REQUIRE(e.engine->import_mentions(again, added, known).empty());
    CHECK(added == 1);
    CHECK(known == 1);
    REQUIRE(e.engine->commit_imported().empty());

    e.reopen(false); // another tab writes
    std::vector<Mention> refused = {sample("4", "nope")};
    added = known = 0;
    const std::string why = e.engine->import_mentions(refused, added, known);
    CHECK(why.find("another tab") != std::string::npos);
    CHECK(added == 0);
    CHECK(e.engine->mentions().size() == 3);
}

TEST_CASE("import: imported posts are linked by the listeners' queries as they are now, after an edit too") {
    OpenEngine e;
    REQUIRE_FALSE(e.engine->create_listener({"Coffee", "coffee", source_bit(Source::X), 60, 100}));
    const std::string id = e.engine->listeners().at(0).id;
    const int bit = e.engine->listeners().at(0).bit;
    std::vector<Mention> first = {sample("1", "coffee at noon"), sample("2", "tea at noon")};
    size_t added = 0, known = 0;
    REQUIRE(e.engine->import_mentions(first, added, known).empty());
    CHECK(e.engine->mentions().count_for_listener(bit) == 1);
    // The engine keeps the parsed queries between batches: an edit must not leave the old one.
    REQUIRE_FALSE(e.engine->edit_listener(id, {"Tea", "tea", source_bit(Source::X), 60, 100}));
    std::vector<Mention> second = {sample("3", "coffee again"), sample("4", "tea again")};
    REQUIRE(e.engine->import_mentions(second, added, known).empty());
    const MentionStore& stored = e.engine->mentions();
    const auto linked = [&](const std::string& mention_id) {
        for (size_t i = 0; i < stored.size(); ++i)
            if (stored.at(i).id == mention_id) return (stored.listeners_of(i) >> bit) & 1;
        FAIL("no mention " << mention_id);
        return uint64_t{0};
    };
    CHECK(linked("x:1") == 1); // linked when it came, and kept
    CHECK(linked("x:3") == 0);
    CHECK(linked("x:4") == 1);
}

TEST_CASE("import: the engine reads a post's tone without the business's and competitors' names") {
    OpenEngine e;
    Listener own = {"my-business", "Happy Days", "\"happy days\"", "", 0, 0, false};
    own.kind = kMyBusiness;
    Listener rival = {"competitor-good-life", "The Good Life", "\"good life\"", "", 0, 0, false};
    rival.kind = kCompetitor;
    Listener custom = {"happy", "Happy", "happy", "", 0, 0, false}; // not a business: its name is no name
    REQUIRE_FALSE(e.engine->add_listeners({own, rival, custom}));
    std::vector<Mention> batch = {sample("1", "Happy Days opens at 8 tomorrow"),
                                  sample("2", "The Good Life has a new menu"), sample("3", "so happy today")};
    size_t added = 0, known = 0;
    REQUIRE(e.engine->import_mentions(batch, added, known).empty());
    const MentionStore& stored = e.engine->mentions();
    REQUIRE(stored.size() == 3);
    for (size_t i = 0; i < 2; ++i) {
        INFO(stored.at(i).text);
        REQUIRE(stored.at(i).sentiment);
        CHECK(sentiment_polarity(*stored.at(i).sentiment) == Polarity::Neutral);
    }
    REQUIRE(stored.at(2).sentiment);
    CHECK(*stored.at(2).sentiment >= kSentimentNeutralBand);
    std::string blanked;
    CHECK(e.engine->tone_names().blank("happy days!", blanked));
    CHECK_FALSE(e.engine->tone_names().blank("so happy", blanked));
}

TEST_CASE("a listener matcher knows whether it was built for these listeners") {
    std::vector<Listener> ls(2);
    ls[0] = {"coffee", "Coffee", "coffee", "", 0, 0, false};
    ls[1] = {"tea", "Tea", "tea", "", 0, 0, false};
    const ListenerMatcher matcher(ls);
    CHECK(matcher.built_for(ls));
    std::vector<Listener> renamed = ls;
    renamed[0].name = "Coffee & more"; // the name is not part of matching
    CHECK(matcher.built_for(renamed));
    std::vector<Listener> edited = ls;
    edited[1].query = "tea OR chai";
    CHECK_FALSE(matcher.built_for(edited));
    std::vector<Listener> elsewhere = ls;
    elsewhere[0].sources = source_bit(Source::Bsky);
    CHECK_FALSE(matcher.built_for(elsewhere));
    CHECK_FALSE(matcher.built_for({ls[0]}));
}

TEST_CASE("import: a failed write loses nothing already stored, and the posts go out with the next commit") {
    OpenEngine e;
    std::vector<Mention> first = {sample("1", "kept")};
    size_t added = 0, known = 0;
    REQUIRE(e.engine->import_mentions(first, added, known).empty());
    REQUIRE(e.engine->commit_imported().empty());
    e.fs.fail_at = e.fs.steps; // the next write fails (quota)
    std::vector<Mention> second = {sample("2", "waits")};
    REQUIRE(e.engine->import_mentions(second, added, known).empty());
    CHECK(!e.engine->commit_imported().empty());
    CHECK(e.engine->mentions().size() == 2); // still shown
    REQUIRE(e.engine->commit_imported().empty()); // storage works again
    e.reopen(true);
    CHECK(e.engine->mentions().size() == 2);
}

TEST_CASE("import: the index snapshot is not rewritten while an import pours posts in, and is written once it ends") {
    OpenEngine e;
    const auto snapshot_written = [&e] {
        for (const auto& [path, bytes] : e.fs.files)
            if (path.find("index.snap") != std::string::npos) return true;
        return false;
    };
    e.engine->set_importing(true);
    size_t added = 0, known = 0;
    for (int b = 0; b < 5; ++b) { // 25,000 posts: past the size where a snapshot is worth writing
        std::vector<Mention> batch;
        for (int i = 0; i < 5000; ++i) batch.push_back(sample(std::to_string(b * 5000 + i + 1), "flat white " + std::to_string(i)));
        REQUIRE(e.engine->import_mentions(batch, added, known).empty());
        e.engine->index_more(batch.size());
        REQUIRE(e.engine->commit_imported().empty());
        e.engine->tick(1'800'000'000 + b);
    }
    CHECK(added == 25000);
    CHECK_FALSE(snapshot_written());
    e.engine->set_importing(false);
    // Built a slice per tick: indexing waits meanwhile, searches stay exact.
    e.engine->tick(1'800'000'100);
    REQUIRE(e.engine->snapshot_in_progress());
    CHECK(e.engine->next_wake() == 0); // the platform comes back at once
    std::vector<Mention> late = {sample("late-1", "flat white after the import")};
    REQUIRE(e.engine->import_mentions(late, added, known).empty());
    REQUIRE(e.engine->commit_imported().empty());
    const size_t indexed = e.engine->index().size();
    int ticks = 1;
    while (e.engine->snapshot_in_progress() && ticks < 1000) {
        e.engine->index_more(100);
        CHECK(e.engine->index().size() == indexed);
        CHECK_FALSE(snapshot_written());
        e.engine->tick(1'800'000'100 + ticks++);
    }
    CHECK(ticks > 1);
    CHECK(snapshot_written());
    e.engine->tick(1'800'000'200);
    CHECK(e.engine->index().size() == e.engine->mentions().size()); // and indexing goes on
    const Query q = std::get<Query>(Query::parse("\"flat white\""));
    CHECK(e.engine->index().search(q, e.engine->mentions()).size() == 25001);
}

TEST_CASE("import: closing while the index snapshot is half built writes none and keeps every post") {
    OpenEngine e;
    size_t added = 0, known = 0;
    for (int b = 0; b < 5; ++b) {
        std::vector<Mention> batch;
        for (int i = 0; i < 5000; ++i) batch.push_back(sample(std::to_string(b * 5000 + i + 1), "cortado " + std::to_string(i)));
        REQUIRE(e.engine->import_mentions(batch, added, known).empty());
        REQUIRE(e.engine->commit_imported().empty());
    }
    e.engine->index_more(25000);
    e.engine->tick(1'800'000'000);
    REQUIRE(e.engine->snapshot_in_progress());
    e.engine->close(); // the job reads the index close() clears: it must go first
    CHECK_FALSE(e.engine->snapshot_in_progress());
    e.engine->work_in_background(); // nothing left to work on
    e.reopen(true);
    CHECK(e.engine->mentions().size() == 25000);
    for (const auto& [path, bytes] : e.fs.files) CHECK(path.find("index.snap") == std::string::npos);
}

// [SECTION] ExportJob

TEST_CASE("export: formula cells are neutralised, and a step-by-step export equals a one-go one") {
    MentionStore store;
    store.upsert(sample("1", "=HYPERLINK(\"http://evil\",\"x\")"));
    store.upsert(sample("2", "+1 great coffee, really"));
    store.upsert(sample("3", "@cafe -5 stars\ttab"));
    Workflow wf;
    std::vector<uint32_t> rows(store.size());
    std::iota(rows.begin(), rows.end(), 0u);

    ExportJob one(ExportFormat::Csv, rows);
    REQUIRE(one.step(store, wf, 1000));
    ExportJob sliced(ExportFormat::Csv, rows);
    int steps = 0;
    while (!sliced.step(store, wf, 1)) ++steps;
    CHECK(steps == 2);
    CHECK(sliced.text() == one.text());
    const std::string& csv = one.text();
    CHECK(csv.rfind(csv_header(), 0) == 0);
    CHECK(csv.find(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",") != std::string::npos);
    CHECK(csv.find(",\"'+1 great coffee, really\",") != std::string::npos);
    CHECK(csv.find(",'@cafe -5 stars\ttab,") != std::string::npos);
    CHECK(csv.find(",=") == std::string::npos);
    CHECK(one.rows_written() == 3);
}

TEST_CASE("export: JSON is an array of normalised mentions, and twarc2 JSONL imports back to the same posts") {
    MentionStore store;
    for (int i = 1; i <= 50; ++i) store.upsert(sample(std::to_string(i), "post number " + std::to_string(i)));
    Workflow wf;
    std::vector<uint32_t> rows = {4, 2, 9}; // the rows a view shows, in its order
    ExportJob json(ExportFormat::Json, rows);
    while (!json.step(store, wf, 2)) {}
    const nlohmann::json doc = nlohmann::json::parse(json.text(), nullptr, false);
    REQUIRE(doc.is_array());
    REQUIRE(doc.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        Result<Mention> m = mention_from_json(doc[i]);
        REQUIRE(m);
        CHECK(m->id == store.at(rows[i]).id);
        CHECK(m->text == store.at(rows[i]).text);
    }
    ExportJob empty(ExportFormat::Json, {});
    REQUIRE(empty.step(store, wf, 10));
    CHECK(nlohmann::json::parse(empty.text(), nullptr, false) == nlohmann::json::array());

    std::vector<uint32_t> all(store.size());
    std::iota(all.begin(), all.end(), 0u);
    ExportJob twarc(ExportFormat::Twarc2, all);
    while (!twarc.step(store, wf, 7)) {}
    ImportJob back(twarc.text().size());
    const std::vector<Mention> got = import_in_chunks(twarc.text(), 333, 1000, back);
    CHECK(back.report().failed == 0);
    REQUIRE(got.size() == store.size());
    for (size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].id == store.at(i).id);
        CHECK(got[i].text == store.at(i).text);
        CHECK(got[i].author.handle == store.at(i).author.handle);
    }
}

TEST_CASE("export: file names carry the date and the format's extension") {
    CHECK(export_file_name(ExportFormat::Csv, 1764720000) == "earshot-mentions-2025-12-03.csv");
    CHECK(export_file_name(ExportFormat::Twarc2, 1764720000) == "earshot-mentions-2025-12-03.jsonl");
}

TEST_CASE("import: a line longer than the buffer's room still gets the rest of itself") {
    Mention big = sample("9", std::string(ImportJob::kMaxBuffered + 1000, 'b'));
    const std::string content = to_jsonl(sample("8", "small")) + "\n" + to_jsonl(big) + "\n";
    ImportJob job(content.size());
    const std::vector<Mention> got = import_in_chunks(content, 1 << 20, 64 * 1024, job);
    CHECK(ids_of(got) == std::vector<std::string>{"x:8", "x:9"});
    CHECK(job.report().failed == 0);
}
