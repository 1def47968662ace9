// A listener: a named saved search plus what polling has learnt about it
// (the newest id seen, so the next run asks only for what is new).
#pragma once

#include "core/model/mention.hpp"

#include <cstdint>
#include <string>

namespace earshot::core {

/// Bit of a source in Listener::sources.
constexpr uint32_t source_bit(Source s) {
    return uint32_t{1} << static_cast<uint8_t>(s);
}
/// The sources a listener may poll (Import is never polled).
constexpr uint32_t kPolledSources =
    source_bit(Source::X) | source_bit(Source::Bsky) | source_bit(Source::Mastodon);

/// Where an interrupted run stands, so the next run resumes it instead of
/// reading (and paying for) the same pages again. Empty when no run is pending.
/// X returns pages newest first, so only posts between `since_id` and
/// `oldest_id` (both exclusive) are still to be read.
struct RunCursor {
    std::string since_id;   ///< the since_id the run was started with
    std::string until_id;   ///< the until_id its requests carry ("" = none)
    std::string next_token; ///< X's token for the next page ("" = ask below oldest_id)
    std::string newest_id;  ///< newest post the run has read (the next since_id once it ends)
    std::string oldest_id;  ///< oldest post the run has read
    /// The query the run sent: next_token is valid only with it. A poll group
    /// keeps the same cursor on every member of the run, so when a member leaves
    /// (paused, deleted, capped) the rest see a different query and continue
    /// below oldest_id instead. "" (cursors saved before groups): the
    /// listener's own query.
    std::string query;

    bool empty() const { return next_token.empty() && oldest_id.empty(); }
    bool operator==(const RunCursor& o) const {
        return since_id == o.since_id && until_id == o.until_id && next_token == o.next_token &&
               newest_id == o.newest_id && oldest_id == o.oldest_id && query == o.query;
    }
    bool operator!=(const RunCursor& o) const { return !(*this == o); }
};

/// A saved search. The first seven fields are the ones Store's manifest keeps;
/// the rest have defaults so older code and manifests stay valid (see
/// listener_to_json in listeners.hpp for a serialisation of every field).
struct Listener {
    std::string id;          ///< stable, e.g. "my-business"; never changes on rename
    std::string name;        ///< shown to the owner
    std::string query;       ///< X search syntax
    std::string newest_id;   ///< since_id for the next poll ("" = never polled)
    int64_t last_sync = 0;   ///< Unix seconds of the last completed poll
    uint64_t posts_read = 0; ///< posts fetched from the source, all time
    bool paused = false;

    /// Listener-link bit in MentionStore (0..63). -1 = not assigned yet: older
    /// code used the listener's position, so ListenerSet adopts that.
    int bit = -1;
    /// Sources to poll (source_bit). 0 = local only: the listener matches what
    /// other listeners fetch and costs nothing.
    uint32_t sources = source_bit(Source::X);
    int interval_minutes = 60;    ///< schedule: poll at most this often
    uint64_t daily_cap_posts = 0; ///< budget: posts a UTC day for this listener; 0 = no own cap
    std::string kind{}; ///< template it came from ("my-business", "competitor", …), "" custom
    RunCursor resume{}; ///< an interrupted run to finish first
    /// Its current query has been read only above this id: set when the query is
    /// edited without backfill, so a catch-up never leaves out posts this
    /// listener was never sent ("" = read as far back as X reached).
    std::string read_from_id{};
};

} // namespace earshot::core
