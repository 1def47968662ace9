// When (hourly and daily volume by sentiment in the owner's time zone, hour-of-week grid)
// and Where (places, countries, stated locations, local share) for the Insights accumulator.
#include "core/insights/internal/accumulator.hpp"

#include <algorithm>
#include <cmath>

namespace earshot::core::insights_detail {

// [SECTION] Index
// [SECTION] DenseSeries
// [SECTION] When
// [SECTION] Where

// [SECTION] DenseSeries

DenseSeries::Bucket* DenseSeries::at(int64_t index, int64_t max_span) {
    const int64_t lo = std::min(m_lo, index), hi = std::max(m_hi, index);
    if (hi - lo + 1 > max_span)
        return nullptr; // a stray timestamp must not allocate years of buckets
    if (m_data.empty()) {
        m_base = index;
        m_data.resize(64);
    } else if (index < m_base) {
        // Grow downwards with slack, so mentions arriving newest-first stay amortised O(1).
        const int64_t end = m_base + static_cast<int64_t>(m_data.size());
        const int64_t slack = std::min<int64_t>(static_cast<int64_t>(m_data.size()),
                                                std::max<int64_t>(0, max_span - (end - index)));
        const int64_t base = index - slack;
        std::vector<Bucket> grown(static_cast<size_t>(end - base));
        std::copy(m_data.begin(), m_data.end(), grown.begin() + (m_base - base));
        m_data.swap(grown);
        m_base = base;
    } else if (index >= m_base + static_cast<int64_t>(m_data.size())) {
        const size_t need = static_cast<size_t>(index - m_base + 1);
        m_data.resize(
            std::max(need, std::min(m_data.size() * 2, need + static_cast<size_t>(max_span))));
    }
    m_lo = lo;
    m_hi = hi;
    return &m_data[static_cast<size_t>(index - m_base)];
}

// [SECTION] When

namespace {
constexpr int64_t kMaxDays = 366 * 20; // series cover at most 20 years
constexpr int64_t kMaxHours = kMaxDays * 24;
} // namespace

void WhenState::reset(int utc_offset_minutes) {
    offset_s = static_cast<int64_t>(utc_offset_minutes) * 60;
    hourly.clear();
    daily.clear();
    for (auto& row : how)
        row.fill(0);
    for (auto& row : how_engagement)
        row.fill(0);
    undated = 0;
}

void WhenState::count(int64_t t, float sentiment, uint64_t engagement) {
    if (t <= 0) { // 0 is what a missing created_at becomes
        ++undated;
        return;
    }
    const int64_t local = t + offset_s;
    const int64_t hour = floor_div(local, 3600), day = floor_div(local, 86400);
    DenseSeries::Bucket* h = hourly.at(hour, kMaxHours);
    DenseSeries::Bucket* d = h ? daily.at(day, kMaxDays) : nullptr;
    if (!d) {
        ++undated;
        return;
    }
    for (DenseSeries::Bucket* b : {h, d}) {
        switch (tone_of(sentiment)) {
        case Tone::Positive:
            ++b->positive;
            break;
        case Tone::Neutral:
            ++b->neutral;
            break;
        case Tone::Negative:
            ++b->negative;
            break;
        case Tone::Unknown:
            ++b->unknown;
            break;
        }
        if (!std::isnan(sentiment)) {
            b->sentiment_sum += sentiment;
            ++b->sentiment_known;
        }
    }
    // 1970-01-01 was a Thursday: day 0 is weekday 3 when Monday is 0.
    const auto weekday = static_cast<size_t>(day - floor_div(day + 3, 7) * 7 + 3);
    const auto hour_of_day = static_cast<size_t>(hour - day * 24);
    ++how[weekday][hour_of_day];
    how_engagement[weekday][hour_of_day] += engagement;
}

WhenPanel WhenState::panel() const {
    WhenPanel p;
    const int64_t offset = offset_s;
    p.hourly = hourly.read([offset](int64_t i) { return i * 3600 - offset; });
    p.daily = daily.read([offset](int64_t i) { return i * 86400 - offset; });
    p.hour_of_week = how;
    p.engagement_by_hour_of_week = how_engagement;
    p.undated = undated;
    return p;
}

// [SECTION] Where

void WhereState::configure(const InsightsConfig& cfg) {
    local = LocalMatcher(cfg.local);
    // The "is it local" caches depend on the town, so they go with the configuration.
    for (Interner* in : {&place_keys, &place_names, &countries, &raw_locations, &locations})
        in->clear();
    place_name.clear();
    place_local.clear();
    raw_to_location.clear();
    raw_country.clear();
    raw_local.clear();
    place_count.clear();
    country_count.clear();
    location_count.clear();
    reset(cfg.top_k);
}

void WhereState::reset(size_t k) {
    std::fill(place_count.begin(), place_count.end(), 0u);
    std::fill(country_count.begin(), country_count.end(), 0u);
    std::fill(location_count.begin(), location_count.end(), 0u);
    top_places.reset(k);
    top_locations.reset(k);
    with_location = local_count = near = 0;
}

uint32_t WhereState::country_id(std::string_view code) {
    scratch.assign(code.data(), code.size());
    for (char& c : scratch)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 32);
    const uint32_t id = countries.intern(scratch);
    cover(country_count, id, 0u);
    return id;
}

