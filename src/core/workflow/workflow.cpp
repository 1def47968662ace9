// Workflow state per mention and workflow.json: versioned, defaults omitted
// (most mentions have no entry at all), replaced atomically.
#include "core/workflow/workflow.hpp"

#include "core/text/internal/json_read.hpp"
#include "core/text/text.hpp"

#include <nlohmann/json.hpp>

namespace earshot::core {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "earshot-workflow";
constexpr size_t kMaxTagLength = 64;

json entry_to_json(const WorkflowEntry& e) {
    json j = json::object();
    if (e.read)
        j["read"] = true;
    if (e.starred)
        j["starred"] = true;
    if (!e.tags.empty())
        j["tags"] = e.tags;
    if (!e.note.empty())
        j["note"] = e.note;
    if (e.status != Status::None)
        j["status"] = to_string(e.status);
    if (!e.assignee.empty())
        j["assignee"] = e.assignee;
    if (e.opened_at)
        j["opened_at"] = e.opened_at;
    if (e.first_response_at)
        j["first_response_at"] = e.first_response_at;
    if (e.resolved_at)
        j["resolved_at"] = e.resolved_at;
    if (e.updated_at)
        j["updated_at"] = e.updated_at;
    return j;
}

WorkflowEntry entry_from_json(const json& j) {
    using namespace json_read;
    WorkflowEntry e;
    e.read = boolean(j, "read");
    e.starred = boolean(j, "starred");
    if (const json* tags = field(j, "tags"); tags && tags->is_array())
        for (const json& t : *tags)
            if (t.is_string() && !t.get<std::string>().empty())
                e.tags.insert(t.get<std::string>());
    e.note = str(j, "note");
    e.status = status_from_string(str(j, "status")).value_or(Status::None);
    e.assignee = str(j, "assignee");
    e.opened_at = i64(j, "opened_at");
    e.first_response_at = i64(j, "first_response_at");
    e.resolved_at = i64(j, "resolved_at");
    e.updated_at = i64(j, "updated_at");
    return e;
}

} // namespace

// [SECTION] Status and entries

const char* to_string(Status s) {
    switch (s) {
    case Status::Open:
        return "open";
    case Status::Replied:
        return "replied";
    case Status::Resolved:
        return "resolved";
    case Status::None:
        break;
    }
    return "none";
}

std::optional<Status> status_from_string(std::string_view s) {
    if (s == "none")
        return Status::None;
    if (s == "open")
        return Status::Open;
    if (s == "replied")
        return Status::Replied;
    if (s == "resolved")
        return Status::Resolved;
    return std::nullopt;
}

bool WorkflowEntry::is_default() const {
    // Timestamps alone are history of a case that is no longer one; not kept.
    return !read && !starred && tags.empty() && note.empty() && status == Status::None &&
           assignee.empty();
}

// [SECTION] Workflow

const WorkflowEntry& Workflow::get(const std::string& id) const {
    static const WorkflowEntry kNone;
    auto it = m_entries.find(id);
    return it == m_entries.end() ? kNone : it->second;
}

WorkflowEntry& Workflow::edit(const std::string& id, int64_t now) {
    ++m_revision;
    WorkflowEntry& e = m_entries[id];
    e.updated_at = now;
    return e;
}

void Workflow::tidy(const std::string& id) {
    auto it = m_entries.find(id);
    if (it != m_entries.end() && it->second.is_default())
        m_entries.erase(it);
}

void Workflow::set_read(const std::string& id, bool read, int64_t now) {
    if (get(id).read == read)
        return;
    edit(id, now).read = read;
    tidy(id);
}

void Workflow::set_starred(const std::string& id, bool starred, int64_t now) {
    if (get(id).starred == starred)
        return;
    edit(id, now).starred = starred;
    tidy(id);
}

Result<bool> Workflow::add_tag(const std::string& id, std::string_view tag, int64_t now) {
    const std::string t = trim(tag);
    if (t.empty())
        return Error{"a tag needs at least one character"};
    if (utf8_length(t) > kMaxTagLength)
        return Error{"a tag can be at most 64 characters long"};
    if (get(id).tags.count(t))
        return false;
    edit(id, now).tags.insert(t);
    return true;
}

void Workflow::remove_tag(const std::string& id, const std::string& tag, int64_t now) {
    if (!get(id).tags.count(tag))
        return;
    edit(id, now).tags.erase(tag);
    tidy(id);
}

void Workflow::set_note(const std::string& id, std::string note, int64_t now) {
    if (get(id).note == note)
        return;
    edit(id, now).note = std::move(note);
    tidy(id);
}

void Workflow::set_assignee(const std::string& id, std::string assignee, int64_t now) {
    assignee = trim(assignee);
    if (get(id).assignee == assignee)
        return;
    edit(id, now).assignee = std::move(assignee);
    tidy(id);
}

