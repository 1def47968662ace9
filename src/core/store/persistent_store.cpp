// Store: manifest (JSON, small, atomically replaced) naming sealed segments.
#include "core/store/persistent_store.hpp"

#include "core/store/internal/binary.hpp"

#include "core/listen/listener_set.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>
#if EARSHOT_CORE_THREADS
#include <thread>
#endif

namespace earshot::core {

using nlohmann::json;

// [SECTION] DiskFileSystem

std::optional<std::string> DiskFileSystem::read(const std::string& path) {
    // One read of the known size: a character-wise copy took 29 s for 341 MB in WASM.
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return std::nullopt;
    std::streamoff size = in.tellg();
    if (size < 0) return std::nullopt;
    std::string data(static_cast<size_t>(size), '\0');
    in.seekg(0);
    if (size > 0 && !in.read(data.data(), size)) return std::nullopt;
    return data;
}

Result<bool> DiskFileSystem::write(const std::string& path, std::string_view data) {
    // Unbuffered, so the bytes go down in one write: in the browser's in-memory file system
    // a file written in buffer-sized pieces is grown and copied again at each one (an
    // eighth of an import's storing time went to that).
    std::FILE* out = std::fopen(path.c_str(), "wb");
    if (!out) return Error{"cannot create " + path};
    std::setvbuf(out, nullptr, _IONBF, 0);
    const bool written = std::fwrite(data.data(), 1, data.size(), out) == data.size();
    const bool closed = std::fclose(out) == 0;
    if (!written || !closed) return Error{"cannot write " + path + " (is the disk or storage quota full?)"};
    return true;
}

Result<bool> DiskFileSystem::rename(const std::string& from, const std::string& to) {
    std::error_code ec;
    std::filesystem::rename(from, to, ec);
    if (ec) return Error{"cannot replace " + to + ": " + ec.message()};
    return true;
}

void DiskFileSystem::remove(const std::string& path) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
}

Result<bool> DiskFileSystem::make_dirs(const std::string& path) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return Error{"cannot create folder " + path + ": " + ec.message()};
    return true;
}

Result<bool> replace_file(FileSystem& fs, const std::string& dir, const std::string& name, std::string_view data) {
    if (auto ok = fs.make_dirs(dir); !ok) return Error{ok.error()};
    const std::string path = dir + "/" + name, temp = path + ".tmp";
    Result<bool> ok = fs.write(temp, data);
    if (ok) ok = fs.rename(temp, path);
    if (!ok) fs.remove(temp);
    return ok;
}

// [SECTION] Store

namespace {

#if !EARSHOT_CORE_THREADS
// A build without threads (the single-threaded WASM build) cannot start one: everything runs here.
constexpr unsigned kDefaultLoadThreads = 1;
template <typename F> void run_on_threads(unsigned, F&& work) { work(); }
#else
const unsigned kDefaultLoadThreads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
template <typename F> void run_on_threads(unsigned count, F&& work) {
    std::vector<std::thread> helpers;
    for (unsigned i = 1; i < count; ++i) helpers.emplace_back(work);
    work();
    for (std::thread& t : helpers) t.join();
}
#endif

} // namespace

Store::Store(FileSystem& fs, std::string dir) : m_fs(fs), m_dir(std::move(dir)), m_load_threads(kDefaultLoadThreads) {}

void Store::set_load_threads(unsigned count) { m_load_threads = std::max(1u, std::min(count, kDefaultLoadThreads > 1 ? 16u : 1u)); }

namespace {

// The manifest is read field by field with its types checked: json::value() throws on a
// wrong type, and a count nobody checked sizes allocations.
const json* member(const json& doc, const char* key) {
    auto it = doc.find(key);
    return it == doc.end() ? nullptr : &*it;
}

std::optional<uint64_t> unsigned_member(const json& doc, const char* key) {
    const json* f = member(doc, key);
    if (f && f->is_number_unsigned()) return f->get<uint64_t>();
    return std::nullopt;
}

// The number in "seg-000042.bin" (0 for any other name), so the next segment written
// never takes the name of one already stored.
uint64_t segment_number(const std::string& file) {
    constexpr size_t kPrefix = 4, kSuffix = 4; // "seg-", ".bin"
    if (file.size() <= kPrefix + kSuffix || file.size() > kPrefix + 18 + kSuffix || file.rfind("seg-", 0) != 0 ||
        file.compare(file.size() - kSuffix, kSuffix, ".bin") != 0)
        return 0;
    uint64_t n = 0;
    for (size_t i = kPrefix; i < file.size() - kSuffix; ++i) {
        if (file[i] < '0' || file[i] > '9') return 0;
        n = n * 10 + static_cast<uint64_t>(file[i] - '0');
    }
    return n;
}

std::string damaged_manifest(const std::string& what) {
    return "the stored manifest is damaged (" + what +
           "); Earshot opened it read-only and will not write over it. Export or clear site data to start again.";
}

} // namespace

