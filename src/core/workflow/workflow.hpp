// The owner's workflow state for each mention (read, starred, tags, note,
// status, assignee, response times), kept beside the mentions keyed by id and
// stored in its own small file, so fetching a mention again never touches it.
#pragma once

#include "core/model/result.hpp"
#include "core/store/persistent_store.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

/// Where a mention stands in the inbox: open → replied → resolved, or none
/// (not a case at all).
enum class Status : uint8_t { None, Open, Replied, Resolved };
const char* to_string(Status s);
std::optional<Status> status_from_string(std::string_view s);

/// One mention's workflow state. A mention without an entry has the defaults.
struct WorkflowEntry {
    bool read = false;
    bool starred = false;
    std::set<std::string> tags;
    std::string note;
    Status status = Status::None;
    std::string assignee; ///< a name typed by the owner
    // Unix seconds; 0 = not yet.
    int64_t opened_at = 0;         ///< first time it became Open (or later, without Open)
    int64_t first_response_at = 0; ///< first time it became Replied or Resolved; never moves after
    int64_t resolved_at = 0;       ///< last time it became Resolved (0 again when reopened)
    int64_t updated_at = 0;        ///< last change of any kind

    /// True when the entry holds nothing (it is then not stored).
    bool is_default() const;
};

/// Workflow state of every mention, keyed by mention id ("x:1234"). Every
/// change bumps revision(), so the app saves when it differs from the last
/// saved one (WorkflowFile::saved_revision()).
class Workflow {
  public:
    /// The entry of a mention (defaults when it has none).
    const WorkflowEntry& get(const std::string& mention_id) const;
    bool has(const std::string& mention_id) const { return m_entries.count(mention_id) != 0; }
    size_t size() const { return m_entries.size(); }
    const std::map<std::string, WorkflowEntry>& entries() const { return m_entries; }
    uint64_t revision() const { return m_revision; }
    /// Moves only when a status changes: the inbox's order depends on nothing else here.
    uint64_t status_revision() const { return m_status_revision; }

    void set_read(const std::string& id, bool read, int64_t now);
    void set_starred(const std::string& id, bool starred, int64_t now);
    /// Tags are trimmed; an empty one, or one longer than 64 characters, is refused.
    Result<bool> add_tag(const std::string& id, std::string_view tag, int64_t now);
    void remove_tag(const std::string& id, const std::string& tag, int64_t now);
    void set_note(const std::string& id, std::string note, int64_t now);
    void set_assignee(const std::string& id, std::string assignee, int64_t now);
    /// Any status may follow any other (the owner reopens, or resolves without
    /// replying); the timestamps record the first response and the resolution.
    void set_status(const std::string& id, Status status, int64_t now);

    /// Seconds from the mention's creation to the owner's first response (the
    /// customer-service figure), or nullopt when it was not answered yet.
    std::optional<int64_t> first_response_seconds(const std::string& id,
                                                  int64_t mention_created_at) const;

    /// Every tag in use, sorted (for the tag filter).
    std::vector<std::string> all_tags() const;

    /// The document written to workflow.json.
    std::string to_json() const;
    /// Reads a document of a known version (1); an unknown one is an Error.
    static Result<Workflow> from_json(std::string_view text);

    static constexpr uint32_t kFormatVersion = 1;

  private:
    friend class WorkflowFile;
    static Result<Workflow> from_document(const nlohmann::json& doc);
    WorkflowEntry& edit(const std::string& id, int64_t now);
    void tidy(const std::string& id); ///< drops an entry that returned to the defaults

    std::map<std::string, WorkflowEntry> m_entries;
    uint64_t m_revision = 0;
    uint64_t m_status_revision = 0;
};

/// "workflow.json" in the store's folder, replaced atomically (temp file,
/// then rename) so a crash or a closed tab at any moment leaves the previous
/// file whole. A file of an unknown version is refused and never written over;
/// a damaged one (not JSON, not ours) is kept aside as workflow.json.damaged.
class WorkflowFile {
  public:
    static constexpr const char* kFileName = "workflow.json";

    WorkflowFile(FileSystem& fs, std::string dir);

    /// Loads into `out`. Returns false when nothing was stored yet.
    Result<bool> load(Workflow& out);
    /// Writes `w` (call after Store::commit, or when revision() moved).
    Result<bool> save(const Workflow& w);

    /// The revision last loaded or saved (compare with Workflow::revision()).
    uint64_t saved_revision() const { return m_saved_revision; }
    bool read_only() const { return m_read_only; }
    uint64_t bytes() const { return m_bytes; }

  private:
    FileSystem& m_fs;
    std::string m_dir;
    uint64_t m_saved_revision = 0;
    uint64_t m_bytes = 0;
    bool m_read_only = false;
};

} // namespace earshot::core
