// Persistent storage: sealed segment files + a manifest replaced atomically
// (write temp, rename). A crash at any step leaves the last manifest valid.
// The same code runs natively (a folder) and in the browser (IDBFS mount).
#pragma once

#include "core/index/mention_index.hpp"
#include "core/listen/listener.hpp"
#include "core/store/mention_store.hpp"
#include "core/model/result.hpp"
#include "core/store/segment.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

/// The file operations the store needs; tests inject failures here.
class FileSystem {
  public:
    virtual ~FileSystem() = default;
    /// nullopt when the file does not exist or cannot be read.
    virtual std::optional<std::string> read(const std::string& path) = 0;
    virtual Result<bool> write(const std::string& path, std::string_view data) = 0;
    virtual Result<bool> rename(const std::string& from, const std::string& to) = 0;
    virtual void remove(const std::string& path) = 0;
    virtual Result<bool> make_dirs(const std::string& path) = 0;
};

/// std::filesystem implementation (native folders and Emscripten's FS alike).
class DiskFileSystem : public FileSystem {
  public:
    std::optional<std::string> read(const std::string& path) override;
    Result<bool> write(const std::string& path, std::string_view data) override;
    Result<bool> rename(const std::string& from, const std::string& to) override;
    void remove(const std::string& path) override;
    Result<bool> make_dirs(const std::string& path) override;
};

/// Replaces dir/name with `data` atomically: writes dir/name.tmp, then renames
/// it over the old file, so a crash or a closed tab at any moment leaves the
/// previous file whole. Creates `dir` when needed; a failed step removes the temp file.
Result<bool> replace_file(FileSystem& fs, const std::string& dir, const std::string& name,
                          std::string_view data);

constexpr uint32_t kManifestVersion = 1;

/// Small workspace state kept in the manifest beside the listeners, so it is
/// replaced atomically with them.
class GrowingChecksum;

/// An index snapshot built a slice at a time, for a caller that must not stop for the
/// whole of it (a million mentions' index is some 60 MB). Store::save_index(job)
/// writes it once built_all(). The index must not change meanwhile: the engine holds
/// back indexing while a job runs.
class IndexSnapshotJob {
  public:
    IndexSnapshotJob(const MentionIndex& index, const MentionStore& mentions);
    ~IndexSnapshotJob();
    /// Builds about `max_bytes` more of the file; true once all of it is built.
    bool build_more(size_t max_bytes);
    bool built_all() const { return m_cursor.done; }
    /// Mentions the snapshot covers (the index's size when the job began).
    size_t covered() const { return m_covered; }

  private:
    friend class Store;
    const MentionIndex& m_index;
    MentionIndex::SnapshotCursor m_cursor;
    std::string m_bytes;
    std::unique_ptr<GrowingChecksum> m_checksum;
    size_t m_covered = 0;
};

struct ManifestExtras {
    std::string spend_json;          ///< SpendGuard::to_json(), "" when none
    uint64_t retired_listener_bits = 0; ///< ListenerSet::retired_bits()
    std::string free_sources_json;      ///< FreeSourcePoller::to_json(), "" when none
};

class Store {
  public:
    Store(FileSystem& fs, std::string dir);

    /// Loads what is stored. Returns false when nothing was stored yet. An
    /// unknown format version, or a manifest or segment that is damaged (wrong types,
    /// counts its sizes cannot hold, a checksum mismatch) is an Error and the store
    /// refuses all writes afterwards (read_only_reason() says why), so the stored
    /// files are never overwritten.
    Result<bool> load(MentionStore& mentions, std::vector<Listener>& listeners);

    /// Seals `records` (if any) into a new segment, then replaces the manifest.
    Result<bool> commit(const std::vector<SegmentRecord>& records, const std::vector<Listener>& listeners,
                        const ManifestExtras& extras = {});
    /// commit() of mentions held elsewhere (they must stay put until it returns).
    Result<bool> commit_refs(const std::vector<SegmentRef>& refs, const std::vector<Listener>& listeners,
                             const ManifestExtras& extras = {});

    /// Saves `index` (which must cover every mention of `mentions`) as the index
    /// snapshot, replaced atomically. The snapshot is derived data: a later load() uses
    /// it only when it was taken of exactly the mentions then loaded first, in the same
    /// order, and rebuilds otherwise.
    Result<bool> save_index(const MentionIndex& index, const MentionStore& mentions);
    /// save_index() of a job that has built_all() (one that has not is refused and can
    /// go on); the job's bytes are given up, written or not.
    Result<bool> save_index(IndexSnapshotJob& job);

    /// After load(): restores the snapshot into `index` when it matches the first
    /// mentions loaded (same ids at the same positions, as MentionStore::fingerprint()
    /// tells). Returns how many mentions it covers, 0 when there is none or it does not
    /// match; an Error (the index left empty) when it is damaged. The caller indexes
    /// the rest with MentionIndex::update().
    Result<size_t> load_index(MentionIndex& index, const MentionStore& mentions);

    /// Mentions covered by the snapshot last saved or restored (0: none).
    size_t index_snapshot_size() const { return m_snapshot_size; }

    /// Whether saving a snapshot now pays: only for a large cache (indexing 20,000
    /// mentions takes a fraction of a second) and only once it grew by a quarter since
    /// the last one, since every save rewrites the whole file (in IndexedDB too).
    static bool index_snapshot_due(size_t mentions, size_t covered);

    /// Threads load() decodes segments on: natively the cores (up to 4), in a WASM
    /// build without threads 1. Tests set 1 to compare both ways.
    void set_load_threads(unsigned count);

    /// What load() found beside the listeners.
    const ManifestExtras& extras() const { return m_extras; }

    uint64_t bytes() const { return m_bytes; }
    size_t segment_count() const { return m_segments.size(); }
    bool read_only() const { return m_read_only; }
    /// Why load() refused writes (a damaged manifest or segment, a newer format), for
    /// the user; empty while writable.
    const std::string& read_only_reason() const { return m_read_only_reason; }

  private:
    struct SegmentInfo {
        std::string file;
        uint32_t count = 0;
        uint64_t bytes = 0;
        /// MentionStore size and fingerprint once this segment was loaded (load() only).
        uint64_t end_size = 0, end_fingerprint = 0;
        bool loaded = false;
    };
    /// The manifest's content with every type and count checked.
    struct Manifest {
        uint64_t version = 0;
        uint64_t next_segment = 1;
        std::vector<SegmentInfo> segments;
        std::vector<Listener> listeners;
        ManifestExtras extras;
    };
    static Result<Manifest> parse_manifest(const std::string& text);
    static std::string disagreement(const SegmentInfo& s, std::string_view bytes);
    Error refuse_writes(const std::string& why);
    std::string manifest_json(const std::vector<Listener>& listeners, const ManifestExtras& extras) const;
    static std::string segment_entry(const SegmentInfo& s);
    Result<bool> load_segments_one_by_one(std::vector<SegmentInfo>& segments, MentionStore& mentions);
    Result<bool> load_segments_in_parallel(std::vector<SegmentInfo>& segments, MentionStore& mentions);

    FileSystem& m_fs;
    std::string m_dir;
    std::vector<SegmentInfo> m_segments;
    std::string m_segment_entries; ///< m_segments as the manifest's JSON entries, one per line
    uint64_t m_segment_bytes = 0;
    uint64_t m_next_segment = 1;
    uint64_t m_bytes = 0;
    bool m_read_only = false;
    std::string m_read_only_reason;
    ManifestExtras m_extras;
    size_t m_snapshot_size = 0;
    unsigned m_load_threads = 1;
};

} // namespace earshot::core