Result<Store::Manifest> Store::parse_manifest(const std::string& text) {
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) return Error{damaged_manifest("not valid JSON")};
    if (!doc.is_object()) return Error{damaged_manifest("not a JSON object")};
    const json* format = member(doc, "format");
    if (!format || !format->is_string() || format->get_ref<const std::string&>() != "earshot-manifest")
        return Error{damaged_manifest("no \"format\": \"earshot-manifest\"")};
    Manifest m;
    const std::optional<uint64_t> version = unsigned_member(doc, "version");
    if (!version) return Error{damaged_manifest("its version is not a number")};
    m.version = *version;
    if (m.version > kManifestVersion || m.version == 0) return m; // the caller refuses it by version
    if (const json* next = member(doc, "next_segment")) {
        if (!next->is_number_unsigned() || next->get<uint64_t>() == 0)
            return Error{damaged_manifest("next_segment is not a positive whole number")};
        m.next_segment = next->get<uint64_t>();
    }
    const json* segments = member(doc, "segments");
    if (segments && !segments->is_array()) return Error{damaged_manifest("\"segments\" is not a list")};
    for (size_t i = 0; segments && i < segments->size(); ++i) {
        const json& s = (*segments)[i];
        const std::string which = "segment entry " + std::to_string(i + 1);
        const json* file = s.is_object() ? member(s, "file") : nullptr;
        if (!file || !file->is_string() || file->get_ref<const std::string&>().empty() ||
            file->get_ref<const std::string&>().find('/') != std::string::npos)
            return Error{damaged_manifest(which + " has no file name")};
        const std::optional<uint64_t> count = unsigned_member(s, "count"), bytes = unsigned_member(s, "bytes");
        if (!count || *count > UINT32_MAX) return Error{damaged_manifest(which + " has no record count")};
        if (!bytes) return Error{damaged_manifest(which + " has no size")};
        if (*count > *bytes / kMinSegmentRecordBytes)
            return Error{damaged_manifest(which + " counts " + std::to_string(*count) + " records in " +
                                          std::to_string(*bytes) + " bytes")};
        m.segments.push_back({file->get<std::string>(), static_cast<uint32_t>(*count), *bytes});
        m.next_segment = std::max(m.next_segment, segment_number(m.segments.back().file) + 1);
    }
    const json* listeners = member(doc, "listeners");
    if (listeners && !listeners->is_array()) return Error{damaged_manifest("\"listeners\" is not a list")};
    for (size_t i = 0; listeners && i < listeners->size(); ++i) {
        if (!(*listeners)[i].is_object())
            return Error{damaged_manifest("listener " + std::to_string(i + 1) + " is not an object")};
        m.listeners.push_back(listener_from_json((*listeners)[i]));
    }
    if (const json* spend = member(doc, "spend"); spend && spend->is_string()) m.extras.spend_json = spend->get<std::string>();
    if (const json* free = member(doc, "free_sources"); free && free->is_string())
        m.extras.free_sources_json = free->get<std::string>();
    if (auto bits = unsigned_member(doc, "retired_listener_bits")) m.extras.retired_listener_bits = *bits;
    return m;
}

Result<bool> Store::load(MentionStore& mentions, std::vector<Listener>& listeners) {
    // load() may run again (another tab wrote meanwhile): start from nothing.
    m_segments.clear();
    m_segment_entries.clear();
    m_segment_bytes = 0;
    m_bytes = 0;
    m_next_segment = 1;
    m_snapshot_size = 0;
    m_read_only = false;
    m_read_only_reason.clear();
    std::optional<std::string> text = m_fs.read(m_dir + "/manifest.json");
    if (!text) return false;
    Result<Manifest> manifest = parse_manifest(*text);
    if (!manifest) return refuse_writes(manifest.error());
    Manifest& m = manifest.value();
    if (m.version > kManifestVersion || m.version == 0)
        return refuse_writes("stored data has format version " + std::to_string(m.version) +
                             ", which this Earshot does not know (it knows " + std::to_string(kManifestVersion) +
                             "). Open the newer Earshot that wrote it; nothing was changed.");
    m_next_segment = m.next_segment;
    m_bytes = text->size();
    Result<bool> loaded = m_load_threads > 1 ? load_segments_in_parallel(m.segments, mentions)
                                             : load_segments_one_by_one(m.segments, mentions);
    if (!loaded) return refuse_writes(loaded.error());
    for (const SegmentInfo& s : m.segments) m_bytes += s.bytes;
    m_segments = std::move(m.segments);
    for (const SegmentInfo& seg : m_segments) {
        if (!m_segment_entries.empty()) m_segment_entries += ",\n";
        m_segment_entries += segment_entry(seg);
        m_segment_bytes += seg.bytes;
    }
    listeners = std::move(m.listeners);
    m_extras = std::move(m.extras);
    return true;
}

