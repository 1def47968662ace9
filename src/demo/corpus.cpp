// The demo corpus generator: original posts, committing a draft into an X-shaped
// post, and the finishing pass (ids, indexes, core Mentions). Accounts and places:
// corpus_accounts.cpp; storylines and engagement: corpus_story.cpp.
//
// Index:
// [SECTION] Names and lookups
// [SECTION] Builder
// [SECTION] Composing and committing posts
// [SECTION] Original posts
// [SECTION] Finishing: sort, index, core Mentions
#include "demo/bsky_api.hpp"
#include "demo/corpus_builder.hpp"
#include "demo/mastodon_api.hpp"
#include "demo/templates.hpp"
#include "demo/wire_util.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace earshot::demo {

// [SECTION] Names and lookups

const char* to_string(Category c) {
    static const char* const names[] = {
        "complaint", "question",  "praise", "purchase_intent", "recommendation_request",
        "event",     "promotion", "chatter"};
    return names[static_cast<int>(c)];
}

const char* to_string(Topic t) {
    static const char* const names[] = {"business", "competitor", "town", "trade"};
    return names[static_cast<int>(t)];
}

namespace {
/// Template key part for a category ("en/business/<this>").
const char* key_name(Category c) {
    static const char* const names[] = {"complaint", "question", "praise",    "purchase",
                                        "recreq",    "event",    "promotion", "chatter"};
    return names[static_cast<int>(c)];
}

} // namespace

const DemoPost* Corpus::find_post(uint64_t id) const {
    auto it = post_index.find(id);
    return it == post_index.end() ? nullptr : &posts[it->second];
}

size_t Corpus::upper_bound_id(uint64_t since) const {
    auto it = std::upper_bound(posts.begin(), posts.end(), since,
                               [](uint64_t v, const DemoPost& p) { return v < p.id; });
    return static_cast<size_t>(it - posts.begin());
}

// [SECTION] Builder

Builder::Builder(const CorpusOptions& options)
    : m_opt(options), m_rng(options.seed), m_now(options.now_ms),
      m_start(options.now_ms - 7 * kDayMs + 5 * kMinuteMs),
      m_end(options.now_ms + static_cast<int64_t>(options.trickle_hours) * kHourMs) {}

// [SECTION] Composing and committing posts

ComposeContext Builder::context(int subject, size_t author) {
    ComposeContext ctx;
    ctx.rng = &m_rng;
    ctx.subject = subject >= 0 ? &businesses()[subject] : nullptr;
    ctx.self_url = m_c.users[author].url;
    ctx.random_handle = [this] { return random_handle(); };
    return ctx;
}

std::string Builder::vary(const std::string& text, bool question) {
    // A template with no slots would otherwise come out word for word dozens of
    // times a week; people add their own lead-in or tail.
    static const char* const leads[] = {"Honestly, ", "Not gonna lie, ", "Tbh "};
    static const char* const question_leads[] = {
        "Genuine question: ", "Quick one: ", "Random question but "};
    static const char* const tails[] = {" 😅",    " ☕",       " tbh",      " lol",
                                        " 🙃", " #coffee", " #Brighton"};
    const double r = m_rng.uniform();
    if (r < 0.3) {
        std::string body = text;
        const bool keep_case = body.size() > 1 && (body[1] == ' ' || body[1] == '\'' ||
                                                   (body[1] >= 'A' && body[1] <= 'Z'));
        if (!keep_case && body[0] >= 'A' && body[0] <= 'Z')
            body[0] = static_cast<char>(body[0] + 32);
        return (question ? m_rng.pick(question_leads) : m_rng.pick(leads)) + body;
    }
    if (r < 0.6 && text.find('#') == std::string::npos)
        return text + m_rng.pick(tails);
    return text;
}

