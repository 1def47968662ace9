// A listener: a named saved search plus what polling has learnt about it
// (the newest id seen, so the next run asks only for what is new).
#pragma once

#include <cstdint>
#include <string>

namespace earshot::core {

struct Listener {
    std::string id;    ///< stable, e.g. "my-business"
    std::string name;  ///< shown to the owner
    std::string query; ///< X search syntax
    std::string newest_id;   ///< since_id for the next poll ("" = never polled)
    int64_t last_sync = 0;   ///< Unix seconds of the last completed poll
    uint64_t posts_read = 0; ///< posts fetched from the source, all time
    bool paused = false;
};

} // namespace earshot::core
