// Poll groups and the PollScheduler: which listeners share one search, which
// search runs next (finish an interrupted run, catch up, poll) and why the
// others wait. The design is in listeners.hpp, "Poll groups".
#include "core/listen/listener_set.hpp"

#include "core/query/ast.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

namespace earshot::core {

namespace {

bool polls_x(const Listener& l) {
    return !l.paused && (l.sources & source_bit(Source::X));
}

std::vector<std::string> ids_of(const std::vector<const Listener*>& ls) {
    std::vector<std::string> out;
    for (const Listener* l : ls)
        out.push_back(l->id);
    return out;
}

std::vector<std::string> queries_of(const std::vector<const Listener*>& ls) {
    std::vector<std::string> out;
    for (const Listener* l : ls)
        out.push_back(l->query);
    return out;
}

bool contains(const std::vector<const Listener*>& ls, const Listener* l) {
    return std::find(ls.begin(), ls.end(), l) != ls.end();
}

// Whether `l` has read every post of its query in the window (since, until]:
// its newest id reaches `until` and its query was read from `since` or before.
// Only such a listener's posts may be left out of another's catch-up.
bool covers(const Listener& l, const std::string& since, const std::string& until) {
    if (l.newest_id.empty() || until.empty() || id_newer(until, l.newest_id))
        return false;
    return l.read_from_id.empty() || (!since.empty() && !id_newer(l.read_from_id, since));
}

// The run's members and query; leaves out what `others` read already when
// that fits X's 512 characters, and says so when it does not.
void set_query(PollRun& run, const std::vector<const Listener*>& members,
               const std::vector<const Listener*>& others) {
    run.members = ids_of(members);
    if (others.empty()) {
        Result<std::string> wire = combined_x_query(queries_of(members));
        run.query = wire ? wire.value() : x_wire_query(members.front()->query);
        return;
    }
    const ExcludingQuery q = excluding_x_query(queries_of(members), queries_of(others));
    run.query = q.query;
    run.nothing_to_read = q.nothing_to_read;
    if (q.excludes || q.nothing_to_read)
        run.excluded = ids_of(others);
    else
        run.exclusion_dropped = true;
}

PollRun resume_run(const RunCursor& c, const std::vector<const Listener*>& all,
                   const std::vector<const Listener*>& able) {
    PollRun run;
    run.kind = PollRun::Kind::Resume;
    run.resume = c;
    run.since_id = c.since_id;
    run.until_id = c.until_id;
    run.newest_floor = c.newest_id;
    std::vector<const Listener*> members, others;
    for (const Listener* l : able)
        if (l->resume == c)
            members.push_back(l);
    // What is left to read lies below the oldest post read (once the query
    // changes, the page token is dropped): members that have read that part
    // already — the rest of the group finished the run without these — are
    // left out.
    const std::string& below = c.oldest_id.empty() ? c.until_id : c.oldest_id;
    for (const Listener* l : all)
        if (!contains(members, l) && covers(*l, c.since_id, below))
            others.push_back(l);
    set_query(run, members, others);
    return run;
}

PollRun catch_up_run(const std::string& group_newest, const Listener& first_behind,
                     const std::vector<const Listener*>& all,
                     const std::vector<const Listener*>& able) {
    PollRun run;
    run.kind = PollRun::Kind::CatchUp;
    run.since_id = first_behind.newest_id;
    run.until_id = group_newest;
    run.newest_floor = group_newest;
    std::vector<const Listener*> members, others;
    for (const Listener* l : able) // those behind at the same point catch up together
        if (l->newest_id == first_behind.newest_id)
            members.push_back(l);
    for (const Listener* l : all)
        if (!contains(members, l) && covers(*l, run.since_id, group_newest))
            others.push_back(l);
    set_query(run, members, others);
    return run;
}

// The words, tags and handles a query asks for (not those it excludes, nor
// operators like lang: that unrelated queries share).
void collect_terms(const QueryNode& n, std::set<std::string>& out) {
    switch (n.kind) {
    case NodeKind::Not:
        return;
    case NodeKind::And:
    case NodeKind::Or:
        for (const QueryNode& c : n.children)
            collect_terms(c, out);
        return;
    case NodeKind::Keyword:
    case NodeKind::Phrase:
    case NodeKind::Url:
        for (size_t i = 0; i < n.tokens.size(); ++i)
            out.insert(std::string(n.tokens[i]));
        return;
    case NodeKind::Hashtag:
    case NodeKind::Place:
        out.insert(n.folded); // #brighton and place:Brighton are about Brighton too
        return;
    case NodeKind::Mention:
    case NodeKind::From:
    case NodeKind::To:
        out.insert("@" + to_lower(n.text));
        return;
    default:
        return;
    }
}

// Pairs of queries sharing terms, most shared first (ties in listener order).
std::vector<std::tuple<size_t, size_t, size_t>> sharing_pairs(const std::vector<std::optional<Query>>& parsed) {
    std::vector<std::set<std::string>> terms(parsed.size());
    for (size_t i = 0; i < parsed.size(); ++i)
        if (parsed[i] && parsed[i]->root())
            collect_terms(*parsed[i]->root(), terms[i]);
    std::vector<std::tuple<size_t, size_t, size_t>> pairs;
    for (size_t i = 0; i < parsed.size(); ++i)
        for (size_t j = i + 1; j < parsed.size(); ++j) {
            size_t shared = 0;
            for (const std::string& t : terms[i])
                shared += terms[j].count(t);
            if (shared > 0)
                pairs.emplace_back(shared, i, j);
        }
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
        if (std::get<0>(a) != std::get<0>(b))
            return std::get<0>(a) > std::get<0>(b);
        return std::make_pair(std::get<1>(a), std::get<2>(a)) < std::make_pair(std::get<1>(b), std::get<2>(b));
    });
    return pairs;
}

