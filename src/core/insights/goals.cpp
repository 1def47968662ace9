// The Goals board: one pass over the mentions in the range sorts each into the goals it
// acts on; customer service's workflow figures are read separately (they change often).
#include "core/insights/goals.hpp"

#include "core/analysis/sentiment.hpp"
#include "core/store/mention_store.hpp"
#include "core/text/text.hpp"
#include "core/workflow/workflow.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace earshot::core {

// [SECTION] Text cues

namespace {

/// ASCII lower-case with the typographic apostrophe made plain, so "I’m at" reads as "i'm at".
void lower_ascii(std::string_view text, std::string& out) {
    out.clear();
    for (size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "\xE2\x80\x99") == 0) {
            out += '\'';
            i += 2;
            continue;
        }
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    }
}

bool has_word(std::string_view lower, std::string_view word) {
    for (size_t at = lower.find(word); at != std::string_view::npos; at = lower.find(word, at + 1)) {
        const bool start = at == 0 || !std::isalnum(static_cast<unsigned char>(lower[at - 1]));
        const size_t end = at + word.size();
        const bool stop = end >= lower.size() || !std::isalnum(static_cast<unsigned char>(lower[end]));
        if (start && stop)
            return true;
    }
    return false;
}

bool is_alnum_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

/// The ASCII letter-and-digit tokens of a text, with their positions.
struct Token {
    std::string_view text;
    size_t at;
};
std::vector<Token> alnum_tokens(std::string_view text) {
    std::vector<Token> out;
    for (size_t i = 0; i < text.size();) {
        if (!is_alnum_token_char(text[i])) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < text.size() && is_alnum_token_char(text[j]))
            ++j;
        // "#SPRING25" is a hashtag and "@bean10" a handle, not a code.
        if (i == 0 || (text[i - 1] != '#' && text[i - 1] != '@'))
            out.push_back({text.substr(i, j - i), i});
        i = j;
    }
    return out;
}

bool has_digit(std::string_view t) {
    return std::any_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}
bool all_caps_or_digits(std::string_view t) {
    return std::all_of(t.begin(), t.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
    });
}
size_t letters(std::string_view t) {
    return static_cast<size_t>(
        std::count_if(t.begin(), t.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }));
}

std::string upper(std::string_view t) {
    std::string s(t);
    for (char& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

constexpr std::string_view kCodeCues[] = {"code", "coupon", "voucher", "promo", "promocode"};
constexpr std::string_view kPromoWords[] = {"discount", "promo", "coupon", "voucher", "code",
                                            "% off", "half price", "2 for 1", "two for one", "free trial"};
constexpr std::string_view kCheckins[] = {"just arrived at", "just got to", "i'm at", "im at", "i am at",
                                          "checked in at", "checking in at", "checked in to", "popped into",
                                          "popping into"};

bool talks_of_promotions(std::string_view lower) {
    for (std::string_view w : kPromoWords)
        if (w.front() == '%' || w.find(' ') != std::string_view::npos ? lower.find(w) != std::string_view::npos
                                                                       : has_word(lower, w))
            return true;
    return false;
}

} // namespace

std::vector<std::string> promo_codes(std::string_view text) {
    std::vector<std::string> out;
    const auto keep = [&out](std::string_view t) {
        std::string u = upper(t);
        if (std::find(out.begin(), out.end(), u) == out.end())
            out.push_back(std::move(u));
    };
    std::string lower;
    lower_ascii(text, lower);
    const bool promo_talk = talks_of_promotions(lower);
    const std::vector<Token> tokens = alnum_tokens(text);
    for (size_t i = 0; i < tokens.size(); ++i) {
        std::string_view t = tokens[i].text;
        if (t.size() < 3 || t.size() > 20 || letters(t) == 0)
            continue;
        const bool after_cue =
            i > 0 && std::any_of(std::begin(kCodeCues), std::end(kCodeCues), [&](std::string_view cue) {
                std::string_view prev = tokens[i - 1].text;
                return prev.size() == cue.size() && std::equal(prev.begin(), prev.end(), cue.begin(), [](char a, char b) {
                           return std::tolower(static_cast<unsigned char>(a)) == b;
                       });
            });
        // "use code BEAN10", "promo code: SPRING" — but not "code for students".
        if (after_cue && (has_digit(t) || (all_caps_or_digits(t) && t.size() >= 4)))
            keep(t);
        // "SPRING25 at the till" in a post about discounts.
        else if (promo_talk && all_caps_or_digits(t) && has_digit(t) && letters(t) >= 2 && t.size() >= 4)
            keep(t);
    }
    return out;
}

bool is_checkin(std::string_view text) {
    std::string lower;
    lower_ascii(text, lower);
    for (std::string_view phrase : kCheckins)
        if (has_word(lower, phrase))
            return true;
    return false;
}

bool is_account_of(std::string_view handle, std::string_view account) {
    while (!handle.empty() && handle.front() == '@')
        handle.remove_prefix(1);
    while (!account.empty() && account.front() == '@')
        account.remove_prefix(1);
    if (account.empty() || handle.size() < account.size())
        return false;
    const auto same = [](std::string_view a, std::string_view b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                   return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
               });
    };
    if (!same(handle.substr(0, account.size()), account))
        return false;
    const std::string_view rest = handle.substr(account.size());
    return rest.empty() || same(rest, ".bsky.social") || (rest.size() > 1 && rest[0] == '@');
}