bool Builder::compose(const std::string& key, Draft& d, const std::string& their_name) {
    const std::vector<Tpl>* tpls = find_templates(key);
    if (!tpls)
        return false;
    const Tpl& t = m_rng.pick(*tpls);
    ComposeContext ctx = context(d.subject, d.author);
    ctx.their_name = their_name;
    std::string text = expand_template(t.text, ctx);
    // People type casually; businesses, brands and the press do not.
    const Role role = m_c.users[d.author].role;
    const bool person = role == Role::Person || role == Role::Regular || role == Role::Influencer;
    if (person && d.lang == "en" && d.kind == core::Kind::Original && !std::strchr(t.text, '{'))
        text = vary(text, d.category == Category::Question);
    d.text = d.lang == "en" && person ? casualise(text, m_rng) : text;
    d.links = std::move(ctx.links);
    d.question_key = t.key ? t.key : "";
    return true;
}

namespace {
const char* const kAltTexts[] = {"A flat white with a heart in the foam",
                                 "Almond croissant on a blue plate",
                                 "The shopfront on a sunny morning",
                                 "Latte art rosetta in a white cup",
                                 "Two coffees on a table by the window",
                                 "The beach at sunrise",
                                 "A queue out of the door",
                                 "Cinnamon buns cooling on a rack"};
}