std::set<std::string> query_terms(const std::string& text) {
    std::set<std::string> out;
    auto parsed = Query::parse(text);
    if (const Query* q = std::get_if<Query>(&parsed); q && q->root())
        collect_terms(*q->root(), out);
    return out;
}

// Groups exist because their queries do not fit one search, so a whole other group
// rarely fits as an exclusion either: of `candidates`, those most likely to share
// posts with `members` (most posts shared in the store, then most words) first, as
// many as fit in an exclusion from their search within X's 512 characters.
size_t shared_count(const SharedPosts* shared, const std::string& a, const std::string& b) {
    if (!shared) return 0;
    const auto it = shared->find(a < b ? std::make_pair(a, b) : std::make_pair(b, a));
    return it == shared->end() ? 0 : it->second;
}

std::vector<const Listener*> excludable(const std::vector<const Listener*>& members,
                                        const std::vector<const Listener*>& candidates,
                                        const SharedPosts* shared_posts = nullptr) {
    std::set<std::string> ours;
    for (const Listener* l : members)
        ours.merge(query_terms(l->query));
    // By the posts they share in the store when known, else by the words.
    std::vector<std::pair<std::pair<size_t, size_t>, const Listener*>> sharing;
    for (const Listener* l : candidates) {
        size_t words = 0, posts = 0;
        for (const std::string& t : query_terms(l->query))
            words += ours.count(t);
        for (const Listener* m : members)
            posts += shared_count(shared_posts, l->id, m->id);
        if (posts > 0 || words > 0) // else an exclusion would cost a request and save nothing
            sharing.push_back({{posts, words}, l});

    }
    std::stable_sort(sharing.begin(), sharing.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<const Listener*> out;
    for (const auto& [shared, l] : sharing) {
        (void)shared;
        out.push_back(l);
        PollRun trial;
        set_query(trial, members, out);
        if (trial.exclusion_dropped)
            out.pop_back(); // too long with this one: try the next
    }
    return out;
}

// Another group may have read past `newest` already. Reading up to where it
// stopped without what it matched (those posts are stored, and finish_run links
// them here), then polling on from there, keeps a post both groups match from
// being read and paid for twice. nullopt when no other group is ahead, or when
// the exclusion would not fit X's 512 characters (it would save nothing).
std::optional<PollRun> cross_group_catch_up(const std::string& newest, const std::vector<const Listener*>& able,
                                            const std::vector<Listener>& listeners, const PollGroup& group,
                                            const SharedPosts* shared) {
    std::string ahead;
    for (const Listener& l : listeners)
        if (polls_x(l) && !std::count(group.members.begin(), group.members.end(), l.id) &&
            id_newer(l.newest_id, newest) && id_newer(l.newest_id, ahead))
            ahead = l.newest_id;
    if (ahead.empty())
        return std::nullopt;
    std::vector<const Listener*> candidates;
    for (const Listener& l : listeners)
        if (polls_x(l) && !std::count(group.members.begin(), group.members.end(), l.id) && covers(l, newest, ahead))
            candidates.push_back(&l);
    const std::vector<const Listener*> others = excludable(able, candidates, shared);
    if (others.empty())
        return std::nullopt;
    PollRun run;
    run.kind = PollRun::Kind::CatchUp;
    run.since_id = newest;
    run.until_id = ahead;
    run.newest_floor = ahead;
    run.leads_poll = true;
    set_query(run, able, others);
    return run;
}

} // namespace

