// Workflow tests: per-mention state and its timestamps, kept apart from the
// mention record (a re-fetch never touches it), workflow.json round trips, a
// crash at every save step keeping the previous file, unknown versions refused.
#include "core/workflow/workflow.hpp"

#include "core/store/mention_store.hpp"
#include "core/store/persistent_store.hpp"

#include "flaky_fs.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>

using namespace earshot::core;
using earshot::test::FlakyFileSystem;

namespace {

constexpr int64_t kT = 1795687200; // 2026-11-26T10:00:00Z

Mention mention(const std::string& id, int64_t likes) {
    Mention m;
    m.source_id = id;
    m.id = "x:" + id;
    m.text = "the oat milk surcharge again @harbourbean";
    m.created_at = kT - 3600;
    m.metrics.likes = likes;
    return m;
}

Workflow sample() {
    Workflow w;
    w.set_read("x:1", true, kT);
    w.set_starred("x:2", true, kT);
    REQUIRE(w.add_tag("x:2", "oat milk", kT).ok());
    REQUIRE(w.add_tag("x:2", "  complaint ", kT).ok());
    w.set_note("x:2", "Offer a free refill — café owner said OK ☕", kT);
    w.set_assignee("x:2", "Sam", kT);
    w.set_status("x:2", Status::Open, kT);
    w.set_status("x:2", Status::Replied, kT + 900);
    w.set_status("x:3", Status::Resolved, kT + 60);
    return w;
}

} // namespace

TEST_CASE("workflow edits, revisions and defaults") {
    Workflow w;
    CHECK_FALSE(w.get("x:9").read);
    CHECK(w.get("x:9").status == Status::None);
    CHECK(w.revision() == 0);

    w.set_read("x:9", true, kT);
    CHECK(w.get("x:9").read);
    CHECK(w.get("x:9").updated_at == kT);
    CHECK(w.revision() == 1);
    w.set_read("x:9", true, kT + 1); // no change, no new revision
    CHECK(w.revision() == 1);

    REQUIRE(w.add_tag("x:9", " lead ", kT).ok());
    CHECK(w.get("x:9").tags.count("lead") == 1);
    Result<bool> again = w.add_tag("x:9", "lead", kT);
    REQUIRE(again.ok());
    CHECK_FALSE(again.value());
    CHECK_FALSE(w.add_tag("x:9", "   ", kT).ok());
    CHECK_FALSE(w.add_tag("x:9", std::string(65, 'a'), kT).ok());
    CHECK(w.all_tags() == std::vector<std::string>{"lead"});

    // Back to every default: the entry is dropped (nothing to store).
    w.remove_tag("x:9", "lead", kT);
    w.set_read("x:9", false, kT);
    CHECK_FALSE(w.has("x:9"));
    CHECK(w.size() == 0);

    CHECK(status_from_string("replied") == Status::Replied);
    CHECK_FALSE(status_from_string("done"));
    CHECK(std::string(to_string(Status::Resolved)) == "resolved");
}

TEST_CASE("status timestamps give the first response time") {
    Workflow w;
    const int64_t created = kT - 3600;
    w.set_status("x:1", Status::Open, kT);
    CHECK(w.get("x:1").opened_at == kT);
    CHECK_FALSE(w.first_response_seconds("x:1", created));

    w.set_status("x:1", Status::Replied, kT + 600);
    CHECK(w.first_response_seconds("x:1", created) == 4200);
    w.set_status("x:1", Status::Resolved, kT + 1200);
    CHECK(w.get("x:1").resolved_at == kT + 1200);

    // Reopened and answered again: the first response does not move.
    w.set_status("x:1", Status::Open, kT + 5000);
    CHECK(w.get("x:1").resolved_at == 0);
    w.set_status("x:1", Status::Replied, kT + 6000);
    CHECK(w.first_response_seconds("x:1", created) == 4200);
    CHECK(w.get("x:1").opened_at == kT);

    // Resolved straight away (answered in the shop) counts as a response.
    w.set_status("x:2", Status::Resolved, kT + 300);
    CHECK(w.get("x:2").opened_at == kT + 300);
    CHECK(w.first_response_seconds("x:2", created) == 3900);
}