Error Store::refuse_writes(const std::string& why) {
    m_read_only = true;
    m_read_only_reason = why;
    return Error{why};
}

// The manifest's size and count of a segment must be the file's: the count sized the
// reserve, and a manifest written back with a wrong one would carry the damage on.
std::string Store::disagreement(const SegmentInfo& s, std::string_view bytes) {
    const std::string what = "stored segment " + s.file;
    if (bytes.size() != s.bytes)
        return what + " has " + std::to_string(bytes.size()) + " bytes, the manifest says " + std::to_string(s.bytes) +
               " (one of them is damaged); nothing was changed";
    Result<uint32_t> count = segment_record_count(bytes);
    if (!count) return s.file + ": " + count.error();
    if (count.value() != s.count)
        return what + " holds " + std::to_string(count.value()) + " records, the manifest says " +
               std::to_string(s.count) + " (one of them is damaged); nothing was changed";
    return {};
}

// The WASM build's way (no threads): one segment at a time, so only one file's bytes
// are held beside the mentions.
Result<bool> Store::load_segments_one_by_one(std::vector<SegmentInfo>& segments, MentionStore& mentions) {
    const size_t before = mentions.size();
    size_t expected = before;
    for (const SegmentInfo& s : segments) expected += s.count; // each checked against its size
    mentions.reserve(expected); // one allocation instead of a million rehashes and moves
    for (SegmentInfo& info : segments) {
        std::optional<std::string> bytes = m_fs.read(m_dir + "/" + info.file);
        if (!bytes) {
            mentions.truncate(before); // as the parallel load: nothing half-loaded
            return Error{"stored segment " + info.file + " is missing; nothing was changed"};
        }
        if (std::string why = disagreement(info, *bytes); !why.empty()) {
            mentions.truncate(before);
            return Error{why};
        }
        if (Result<size_t> added = decode_segment_into(*bytes, mentions); !added) {
            mentions.truncate(before);
            return Error{info.file + ": " + added.error()};
        }
        info.end_size = mentions.size();
        info.end_fingerprint = mentions.fingerprint();
        info.loaded = true;
    }
    return true;
}

// Natively: every segment is decoded straight into its own range of blank mentions,
// several segments at once, and then kept in order, so the positions are exactly the
// one-by-one load's. Decoding is most of a cold load; this divides it by the cores.
Result<bool> Store::load_segments_in_parallel(std::vector<SegmentInfo>& segments, MentionStore& mentions) {
    const size_t n = segments.size();
    std::vector<std::string> bytes(n);
    std::vector<size_t> offset(n + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        std::optional<std::string> b = m_fs.read(m_dir + "/" + segments[i].file);
        if (!b) return Error{"stored segment " + segments[i].file + " is missing; nothing was changed"};
        if (std::string why = disagreement(segments[i], *b); !why.empty()) return Error{why};
        bytes[i] = std::move(*b);
        offset[i + 1] = offset[i] + segments[i].count; // the header's, as disagreement() checked
    }
    // Constructing a million blanks touches most of a gigabyte: that too on every thread.
    const size_t first =
        mentions.add_blanks(offset[n], [&](auto&& work) { run_on_threads(m_load_threads, work); });
    std::vector<uint64_t> masks(offset[n]);
    std::vector<std::string> errors(n);
    std::atomic<size_t> next{0};
    const auto decode_some = [&] {
        for (size_t i; (i = next.fetch_add(1)) < n;) {
            Result<uint32_t> got = decode_segment_to(bytes[i], mentions, first + offset[i], masks.data() + offset[i],
                                                     offset[i + 1] - offset[i]);
            if (!got) errors[i] = got.error();
            std::string().swap(bytes[i]); // done with it: give the memory back early
        }
    };
    run_on_threads(m_load_threads, decode_some);
    for (size_t i = 0; i < n; ++i)
        if (!errors[i].empty()) {
            mentions.drop_blanks(first);
            return Error{segments[i].file + ": " + errors[i]};
        }
    size_t kept = first;
    for (size_t i = 0; i < n; ++i) {
        for (size_t at = offset[i]; at < offset[i + 1]; ++at) kept += mentions.keep_blank(first + at, masks[at]) ? 1 : 0;
        segments[i].end_size = kept;
        segments[i].end_fingerprint = mentions.fingerprint();
        segments[i].loaded = true;
    }
    mentions.end_blanks();
    return true;
}