// [SECTION] Poll groups

SharedPosts count_shared_posts(const std::vector<Listener>& listeners, const MentionStore& store) {
    std::vector<uint64_t> masks;
    for (size_t k = 0; k < listeners.size(); ++k)
        masks.push_back(ListenerSet::mask_of(listeners[k], k));
    // Count each distinct combination of links once, then spread over the pairs.
    std::map<uint64_t, size_t> combos;
    for (size_t i = 0; i < store.size(); ++i)
        if (const uint64_t links = store.listeners_of(i); links & (links - 1))
            ++combos[links];
    SharedPosts out;
    for (const auto& [links, n] : combos)
        for (size_t a = 0; a < listeners.size(); ++a)
            for (size_t b = a + 1; b < listeners.size(); ++b)
                if ((links & masks[a]) && (links & masks[b])) {
                    const std::string &x = listeners[a].id, &y = listeners[b].id;
                    out[x < y ? std::make_pair(x, y) : std::make_pair(y, x)] += n;
                }
    return out;
}

std::vector<PollGroup> poll_groups(const std::vector<Listener>& listeners) {
    std::vector<const Listener*> items;
    std::vector<std::optional<Query>> parsed;
    for (const Listener& l : listeners) {
        if (!polls_x(l))
            continue;
        items.push_back(&l);
        auto q = Query::parse(l.query);
        parsed.push_back(std::holds_alternative<Query>(q) ? std::optional<Query>(std::get<Query>(q)) : std::nullopt);
    }
    // Each item starts alone; members are kept in listener order so the packing and
    // the group's query depend only on the listeners, never on how they were merged.
    std::vector<std::vector<size_t>> groups(items.size());
    for (size_t i = 0; i < items.size(); ++i)
        groups[i] = {i};
    const auto merged_query = [&](const std::vector<size_t>& a, const std::vector<size_t>& b) -> std::optional<std::string> {
        std::vector<size_t> all = a;
        all.insert(all.end(), b.begin(), b.end());
        std::sort(all.begin(), all.end());
        std::vector<Query> qs;
        for (size_t i : all) {
            if (!parsed[i])
                return std::nullopt; // a query that does not parse is searched alone
            qs.push_back(*parsed[i]);
        }
        Result<std::string> wire = Query::any_of(qs).to_x_query();
        return wire ? std::optional<std::string>(wire.value()) : std::nullopt;
    };
    const auto merge = [&](size_t into, size_t from) {
        groups[into].insert(groups[into].end(), groups[from].begin(), groups[from].end());
        std::sort(groups[into].begin(), groups[into].end());
        groups[from].clear();
    };
    const auto group_of = [&](size_t item) {
        for (size_t g = 0; g < groups.size(); ++g)
            if (std::count(groups[g].begin(), groups[g].end(), item))
                return g;
        return groups.size();
    };
    // Listeners sharing words are the ones whose posts overlap ("around Brighton" and
    // "questions people ask" both want Brighton coffee): those go together first, the
    // pairs sharing most before the others, so a shared post is not read by two
    // searches. Then first fit, in listener order, for what is left.
    for (const auto& [shared, i, j] : sharing_pairs(parsed)) {
        (void)shared;
        const size_t gi = group_of(i), gj = group_of(j);
        if (gi != gj && merged_query(groups[gi], groups[gj]))
            merge(std::min(gi, gj), std::max(gi, gj));
    }
    for (size_t g = 0; g < groups.size(); ++g)
        for (size_t h = 0; h < g && !groups[g].empty(); ++h)
            if (!groups[h].empty() && merged_query(groups[h], groups[g]))
                merge(h, g);
    std::vector<PollGroup> out;
    for (const std::vector<size_t>& g : groups) {
        if (g.empty())
            continue;
        PollGroup pg;
        for (size_t i : g)
            pg.members.push_back(items[i]->id);
        const std::optional<std::string> wire = g.size() > 1 ? merged_query(g, {}) : std::nullopt;
        pg.query = wire ? *wire : x_wire_query(items[g.front()]->query);
        out.push_back(std::move(pg));
    }
    // Groups in the order of their first member, as the listeners are listed.
    std::sort(out.begin(), out.end(), [&](const PollGroup& a, const PollGroup& b) {
        const auto pos = [&](const std::string& id) {
            for (size_t i = 0; i < items.size(); ++i)
                if (items[i]->id == id)
                    return i;
            return items.size();
        };
        return pos(a.members.front()) < pos(b.members.front());
    });
    return out;
}