TEST_CASE("workflow state survives the mention being fetched again") {
    MentionStore mentions;
    Workflow w;
    REQUIRE(mentions.upsert(mention("1", 3), 1));
    w.set_starred("x:1", true, kT);
    REQUIRE(w.add_tag("x:1", "complaint", kT).ok());
    w.set_status("x:1", Status::Open, kT);

    // A later poll (another listener) brings the same post with fresher counts.
    CHECK_FALSE(mentions.upsert(mention("1", 40), 2));
    CHECK(mentions.size() == 1);
    CHECK(mentions.at(0).metrics.likes == 40);
    CHECK(w.get("x:1").starred);
    CHECK(w.get("x:1").tags.count("complaint") == 1);
    CHECK(w.get("x:1").status == Status::Open);

    // And across a reload: mentions and workflow are separate files in one folder.
    FlakyFileSystem fs;
    Store store(fs, "/db");
    REQUIRE(store.commit({{mentions.at(0), mentions.listeners_of(0)}}, {}).ok());
    WorkflowFile file(fs, "/db");
    REQUIRE(file.save(w).ok());
    REQUIRE(store.commit({{mention("1", 99), 1}}, {}).ok()); // fetched once more
    MentionStore reloaded;
    std::vector<Listener> ls;
    Store again(fs, "/db");
    REQUIRE(again.load(reloaded, ls).ok());
    Workflow w2;
    WorkflowFile file2(fs, "/db");
    REQUIRE(file2.load(w2).ok());
    CHECK(reloaded.size() == 1);
    CHECK(w2.get("x:1").starred);
    CHECK(w2.get("x:1").status == Status::Open);
}

TEST_CASE("workflow.json round trip keeps every field and omits defaults") {
    FlakyFileSystem fs;
    WorkflowFile file(fs, "/db");
    Workflow empty;
    Result<bool> nothing = file.load(empty);
    REQUIRE(nothing.ok());
    CHECK_FALSE(nothing.value());

    const Workflow w = sample();
    REQUIRE(file.save(w).ok());
    CHECK(file.saved_revision() == w.revision());
    CHECK(fs.files.count("/db/workflow.json") == 1);
    CHECK(fs.files.count("/db/workflow.json.tmp") == 0);
    CHECK(file.bytes() == fs.files["/db/workflow.json"].size());

    const auto doc = nlohmann::json::parse(fs.files["/db/workflow.json"]);
    CHECK(doc["format"] == "earshot-workflow");
    CHECK(doc["version"] == 1);
    CHECK(doc["mentions"]["x:1"] == nlohmann::json({{"read", true}, {"updated_at", kT}}));

    Workflow back;
    WorkflowFile reopened(fs, "/db");
    Result<bool> loaded = reopened.load(back);
    REQUIRE(loaded.ok());
    CHECK(loaded.value());
    REQUIRE(back.size() == 3);
    for (const auto& [id, e] : w.entries()) {
        INFO(id);
        const WorkflowEntry& b = back.get(id);
        CHECK(b.read == e.read);
        CHECK(b.starred == e.starred);
        CHECK(b.tags == e.tags);
        CHECK(b.note == e.note);
        CHECK(b.status == e.status);
        CHECK(b.assignee == e.assignee);
        CHECK(b.opened_at == e.opened_at);
        CHECK(b.first_response_at == e.first_response_at);
        CHECK(b.resolved_at == e.resolved_at);
        CHECK(b.updated_at == e.updated_at);
    }
    CHECK(back.get("x:2").tags == std::set<std::string>{"complaint", "oat milk"});
    CHECK(reopened.saved_revision() == back.revision());
}