std::vector<std::string> profile_accounts(const BusinessProfile& p, bool competitors) {
    std::vector<std::string> out;
    auto add = [&](const std::string& handle, const std::string& website) {
        for (const std::string& a : {handle, site_domain(website)})
            if (!a.empty()) out.push_back(a);
    };
    if (!competitors) add(p.handle, p.website);
    else
        for (const Competitor& c : p.competitors) add(c.handle, c.website);
    return out;
}

std::string site_domain(std::string_view website) {
    std::string s = to_lower(website);
    if (size_t scheme = s.find("://"); scheme != std::string::npos)
        s.erase(0, scheme + 3);
    if (s.rfind("www.", 0) == 0)
        s.erase(0, 4);
    s = s.substr(0, s.find_first_of("/?#:"));
    while (!s.empty() && (s.back() == '.' || s.back() == ' '))
        s.pop_back();
    return s.find('.') == std::string::npos ? std::string() : s;
}

std::string page_of(std::string_view url) {
    std::string_view u = url;
    if (size_t scheme = u.find("://"); scheme != std::string_view::npos)
        u.remove_prefix(scheme + 3);
    u = u.substr(0, u.find_first_of("?#"));
    const size_t slash = u.find('/');
    std::string host = to_lower(u.substr(0, slash));
    if (host.rfind("www.", 0) == 0)
        host.erase(0, 4);
    std::string path(slash == std::string_view::npos ? std::string_view() : u.substr(slash));
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    return host + path;
}

// [SECTION] The pass over the range