PollRun next_group_run(const PollGroup& group, const std::vector<Listener>& listeners,
                       const std::vector<bool>& may_read, const SharedPosts* shared) {
    std::vector<const Listener*> all, able;
    for (const std::string& id : group.members)
        for (size_t i = 0; i < listeners.size(); ++i)
            if (listeners[i].id == id) {
                all.push_back(&listeners[i]);
                if (i < may_read.size() && may_read[i])
                    able.push_back(&listeners[i]);
            }
    if (able.empty())
        return {};
    for (const Listener* l : able)
        if (!l->resume.empty())
            return resume_run(l->resume, all, able);

    std::string newest;
    for (const Listener* l : able)
        if (id_newer(l->newest_id, newest))
            newest = l->newest_id;
    for (const Listener* l : able)
        if (id_newer(newest, l->newest_id))
            return catch_up_run(newest, *l, all, able);

    if (std::optional<PollRun> run = cross_group_catch_up(newest, able, listeners, group, shared))
        return *run;
    PollRun run;
    run.kind = PollRun::Kind::Poll;
    run.since_id = newest;
    set_query(run, able, {});
    return run;
}

// [SECTION] Runs (the bookkeeping the app does after each response)

std::vector<Listener*> members_of(ListenerSet& set, const PollRun& run) {
    std::vector<Listener*> out;
    for (const std::string& id : run.members)
        if (Listener* l = set.find(id))
            out.push_back(l);
    return out;
}

std::vector<const Listener*> members_of(const ListenerSet& set, const PollRun& run) {
    std::vector<const Listener*> out;
    for (const std::string& id : run.members)
        if (const Listener* l = set.find(id))
            out.push_back(l);
    return out;
}

std::vector<uint64_t> record_page(ListenerSet& set, const PollRun& run, const XSearchRun& search,
                                  const std::vector<Mention>& page, SpendGuard& spend,
                                  int64_t now) {
    std::vector<Listener*> members = members_of(set, run);
    std::vector<uint64_t> member_masks;
    uint64_t run_mask = 0;
    for (const Listener* l : members) {
        member_masks.push_back(ListenerSet::mask_of(*l, static_cast<size_t>(set.index_of(l->id))));
        run_mask |= member_masks.back();
    }
    const std::vector<uint64_t> masks = link_page(page, run_mask, ListenerMatcher(set.all()));
    const uint64_t read = search.last_page_posts(); // X bills these, readable or not
    const std::vector<uint64_t> charges =
        member_charges(masks, member_masks, read - std::min<uint64_t>(read, page.size()));
    std::vector<std::pair<std::string, uint64_t>> charged;
    for (size_t k = 0; k < members.size(); ++k) {
        charged.emplace_back(members[k]->id, charges[k]);
        members[k]->posts_read += charges[k];
        members[k]->resume = search.cursor(); // the same cursor on every member: see "Poll groups"
    }
    spend.record_shared(read, charged, now);
    return masks;
}