TEST_CASE("a crash at any step of a workflow save leaves the previous file valid") {
    for (bool torn : {false, true}) {
        for (int k = 0; k < 2; ++k) { // 0: temp write, 1: rename
            FlakyFileSystem fs;
            fs.torn = torn;
            Workflow w = sample();
            {
                WorkflowFile file(fs, "/db");
                REQUIRE(file.save(w).ok());
                const uint64_t saved = file.saved_revision();
                w.set_note("x:2", "should not persist", kT + 2000);
                w.set_starred("x:7", true, kT + 2000);
                fs.steps = 0;
                fs.fail_at = k;
                Result<bool> r = file.save(w);
                INFO("fail at step " << k << (torn ? " (torn write)" : ""));
                REQUIRE_FALSE(r.ok());
                CHECK(r.error().find("could not be saved") != std::string::npos);
                CHECK(file.saved_revision() == saved); // the app knows it is still unsaved
            }
            fs.fail_at = -1;
            Workflow back;
            WorkflowFile reopened(fs, "/db");
            Result<bool> loaded = reopened.load(back);
            INFO("fail at step " << k << (torn ? " (torn write)" : ""));
            REQUIRE(loaded.ok());
            CHECK(back.get("x:2").note == "Offer a free refill — café owner said OK ☕");
            CHECK_FALSE(back.has("x:7"));
            // And saving works again afterwards.
            REQUIRE(reopened.save(w).ok());
            Workflow third;
            WorkflowFile(fs, "/db").load(third);
            CHECK(third.get("x:2").note == "should not persist");
        }
    }
}

TEST_CASE("a workflow file of an unknown version is refused and left untouched") {
    FlakyFileSystem fs;
    const std::string future =
        R"({"format":"earshot-workflow","version":2,"mentions":{"x:1":{"flags":7}}})";
    fs.files["/db/workflow.json"] = future;
    WorkflowFile file(fs, "/db");
    Workflow w;
    Result<bool> r = file.load(w);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().find("version 2") != std::string::npos);
    CHECK(file.read_only());
    w.set_read("x:1", true, kT);
    CHECK_FALSE(file.save(w).ok());
    CHECK(fs.files["/db/workflow.json"] == future);
    CHECK(fs.files.size() == 1);
    CHECK_FALSE(Workflow::from_json(future).ok());
}

TEST_CASE("a damaged workflow file is kept aside and a fresh one started") {
    FlakyFileSystem fs;
    fs.files["/db/workflow.json"] = "{\"format\":\"earshot-workf";
    WorkflowFile file(fs, "/db");
    Workflow w = sample();
    Result<bool> r = file.load(w);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().find("workflow.json.damaged") != std::string::npos);
    CHECK(w.size() == 0);
    CHECK_FALSE(file.read_only());
    CHECK(fs.files["/db/workflow.json.damaged"] == "{\"format\":\"earshot-workf");
    w.set_read("x:1", true, kT);
    REQUIRE(file.save(w).ok());
    Workflow back;
    REQUIRE(WorkflowFile(fs, "/db").load(back).ok());
    CHECK(back.get("x:1").read);

    // Mistyped fields inside a good file are read as absent, not thrown on.
    fs.files["/db/workflow.json"] =
        R"({"format":"earshot-workflow","version":1,"mentions":{"x:1":{"read":"yes","tags":[1,"ok"],"status":"done","note":"n"},"x:2":3}})";
    Workflow odd;
    REQUIRE(WorkflowFile(fs, "/db").load(odd).ok());
    CHECK_FALSE(odd.get("x:1").read);
    CHECK(odd.get("x:1").tags == std::set<std::string>{"ok"});
    CHECK(odd.get("x:1").status == Status::None);
    CHECK(odd.get("x:1").note == "n");
    CHECK_FALSE(odd.has("x:2"));
}
