// Store: manifest (JSON, small, atomically replaced) naming sealed segments.
#include "core/store.hpp"

#include "core/listeners.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

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
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return Error{"cannot create " + path};
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) return Error{"cannot write " + path + " (is the disk or storage quota full?)"};
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

// [SECTION] Store

Store::Store(FileSystem& fs, std::string dir) : m_fs(fs), m_dir(std::move(dir)) {}

Result<bool> Store::load(MentionStore& mentions, std::vector<Listener>& listeners) {
    // load() may run again (another tab wrote meanwhile): start from nothing.
    m_segments.clear();
    m_bytes = 0;
    m_next_segment = 1;
    m_read_only = false;
    std::optional<std::string> text = m_fs.read(m_dir + "/manifest.json");
    if (!text) return false;
    json doc = json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != "earshot-manifest") {
        m_read_only = true;
        return Error{"the stored manifest is damaged; Earshot will not write over it. Export or clear site data to start again."};
    }
    uint32_t version = doc.value("version", 0u);
    if (version > kManifestVersion || version == 0) {
        m_read_only = true;
        return Error{"stored data has format version " + std::to_string(version) +
                     ", which this Earshot does not know (it knows " + std::to_string(kManifestVersion) +
                     "). Open the newer Earshot that wrote it; nothing was changed."};
    }
    m_next_segment = doc.value("next_segment", uint64_t{1});
    m_bytes = text->size();
    size_t expected = mentions.size();
    for (const json& s : doc.value("segments", json::array())) expected += s.value("count", 0u);
    mentions.reserve(expected); // one allocation instead of a million rehashes and moves
    for (const json& s : doc.value("segments", json::array())) {
        SegmentInfo info{s.value("file", ""), s.value("count", 0u), s.value("bytes", uint64_t{0})};
        std::optional<std::string> bytes = m_fs.read(m_dir + "/" + info.file);
        if (!bytes) {
            m_read_only = true;
            return Error{"stored segment " + info.file + " is missing; nothing was changed"};
        }
        Result<std::vector<SegmentRecord>> recs = decode_segment(*bytes);
        if (!recs) {
            m_read_only = true;
            return Error{info.file + ": " + recs.error()};
        }
        for (SegmentRecord& r : recs.value()) mentions.upsert(std::move(r.mention), r.listeners);
        m_bytes += bytes->size();
        m_segments.push_back(std::move(info));
    }
    listeners.clear();
    for (const json& l : doc.value("listeners", json::array()))
        if (l.is_object()) listeners.push_back(listener_from_json(l));
    m_extras = {};
    if (auto it = doc.find("spend"); it != doc.end() && it->is_string()) m_extras.spend_json = it->get<std::string>();
    if (auto it = doc.find("retired_listener_bits"); it != doc.end() && it->is_number_unsigned())
        m_extras.retired_listener_bits = it->get<uint64_t>();
    return true;
}

std::string Store::manifest_json(const std::vector<Listener>& listeners, const ManifestExtras& extras) const {
    json segs = json::array();
    for (const SegmentInfo& s : m_segments) segs.push_back({{"file", s.file}, {"count", s.count}, {"bytes", s.bytes}});
    json ls = json::array();
    for (const Listener& l : listeners) ls.push_back(listener_to_json(l));
    json doc{{"format", "earshot-manifest"}, {"version", kManifestVersion}, {"next_segment", m_next_segment},
             {"segments", segs}, {"listeners", ls}, {"retired_listener_bits", extras.retired_listener_bits}};
    if (!extras.spend_json.empty()) doc["spend"] = extras.spend_json;
    return doc.dump(1);
}

Result<bool> Store::commit(const std::vector<SegmentRecord>& records, const std::vector<Listener>& listeners,
                           const ManifestExtras& extras) {
    if (m_read_only) return Error{"storage is read-only (see the earlier message); nothing was written"};
    if (auto ok = m_fs.make_dirs(m_dir); !ok) return Error{ok.error()};
    std::vector<SegmentInfo> before = m_segments;
    uint64_t next_before = m_next_segment;
    if (!records.empty()) {
        char name[32];
        std::snprintf(name, sizeof name, "seg-%06llu.bin", static_cast<unsigned long long>(m_next_segment));
        std::string bytes = encode_segment(records);
        if (auto ok = m_fs.write(m_dir + "/" + name, bytes); !ok) {
            m_fs.remove(m_dir + "/" + name);
            return Error{ok.error()};
        }
        m_segments.push_back({name, static_cast<uint32_t>(records.size()), bytes.size()});
        ++m_next_segment;
    }
    std::string manifest = manifest_json(listeners, extras);
    auto rollback = [&](const std::string& why) -> Result<bool> {
        // The segment stays orphaned on disk until the next commit reuses its
        // number; the old manifest still names only complete segments.
        m_segments = before;
        m_next_segment = next_before;
        return Error{why};
    };
    if (auto ok = m_fs.write(m_dir + "/manifest.json.tmp", manifest); !ok) return rollback(ok.error());
    if (auto ok = m_fs.rename(m_dir + "/manifest.json.tmp", m_dir + "/manifest.json"); !ok) return rollback(ok.error());
    m_bytes = manifest.size();
    for (const SegmentInfo& s : m_segments) m_bytes += s.bytes;
    m_extras = extras;
    return true;
}

} // namespace earshot::core
