// Format detection for ingest: try the whole input as one JSON document, else
// read it as JSONL; then decide per document what it holds.
#include "core/ingest/ingest.hpp"

#include "core/ingest/json_view.hpp"
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

/// Reads one JSON document; `where` prefixes messages ("line 3: ").
void ingest_document(JsonView doc, const std::string& where, IngestReport& r, std::vector<Mention>& out) {
    ++r.records;
    if (!doc.is_object()) return add_problem(r, where, "not a JSON object");
    if (JsonView interactions = doc["interactions"]; interactions.is_array()) {
        // A recorded HTTP exchange file: each response body is a page of its own.
        size_t i = 0;
        for (JsonView ex : interactions) {
            ++i;
            JsonView body = ex["body"];
            if (!body) continue;
            std::string at = where + "response " + std::to_string(i) + ": ";
            if (!body.is_object() || !body["data"]) {
                ++r.skipped; // errors, deletes and empty results hold no posts
                continue;
            }
            ingest_document(body, at, r, out);
            --r.records; // a response inside a file is not a record of its own
        }
        return;
    }
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
    if (is_flat_tweet(doc)) {
        Result<Mention> m = parse_flat_tweet(doc);
        if (!m) return add_problem(r, where, m.error());
        ++r.mentions;
        out.push_back(std::move(m).value());
        return;
    }
    if (is_compliance_record(doc)) {
        ++r.skipped;
        return;
    }
    add_problem(r, where, "not a format Earshot reads (expected an X API v2 page, twarc2 JSONL or mention JSONL)");
}

bool blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

} // namespace

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
        ++line_no;
        pos = nl == std::string_view::npos ? content.size() + 1 : nl + 1;
        if (blank(line)) continue;
        std::string where = "line " + std::to_string(line_no) + ": ";
        Result<JsonDocument> doc = JsonDocument::parse(line);
        if (!doc) {
            ++r.records;
            add_problem(r, where, "not valid JSON (" + std::to_string(line.size()) +
                                      " bytes; the line is truncated or corrupted)");
            continue;
        }
        ingest_document(doc->root(), where, r, out);
    }
    return r;
}

} // namespace earshot::core
