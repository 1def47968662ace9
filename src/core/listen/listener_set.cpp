// ListenerSet (validated create/edit/pause/delete), listener JSON and overlap
// linking. Poll groups and the PollScheduler are in listeners_poll.cpp. See
// listeners.hpp for the contracts.
#include "core/listen/listener_set.hpp"

#include "core/text/internal/json_read.hpp"
#include "core/listen/profile.hpp"
#include "core/text/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace earshot::core {

using nlohmann::json;

namespace {

constexpr uint64_t kMaxDailyCap = 1'000'000;

} // namespace

// [SECTION] ListenerSet

ListenerSettings settings_of(const Listener& l) {
    return {l.name, l.query, l.sources, l.interval_minutes, l.daily_cap_posts};
}

std::string ListenerError::to_string() const {
    return field == ListenerField::Query && column > 0
               ? "column " + std::to_string(column) + ": " + message
               : message;
}

ListenerSet::ListenerSet(std::vector<Listener> listeners, uint64_t retired) : m_retired(retired) {
    // Keep valid, distinct bits; then give the others their position (older
    // code linked mentions by position), or else the lowest free bit.
    uint64_t used = 0;
    for (Listener& l : listeners) {
        const uint64_t b = l.bit >= 0 && l.bit < 64 ? uint64_t{1} << l.bit : 0;
        if (b && !(used & b) && !(m_retired & b))
            used |= b;
        else
            l.bit = -1;
    }
    for (size_t i = 0; i < listeners.size(); ++i) {
        Listener& l = listeners[i];
        if (l.bit >= 0)
            continue;
        const uint64_t taken = used | m_retired;
        if (i < 64 && !(taken & (uint64_t{1} << i))) {
            l.bit = static_cast<int>(i);
        } else {
            for (int b = 0; b < 64 && l.bit < 0; ++b)
                if (!(taken & (uint64_t{1} << b)))
                    l.bit = b;
        }
        if (l.bit >= 0)
            used |= uint64_t{1} << l.bit;
    }
    for (Listener& l : listeners) {
        const std::string id = l.id;
        l.id.clear(); // not counted as taken by itself
        m_listeners.push_back(l);
        m_listeners.back().id = unique_id(id.empty() ? (l.name.empty() ? "listener" : l.name) : id);
    }
}

const Listener* ListenerSet::find(const std::string& id) const {
    const int i = index_of(id);
    return i < 0 ? nullptr : &m_listeners[static_cast<size_t>(i)];
}

Listener* ListenerSet::find(const std::string& id) {
    const int i = index_of(id);
    return i < 0 ? nullptr : &m_listeners[static_cast<size_t>(i)];
}

int ListenerSet::index_of(const std::string& id) const {
    for (size_t i = 0; i < m_listeners.size(); ++i)
        if (m_listeners[i].id == id)
            return static_cast<int>(i);
    return -1;
}