void Workflow::set_status(const std::string& id, Status status, int64_t now) {
    if (get(id).status == status)
        return;
    WorkflowEntry& e = edit(id, now);
    ++m_status_revision;
    e.status = status;
    if (status != Status::None && !e.opened_at)
        e.opened_at = now;
    // Resolving without a recorded reply still answered the person (by phone,
    // in the shop): it counts as the first response.
    if ((status == Status::Replied || status == Status::Resolved) && !e.first_response_at)
        e.first_response_at = now;
    e.resolved_at = status == Status::Resolved ? now : 0;
    tidy(id);
}

std::optional<int64_t> Workflow::first_response_seconds(const std::string& id,
                                                        int64_t created_at) const {
    const WorkflowEntry& e = get(id);
    if (!e.first_response_at)
        return std::nullopt;
    return e.first_response_at > created_at ? e.first_response_at - created_at : 0;
}

std::vector<std::string> Workflow::all_tags() const {
    std::set<std::string> tags;
    for (const auto& [id, e] : m_entries)
        tags.insert(e.tags.begin(), e.tags.end());
    return {tags.begin(), tags.end()};
}

std::string Workflow::to_json() const {
    json mentions = json::object();
    for (const auto& [id, e] : m_entries)
        if (!e.is_default())
            mentions[id] = entry_to_json(e);
    return json{{"format", kFormat}, {"version", kFormatVersion}, {"mentions", mentions}}.dump();
}

Result<Workflow> Workflow::from_document(const json& doc) {
    if (!doc.is_object() || json_read::str(doc, "format") != kFormat)
        return Error{"not an Earshot workflow file"};
    const int64_t version = json_read::i64(doc, "version");
    if (version != kFormatVersion)
        return Error{"the stored workflow (tags, notes, statuses) has format version " +
                     std::to_string(version) + ", which this Earshot does not know (it knows " +
                     std::to_string(kFormatVersion) +
                     "). Open the newer Earshot that wrote it; nothing was changed."};
    Workflow w;
    if (const json* ms = json_read::field(doc, "mentions"); ms && ms->is_object())
        for (auto it = ms->begin(); it != ms->end(); ++it) {
            WorkflowEntry e = entry_from_json(it.value());
            if (!e.is_default())
                w.m_entries.emplace(it.key(), std::move(e));
        }
    return w;
}

Result<Workflow> Workflow::from_json(std::string_view text) {
    const json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded())
        return Error{"the workflow file is not JSON"};
    return from_document(doc);
}

// [SECTION] WorkflowFile

WorkflowFile::WorkflowFile(FileSystem& fs, std::string dir) : m_fs(fs), m_dir(std::move(dir)) {}

Result<bool> WorkflowFile::load(Workflow& out) {
    const std::string path = m_dir + "/" + kFileName;
    std::optional<std::string> text = m_fs.read(path);
    m_bytes = 0;
    if (!text)
        return false;
    const json doc = json::parse(*text, nullptr, false);
    const bool ours =
        !doc.is_discarded() && doc.is_object() && json_read::str(doc, "format") == kFormat;
    if (ours && json_read::i64(doc, "version") != Workflow::kFormatVersion) {
        // Written by a newer Earshot: keep it exactly as it is.
        m_read_only = true;
        return Error{Workflow::from_document(doc).error()};
    }
    if (!ours) {
        // Cannot happen through save() (rename is atomic); if something else
        // damaged it, keep the bytes for support and start afresh.
        if (auto moved = m_fs.rename(path, path + ".damaged"); !moved) {
            m_read_only = true;
            return Error{"the stored workflow (tags, notes, statuses) is damaged and could not be "
                         "set aside (" +
                         moved.error() + "); Earshot will not write over it."};
        }
        out = Workflow();
        m_saved_revision = out.revision();
        return Error{"the stored workflow (tags, notes, statuses) was damaged; it was kept as " +
                     std::string(kFileName) + ".damaged and a fresh one was started."};
    }
    Result<Workflow> w = Workflow::from_document(doc);
    if (!w) {
        m_read_only = true;
        return Error{w.error()};
    }
    out = std::move(w).value();
    m_saved_revision = out.revision();
    m_bytes = text->size();
    return true;
}

Result<bool> WorkflowFile::save(const Workflow& w) {
    if (m_read_only)
        return Error{"the workflow file is read-only (see the earlier message); tags, notes and "
                     "statuses were not saved"};
    const std::string text = w.to_json();
    if (auto ok = replace_file(m_fs, m_dir, kFileName, text); !ok)
        return Error{"tags, notes and statuses could not be saved: " + ok.error()};
    m_saved_revision = w.revision();
    m_bytes = text.size();
    return true;
}

} // namespace earshot::core
