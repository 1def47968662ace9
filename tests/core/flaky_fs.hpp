// The FileSystem the storage tests use: files in memory, so a test sees exactly
// what a save leaves behind, and a write step (write or rename) that can be made
// to fail — or "crash", leaving half a file — to test what survives.
#pragma once

#include "core/store/persistent_store.hpp"

#include <map>
#include <string>

namespace earshot::test {

class FlakyFileSystem : public core::FileSystem {
  public:
    std::map<std::string, std::string> files;
    int fail_at = -1; ///< the write step that fails (0-based), -1 never
    int steps = 0;
    bool torn = false; ///< a failed write leaves half the bytes behind
    /// The failing step is a crash: every later write and rename fails too, as
    /// nothing reaches the disk from a process that died.
    bool crash = false;
    bool crashed = false;

    std::optional<std::string> read(const std::string& p) override {
        auto it = files.find(p);
        if (it == files.end()) return std::nullopt;
        return it->second;
    }
    core::Result<bool> write(const std::string& p, std::string_view d) override {
        if (crashed) return core::Error{"the process has died"};
        if (steps++ == fail_at) {
            crashed = crash;
            if (torn) files[p] = std::string(d.substr(0, d.size() / 2));
            return core::Error{"QuotaExceededError"};
        }
        files[p] = std::string(d);
        return true;
    }
    core::Result<bool> rename(const std::string& from, const std::string& to) override {
        if (crashed) return core::Error{"the process has died"};
        if (steps++ == fail_at) {
            crashed = crash;
            return core::Error{"rename failed"};
        }
        auto it = files.find(from);
        if (it == files.end()) return core::Error{"no such file"};
        files[to] = it->second;
        files.erase(it);
        return true;
    }
    void remove(const std::string& p) override {
        if (!crashed) files.erase(p);
    }
    core::Result<bool> make_dirs(const std::string&) override { return true; }
};

} // namespace earshot::test
