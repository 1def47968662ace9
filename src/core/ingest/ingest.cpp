// Format detection for ingest: try the whole input as one JSON document, else
// read it as JSONL; then decide per document what it holds (X, Bluesky, Mastodon,
// Jetstream, twarc2, normalised mentions, recorded exchanges of any of them).
#include "core/ingest/ingest.hpp"

#include "core/ingest/bluesky.hpp"
#include "core/ingest/json_view.hpp"
#include "core/ingest/mastodon.hpp"
#include "core/ingest/x_v2.hpp"
#include "core/model/mention_json.hpp"

#include <nlohmann/json.hpp>

namespace earshot::core {

using nlohmann::json;

namespace {

void add_problem(IngestReport& r, const std::string& where, const std::string& what) {
    ++r.failed;
    // Keep the report readable on huge broken files; the count stays exact.
    if (r.problems.size() < 100) r.problems.push_back(where + what);
}

bool is_compliance_record(JsonView doc) {
    return doc.is_object() && doc["action"] && doc["id"] && !doc["text"];
}

/// Normalised mentions are read by mention_json, which works on nlohmann documents.
nlohmann::json as_nlohmann(JsonView doc) {
    const std::string_view raw = doc.raw();
    return json::parse(raw.begin(), raw.end(), nullptr, false);
}

/// `{"error": "…"}` (Mastodon) or `{"error": "InvalidRequest", "message": "…"}`
/// (Bluesky XRPC): the service refused the request.
bool is_error_answer(JsonView doc) {
    return doc.is_object() && doc["error"].is_string() && !doc["data"] && !doc["posts"] && !doc["statuses"];
}

std::string error_answer_text(JsonView doc) {
    std::string text = doc["message"].string();
    if (text.empty()) text = doc["error_description"].string();
    const std::string code = doc["error"].string();
    if (text.empty()) return code;
    return code.empty() || text.find(code) != std::string::npos ? text : code + " — " + text;
}

void add_skipped(IngestReport& r, const std::string& where, const std::string& why) {
    ++r.skipped;
    if (r.problems.size() < 100) r.problems.push_back(where + "skipped: " + why);
}

template <typename Page> void take_page(Page& page, const std::string& where, IngestReport& r, std::vector<Mention>& out) {
    if (page.mentions.empty() && !page.unreadable) return add_skipped(r, where, "an answer without posts");
    if (page.unreadable)
        add_problem(r, where, std::to_string(page.unreadable) + " post(s) could not be read, the first: " + page.first_problem);
    r.mentions += page.mentions.size();
    for (Mention& m : page.mentions) out.push_back(std::move(m));
}

/// Bluesky and Mastodon answers and Jetstream events; false when `doc` is none of them.
bool ingest_social(JsonView doc, const std::string& where, IngestReport& r, std::vector<Mention>& out) {
    if (is_jetstream_event(doc)) {
        Result<std::optional<Mention>> m = parse_jetstream_event(doc);
        if (!m) add_problem(r, where, m.error());
        else if (!m.value()) ++r.skipped; // likes, follows, deletes: no new post
        else {
            ++r.mentions;
            out.push_back(std::move(*m.value()));
        }
        return true;
    }
    if (is_bsky_answer(doc)) {
        Result<BskyPage> page = parse_bsky_answer(doc);
        if (!page) add_problem(r, where, page.error());
        else take_page(page.value(), where, r, out);
        return true;
    }
    if (is_mastodon_answer(doc)) {
        Result<MastodonPage> page = parse_mastodon_answer(doc);
        if (!page) add_problem(r, where, page.error());
        else take_page(page.value(), where, r, out);
        return true;
    }
    return false;
}

/// What a response body that holds no posts is, for the skipped line.
std::string what_body_is(JsonView body) {
    if (body.is_array()) {
        if (body.size() == 0) return "an empty list";
        JsonView first = body.at(0);
        if (first["acct"]) return "a list of accounts, not posts";
        if (first["content"] && !first["uri"]) return "a status's edit history, not posts";
        return "a list of something other than posts";
    }
    if (body["acct"]) return "an account, not posts";
    if (body["following"] && body["followed_by"]) return "a relationship, not posts";
    if (body["domain"] && body["version"]) return "the server's description, not posts";
    if (body["text"] && body["spoiler_text"]) return "a status's source, not posts";
    if (body["accounts"] || body["hashtags"]) return "a search without statuses";
    return "no posts";
}

void ingest_document(JsonView doc, const std::string& where, IngestReport& r, std::vector<Mention>& out);

/// A recorded HTTP exchange file: each response body is a page of its own.
void ingest_exchanges(JsonView interactions, const std::string& where, IngestReport& r, std::vector<Mention>& out) {
    size_t i = 0;
    for (JsonView ex : interactions) {
        ++i;
        JsonView body = ex["body"];
        if (!body) continue;
        const std::string at = where + "response " + std::to_string(i) + ": ";
        if (is_error_answer(body)) {
            std::string status = ex["status"].is_integer() ? " (HTTP " + std::string(ex["status"].raw()) + ")" : "";
            add_problem(r, at, "error answer from the service" + status + ": " + error_answer_text(body));
            continue;
        }
        // What a DELETE answers is the post as it was: a deleted post is not one to listen to.
        if (ex["method"].string() == "DELETE") {
            add_skipped(r, at, "the answer to a DELETE (a deleted post)");
            continue;
        }
        if (ingest_social(body, at, r, out)) continue;
        if (!body.is_object() || !body["data"]) {
            // X errors, deletes and empty results, accounts, server descriptions…
            if (body.is_object() && (body["title"] || body["errors"] || body["meta"] || body["data"])) ++r.skipped;
            else add_skipped(r, at, what_body_is(body));
            continue;
        }
        ingest_document(body, at, r, out);
        --r.records; // a response inside a file is not a record of its own
    }
}

/// Reads one JSON document; `where` prefixes messages ("line 3: ").
void ingest_document(JsonView doc, const std::string& where, IngestReport& r, std::vector<Mention>& out) {
    ++r.records;
    if (doc.is_array() && (doc.size() == 0 || is_mastodon_answer(doc))) {
        if (!ingest_social(doc, where, r, out)) ++r.skipped; // an empty timeline
        return;
    }
    if (!doc.is_object()) return add_problem(r, where, "not a JSON object");
    if (JsonView interactions = doc["interactions"]; interactions.is_array())
        return ingest_exchanges(interactions, where, r, out);
    if (is_error_answer(doc))
        return add_problem(r, where, "error answer from the service: " + error_answer_text(doc));
    if (doc["data"] || doc["meta"] || doc["errors"] || doc["title"]) {
        Result<XPage> page = parse_x_page(doc);
        if (!page) {
            const std::string& msg = page.error();
            if (msg.find("not tweets") != std::string::npos) {
                ++r.skipped;
                if (r.problems.size() < 100) r.problems.push_back(where + "skipped: " + msg);
                return;
            }
            return add_problem(r, where, msg);
        }
        for (const std::string& e : page->partial_errors) r.api_errors.push_back(where + e);
        if (page->unreadable) add_problem(r, where, std::to_string(page->unreadable) + " tweet(s) without id or text");
        r.mentions += page->mentions.size();
        for (const Mention& m : page->mentions) out.push_back(m);
        return;
    }
    // The cheap look first ("source" beside an id like "x:…"), so twarc lines are not parsed twice.
    if (doc["source"] && doc["id"].string().find(':') != std::string::npos) {
        Result<Mention> m = mention_from_json(as_nlohmann(doc));
        if (!m) return add_problem(r, where, m.error());
        ++r.mentions;
        out.push_back(std::move(m).value());
        return;
    }
    // A Mastodon status has id and (when deleted) text too, but an account, not an author.
    if (is_flat_tweet(doc) && !doc["account"]) {
        Result<Mention> m = parse_flat_tweet(doc);
        if (!m) return add_problem(r, where, m.error());
        ++r.mentions;
        out.push_back(std::move(m).value());
        return;
    }
    // After X's formats, which twarc2 files hold millions of lines of.
    if (ingest_social(doc, where, r, out)) return;
    if (is_compliance_record(doc)) {
        ++r.skipped;
        return;
    }
    if (doc["uri"] && doc["account"] && doc["text"])
        return add_skipped(r, where, "a Mastodon status without content (what deleting it answers)");
    add_problem(r, where, "not a format Earshot reads (expected an X API v2 page, twarc2 JSONL, a Bluesky or Mastodon answer, Jetstream events or mention JSONL)");
}

bool blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

} // namespace

void ingest_line(std::string_view line, size_t line_no, IngestReport& r, std::vector<Mention>& out) {
    if (blank(line)) return;
    std::string where = "line " + std::to_string(line_no) + ": ";
    Result<JsonDocument> doc = JsonDocument::parse(line);
    if (!doc) {
        ++r.records;
        add_problem(r, where, "not valid JSON (" + std::to_string(line.size()) +
                                  " bytes; the line is truncated or corrupted)");
        return;
    }
    ingest_document(doc->root(), where, r, out);
}

IngestReport ingest_content(std::string_view content, std::vector<Mention>& out) {
    IngestReport r;
    if (blank(content)) {
        add_problem(r, "", "the input is empty");
        return r;
    }
    // One document (possibly pretty-printed) first; JSONL otherwise.
    if (Result<JsonDocument> whole = JsonDocument::parse(content)) {
        ingest_document(whole->root(), "", r, out);
        return r;
    }
    size_t line_no = 0, pos = 0;
    while (pos <= content.size()) {
        size_t nl = content.find('\n', pos);
        std::string_view line = content.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? content.size() + 1 : nl + 1;
        ingest_line(line, ++line_no, r, out);
    }
    return r;
}

} // namespace earshot::core