std::optional<ListenerError> ListenerSet::validate(const ListenerSettings& s,
                                                   const std::string& except_id) const {
    const std::string name = trim(s.name);
    if (name.empty())
        return ListenerError{ListenerField::Name, 0, "expected a name for the listener"};
    if (utf8_length(name) > kMaxNameLength)
        return ListenerError{ListenerField::Name, 0,
                             "expected a name of at most " + std::to_string(kMaxNameLength) +
                                 " characters"};
    const std::string folded = to_lower(name);
    for (const Listener& l : m_listeners)
        if (l.id != except_id && to_lower(trim(l.name)) == folded)
            return ListenerError{ListenerField::Name, 0,
                                 "another listener is already called " + name};

    auto parsed = Query::parse(s.query);
    if (const QueryError* e = std::get_if<QueryError>(&parsed))
        return ListenerError{ListenerField::Query, e->column, e->message};
    if (Result<std::string> x = std::get<Query>(parsed).to_x_query(); !x) {
        // Point at the first character past the limit when the text itself is that long.
        const size_t length = utf8_length(s.query);
        return ListenerError{ListenerField::Query,
                             length > Query::kMaxXQueryLength ? Query::kMaxXQueryLength + 1 : 0,
                             x.error() + "; shorten it or split it into two listeners"};
    }
    if (s.sources & ~kPolledSources)
        return ListenerError{ListenerField::Sources, 0,
                             "expected X, Bluesky or Mastodon as sources"};
    if (s.interval_minutes < kMinIntervalMinutes || s.interval_minutes > kMaxIntervalMinutes)
        return ListenerError{
            ListenerField::Interval, 0,
            "expected a poll interval between 5 minutes and 6 days (X's recent search reaches "
            "back only 7 days, so waiting longer would miss posts)"};
    if (s.daily_cap_posts > kMaxDailyCap)
        return ListenerError{ListenerField::DailyCap, 0,
                             "expected a daily cap of at most " + format_count(kMaxDailyCap) +
                                 " posts (0 for none; the monthly cap still holds)"};
    return std::nullopt;
}

int ListenerSet::free_bit() const {
    uint64_t taken = m_retired;
    for (const Listener& l : m_listeners)
        if (l.bit >= 0 && l.bit < 64)
            taken |= uint64_t{1} << l.bit;
    for (int b = 0; b < 64; ++b)
        if (!(taken & (uint64_t{1} << b)))
            return b;
    return -1;
}

std::optional<ListenerError> ListenerSet::check_limit() const {
    if (m_listeners.size() >= static_cast<size_t>(kMaxListeners))
        return ListenerError{ListenerField::Limit, 0,
                             "Earshot keeps at most 64 listeners; delete one first"};
    if (free_bit() < 0)
        return ListenerError{
            ListenerField::Limit, 0,
            "mentions of deleted listeners still hold the remaining places (64 in all); clear "
            "them before adding another listener"};
    return std::nullopt;
}

std::string ListenerSet::unique_id(std::string_view hint) const {
    std::string base = slug(hint).substr(0, 48); // ids stay short in URLs and files
    if (base.empty())
        base = "listener";
    std::string id = base;
    for (int n = 2; index_of(id) >= 0; ++n)
        id = base + "-" + std::to_string(n);
    return id;
}

std::variant<std::string, ListenerError> ListenerSet::create(const ListenerSettings& s,
                                                             std::string_view id_hint) {
    Listener l;
    l.id = std::string(id_hint);
    l.name = s.name;
    l.query = s.query;
    l.sources = s.sources;
    l.interval_minutes = s.interval_minutes;
    l.daily_cap_posts = s.daily_cap_posts;
    return add(std::move(l));
}

std::variant<std::string, ListenerError> ListenerSet::add(Listener l) {
    if (auto e = validate(settings_of(l)))
        return *e;
    if (auto e = check_limit())
        return *e;
    l.name = trim(l.name);
    l.id = unique_id(l.id.empty() ? l.name : l.id);
    l.bit = free_bit();
    m_listeners.push_back(std::move(l));
    return m_listeners.back().id;
}

std::optional<ListenerError> ListenerSet::edit(const std::string& id, const ListenerSettings& s,
                                               bool backfill) {
    Listener* l = find(id);
    if (!l)
        return ListenerError{ListenerField::Name, 0, "that listener no longer exists"};
    if (auto e = validate(s, id))
        return e;
    if (x_wire_query(l->query) != x_wire_query(s.query)) {
        l->resume = {}; // a page token of the old query means nothing for the new one
        if (backfill) {
            l->newest_id.clear();
            l->last_sync = 0;
            l->read_from_id.clear();
        } else {
            l->read_from_id = l->newest_id; // the new query's older posts were never read
        }
    }
    l->name = trim(s.name);
    l->query = s.query;
    l->sources = s.sources;
    l->interval_minutes = s.interval_minutes;
    l->daily_cap_posts = s.daily_cap_posts;
    return std::nullopt;
}