void WhereState::intern(const Mention& m, Row& row) {
    if (m.place) {
        const Place& pl = *m.place;
        const std::string& label = pl.full_name.empty() ? pl.name : pl.full_name;
        if (!label.empty()) {
            lower_into(label, scratch);
            const uint32_t key = place_keys.intern(scratch);
            if (key >= place_name.size()) {
                // First sight of this place: remember how to show it and whether its name is local.
                place_name.push_back(place_names.intern(label));
                Place named; // by name only: coordinates differ per mention and are tested when
                             // counting
                named.name = pl.name;
                named.full_name = pl.full_name;
                named.country_code = pl.country_code;
                place_local.push_back(local.is_local(named) ? 1 : 0);
                place_count.push_back(0);
            }
            row.place = key;
        }
        if (pl.lat && pl.lon)
            row.flags |= static_cast<uint8_t>(
                local.contains(*pl.lat, *pl.lon) ? Row::kCoords | Row::kNear : Row::kCoords);
        if (!pl.country_code.empty())
            row.country = country_id(pl.country_code);
    }
    if (!m.author.location.empty()) {
        const uint32_t raw = raw_locations.intern(m.author.location);
        if (raw >= raw_to_location.size()) {
            // First time this exact text is seen: normalise once, remember the answer.
            const NormalizedLocation n = normalize_location(m.author.location);
            uint32_t loc = kNone;
            if (!n.place.empty()) {
                loc = locations.intern(n.place);
                cover(location_count, loc, 0u);
            }
            raw_to_location.push_back(loc);
            raw_country.push_back(n.country.empty() ? kNone : country_id(n.country));
            raw_local.push_back(local.is_local(n) ? 1 : 0);
        }
        row.raw_location = raw;
    }
}

void WhereState::count(const Row& row, bool bulk) {
    bool located = false, is_local = false;
    uint32_t country = row.country;
    if (row.place != kNone) {
        const uint32_t c = ++place_count[row.place];
        if (!bulk)
            top_places.update(row.place, c);
        located = true;
        is_local = place_local[row.place] == 1;
    }
    if (row.flags & Row::kCoords) {
        located = true;
        if (row.flags & Row::kNear) {
            ++near;
            is_local = true;
        }
    }
    if (row.raw_location != kNone) {
        const uint32_t loc = raw_to_location[row.raw_location];
        if (loc != kNone) {
            located = true;
            const uint32_t c = ++location_count[loc];
            if (!bulk)
                top_locations.update(loc, c);
            is_local |= raw_local[row.raw_location] == 1;
        }
        if (country == kNone)
            country = raw_country[row.raw_location];
    }
    if (country != kNone)
        ++country_count[country];
    with_location += located;
    local_count += is_local;
}

void WhereState::finish_bulk() {
    top_places.reset(top_places.capacity());
    for (uint32_t id = 0; id < place_count.size(); ++id)
        if (place_count[id])
            top_places.update(id, place_count[id]);
    top_locations.reset(top_locations.capacity());
    for (uint32_t id = 0; id < location_count.size(); ++id)
        if (location_count[id])
            top_locations.update(id, location_count[id]);
}

WherePanel WhereState::panel(size_t n) const {
    WherePanel p;
    for (const auto& e : top_places.sorted()) {
        if (p.places.size() >= n)
            break;
        p.places.push_back({std::string(place_names.str(place_name[e.id])), e.score});
    }
    for (const auto& e : top_locations.sorted()) {
        if (p.locations.size() >= n)
            break;
        p.locations.push_back({std::string(locations.str(e.id)), e.score});
    }
    // A few hundred countries at most: a partial sort at read-out is cheap.
    std::vector<uint32_t> ids;
    for (uint32_t i = 0; i < country_count.size(); ++i)
        if (country_count[i])
            ids.push_back(i);
    const size_t k = std::min(n, ids.size());
    std::partial_sort(
        ids.begin(), ids.begin() + static_cast<long>(k), ids.end(), [&](uint32_t a, uint32_t b) {
            return country_count[a] != country_count[b] ? country_count[a] > country_count[b]
                                                        : a < b;
        });
    for (size_t i = 0; i < k; ++i)
        p.countries.push_back({std::string(countries.str(ids[i])), country_count[ids[i]]});
    p.with_location = with_location;
    p.local = local_count;
    p.near = near;
    return p;
}

size_t WhereState::memory_bytes() const {
    return place_keys.memory_bytes() + place_names.memory_bytes() + countries.memory_bytes() +
           raw_locations.memory_bytes() + locations.memory_bytes() +
           (place_count.capacity() + place_name.capacity() + country_count.capacity() +
            location_count.capacity() + raw_to_location.capacity() + raw_country.capacity()) *
               4 +
           place_local.capacity() + raw_local.capacity();
}

} // namespace earshot::core::insights_detail