size_t Builder::commit(Draft d) {
    DemoPost p;
    uint64_t id;
    do
        id = snowflake(d.ms, m_rng.next());
    while (!m_ids.insert(id).second);
    p.id = id;
    p.id_str = std::to_string(id);
    p.created_ms = d.ms / 1000 * 1000; // created_at is whole seconds; the id keeps the ms
    p.kind = d.kind;
    p.author = d.author;
    p.lang = d.lang;
    p.topic = d.topic;
    p.category = d.category;
    p.subject = d.subject;
    p.conversation_id = id;
    const DemoUser& author = m_c.users[d.author];
    auto lookup = [this](const std::string& h) -> const DemoUser* {
        auto it = m_c.user_by_username.find(to_lower_ascii(h));
        return it == m_c.user_by_username.end() ? nullptr : &m_c.users[it->second];
    };

    if (d.kind == core::Kind::Repost) {
        // X's form: "RT @user: " + the original, cut to 140 characters with "…".
        const DemoPost& parent = m_posts[d.parent];
        const DemoUser& pu = m_c.users[parent.author];
        const std::string prefix = "RT @" + pu.username + ": ";
        const std::string full = prefix + parent.text;
        const int plen = static_cast<int>(utf8_length(prefix));
        const bool cut = utf8_length(full) > 140;
        const int keep = cut ? 139 : INT_MAX;
        p.text = cut ? utf8_prefix(full, 139) + "…" : full;
        p.mentions.push_back({3, 4 + static_cast<int>(pu.username.size()), pu.username, pu.id});
        auto shift = [&](auto& out, const auto& in) {
            for (auto e : in) {
                e.start += plen, e.end += plen;
                if (e.end <= keep)
                    out.push_back(e);
            }
        };
        shift(p.hashtags, parent.hashtags);
        shift(p.cashtags, parent.cashtags);
        shift(p.mentions, parent.mentions);
        shift(p.urls, parent.urls);
        p.referenced = parent.id;
        p.lang = parent.lang;
        p.topic = parent.topic, p.category = parent.category, p.subject = parent.subject;
    } else {
        std::string plain = d.text;
        if (d.kind == core::Kind::Reply) {
            const DemoPost& parent = m_posts[d.parent];
            std::string prefix = "@" + m_c.users[parent.author].username + " ";
            if (d.mention_root && parent.kind == core::Kind::Reply && parent.in_reply_to_user &&
                *parent.in_reply_to_user != d.author && *parent.in_reply_to_user != parent.author)
                prefix += "@" + m_c.users[*parent.in_reply_to_user].username + " ";
            plain = prefix + plain;
            p.referenced = parent.id;
            p.conversation_id = parent.conversation_id;
            p.in_reply_to_user = parent.author;
        } else if (d.kind == core::Kind::Quote) {
            const DemoPost& parent = m_posts[d.parent];
            p.referenced = parent.id;
            if (d.quote_link) {
                PendingLink l{make_tco(m_rng),
                              "https://twitter.com/" + m_c.users[parent.author].username +
                                  "/status/" + parent.id_str,
                              {}};
                plain += " " + l.tco;
                d.links.push_back(l);
            }
        }
        if (d.media) {
            DemoMedia m;
            const bool video = m_rng.chance(0.1);
            m.type = video ? "video" : "photo";
            m.media_key =
                (video ? "7_" : "3_") + std::to_string(snowflake(d.ms - 20'000, m_rng.next()));
            static const char kAlnum[] =
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
            std::string file;
            for (int i = 0; i < 15; ++i)
                file += kAlnum[m_rng.index(64)];
            m.url = video ? "https://pbs.twimg.com/ext_tw_video_thumb/" + m.media_key.substr(2) +
                                "/pu/img/" + file.substr(0, 10) + ".jpg"
                          : "https://pbs.twimg.com/media/" + file + ".jpg";
            static const int sizes[][2] = {{1536, 2048}, {2048, 1536}, {1200, 1200}, {1080, 1350}};
            const auto& s = m_rng.pick(sizes);
            m.width = video ? 1280 : s[0];
            m.height = video ? 720 : s[1];
            if (!video && m_rng.chance(0.3))
                m.alt_text = m_rng.pick(kAltTexts);
            PendingLink l{make_tco(m_rng),
                          "https://twitter.com/" + author.username + "/status/" + p.id_str +
                              (video ? "/video/1" : "/photo/1"),
                          m.media_key};
            plain += (plain.empty() ? "" : " ") + l.tco;
            d.links.push_back(l);
            p.media.push_back(m_c.media.size());
            m_c.media.push_back(std::move(m));
        }
        p.text = x_escape(plain);
        ScannedEntities e = scan_entities(p.text, d.links, lookup);
        p.hashtags = std::move(e.hashtags);
        p.cashtags = std::move(e.cashtags);
        p.mentions = std::move(e.mentions);
        p.urls = std::move(e.urls);
        if (d.kind == core::Kind::Original && m_rng.chance(0.01))
            p.edit_history.push_back(
                snowflake(d.ms - m_rng.range(1, 40) * kMinuteMs, m_rng.next()));
    }
    p.edit_history.push_back(id);
    p.place = d.place;
    if (p.place && m_c.places[*p.place].place_type == "poi" && m_rng.chance(0.5)) {
        const DemoPlace& pl = m_c.places[*p.place];
        p.point = std::make_pair(pl.bbox[0] + (pl.bbox[2] - pl.bbox[0]) * m_rng.uniform(),
                                 pl.bbox[1] + (pl.bbox[3] - pl.bbox[1]) * m_rng.uniform());
    }

    // Engagement: grows with the author's audience, heavy-tailed, mostly small.
    if (d.kind != core::Kind::Repost) {
        const double audience = std::pow(static_cast<double>(author.followers) / 300.0, 0.6);
        const double median = (d.kind == core::Kind::Reply ? 0.4 : 1.2) * audience * d.virality;
        p.likes = d.likes ? *d.likes : static_cast<int64_t>(m_rng.lognormal(median, 0.9));
        p.extra_reposts =
            static_cast<int64_t>(static_cast<double>(p.likes) * m_rng.uniform() * 0.15);
        p.extra_replies =
            static_cast<int64_t>(static_cast<double>(p.likes) * m_rng.uniform() * 0.08);
        p.extra_quotes =
            static_cast<int64_t>(static_cast<double>(p.likes) * m_rng.uniform() * 0.02);
        p.bookmarks = static_cast<int64_t>(static_cast<double>(p.likes) * m_rng.uniform() * 0.1);
        p.impressions =
            1 + static_cast<int64_t>(static_cast<double>(author.followers) *
                                         (0.03 + 0.22 * m_rng.uniform()) +
                                     static_cast<double>(p.likes) * (20 + 40 * m_rng.uniform()));
    }
    m_posts.push_back(std::move(p));
    m_virality.push_back(d.virality);
    m_question_key.push_back(d.question_key);
    return m_posts.size() - 1;
}

// [SECTION] Original posts

int64_t Builder::sample_time(int64_t from, int64_t to, bool diurnal) {
    // People post around breakfast, lunch and the evening, more at weekends.
    static const double by_hour[24] = {0.3, 0.15, 0.1, 0.08, 0.08, 0.15, 0.5, 1.2,
                                       1.8, 1.7,  1.4, 1.3,  1.6,  1.5,  1.2, 1.1,
                                       1.0, 1.0,  1.1, 1.2,  1.2,  1.0,  0.7, 0.5};
    for (;;) {
        const int64_t t = m_rng.range(from, to);
        if (!diurnal)
            return t;
        const int64_t day = t / kDayMs;
        const bool weekend = (day + 4) % 7 >= 5; // 1970-01-01 was a Thursday
        const double w = by_hour[(t % kDayMs) / kHourMs] * (weekend ? 1.25 : 1.0);
        if (m_rng.uniform() * 1.8 * 1.25 < w)
            return t;
    }
}

void Builder::make_originals(int count, int64_t from, int64_t to, bool diurnal) {
    static const char* const langs[] = {"en", "es", "fr", "de", "pt", "ja", "art"};
    static const std::vector<double> lang_w = {0.86, 0.035, 0.03, 0.025, 0.02, 0.015, 0.015};
    static const std::vector<double> topic_w = {0.34, 0.20, 0.22, 0.24};
    // complaint, question, praise, purchase, recreq, event, promotion, chatter
    static const std::vector<double> cat_w[] = {
        {0.13, 0.13, 0.30, 0.07, 0.03, 0.06, 0.07, 0.21},
        {0.13, 0.13, 0.30, 0.07, 0.03, 0.06, 0.07, 0.21},
        {0.14, 0.08, 0.17, 0.04, 0.17, 0.12, 0.03, 0.25},
        {0.10, 0.12, 0.14, 0.12, 0.07, 0.05, 0.15, 0.25},
    };
    auto pick_subject = [&](double own) {
        const double r = m_rng.uniform();
        return r < own ? 0 : r < own + (1 - own) * 0.55 ? 1 : 2;
    };
    for (int n = 0; n < count; ++n) {
        Draft d;
        d.ms = sample_time(from, to, diurnal);
        d.lang = langs[m_rng.weighted(lang_w)];
        d.virality = m_rng.lognormal(1.0, 0.8) * (m_rng.chance(0.004) ? 25 : 1);
        std::string key;
        if (d.lang == "art") {
            // A photo and a few emoji, tagged at the café: a check-in.
            d.subject = pick_subject(0.6);
            d.topic = d.subject == 0 ? Topic::Business : Topic::Competitor;
            d.category = Category::Praise;
            d.author = pick_author("en");
            d.media = true;
            d.place = pick_place(d.subject, "en");
            compose("art/any", d);
            commit(std::move(d));
            continue;
        }
        if (d.lang != "en") {
            static const std::vector<double> w = {0.35, 0.12, 0.10, 0.18, 0.17, 0.08};
            static const char* const keys[] = {"business/praise",   "business/complaint",
                                               "business/question", "town/recreq",
                                               "town/chatter",      "trade/chatter"};
            static const Category cats[] = {Category::Praise,   Category::Complaint,
                                            Category::Question, Category::RecommendationRequest,
                                            Category::Chatter,  Category::Chatter};
            const size_t k = m_rng.weighted(w);
            d.category = cats[k];
            d.topic = k < 3 ? Topic::Business : k == 5 ? Topic::Trade : Topic::Town;
            if (k < 3) {
                d.subject = pick_subject(0.55);
                if (d.subject != 0)
                    d.topic = Topic::Competitor;
            }
            d.author = pick_author(d.lang);
            key = d.lang + "/" + keys[k];
            if (m_rng.chance(0.25))
                d.place = pick_place(d.subject, d.lang);
        } else {
            d.topic = static_cast<Topic>(m_rng.weighted(topic_w));
            d.category = static_cast<Category>(m_rng.weighted(cat_w[static_cast<int>(d.topic)]));
            std::string group;
            if (d.topic == Topic::Business || d.topic == Topic::Competitor) {
                d.subject = d.topic == Topic::Business ? 0 : (m_rng.chance(0.55) ? 1 : 2);
                group = "business";
                if (d.subject == kOwnBusiness && d.category == Category::Event) {
                    // The café's Latte Art Throwdown was two nights ago (corpus_story.cpp):
                    // talk about it happens in the days before and on the night.
                    const int64_t night = (m_now / kDayMs - 2) * kDayMs + 22 * kHourMs;
                    d.ms = m_rng.range(std::max(m_start, night - 4 * kDayMs), night);
                }
                const double self = d.category == Category::Promotion ? 0.55
                                    : d.category == Category::Event   ? 0.5
                                    : d.category == Category::Chatter ? 0.2
                                                                      : 0.0;
                if (m_rng.chance(self)) {
                    group = "self";
                    d.author = m_business_user[d.subject];
                } else {
                    d.author = pick_author("en", d.subject == 0 && d.category == Category::Praise);
                }
                if (m_rng.chance(0.12))
                    d.place = pick_place(d.subject, "en");
            } else {
                group = d.topic == Topic::Town ? "town" : "trade";
                d.author = pick_author("en");
                if (d.topic == Topic::Trade && d.category == Category::Promotion &&
                    !m_brands.empty())
                    d.author = m_rng.pick(m_brands);
                if (d.topic == Topic::Town && d.category == Category::Event && m_rng.chance(0.35))
                    d.author = user_named(m_rng.chance(0.6) ? "bh_events" : "bhchronicle");
                if (m_rng.chance(d.topic == Topic::Town ? 0.1 : 0.03))
                    d.place = pick_place(-1, "en");
            }
            key = "en/" + group + "/" + key_name(d.category);
        }
        const bool visual = d.category == Category::Praise || d.category == Category::Chatter ||
                            d.category == Category::Event;
        d.media = m_rng.chance(visual && d.subject >= 0 ? 0.22 : 0.06);
        if (!compose(key, d))
            continue;
        if (d.lang == "en" && d.text.find('#') == std::string::npos && m_rng.chance(0.12))
            d.text += " " + m_rng.pick(d.topic == Topic::Trade ? vocabulary().trade_tags
                                                               : vocabulary().town_tags);
        commit(std::move(d));
    }
}

// [SECTION] Finishing: sort, index, core Mentions

namespace {
core::Mention to_mention(const Corpus& c, const DemoPost& p) {
    core::Mention m;
    m.id = "x:" + p.id_str;
    m.source = core::Source::X;
    m.source_id = p.id_str;
    m.url = "https://x.com/i/status/" + p.id_str;
    m.created_at = p.created_ms / 1000;
    m.lang = p.lang;
    m.kind = p.kind;
    m.conversation_id = std::to_string(p.conversation_id);
    const DemoPost* ref = p.referenced ? c.find_post(p.referenced) : nullptr;
    // X matches a repost on the whole reposted text, not the 140-character cut.
    m.text = x_unescape(p.kind == core::Kind::Repost && ref
                            ? "RT @" + c.users[ref->author].username + ": " + ref->text
                            : p.text);
    if (p.kind == core::Kind::Reply) {
        m.in_reply_to = std::to_string(p.referenced);
        if (p.in_reply_to_user)
            m.in_reply_to_handle = c.users[*p.in_reply_to_user].username;
    } else if (p.referenced) {
        m.referenced_id = std::to_string(p.referenced);
    }
    const DemoUser& u = c.users[p.author];
    m.author = {u.id, u.username, u.name, u.location, u.followers, u.verified};
    m.metrics.likes = p.likes;
    m.metrics.reposts = p.extra_reposts;
    m.metrics.replies = p.extra_replies;
    m.metrics.quotes = p.extra_quotes;
    m.metrics.impressions = p.impressions;
    const DemoPost& src = p.kind == core::Kind::Repost && ref ? *ref : p;
    for (const auto& h : src.hashtags)
        m.hashtags.push_back(h.tag);
    for (const auto& h : src.cashtags)
        m.cashtags.push_back(h.tag);
    for (const auto& h : p.mentions)
        m.mentions.push_back(h.username);
    if (&src != &p)
        for (const auto& h : src.mentions)
            m.mentions.push_back(h.username);
    for (const auto& l : src.urls) {
        if (!l.media_key.empty())
            continue;
        m.urls.push_back(l.expanded_url);
        std::string host = l.expanded_url.substr(l.expanded_url.find("//") + 2);
        host = to_lower_ascii(host.substr(0, host.find('/')));
        if (host.rfind("www.", 0) == 0)
            host = host.substr(4);
        m.domains.push_back(host);
    }
    m.has_media = !p.media.empty();
    if (p.place) {
        const DemoPlace& pl = c.places[*p.place];
        core::Place cp;
        cp.id = pl.id, cp.name = pl.name, cp.full_name = pl.full_name;
        cp.country_code = pl.country_code;
        cp.bbox = std::vector<double>(pl.bbox, pl.bbox + 4);
        cp.lon = p.point ? p.point->first : (pl.bbox[0] + pl.bbox[2]) / 2;
        cp.lat = p.point ? p.point->second : (pl.bbox[1] + pl.bbox[3]) / 2;
        m.place = cp;
    }
    return m;
}
} // namespace

Corpus Builder::build() {
    make_accounts();
    for (size_t i = 0; i < m_c.users.size(); ++i) {
        m_c.user_by_username[to_lower_ascii(m_c.users[i].username)] = i;
        m_c.user_by_id[m_c.users[i].id] = i;
    }
    make_places();
    make_storylines();
    // Roughly X's mix for a local search: under half originals, the rest replies,
    // reposts and quotes.
    const int past_originals = static_cast<int>(m_opt.posts * 0.44);
    make_originals(past_originals, m_start, m_now - 30'000, true);
    const int future_originals =
        static_cast<int>(m_opt.trickle_per_minute * 60 * m_opt.trickle_hours * 0.45);
    if (future_originals > 0)
        make_originals(future_originals, m_now + 1000, m_end, false);
    make_rule_children();
    int originals = 0;
    for (const auto& p : m_posts)
        originals += p.kind == core::Kind::Original;
    make_random_children(static_cast<int>(originals * 0.75));
    // Top up so the past week holds at least the posts asked for.
    for (;;) {
        int past = 0;
        for (const auto& p : m_posts)
            past += p.created_ms >= m_start && p.created_ms <= m_now;
        if (past >= m_opt.posts)
            break;
        make_originals(m_opt.posts - past, m_start, m_now - 30'000, true);
    }

    std::sort(m_posts.begin(), m_posts.end(),
              [](const DemoPost& a, const DemoPost& b) { return a.id < b.id; });
    m_c.generated_for_ms = m_now;
    m_c.posts = std::move(m_posts);
    for (size_t i = 0; i < m_c.posts.size(); ++i)
        m_c.post_index[m_c.posts[i].id] = i;
    m_c.children.assign(m_c.posts.size(), {});
    for (size_t i = 0; i < m_c.posts.size(); ++i)
        if (m_c.posts[i].referenced) {
            auto it = m_c.post_index.find(m_c.posts[i].referenced);
            if (it != m_c.post_index.end())
                m_c.children[it->second].push_back(i);
        }
    for (size_t i = 0; i < m_c.media.size(); ++i)
        m_c.media_by_key[m_c.media[i].media_key] = i;
    m_c.mentions.reserve(m_c.posts.size());
    for (const auto& p : m_c.posts)
        m_c.mentions.push_back(to_mention(m_c, p));
    return std::move(m_c);
}

Corpus generate_corpus(const CorpusOptions& options) {
    Builder b(options);
    Corpus c = b.build();
    c.bsky = std::make_shared<const BskyCorpus>(build_bsky(c));
    c.mastodon = std::make_shared<const MastodonCorpus>(build_mastodon(c));
    return c;
}

} // namespace earshot::demo