bool ListenerSet::set_paused(const std::string& id, bool paused) {
    Listener* l = find(id);
    if (!l)
        return false;
    l->paused = paused;
    return true;
}

bool ListenerSet::remove(const std::string& id) {
    const int i = index_of(id);
    if (i < 0)
        return false;
    m_retired |= mask_of(m_listeners[static_cast<size_t>(i)], static_cast<size_t>(i));
    m_listeners.erase(m_listeners.begin() + i);
    return true;
}

uint64_t ListenerSet::mask_of(const Listener& l, size_t position) {
    if (l.bit >= 0 && l.bit < 64)
        return uint64_t{1} << l.bit;
    return position < 64 ? uint64_t{1} << position : 0;
}

json ListenerSet::to_json() const {
    json ls = json::array();
    for (const Listener& l : m_listeners)
        ls.push_back(listener_to_json(l));
    return {{"listeners", ls}, {"retired_bits", m_retired}};
}

ListenerSet ListenerSet::from_json(const json& doc) {
    std::vector<Listener> ls;
    if (const json* arr = json_read::field(doc, "listeners"); arr && arr->is_array())
        for (const json& j : *arr)
            if (j.is_object())
                ls.push_back(listener_from_json(j));
    return ListenerSet(std::move(ls), json_read::u64(doc, "retired_bits"));
}

// [SECTION] Serialisation

json listener_to_json(const Listener& l) {
    json sources = json::array();
    for (Source s : {Source::X, Source::Bsky, Source::Mastodon})
        if (l.sources & source_bit(s))
            sources.push_back(to_string(s));
    json j = {{"id", l.id},
              {"name", l.name},
              {"query", l.query},
              {"newest_id", l.newest_id},
              {"last_sync", l.last_sync},
              {"posts_read", l.posts_read},
              {"paused", l.paused},
              {"bit", l.bit},
              {"sources", sources},
              {"interval_minutes", l.interval_minutes},
              {"daily_cap_posts", l.daily_cap_posts},
              {"kind", l.kind}};
    if (!l.resume.empty())
        j["resume"] = {{"since_id", l.resume.since_id},     {"until_id", l.resume.until_id},
                       {"next_token", l.resume.next_token}, {"newest_id", l.resume.newest_id},
                       {"oldest_id", l.resume.oldest_id},   {"query", l.resume.query}};
    if (!l.read_from_id.empty())
        j["read_from_id"] = l.read_from_id;
    return j;
}

Listener listener_from_json(const json& j) {
    using namespace json_read;
    Listener l;
    l.id = str(j, "id");
    l.name = str(j, "name");
    l.query = str(j, "query");
    l.newest_id = str(j, "newest_id");
    l.last_sync = i64(j, "last_sync");
    l.posts_read = u64(j, "posts_read");
    l.paused = boolean(j, "paused");
    l.bit = static_cast<int>(std::clamp<int64_t>(i64(j, "bit", -1), -1, 63));
    if (const json* s = field(j, "sources"); s && s->is_array()) {
        l.sources = 0;
        for (const json& name : *s)
            if (name.is_string())
                if (auto src = source_from_string(name.get<std::string>()))
                    l.sources |= source_bit(*src) & kPolledSources;
    }
    l.interval_minutes = static_cast<int>(std::clamp<int64_t>(
        i64(j, "interval_minutes", l.interval_minutes), 1, ListenerSet::kMaxIntervalMinutes));
    l.daily_cap_posts = u64(j, "daily_cap_posts", l.daily_cap_posts);
    l.kind = str(j, "kind");
    if (const json* r = field(j, "resume"); r && r->is_object()) {
        l.resume = {str(*r, "since_id"),  str(*r, "until_id"),  str(*r, "next_token"),
                    str(*r, "newest_id"), str(*r, "oldest_id"), str(*r, "query")};
        // Saved before poll groups: the run was of this listener's own query.
        if (l.resume.query.empty() && !l.resume.empty())
            l.resume.query = x_wire_query(l.query);
    }
    l.read_from_id = str(j, "read_from_id");
    return l;
}

