// The demo corpus's accounts and places: the named local accounts, ~2,400
// generated people with heavy-tailed audiences, and who writes which post.
#include "demo/corpus_builder.hpp"
#include "demo/wire_util.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

namespace earshot::demo {

namespace {
/// Latin-1 letters folded to ASCII for usernames ("Zoë" -> "zoe"); others dropped.
std::string ascii_handle_part(const std::string& s) {
    static const char kFold[] = "aaaaaaaceeeeiiiidnooooo_ouuuuyts"
                                "aaaaaaaceeeeiiiidnooooo_ouuuuyty";
    std::string out;
    for (size_t i = 0; i < s.size();) {
        const char32_t c = utf8_next(s, i);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out += static_cast<char>(c);
        else if (c >= 'A' && c <= 'Z')
            out += static_cast<char>(c + 32);
        else if (c >= 0xC0 && c <= 0xFF && kFold[c - 0xC0] != '_')
            out += kFold[c - 0xC0];
    }
    return out;
}

std::string hex16(uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}
} // namespace

namespace {
constexpr int64_t k2009 = 1230768000000; // 2009-01-01
constexpr int64_t k2016 = 1451606400000; // 2016-01-01: user ids became snowflakes around here

std::string user_id(Rng& rng, int64_t created_ms) {
    if (created_ms < k2016) {
        const double f =
            static_cast<double>(created_ms - k2009) / static_cast<double>(k2016 - k2009);
        return std::to_string(20'000'000 + static_cast<uint64_t>(f * 4.4e9) +
                              rng.range(0, 999'999));
    }
    return std::to_string(snowflake(created_ms, rng.next()));
}

std::string profile_image(Rng& rng, int64_t created_ms) {
    static const char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    std::string tail;
    for (int i = 0; i < 8; ++i)
        tail += kAlnum[rng.index(64)];
    const int64_t when = std::max(created_ms, k2016) + rng.range(0, 200) * kDayMs;
    return "https://pbs.twimg.com/profile_images/" + std::to_string(snowflake(when, rng.next())) +
           "/" + tail + "_normal.jpg";
}
} // namespace

void Builder::make_accounts() {
    for (const NamedAccount& a : named_accounts()) {
        DemoUser u;
        u.created_ms = k2009 + m_rng.range(0, 11 * 365) * kDayMs;
        u.id = user_id(m_rng, u.created_ms);
        u.username = a.username;
        u.name = a.name;
        u.description = a.description;
        u.location = a.location;
        u.url = a.url;
        u.followers = a.followers;
        u.following = a.following;
        u.tweet_count = static_cast<int64_t>(m_rng.lognormal(6000, 0.6));
        u.listed = a.followers / 60 + m_rng.range(0, 40);
        u.verified = a.verified;
        u.verified_type = a.verified_type;
        u.role = a.role;
        u.activity = a.activity;
        u.profile_image_url = profile_image(m_rng, u.created_ms);
        const size_t index = m_c.users.size();
        if (a.role == Role::Business || a.role == Role::Competitor) {
            if (m_business_user.size() <= static_cast<size_t>(a.business))
                m_business_user.resize(a.business + 1);
            m_business_user[a.business] = index;
        }
        if (a.role == Role::Brand)
            m_brands.push_back(index);
        m_c.users.push_back(std::move(u));
    }
    for (const auto& pool : people_pools())
        m_pools.push_back({pool.lang, {}});
    auto pool_of = [&](const std::string& lang) -> Pool& {
        for (auto& p : m_pools)
            if (p.first == lang)
                return p.second;
        return m_pools.front().second;
    };
    // Influencers and press also write ordinary posts now and then.
    for (size_t i = 0; i < m_c.users.size(); ++i)
        if (m_c.users[i].role == Role::Influencer || m_c.users[i].role == Role::Press)
            pool_of("en").users.push_back(i);

    std::unordered_set<std::string> taken;
    for (const auto& u : m_c.users)
        taken.insert(to_lower_ascii(u.username));
    static const double lang_share[] = {0.88, 0.035, 0.03, 0.02, 0.02, 0.015};
    static const char* const handle_words[] = {"coffee", "bton",     "sea",   "runs",
                                               "bakes",  "hove",     "x",     "writes",
                                               "uk",     "official", "photo", "cycles"};
    static const char* const ja_romaji[] = {"sakura", "yui",  "haruto", "aoi",
                                            "ren",    "hina", "sota",   "yuki"};
    const auto& pools = people_pools();
    std::vector<double> shares(std::begin(lang_share), std::end(lang_share));
    for (int n = 0; n < m_opt.users; ++n) {
        const PeoplePool& pool = pools[m_rng.weighted(shares)];
        const std::string first = m_rng.pick(pool.first), last = m_rng.pick(pool.last);
        DemoUser u;
        u.lang = pool.lang;
        // Display names as people write them.
        const double f = m_rng.uniform();
        if (f < 0.50)
            u.name = first + " " + last;
        else if (f < 0.62)
            u.name = first;
        else if (f < 0.70)
            u.name = first + " " + utf8_prefix(last, 1) + ".";
        else if (f < 0.75)
            u.name = to_lower_ascii(first + " " + last);
        else if (f < 0.84)
            u.name = first + " " + m_rng.pick(vocabulary().pos_emoji);
        else if (f < 0.87)
            u.name = first + " " + last + " | " + (pool.lang == "en" ? "Brighton" : "✈️");
        else if (f < 0.90)
            u.name = first + " (she/her)";
        else if (f < 0.93)
            u.name = "Dr " + first + " " + last;
        else
            u.name = first + " " + last;
        while (!u.name.empty() && u.name.back() == ' ')
            u.name.pop_back();
        // Usernames: ASCII, at most 15 characters, unique.
        std::string a = ascii_handle_part(first), b = ascii_handle_part(last);
        if (a.empty())
            a = m_rng.pick(ja_romaji);
        if (b.empty())
            b = "coffee";
        std::string h;
        const double g = m_rng.uniform();
        if (g < 0.25)
            h = a + b;
        else if (g < 0.45)
            h = a + "_" + b;
        else if (g < 0.60)
            h = a + b + std::to_string(m_rng.range(1, 99));
        else if (g < 0.72)
            h = a + b.substr(0, 1) + std::to_string(m_rng.range(70, 2005));
        else if (g < 0.85)
            h = a + "_" + m_rng.pick(handle_words);
        else
            h = b + a.substr(0, 1);
        if (h.size() > 15)
            h = h.substr(0, 15);
        if (m_rng.chance(0.12) && !h.empty())
            h[0] = static_cast<char>(h[0] - 32 * (h[0] >= 'a' && h[0] <= 'z'));
        while (taken.count(to_lower_ascii(h)))
            h = h.substr(0, 12) + std::to_string(m_rng.range(10, 999));
        taken.insert(to_lower_ascii(h));
        u.username = h;
        u.location = m_rng.pick(pool.locations);
        u.description = m_rng.pick(pool.bios);
        if (m_rng.chance(0.3)) {
            const std::string more = m_rng.pick(pool.bios);
            if (!more.empty() && more != u.description)
                u.description += (u.description.empty() ? "" : " | ") + more;
        }
        // Heavy-tailed audiences: most people have a few hundred followers.
        u.followers =
            std::clamp<int64_t>(static_cast<int64_t>(m_rng.lognormal(260, 1.15)), 3, 9000);
        if (m_rng.chance(0.004))
            u.followers = m_rng.range(10'000, 40'000);
        u.following =
            std::clamp<int64_t>(static_cast<int64_t>(m_rng.lognormal(380, 0.8)), 10, 5000);
        u.tweet_count =
            std::clamp<int64_t>(static_cast<int64_t>(m_rng.lognormal(2400, 1.3)), 20, 250'000);
        u.listed = static_cast<int64_t>(static_cast<double>(u.followers) * m_rng.uniform() / 80.0);
        u.verified = m_rng.chance(u.followers > 2000 ? 0.08 : 0.012);
        u.verified_type = u.verified ? "blue" : "none";
        u.created_ms = k2009 + m_rng.range(0, (m_now - 30 * kDayMs - k2009) / kDayMs) * kDayMs +
                       m_rng.range(0, kDayMs - 1);
        u.id = user_id(m_rng, u.created_ms);
        u.profile_image_url = profile_image(m_rng, u.created_ms);
        if (m_rng.chance(0.08))
            u.url = "https://" + to_lower_ascii(h) + ".carrd.co";
        u.activity = m_rng.lognormal(1.0, 0.9);
        const size_t index = m_c.users.size();
        const bool local = u.location.find("Brighton") != std::string::npos ||
                           u.location.find("Kemptown") != std::string::npos ||
                           u.location.find("Hove") != std::string::npos;
        if (pool.lang == "en" && local && m_regulars.size() < 70 && m_rng.chance(0.2)) {
            u.role = Role::Regular; // the loyal customers who keep coming back
            u.activity *= 3;
            m_regulars.push_back(index);
        }
        pool_of(pool.lang).users.push_back(index);
        m_c.users.push_back(std::move(u));
    }
    for (auto& [lang, pool] : m_pools) {
        double total = 0;
        for (size_t i : pool.users)
            pool.cumulative.push_back(total += m_c.users[i].activity);
    }
}

void Builder::make_places() {
    for (const PlaceDef& d : place_defs()) {
        DemoPlace p;
        p.id = hex16(fnv1a(d.full_name));
        p.name = d.name;
        p.full_name = d.full_name;
        p.country = d.country;
        p.country_code = d.country_code;
        p.place_type = d.place_type;
        p.bbox[0] = d.west, p.bbox[1] = d.south, p.bbox[2] = d.east, p.bbox[3] = d.north;
        m_c.places.push_back(p);
    }
}

size_t Builder::pick_author(const std::string& lang, bool prefer_regular) {
    if (prefer_regular && !m_regulars.empty() && m_rng.chance(0.35))
        return m_rng.pick(m_regulars);
    const Pool* pool = &m_pools.front().second;
    for (const auto& p : m_pools)
        if (p.first == lang && !p.second.users.empty())
            pool = &p.second;
    const double x = m_rng.uniform() * pool->cumulative.back();
    const auto it = std::upper_bound(pool->cumulative.begin(), pool->cumulative.end(), x);
    return pool->users[std::min<size_t>(it - pool->cumulative.begin(), pool->users.size() - 1)];
}

size_t Builder::user_named(const std::string& username) const {
    for (size_t i = 0; i < m_c.users.size(); ++i)
        if (m_c.users[i].username == username)
            return i;
    return 0;
}

std::string Builder::random_handle() {
    return m_c.users[pick_author("en")].username;
}

std::optional<size_t> Builder::pick_place(int subject, const std::string& lang) {
    const auto& defs = place_defs();
    if (subject >= 0 && m_rng.chance(0.55)) {
        for (size_t i = 0; i < defs.size(); ++i)
            if (businesses()[subject].place_name == defs[i].name)
                return i;
    }
    static const std::pair<const char*, const char*> home[] = {
        {"fr", "FR"}, {"es", "ES"}, {"de", "DE"}, {"pt", "PT"}, {"ja", "JP"}};
    const char* home_cc = nullptr;
    for (const auto& [l, cc] : home)
        if (lang == l)
            home_cc = cc;
    const bool at_home = home_cc && m_rng.chance(0.3);
    std::vector<double> w;
    for (const auto& d : defs) {
        const bool gb = std::string(d.country_code) == "GB";
        w.push_back(at_home ? (std::string(d.country_code) == home_cc ? 1.0 : 0.0)
                            : (gb ? d.weight : 0.0));
    }
    return m_rng.weighted(w);
}

} // namespace earshot::demo