std::vector<size_t> finish_run(ListenerSet& set, const PollRun& run, const std::string& newest,
                               MentionStore& store, int64_t now, const MentionIndex* index) {
    std::vector<size_t> linked;
    const bool left_out = run.nothing_to_read || !run.excluded.empty();
    for (Listener* l : members_of(set, run)) {
        if (id_newer(newest, l->newest_id))
            l->newest_id = newest;
        if (!run.leads_poll) // the poll it opens is still to come
            l->last_sync = now;
        l->resume = {};
        if (!left_out)
            continue;
        // What its catch-up left out was read by the group: link it here.
        auto parsed = Query::parse(l->query);
        const Query* q = std::get_if<Query>(&parsed);
        if (!q)
            continue;
        const uint64_t mask = ListenerSet::mask_of(*l, static_cast<size_t>(set.index_of(l->id)));
        std::vector<uint32_t> candidates;
        if (index)
            candidates = index->search(*q, store);
        for (size_t i : link_stored(store, *l, mask, index ? &candidates : nullptr))
            if (std::find(linked.begin(), linked.end(), i) == linked.end())
                linked.push_back(i);
    }
    return linked;
}

// [SECTION] PollScheduler

std::string format_wait(int64_t s) {
    if (s <= 0)
        return "now";
    if (s < 60)
        return "in under a minute";
    if (s < 3600)
        return "in " + std::to_string((s + 59) / 60) + " min";
    if (s < 86400) {
        const int64_t minutes = (s + 59) / 60;
        return "in " + std::to_string(minutes / 60) + " h" +
               (minutes % 60 ? " " + std::to_string(minutes % 60) + " min" : "");
    }
    const int64_t days = (s + 43200) / 86400;
    return "in " + std::to_string(days) + (days == 1 ? " day" : " days");
}