namespace {

bool in_range(const GoalsConfig& c, int64_t t) {
    return (c.from == 0 || t >= c.from) && (c.to == 0 || t < c.to);
}

std::vector<std::string> lowered(const std::vector<std::string>& v) {
    std::vector<std::string> out;
    for (const std::string& s : v) {
        std::string l = to_lower(s);
        while (!l.empty() && (l.front() == '@' || l.front() == '#'))
            l.erase(0, 1);
        if (!l.empty())
            out.push_back(std::move(l));
    }
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

bool any_account(const std::vector<std::string>& accounts, const std::string& handle) {
    return std::any_of(accounts.begin(), accounts.end(),
                       [&](const std::string& a) { return is_account_of(handle, a); });
}

/// The site itself or one of its subdomains ("shop.harbourbean.co.uk").
bool on_site(std::string_view host, const std::string& site) {
    if (site.empty())
        return false;
    return host == site || (host.size() > site.size() && host.compare(host.size() - site.size(), site.size(), site) == 0 &&
                            host[host.size() - site.size() - 1] == '.');
}

bool links_to(const Mention& m, const std::string& site) {
    return std::any_of(m.domains.begin(), m.domains.end(), [&](const std::string& d) { return on_site(d, site); });
}

bool is_positive(const Mention& m) {
    return (m.sentiment && sentiment_polarity(*m.sentiment) == Polarity::Positive) || (m.intents & IntentPraise);
}

/// Counts labels and hands them back most frequent first (ties alphabetically).
class Tally {
  public:
    void add(const std::string& label) { ++m_counts[label]; }
    std::vector<RankedItem> ranked(size_t n) const {
        std::vector<RankedItem> out;
        for (const auto& [label, count] : m_counts)
            out.push_back({label, count});
        std::sort(out.begin(), out.end(), [](const RankedItem& a, const RankedItem& b) {
            return a.count != b.count ? a.count > b.count : a.label < b.label;
        });
        if (out.size() > n)
            out.resize(n);
        return out;
    }

  private:
    std::unordered_map<std::string, uint64_t> m_counts;
};

struct AuthorPositives {
    std::string handle;
    std::vector<uint32_t> rows; ///< newest first
    std::optional<int64_t> followers;
};

void finish_loyalty(GoalsBoard::Loyalty& out, std::unordered_map<std::string, AuthorPositives>& authors) {
    for (auto& [key, a] : authors) {
        if (a.rows.size() < 2)
            continue;
        ++out.repeat_authors;
        out.advocates.push_back({a.handle, static_cast<uint32_t>(a.rows.size()), a.followers});
        out.queue.insert(out.queue.end(), a.rows.begin(), a.rows.end());
    }
    std::sort(out.advocates.begin(), out.advocates.end(), [](const Advocate& a, const Advocate& b) {
        if (a.positive != b.positive)
            return a.positive > b.positive;
        if (a.followers.value_or(-1) != b.followers.value_or(-1))
            return a.followers.value_or(-1) > b.followers.value_or(-1);
        return a.handle < b.handle;
    });
}

/// The owner's event tag, or the most active hashtag in the range (event posts first).
void choose_event(GoalsBoard::Event& ev, const GoalsConfig& c, const Tally& event_tags, const Tally& all_tags) {
    if (!c.event_tag.empty()) {
        ev.tag = c.event_tag;
        while (!ev.tag.empty() && ev.tag.front() == '#')
            ev.tag.erase(0, 1);
        ev.from_profile = !ev.tag.empty();
        return;
    }
    for (const Tally* t : {&event_tags, &all_tags}) {
        std::vector<RankedItem> top = t->ranked(1);
        if (!top.empty()) {
            ev.tag = top[0].label;
            return;
        }
    }
}

} // namespace

GoalsBoard compute_goals(const MentionStore& store, const GoalsConfig& c) {
    GoalsBoard b;
    const std::string site = site_domain(c.website);
    const std::vector<std::string> own = lowered(c.own_handles), rivals = lowered(c.competitor_handles);
    const std::vector<std::string> campaigns = lowered(c.campaign_tags), brands = lowered(c.brand_tags);
    const LocalMatcher local(c.local);
    Tally pages, codes, tags, event_tags, all_tags;
    std::unordered_map<std::string, AuthorPositives> positives;
    std::vector<uint32_t> with_tags; // in range, for the event wall

    for (uint32_t row : store.newest_first()) {
        const Mention& m = store.at(row);
        if (!in_range(c, m.created_at))
            continue;
        ++b.in_range;
        if (!m.hashtags.empty())
            with_tags.push_back(row);
        const std::string handle = to_lower(m.author.handle);
        if (any_account(rivals, handle) || any_account(own, handle))
            continue;
        // A repost passes a post on: it is not a new buyer, case or deal of its own.
        const bool repost = m.kind == Kind::Repost;
        for (const std::string& h : m.hashtags) {
            std::string tag = to_lower(h);
            if (contains(brands, tag))
                continue;
            if (m.intents & IntentEvent)
                event_tags.add(tag);
            all_tags.add(tag);
        }

        if (links_to(m, site)) {
            ++b.traffic.mentions;
            b.traffic.queue.push_back(row);
            for (const std::string& u : m.urls) {
                std::string page = page_of(u);
                if (on_site(std::string_view(page).substr(0, page.find('/')), site))
                    pages.add(page);
            }
        }

        const std::vector<std::string> found = promo_codes(m.text);
        bool campaign = false;
        for (const std::string& h : m.hashtags)
            if (contains(campaigns, to_lower(h))) {
                tags.add("#" + h);
                campaign = true;
            }
        if (!repost && (!found.empty() || campaign || (m.intents & IntentPromotion))) {
            ++b.promotions.mentions;
            b.promotions.queue.push_back(row);
            for (const std::string& code : found)
                codes.add(code);
        }

        const bool purchase = m.intents & IntentPurchase, recommendation = m.intents & IntentRecommendationRequest;
        b.leads.purchase += purchase && !repost;
        b.leads.recommendation += recommendation && !repost;
        if (!repost && (purchase || recommendation)) {
            ++b.leads.mentions;
            b.leads.queue.push_back(row);
        }

        const bool local_place = m.place && !repost && local.configured() && local.is_local(*m.place);
        const bool local_author =
            !repost && !m.author.location.empty() && local.configured() && local.is_local(normalize_location(m.author.location));
        const bool checkin = !repost && (is_checkin(m.text) || local_place);
        b.visitors.local += local_place || local_author;
        b.visitors.checkins += checkin;
        if (local_place || local_author || checkin) {
            ++b.visitors.mentions;
            b.visitors.queue.push_back(row);
        }

        if (!repost && (m.intents & (IntentComplaint | IntentQuestion)))
            b.service.candidates.push_back(row);

        if (is_positive(m) && !repost) {
            AuthorPositives& a = positives[m.author.id.empty() ? handle : m.author.id];
            if (a.handle.empty())
                a.handle = m.author.handle;
            a.rows.push_back(row);
            if (m.author.followers)
                a.followers = std::max(a.followers.value_or(0), *m.author.followers);
        }
    }

    b.traffic.pages = pages.ranked(10);
    b.promotions.codes = codes.ranked(10);
    b.promotions.tags = tags.ranked(10);
    finish_loyalty(b.loyalty, positives);
    // Each author's rows were newest first; together they are sorted again.
    const auto& order = store.newest_first();
    std::vector<uint32_t> rank(store.size());
    for (uint32_t i = 0; i < order.size(); ++i)
        rank[order[i]] = i;
    std::sort(b.loyalty.queue.begin(), b.loyalty.queue.end(), [&](uint32_t x, uint32_t y) { return rank[x] < rank[y]; });

    choose_event(b.event, c, event_tags, all_tags);
    if (!b.event.tag.empty()) {
        const std::string want = to_lower(b.event.tag);
        Tally spellings;
        for (uint32_t row : with_tags)
            for (const std::string& h : store.at(row).hashtags)
                if (to_lower(h) == want) {
                    b.event.wall.push_back(row);
                    spellings.add(h);
                    break;
                }
        b.event.mentions = static_cast<uint32_t>(b.event.wall.size());
        if (!b.event.from_profile && !spellings.ranked(1).empty())
            b.event.tag = spellings.ranked(1)[0].label; // "#BeanFest" as people write it
    }
    return b;
}

// [SECTION] Customer service

void update_service(GoalsBoard& b, const MentionStore& store, const Workflow& workflow, const GoalsConfig& c) {
    GoalsBoard::Service& s = b.service;
    s.cases = s.open = s.answered = 0;
    s.queue.clear();
    s.median_first_response.reset();
    std::vector<uint32_t> cases = s.candidates;
    std::vector<uint32_t> known = s.candidates;
    std::sort(known.begin(), known.end());
    // A mention the owner marked Open is a case whatever its intent.
    for (const auto& [id, e] : workflow.entries()) {
        if (e.status != Status::Open)
            continue;
        const long idx = store.index_of(id);
        if (idx < 0 || !in_range(c, store.at(static_cast<size_t>(idx)).created_at))
            continue;
        if (!std::binary_search(known.begin(), known.end(), static_cast<uint32_t>(idx)))
            cases.push_back(static_cast<uint32_t>(idx));
    }
    std::vector<int64_t> waits;
    for (uint32_t row : cases) {
        const Mention& m = store.at(row);
        ++s.cases;
        const WorkflowEntry& e = workflow.get(m.id);
        if (e.status == Status::Replied || e.status == Status::Resolved) {
            ++s.answered;
        } else {
            ++s.open;
            s.queue.push_back(row);
        }
        if (std::optional<int64_t> w = workflow.first_response_seconds(m.id, m.created_at))
            waits.push_back(*w);
    }
    if (!waits.empty()) {
        std::sort(waits.begin(), waits.end());
        const size_t n = waits.size();
        s.median_first_response = n % 2 ? waits[n / 2] : (waits[n / 2 - 1] + waits[n / 2]) / 2;
    }
    // Marked-open mentions joined at the end: newest first again.
    std::stable_sort(s.queue.begin(), s.queue.end(),
                     [&](uint32_t x, uint32_t y) { return store.at(x).created_at > store.at(y).created_at; });
}

} // namespace earshot::core