// [SECTION] Overlaps

ListenerMatcher::Key ListenerMatcher::key_of(const Listener& l, size_t position) {
    return {l.query, ListenerSet::mask_of(l, position), l.sources};
}

bool ListenerMatcher::built_for(const std::vector<Listener>& listeners) const {
    if (listeners.size() != m_built_from.size())
        return false;
    // Compared in place: asked every import slice, it should not copy every query.
    for (size_t i = 0; i < listeners.size(); ++i) {
        const Key& k = m_built_from[i];
        if (k.query != listeners[i].query || k.sources != listeners[i].sources ||
            k.mask != ListenerSet::mask_of(listeners[i], i))
            return false;
    }
    return true;
}

ListenerMatcher::ListenerMatcher(const std::vector<Listener>& listeners) {
    for (size_t i = 0; i < listeners.size(); ++i) {
        m_built_from.push_back(key_of(listeners[i], i));
        auto parsed = Query::parse(listeners[i].query);
        if (Query* q = std::get_if<Query>(&parsed))
            m_entries.push_back(
                {std::move(*q), ListenerSet::mask_of(listeners[i], i), listeners[i].sources});
    }
}

uint64_t ListenerMatcher::match(const Mention& m) const {
    uint64_t mask = 0;
    QuerySubject subject(m);
    for (const Entry& e : m_entries)
        if ((e.sources == 0 || (e.sources & source_bit(m.source))) && !(mask & e.mask) &&
            e.query.matches(subject))
            mask |= e.mask;
    return mask;
}

uint64_t ListenerMatcher::may_match(const Mention& m, uint64_t among) const {
    uint64_t mask = 0;
    QuerySubject subject(m);
    for (const Entry& e : m_entries)
        if ((e.mask & among) && e.query.may_match_uncut(subject))
            mask |= e.mask;
    return mask;
}

std::vector<uint64_t> link_page(const std::vector<Mention>& page, uint64_t fetched_for_mask,
                                const ListenerMatcher& matcher) {
    std::vector<uint64_t> masks;
    masks.reserve(page.size());
    for (const Mention& m : page) {
        uint64_t mask = matcher.match(m);
        if (!(mask & fetched_for_mask)) {
            const uint64_t could = matcher.may_match(m, fetched_for_mask);
            mask |= could ? could : fetched_for_mask;
        }
        masks.push_back(mask);
    }
    return masks;
}

std::vector<size_t> link_stored(MentionStore& store, const Listener& l, uint64_t mask,
                                const std::vector<uint32_t>* candidates) {
    std::vector<size_t> linked;
    auto parsed = Query::parse(l.query);
    const Query* q = std::get_if<Query>(&parsed);
    if (!q || !mask)
        return linked;
    const auto check = [&](size_t i) {
        const Mention& m = store.at(i);
        if ((store.listeners_of(i) & mask) ||
            (l.sources != 0 && !(l.sources & source_bit(m.source))) || !q->matches(m))
            return;
        store.upsert(m, mask);
        linked.push_back(i);
    };
    if (candidates) {
        for (uint32_t i : *candidates)
            if (i < store.size())
                check(i);
    } else {
        for (size_t i = 0; i < store.size(); ++i)
            check(i);
    }
    return linked;
}

std::vector<uint64_t> member_charges(const std::vector<uint64_t>& page_masks,
                                     const std::vector<uint64_t>& member_masks,
                                     uint64_t unreadable) {
    std::vector<uint64_t> charges(member_masks.size(), unreadable);
    for (uint64_t links : page_masks)
        for (size_t k = 0; k < member_masks.size(); ++k)
            if (links & member_masks[k])
                ++charges[k];
    return charges;
}

} // namespace earshot::core