void PollScheduler::on_response(const std::vector<std::string>& members, const HttpResponse& r,
                                XSearchRun::State state, int64_t now) {
    const RateLimit rate = read_rate_limit(r);
    if (state == XSearchRun::State::RateLimited || r.status == 429) {
        // Wait for X's announced reset; without one, a whole window. A reset
        // already past (clock skew) still waits a minute rather than loop.
        int64_t until = now + kDefaultWindow;
        if (rate.reset)
            until = *rate.reset > now ? std::min(*rate.reset, now + 86'400) : now + 60;
        m_hold_until = std::max(m_hold_until, until);
        return;
    }
    if (rate.remaining && *rate.remaining <= 0 && rate.reset && *rate.reset > now)
        m_hold_until = std::max(m_hold_until, std::min(*rate.reset, now + 86'400));
    for (const std::string& id : members) {
        if (state == XSearchRun::State::Failed) {
            Failure& f = m_failures[id];
            ++f.count;
            f.retry_at = now + (int64_t{60} << std::min(f.count - 1, 6)); // 1, 2, 4 … 64 min
        } else {
            m_failures.erase(id);
        }
    }
}

int64_t PollScheduler::retry_time(const Listener& l, int64_t now) const {
    auto f = m_failures.find(l.id);
    if (f == m_failures.end())
        return 0;
    const int64_t interval = int64_t{std::max(l.interval_minutes, 1)} * 60;
    return std::min(f->second.retry_at, now + interval); // never later than the schedule
}

namespace {

// What a listener that may read is told while its group does something else.
std::string queued_text(const PollRun& run, const std::vector<Listener>& ls) {
    if (run.kind == PollRun::Kind::Resume)
        return "Waits while its group finishes an interrupted poll";
    std::string names;
    for (const std::string& id : run.members)
        for (const Listener& l : ls)
            if (l.id == id)
                names += (names.empty() ? "" : ", ") + l.name;
    return "Waits while " + names + " catch" + (run.members.size() == 1 ? "es" : "") +
           " up with its group";
}

std::string ready_text(const PollRun& run) {
    switch (run.kind) {
    case PollRun::Kind::Resume:
        return "Finishing an interrupted poll";
    case PollRun::Kind::CatchUp:
        if (run.nothing_to_read)
            return "Joining its group: the group has read every post it matches";
        if (run.exclusion_dropped)
            return "Catching up with its group. Leaving out the group's posts would pass X's 512 "
                   "characters, so posts it shares with the group may be paid for twice";
        return "Catching up with its group (leaving out posts the group read)";
    case PollRun::Kind::Poll:
        break;
    }
    return "Due now";
}

} // namespace

namespace {

/// A group whose next run could start now: rank 0 resume, 1 catch-up, 2 poll.
struct ReadyGroup {
    int rank;
    int64_t due;
    size_t group;
};

// Groups due together: the one that could leave out the others' posts goes last
// (its catch-up then reads none of what they read), so the one that could leave
// out fewest goes first. Ties keep the listener order.
size_t poll_first(const std::vector<ReadyGroup>& ready, const ReadyGroup& best,
                  const std::vector<PollGroup>& groups, const std::vector<Listener>& listeners,
                  const std::vector<bool>& may_read, const SharedPosts* shared) {
    const auto members = [&](size_t g) {
        std::vector<const Listener*> out;
        for (const std::string& id : groups[g].members)
            for (size_t i = 0; i < listeners.size(); ++i)
                if (listeners[i].id == id && (i >= may_read.size() || may_read[i]))
                    out.push_back(&listeners[i]);
        return out;
    };
    std::vector<size_t> tied;
    for (const ReadyGroup& c : ready)
        if (c.rank == best.rank && c.due == best.due)
            tied.push_back(c.group);
    if (tied.size() < 2)
        return best.group;
    size_t first = best.group, fewest = SIZE_MAX;
    for (size_t g : tied) {
        size_t could_exclude = 0;
        for (size_t h : tied)
            if (h != g && !excludable(members(g), members(h), shared).empty())
                ++could_exclude;
        if (could_exclude < fewest || (could_exclude == fewest && g < first)) {
            fewest = could_exclude;
            first = g;
        }
    }
    return first;
}

} // namespace

PollDecision PollScheduler::decide(int64_t now, const std::vector<Listener>& listeners,
                                   const SpendGuard& spend, const PollOptions& options) const {
    PollDecision d;
    d.groups = poll_groups(listeners);
    std::vector<bool> may_read(listeners.size(), false);
    std::vector<int> max_results(listeners.size(), 0);
    for (size_t i = 0; i < listeners.size(); ++i) {
        const Listener& l = listeners[i];
        PollStatus st;
        st.listener_id = l.id;
        if (l.paused) {
            st.wait = PollWait::Paused;
            st.text = "Paused";
        } else if (!(l.sources & source_bit(Source::X))) {
            st.wait = PollWait::NotPolled;
            st.text = l.sources == 0
                          ? "Local only: matches the posts other listeners fetch, at no cost"
                          : "Not polled from X";
        } else if (m_hold_until > now) {
            st.wait = PollWait::RateLimited;
            st.until = m_hold_until;
            st.text =
                "X's rate limit is spent; searching resumes " + format_wait(m_hold_until - now);
        } else if (const Allowance a = spend.allowance(l, now); !a.ok()) {
            st.wait = a.stopped_by == CapKind::DailyCap ? PollWait::DailyCap : PollWait::MonthlyCap;
            st.until = a.until;
            st.text = a.message;
        } else {
            may_read[i] = true;
            max_results[i] = a.max_results;
        }
        d.listeners.push_back(std::move(st));
    }
    const auto position = [&](const std::string& id) {
        for (size_t i = 0; i < listeners.size(); ++i)
            if (listeners[i].id == id)
                return i;
        return listeners.size();
    };

    std::optional<ReadyGroup> best;
    std::vector<ReadyGroup> ready;
    std::vector<PollRun> runs(d.groups.size());
    std::vector<int> run_max(d.groups.size(), 0);
    for (size_t g = 0; g < d.groups.size(); ++g) {
        for (const std::string& id : d.groups[g].members)
            d.listeners[position(id)].group = static_cast<int>(g);
        PollRun run = next_group_run(d.groups[g], listeners, may_read, options.shared_posts);
        if (run.empty())
            continue;
        // A group poll is due when its soonest member is; the other steps at once.
        const bool poll = run.kind == PollRun::Kind::Poll || run.leads_poll;
        const bool polled_already =
            poll && std::all_of(run.members.begin(), run.members.end(), [&](const std::string& id) {
                return std::count(options.polled.begin(), options.polled.end(), id) > 0;
            });
        int64_t due = poll ? INT64_MAX : 0, retry = 0;
        int allowance = XSearchRun::kMaxPage;
        for (const std::string& id : run.members) {
            const Listener& l = listeners[position(id)];
            const int64_t interval = int64_t{std::max(l.interval_minutes, 1)} * 60;
            if (poll)
                due = std::min(due, l.last_sync == 0 ? 0 : l.last_sync + interval);
            retry = std::max(retry, retry_time(l, now));
            allowance = std::min(allowance, max_results[position(id)]); // no member's cap is passed
        }
        if (options.ignore_schedule && !polled_already)
            due = 0;
        PollStatus shown;
        if (retry > now) {
            shown = {"", PollWait::Backoff, retry,
                     "The last poll failed; trying again " + format_wait(retry - now)};
        } else if (due > now) {
            shown = {"", PollWait::NotDue, due, "Next poll " + format_wait(due - now)};
        } else {
            shown = {"", PollWait::Ready, 0, ready_text(run)};
            const int rank = static_cast<int>(run.kind == PollRun::Kind::Resume                     ? 0
                                              : run.kind == PollRun::Kind::CatchUp && !run.leads_poll ? 1
                                                                                                    : 2);
            if (!best || rank < best->rank || (rank == best->rank && due < best->due))
                best = ReadyGroup{rank, due, g};
            ready.push_back(ReadyGroup{rank, due, g});
        }
        for (const std::string& id : d.groups[g].members) {
            const size_t i = position(id);
            if (!may_read[i])
                continue;
            PollStatus& st = d.listeners[i];
            const bool in_run = std::count(run.members.begin(), run.members.end(), id) > 0;
            st.wait = in_run ? shown.wait : PollWait::Queued;
            st.until = shown.until;
            st.text = in_run ? shown.text : queued_text(run, listeners);
        }
        run_max[g] = allowance;
        runs[g] = std::move(run);
    }
    if (best && best->rank == 2)
        best->group = poll_first(ready, *best, d.groups, listeners, may_read, options.shared_posts);
    if (best) {
        d.run = std::move(runs[best->group]);
        d.max_results = run_max[best->group];
        return d;
    }
    const PollStatus* first = nullptr;
    for (const PollStatus& st : d.listeners) // a queued listener's wait is its group's
        if (st.until > 0 && st.wait != PollWait::Queued && (!first || st.until < first->until))
            first = &st;
    if (first) {
        d.next_at = first->until;
        d.why_not = first->text;
    } else if (listeners.empty()) {
        d.why_not = "No listeners yet";
    } else {
        const bool all_paused =
            std::all_of(d.listeners.begin(), d.listeners.end(),
                        [](const PollStatus& st) { return st.wait == PollWait::Paused; });
        d.why_not = all_paused ? "All listeners are paused" : d.listeners.front().text;
        for (const PollStatus& st : d.listeners)
            if (st.wait == PollWait::MonthlyCap)
                d.why_not = st.text; // a cap of $0 outranks the rest
    }
    return d;
}

} // namespace earshot::core