// Every page commits a manifest naming every segment, so it is assembled from a
// cached list of segment entries instead of a JSON tree built each time (that
// made a long first sync quadratic).
std::string Store::segment_entry(const SegmentInfo& s) {
    return json{{"file", s.file}, {"count", s.count}, {"bytes", s.bytes}}.dump();
}

std::string Store::manifest_json(const std::vector<Listener>& listeners, const ManifestExtras& extras) const {
    json ls = json::array();
    for (const Listener& l : listeners) ls.push_back(listener_to_json(l));
    // The head is what dump() of one object holding these members wrote (keys in its
    // sorted order), assembled here without copying the spend and free-source records
    // into a tree first: every page's commit writes it.
    const auto text = [](const std::string& s) { return json(s).dump(); }; // quoted, escaped
    std::string out;
    out.reserve(256 + extras.spend_json.size() * 5 / 4 + extras.free_sources_json.size() * 5 / 4 +
                m_segment_entries.size());
    out += "{\"format\":\"earshot-manifest\",";
    if (!extras.free_sources_json.empty()) out += "\"free_sources\":" + text(extras.free_sources_json) + ",";
    out += "\"listeners\":" + ls.dump();
    out += ",\"next_segment\":" + std::to_string(m_next_segment);
    out += ",\"retired_listener_bits\":" + std::to_string(extras.retired_listener_bits);
    if (!extras.spend_json.empty()) out += ",\"spend\":" + text(extras.spend_json);
    out += ",\"version\":" + std::to_string(kManifestVersion);
    out += ",\n\"segments\":[\n"; // the closing brace comes after the segments
    out += m_segment_entries;
    out += "]}\n";
    return out;
}

Result<bool> Store::commit(const std::vector<SegmentRecord>& records, const std::vector<Listener>& listeners,
                           const ManifestExtras& extras) {
    std::vector<SegmentRef> refs;
    refs.reserve(records.size());
    for (const SegmentRecord& rec : records) refs.push_back({&rec.mention, rec.listeners});
    return commit_refs(refs, listeners, extras);
}

Result<bool> Store::commit_refs(const std::vector<SegmentRef>& records, const std::vector<Listener>& listeners,
                                const ManifestExtras& extras) {
    if (m_read_only) return Error{"storage is read-only (see the earlier message); nothing was written"};
    if (auto ok = m_fs.make_dirs(m_dir); !ok) return Error{ok.error()};
    const size_t segments_before = m_segments.size(), entries_before = m_segment_entries.size();
    const uint64_t next_before = m_next_segment;
    if (!records.empty()) {
        char name[32];
        std::snprintf(name, sizeof name, "seg-%06llu.bin", static_cast<unsigned long long>(m_next_segment));
        std::string bytes = encode_segment_refs(records);
        if (auto ok = m_fs.write(m_dir + "/" + name, bytes); !ok) {
            m_fs.remove(m_dir + "/" + name);
            return Error{ok.error()};
        }
        m_segments.push_back({name, static_cast<uint32_t>(records.size()), bytes.size()});
        if (segments_before > 0) m_segment_entries += ",\n";
        m_segment_entries += segment_entry(m_segments.back());
        m_segment_bytes += bytes.size();
        ++m_next_segment;
    }
    std::string manifest = manifest_json(listeners, extras);
    auto rollback = [&](const std::string& why) -> Result<bool> {
        // The segment stays orphaned on disk until the next commit reuses its
        // number; the old manifest still names only complete segments.
        if (m_segments.size() > segments_before) m_segment_bytes -= m_segments.back().bytes;
        m_segments.resize(segments_before);
        m_segment_entries.resize(entries_before);
        m_next_segment = next_before;
        return Error{why};
    };
    if (auto ok = m_fs.write(m_dir + "/manifest.json.tmp", manifest); !ok) return rollback(ok.error());
    if (auto ok = m_fs.rename(m_dir + "/manifest.json.tmp", m_dir + "/manifest.json"); !ok) return rollback(ok.error());
    m_bytes = manifest.size() + m_segment_bytes;
    m_extras = extras;
    return true;
}

