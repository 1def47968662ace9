// Who (authors, reach, engagement, influence, new vs returning) and What (terms, pairs,
// hashtags, links, domains) for the Insights accumulator. The What path tokenizes every
// post, so it is written to allocate nothing per token.
#include "core/insights/internal/accumulator.hpp"
#include "core/text/stopwords.hpp"

#include <algorithm>
#include <cmath>

namespace earshot::core::insights_detail {

// [SECTION] Index
// [SECTION] Who
// [SECTION] What: terms and pairs
// [SECTION] What: read-out
// [SECTION] Links

// [SECTION] Who

void WhoState::clear_strings() {
    ids.clear();
    text.clear();
    info.clear();
    stats.clear();
}

void WhoState::reset(size_t k, int64_t new_since_) {
    std::fill(stats.begin(), stats.end(), Stats{});
    by_mentions.reset(k);
    by_reach.reset(k);
    by_engagement.reset(k);
    by_influence.reset(k);
    new_since = new_since_;
    active = new_count = returning = 0;
    reach = 0;
}

uint32_t WhoState::intern(const Mention& m) {
    const std::string& key = m.author.id.empty() ? m.author.handle : m.author.id;
    if (key.empty())
        return kNone;
    const uint32_t a = ids.intern(key);
    if (a >= info.size()) {
        info.emplace_back();
        stats.emplace_back();
    }
    Info& in = info[a];
    if (in.handle == kNone && !m.author.handle.empty())
        in.handle = text.intern(m.author.handle);
    if (in.name == kNone && !m.author.name.empty())
        in.name = text.intern(m.author.name);
    in.verified |= m.author.verified;
    return a;
}

void WhoState::see(uint32_t a, int64_t t, uint32_t followers, bool bulk) {
    Stats& st = stats[a];
    if (t < st.first_seen) {
        // An older mention arriving late can turn a "new" author into a returning one.
        if (st.active && st.first_seen >= new_since && t < new_since) {
            --new_count;
            ++returning;
        }
        st.first_seen = t;
    }
    if (followers != kNone && static_cast<int64_t>(followers) > st.followers) {
        if (st.active)
            reach += followers - static_cast<uint64_t>(std::max<int64_t>(st.followers, 0));
        st.followers = followers;
        if (st.active && !bulk) {
            by_reach.update(a, followers);
            by_influence.update(a, influence(st));
        }
    }
}

void WhoState::count(uint32_t a, uint64_t engagement, bool bulk) {
    Stats& st = stats[a];
    if (!st.active) {
        st.active = 1;
        ++active;
        if (st.first_seen >= new_since)
            ++new_count;
        else
            ++returning;
        if (st.followers > 0)
            reach += static_cast<uint64_t>(st.followers);
    }
    ++st.mentions;
    st.engagement += engagement;
    if (bulk)
        return;
    by_mentions.update(a, st.mentions);
    by_engagement.update(a, st.engagement);
    if (st.followers >= 0)
        by_reach.update(a, static_cast<uint64_t>(st.followers));
    by_influence.update(a, influence(st));
}

void WhoState::finish_bulk() {
    by_mentions.reset(by_mentions.capacity());
    by_reach.reset(by_reach.capacity());
    by_engagement.reset(by_engagement.capacity());
    by_influence.reset(by_influence.capacity());
    for (uint32_t a = 0; a < stats.size(); ++a) {
        const Stats& st = stats[a];
        if (!st.active)
            continue;
        by_mentions.update(a, st.mentions);
        by_engagement.update(a, st.engagement);
        if (st.followers >= 0)
            by_reach.update(a, static_cast<uint64_t>(st.followers));
        by_influence.update(a, influence(st));
    }
}

double WhoState::influence(const Stats& s) const {
    if (s.mentions == 0)
        return 0;
    const double followers = static_cast<double>(std::max<int64_t>(s.followers, 0));
    const double per_mention = static_cast<double>(s.engagement) / s.mentions;
    return std::log10(followers + 1) * s.mentions * (1 + std::log10(1 + per_mention));
}

AuthorRank WhoState::rank(uint32_t a) const {
    const Info& in = info[a];
    const Stats& st = stats[a];
    AuthorRank r;
    r.id = std::string(ids.str(a));
    if (in.handle != kNone)
        r.handle = std::string(text.str(in.handle));
    if (in.name != kNone)
        r.name = std::string(text.str(in.name));
    r.mentions = st.mentions;
    if (st.followers >= 0)
        r.followers = st.followers;
    r.engagement = st.engagement;
    r.influence = influence(st);
    r.verified = in.verified;
    r.is_new = st.first_seen >= new_since;
    return r;
}

WhoPanel WhoState::panel(size_t n) const {
    WhoPanel p;
    const auto list = [&](const auto& top, std::vector<AuthorRank>& out) {
        for (const auto& e : top.sorted()) {
            if (out.size() >= n)
                break;
            out.push_back(rank(e.id));
        }
    };
    list(by_mentions, p.by_mentions);
    list(by_reach, p.by_reach);
    list(by_engagement, p.by_engagement);
    list(by_influence, p.influencers);
    p.authors = active;
    p.new_authors = new_count;
    p.returning_authors = returning;
    return p;
}

size_t WhoState::memory_bytes() const {
    return ids.memory_bytes() + text.memory_bytes() + info.capacity() * sizeof(Info) +
           stats.capacity() * sizeof(Stats);
}

// [SECTION] What: terms and pairs

namespace {
template <typename T> void zero(std::vector<T>& v) {
    std::fill(v.begin(), v.end(), T{});
}
constexpr size_t kMaxPerRow = 255; // n_tags, n_links, n_domains are bytes
} // namespace

void WhatState::configure(const InsightsConfig& cfg) {
    for (Interner* in : {&terms, &tag_keys, &tag_variants, &links, &domains})
        in->clear();
    term.clear();
    tracked.clear();
    tag_count.clear();
    tag_best.clear();
    variant_count.clear();
    link_count.clear();
    domain_count.clear();
    seq = 0;
    // Stop words are interned first and flagged, so the hot path tests a byte per token.
    for (const StopWord& w : stop_words()) {
        const uint32_t id = term_id(w.word, hash_bytes(w.word));
        term[id].stop |= w.lists;
    }
    for (const std::string& extra : cfg.extra_stop_words)
        tokenizer.run(extra, [&](std::string_view tok, uint64_t h) {
            const uint32_t id = term_id(tok, h);
            term[id].stop = kStopAllLists;
        });
    reset(cfg.top_k);
}

void WhatState::reset(size_t k) {
    for (TermStat& t : term)
        t.count = 0;
    top_terms.reset(std::max(k, kPairTerms));
    // The tracked terms stay: a recount (another window, another filter) usually has the
    // same top terms, so pairs are counted in the same pass and need no rebuild.
    pair.assign(kPairTerms * kPairTerms, 0);
    docs.clear();
    zero(tag_count);
    std::fill(tag_best.begin(), tag_best.end(), kNone);
    zero(variant_count);
    top_tags.reset(k);
    zero(link_count);
    zero(domain_count);
    top_links.reset(k);
    top_domains.reset(k);
}

uint32_t WhatState::term_id(std::string_view token, uint64_t hash) {
    const uint32_t id = terms.intern(token, hash);
    if (id >= term.size())
        term.emplace_back();
    return id;
}

void WhatState::intern(const Mention& m, std::vector<uint32_t>& out, Row& row) {
    const uint32_t stamp = ++seq;
    const uint8_t lists = stop_lists_for_language(m.lang);
    const size_t start = out.size();
    tokenizer.run(m.text, [&](std::string_view token, uint64_t hash) {
        const uint32_t id = term_id(token, hash);
        TermStat& t = term[id];
        if ((t.stop & lists) || t.stamp == stamp || out.size() - start >= kMaxDocTerms)
            return;
        t.stamp = stamp;
        out.push_back(id);
    });
    row.n_terms = static_cast<uint8_t>(out.size() - start);

    // Hashtags (key and spelling), links and domains, each listed once per mention.
    const auto listed = [&](size_t from, size_t step, uint32_t id) {
        for (size_t i = from; i < out.size(); i += step)
            if (out[i] == id)
                return true;
        return false;
    };
    size_t from = out.size();
    for (const std::string& tag : m.hashtags) {
        if (tag.empty() || (out.size() - from) / 2 >= kMaxPerRow)
            continue;
        lower_into(tag, scratch);
        const uint32_t key = tag_keys.intern(scratch);
        if (listed(from, 2, key))
            continue;
        const uint32_t variant = tag_variants.intern(tag);
        cover(tag_count, key, 0u);
        cover(tag_best, key, kNone);
        cover(variant_count, variant, 0u);
        out.push_back(key);
        out.push_back(variant);
    }
    row.n_tags = static_cast<uint8_t>((out.size() - from) / 2);
    from = out.size();
    for (const std::string& url : m.urls) {
        normalize_link(url, scratch);
        if (scratch.empty() || out.size() - from >= kMaxPerRow)
            continue;
        const uint32_t id = links.intern(scratch);
        if (listed(from, 1, id))
            continue;
        cover(link_count, id, 0u);
        out.push_back(id);
    }
    row.n_links = static_cast<uint8_t>(out.size() - from);
    from = out.size();
    for (const std::string& d : m.domains) {
        if (d.empty() || out.size() - from >= kMaxPerRow)
            continue;
        const uint32_t id = domains.intern(d);
        if (listed(from, 1, id))
            continue;
        cover(domain_count, id, 0u);
        out.push_back(id);
    }
    row.n_domains = static_cast<uint8_t>(out.size() - from);
}

void WhatState::count(uint32_t r, const Row& row, bool bulk) {
    if ((row.n_terms | row.n_tags | row.n_links | row.n_domains) == 0)
        return;
    const uint32_t* p = ids->data(row.ids);
    int16_t slots[kMaxDocTerms];
    size_t k = 0;
    for (uint32_t i = 0; i < row.n_terms; ++i) {
        TermStat& t = term[p[i]];
        ++t.count;
        if (!bulk)
            top_terms.update(p[i], t.count);
        if (t.slot >= 0)
            slots[k++] = t.slot;
    }
    if (row.n_terms >= 2) { // a pair needs two terms
        docs.push_back(r);
        count_slot_pairs(slots, k);
    }
    p += row.n_terms;
    for (uint32_t i = 0; i < row.n_tags; ++i, p += 2) {
        const uint32_t key = p[0], variant = p[1];
        ++variant_count[variant];
        if (tag_best[key] == kNone || variant_count[variant] > variant_count[tag_best[key]])
            tag_best[key] = variant;
        const uint32_t c = ++tag_count[key];
        if (!bulk)
            top_tags.update(key, c);
    }
    for (uint32_t i = 0; i < row.n_links; ++i, ++p) {
        const uint32_t c = ++link_count[*p];
        if (!bulk)
            top_links.update(*p, c);
    }
    for (uint32_t i = 0; i < row.n_domains; ++i, ++p) {
        const uint32_t c = ++domain_count[*p];
        if (!bulk)
            top_domains.update(*p, c);
    }
}

void WhatState::finish_bulk() {
    const auto rebuild = [](TopK<uint32_t>& top, const auto& count_of, size_t n) {
        top.reset(top.capacity());
        for (uint32_t id = 0; id < n; ++id)
            if (const uint32_t c = count_of(id))
                top.update(id, c);
    };
    rebuild(
        top_terms, [&](uint32_t id) { return term[id].count; }, term.size());
    rebuild(
        top_tags, [&](uint32_t id) { return tag_count[id]; }, tag_count.size());
    rebuild(
        top_links, [&](uint32_t id) { return link_count[id]; }, link_count.size());
    rebuild(
        top_domains, [&](uint32_t id) { return domain_count[id]; }, domain_count.size());
}

void WhatState::count_slot_pairs(const int16_t* slots, size_t k) {
    // The matrix is symmetric: only [low][high] is used.
    for (size_t i = 0; i < k; ++i)
        for (size_t j = i + 1; j < k; ++j) {
            const size_t a = static_cast<size_t>(slots[i]), b = static_cast<size_t>(slots[j]);
            ++pair[a < b ? a * kPairTerms + b : b * kPairTerms + a];
        }
}

void WhatState::count_pairs(const uint32_t* first, const uint32_t* last) {
    int16_t slots[kMaxDocTerms];
    size_t k = 0;
    for (const uint32_t* p = first; p != last && k < kMaxDocTerms; ++p)
        if (term[*p].slot >= 0)
            slots[k++] = term[*p].slot;
    count_slot_pairs(slots, k);
}

bool WhatState::pairs_stale() const {
    const auto top = top_terms.sorted();
    const size_t shown = std::min(top.size(), kPairShown);
    if (shown > 0 && tracked.empty())
        return true;
    for (size_t i = 0; i < shown; ++i)
        if (term[top[i].id].slot < 0)
            return true;
    return false;
}

void WhatState::rebuild_pairs() {
    for (uint32_t id : tracked)
        term[id].slot = -1;
    tracked.clear();
    for (const auto& e : top_terms.sorted()) {
        if (tracked.size() >= kPairTerms)
            break;
        term[e.id].slot = static_cast<int16_t>(tracked.size());
        tracked.push_back(e.id);
    }
    std::fill(pair.begin(), pair.end(), 0u);
    for (uint32_t r : docs) {
        const Row& row = (*rows)[r];
        const uint32_t* p = ids->data(row.ids);
        count_pairs(p, p + row.n_terms);
    }
}

// [SECTION] What: read-out

WhatPanel WhatState::panel(size_t n) {
    WhatPanel p;
    const auto list = [&](const TopK<uint32_t>& top, const Interner& names,
                          std::vector<RankedItem>& out) {
        for (const auto& e : top.sorted()) {
            if (out.size() >= n)
                break;
            out.push_back({std::string(names.str(e.id)), e.score});
        }
    };
    list(top_terms, terms, p.terms);
    list(top_links, links, p.links);
    list(top_domains, domains, p.domains);
    for (const auto& e : top_tags.sorted()) {
        if (p.hashtags.size() >= n)
            break;
        p.hashtags.push_back({std::string(tag_variants.str(tag_best[e.id])), e.score});
    }

    if (pairs_stale())
        rebuild_pairs();
    struct Cell {
        uint32_t count, i, j;
    };
    std::vector<Cell> cells;
    for (uint32_t i = 0; i < tracked.size(); ++i)
        for (uint32_t j = i + 1; j < tracked.size(); ++j)
            if (uint32_t c = pair[static_cast<size_t>(i) * kPairTerms + j])
                cells.push_back({c, i, j});
    const size_t k = std::min(n, cells.size());
    std::partial_sort(cells.begin(), cells.begin() + static_cast<long>(k), cells.end(),
                      [](const Cell& a, const Cell& b) {
                          return a.count != b.count ? a.count > b.count
                                                    : (a.i != b.i ? a.i < b.i : a.j < b.j);
                      });
    for (size_t c = 0; c < k; ++c)
        p.pairs.push_back({std::string(terms.str(tracked[cells[c].i])),
                           std::string(terms.str(tracked[cells[c].j])), cells[c].count});
    return p;
}

size_t WhatState::memory_bytes() const {
    size_t b = terms.memory_bytes() + tag_keys.memory_bytes() + tag_variants.memory_bytes() +
               links.memory_bytes() + domains.memory_bytes();
    b += term.capacity() * sizeof(TermStat) + pair.capacity() * 4 + docs.capacity() * 4;
    b += (tag_count.capacity() + tag_best.capacity() + variant_count.capacity() +
          link_count.capacity() + domain_count.capacity()) *
         4;
    return b;
}

// [SECTION] Links

void normalize_link(std::string_view url, std::string& out) {
    out.clear();
    const size_t scheme = url.find("://");
    if (scheme != std::string_view::npos && scheme <= 8)
        url.remove_prefix(scheme + 3);
    const size_t host_end = url.find_first_of("/?#");
    const std::string_view host = url.substr(0, host_end);
    std::string_view rest =
        host_end == std::string_view::npos ? std::string_view() : url.substr(host_end);
    for (char c : host)
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    if (out.compare(0, 4, "www.") == 0)
        out.erase(0, 4);
    for (const char* port : {":80", ":443"}) {
        const size_t len = std::char_traits<char>::length(port);
        if (out.size() > len && out.compare(out.size() - len, len, port) == 0)
            out.resize(out.size() - len);
    }
    if (out.empty())
        return;
    const bool x_host = out == "x.com" || out == "twitter.com" || out == "mobile.twitter.com";

    const size_t fragment = rest.find('#');
    if (fragment != std::string_view::npos)
        rest = rest.substr(0, fragment);
    std::string_view query;
    const size_t q = rest.find('?');
    if (q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    while (!rest.empty() && rest.back() == '/')
        rest.remove_suffix(1);
    out.append(rest.data(), rest.size());

    // Tracking parameters say who shared, not what was shared.
    const auto tracking = [&](std::string_view key) {
        if (key.substr(0, 4) == "utm_")
            return true;
        for (const char* t : {"fbclid", "gclid", "dclid", "msclkid", "igshid", "mc_cid", "mc_eid",
                              "ref_src", "ref_url", "si"})
            if (key == t)
                return true;
        return x_host && (key == "s" || key == "t");
    };
    bool first = true;
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view param = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (param.empty() || tracking(param.substr(0, param.find('='))))
            continue;
        out += first ? '?' : '&';
        first = false;
        out.append(param.data(), param.size());
    }
}

} // namespace earshot::core::insights_detail