// [SECTION] Index snapshot

namespace {

constexpr char kSnapshotMagic[8] = {'E', 'S', 'H', 'I', 'N', 'D', 'X', '\n'};
constexpr const char* kSnapshotFile = "index.snap";

} // namespace

bool Store::index_snapshot_due(size_t mentions, size_t covered) {
    constexpr size_t kWorthIt = 20000;
    if (mentions < kWorthIt || mentions == covered) return false;
    return mentions < covered || mentions >= covered + covered / 4; // smaller: not this store's
}

IndexSnapshotJob::IndexSnapshotJob(const MentionIndex& index, const MentionStore& mentions)
    : m_index(index), m_checksum(std::make_unique<GrowingChecksum>()), m_covered(index.size()) {
    ByteWriter w;
    w.bytes(kSnapshotMagic, sizeof kSnapshotMagic);
    w.fixed64(mentions.size());
    w.fixed64(mentions.fingerprint());
    m_bytes = w.take();
    if (index.size() != mentions.size()) m_covered = SIZE_MAX; // save_index refuses it
}

IndexSnapshotJob::~IndexSnapshotJob() = default;

bool IndexSnapshotJob::build_more(size_t max_bytes) {
    const bool done = m_index.snapshot_more(m_cursor, m_bytes, max_bytes);
    m_checksum->advance(m_bytes); // while the bytes just written are still in the cache
    return done;
}

Result<bool> Store::save_index(const MentionIndex& index, const MentionStore& mentions) {
    IndexSnapshotJob job(index, mentions);
    job.build_more(SIZE_MAX);
    return save_index(job);
}

Result<bool> Store::save_index(IndexSnapshotJob& job) {
    if (!job.m_cursor.done) return Error{"the index snapshot is not built yet; nothing was written"};
    std::string bytes = std::move(job.m_bytes);
    job.m_bytes.clear();
    if (m_read_only) return Error{"storage is read-only (see the earlier message); nothing was written"};
    if (job.m_covered == SIZE_MAX) return Error{"the index is not up to date; nothing was written"};
    ByteWriter tail;
    tail.fixed64(job.m_checksum->finish(bytes));
    bytes += tail.written();
    if (auto ok = replace_file(m_fs, m_dir, kSnapshotFile, bytes); !ok) return Error{ok.error()};
    m_snapshot_size = job.m_covered;
    return true;
}

Result<size_t> Store::load_index(MentionIndex& index, const MentionStore& mentions) {
    std::optional<std::string> bytes = m_fs.read(m_dir + "/" + kSnapshotFile);
    if (!bytes) return size_t{0};
    if (bytes->size() < sizeof kSnapshotMagic + 24 ||
        std::memcmp(bytes->data(), kSnapshotMagic, sizeof kSnapshotMagic) != 0)
        return Error{"the index snapshot is not one (wrong header); it will be rebuilt"};
    const std::string_view body(bytes->data(), bytes->size() - 8);
    ByteReader tail(std::string_view(*bytes).substr(bytes->size() - 8));
    if (tail.fixed64() != fast_checksum(body)) return Error{"the index snapshot is damaged; it will be rebuilt"};
    ByteReader header(body.substr(sizeof kSnapshotMagic, 16));
    const uint64_t covered = header.fixed64(), fingerprint = header.fixed64();
    // Positions are only meaningful for the same ids in the same order: the snapshot
    // must end exactly where one of the loaded segments did.
    const bool matches = covered == 0 || std::any_of(m_segments.begin(), m_segments.end(), [&](const SegmentInfo& s) {
        return s.loaded && s.end_size == covered && s.end_fingerprint == fingerprint;
    });
    if (!matches || covered > mentions.size()) return size_t{0};
    MentionIndex restored;
    if (Result<bool> ok = restored.restore(body.substr(sizeof kSnapshotMagic + 16)); !ok)
        return Error{ok.error() + "; it will be rebuilt"};
    if (restored.size() != covered) return Error{"the index snapshot is damaged (size); it will be rebuilt"};
    index = std::move(restored);
    m_snapshot_size = covered;
    return static_cast<size_t>(covered);
}

} // namespace earshot::core
