// The demo corpus's week in the life of Harbour Bean: scripted storylines (an oat
// milk row, a latte art night, a press mention, a competitor going viral) and the
// replies, quotes and reposts every post attracts, including the café answering.
#include "demo/corpus_builder.hpp"
#include "demo/templates.hpp"

#include <algorithm>
#include <cmath>

namespace earshot::demo {

namespace {
const char* reply_key_name(Category c) {
    static const char* const names[] = {"complaint", "question", "praise",    "purchase",
                                        "recreq",    "event",    "promotion", "chatter"};
    return names[static_cast<int>(c)];
}

/// "Kate" from "Kate in Kemptown"; empty when the name does not start with a word.
std::string first_name(const std::string& display) {
    std::string w = display.substr(0, display.find(' '));
    for (char c : w)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c & 0x80)))
            return "";
    return w;
}

bool has_templates(const std::string& key) {
    return find_templates(key) != nullptr;
}

/// Reply templates for a post: the "_general" set when no café is named, so a
/// rant about coffee prices is not answered "that's not like them".
std::string reply_key(Category c, int subject) {
    const std::string base = std::string("en/reply/") + reply_key_name(c);
    if (subject < 0 && has_templates(base + "_general"))
        return base + "_general";
    return has_templates(base) ? base : "en/reply/chatter";
}
} // namespace

// [SECTION] Building blocks

int64_t Builder::after(size_t parent, double median_minutes, double sigma) {
    return m_posts[parent].created_ms + 30'000 +
           static_cast<int64_t>(m_rng.lognormal(median_minutes, sigma) * kMinuteMs);
}

size_t Builder::add_reply(size_t parent, int64_t ms, size_t author, const std::string& key,
                          Category category, int subject, const std::string& text) {
    if (!in_range(ms))
        return SIZE_MAX;
    Draft d;
    d.ms = ms;
    d.author = author;
    d.kind = core::Kind::Reply;
    d.parent = parent;
    d.category = category;
    d.topic = m_posts[parent].topic;
    d.subject = subject == -2 ? m_posts[parent].subject : subject;
    if (subject >= 0)
        d.topic = subject == kOwnBusiness ? Topic::Business : Topic::Competitor;
    d.lang = key.substr(0, key.find('/'));
    d.mention_root = m_rng.chance(0.3);
    d.virality = m_rng.lognormal(0.8, 0.6);
    if (!text.empty()) {
        ComposeContext ctx = context(d.subject, author);
        d.text = expand_template(text, ctx);
        d.links = std::move(ctx.links);
    } else if (!compose(key, d, first_name(m_c.users[m_posts[parent].author].name))) {
        return SIZE_MAX;
    }
    return commit(std::move(d));
}

size_t Builder::add_repost(size_t parent, int64_t ms, size_t author) {
    if (!in_range(ms))
        return SIZE_MAX;
    Draft d;
    d.ms = ms;
    d.author = author;
    d.kind = core::Kind::Repost;
    d.parent = parent;
    return commit(std::move(d));
}

size_t Builder::add_quote(size_t parent, int64_t ms, size_t author, const std::string& key,
                          const std::string& text) {
    if (!in_range(ms))
        return SIZE_MAX;
    Draft d;
    d.ms = ms;
    d.author = author;
    d.kind = core::Kind::Quote;
    d.parent = parent;
    d.topic = m_posts[parent].topic;
    d.category = m_posts[parent].category;
    d.subject = m_posts[parent].subject;
    d.quote_link = m_rng.chance(0.5);
    d.virality = m_rng.lognormal(1.0, 0.7);
    if (!text.empty()) {
        ComposeContext ctx = context(d.subject, author);
        d.text = expand_template(text, ctx);
        d.links = std::move(ctx.links);
    } else if (!compose(key, d)) {
        return SIZE_MAX;
    }
    return commit(std::move(d));
}

void Builder::burst(size_t parent, int reposts, int quotes, int replies, double median_minutes) {
    if (parent == SIZE_MAX)
        return;
    const std::string cat = reply_key_name(m_posts[parent].category);
    const Category category = m_posts[parent].category;
    const size_t parent_author = m_posts[parent].author;
    auto someone = [&] {
        size_t a = pick_author("en");
        return a == parent_author ? pick_author("en") : a;
    };
    for (int i = 0; i < reposts; ++i)
        add_repost(parent, after(parent, median_minutes, 1.1), someone());
    const std::string qkey =
        has_templates("en/quote/" + cat) ? "en/quote/" + cat : "en/quote/chatter";
    for (int i = 0; i < quotes; ++i)
        add_quote(parent, after(parent, median_minutes, 1.1), someone(), qkey);
    const std::string rkey = reply_key(category, m_posts[parent].subject);
    for (int i = 0; i < replies; ++i)
        add_reply(parent, after(parent, median_minutes * 0.7, 1.1), someone(), rkey, category);
}

// [SECTION] Storylines

void Builder::make_storylines() {
    auto day = [&](int days_ago, int hour, int minute) {
        return (m_now / kDayMs - days_ago) * kDayMs + hour * kHourMs + minute * kMinuteMs;
    };
    // One scripted post; SIZE_MAX when its time falls outside the corpus.
    auto post = [&](int64_t ms, const char* username, const std::string& text, Topic topic,
                    Category category, int subject, int64_t likes, bool media = false,
                    bool at_shop = false) -> size_t {
        if (ms < m_start || ms > m_end)
            return SIZE_MAX;
        Draft d;
        d.ms = ms + m_rng.range(0, 59'999);
        d.author = user_named(username);
        d.topic = topic;
        d.category = category;
        d.subject = subject;
        d.likes = likes;
        d.media = media;
        if (at_shop)
            d.place = pick_place(subject, "en");
        ComposeContext ctx = context(subject, d.author);
        d.text = expand_template(text, ctx);
        d.links = std::move(ctx.links);
        return commit(std::move(d));
    };
    auto reply = [&](size_t parent, double minutes, const char* username, const std::string& text,
                     Category category, int64_t likes) -> size_t {
        if (parent == SIZE_MAX)
            return SIZE_MAX;
        const size_t r = add_reply(parent, after(parent, minutes, 0.2), user_named(username), "en",
                                   category, -2, text);
        if (r != SIZE_MAX)
            m_posts[r].likes = likes;
        return r;
    };

    // The oat milk row: a local voice complains, it spreads, the café listens.
    const size_t row = post(day(4, 8, 40), "kemptownkate",
                            "Just been charged 60p extra for oat milk at @harbourbean. It's not a "
                            "lifestyle choice, some of us can't do dairy. Come on 🙄 #Kemptown",
                            Topic::Business, Category::Complaint, 0, 412);
    burst(row, 34, 9, 22, 80);
    static const char* const row_replies[] = {
        "60p is steep but oat costs them about three times what dairy does tbh",
        "Grindhouse stopped charging for it last year, just saying",
        "Completely agree. Dairy-free shouldn't cost extra",
        "Love Harbour Bean but yeah, this needs to go"};
    for (const char* t : row_replies)
        if (row != SIZE_MAX)
            add_reply(row, after(row, 60), pick_author("en"), "en", Category::Complaint, -2, t);
    const size_t answer = reply(row, 130, "harbourbean",
                                "Hi Kate, we hear you. From tomorrow there's no charge for any "
                                "plant milk at Harbour Bean 🌱 Thanks for pushing us on it 💙",
                                Category::Chatter, 389);
    burst(answer, 18, 4, 10, 60);
    const size_t thanks = reply(answer, 25, "kemptownkate",
                                "Now THAT is how you respond. Thank you! 💙", Category::Praise, 230);
    burst(thanks, 15, 0, 3, 40);
    const size_t news =
        post(day(3, 10, 5), "bhchronicle",
             "Kemptown café scraps oat milk surcharge after customer backlash "
             "{url:https://bhchronicle.co.uk/food-and-drink/oat-milk-surcharge-row}",
             Topic::Business, Category::Chatter, 0, 280);
    burst(news, 25, 6, 8, 90);
    static const char* const wave[] = {
        "Free oat milk at @harbourbean now 🌱 This is what listening to your customers looks like",
        "Oat flat white at Harbour Bean, no surcharge. Small wins 🌱",
        "Harbour Bean dropping the oat milk charge has made my week",
        ("Went to Harbour Bean specifically to reward them for ditching the oat charge. Good coffee "
         "too ☕"),
        "More cafés should follow @harbourbean on this. No more plant milk tax! #Brighton"};
    for (int i = 0; i < 9; ++i)
        post(day(3, 8, 0) + m_rng.range(0, 9 * 60) * kMinuteMs,
             m_c.users[pick_author("en", true)].username.c_str(), m_rng.pick(wave), Topic::Business,
             Category::Praise, 0, m_rng.range(3, 60), m_rng.chance(0.3));

    // Latte Art Throwdown night at the café.
    const size_t save =
        post(day(6, 11, 0), "harbourbean",
             "Save the date: our Latte Art Throwdown is back in four days! 7pm, free "
             "entry, £5 to compete. Sign up 👉 "
             "{url:https://harbourbean.co.uk/events/latte-art-throwdown} #HarbourBeanThrowdown",
             Topic::Business, Category::Event, 0, 96, true);
    burst(save, 12, 3, 8, 120);
    const size_t tonight = post(day(2, 12, 0), "harbourbean",
                                "Tonight! Latte Art Throwdown from 7pm. Come and cheer on the "
                                "baristas #HarbourBeanThrowdown",
                                Topic::Business, Category::Event, 0, 64);
    burst(tonight, 8, 1, 5, 90);
    for (int i = 0; i < 36; ++i) {
        const int64_t ms = day(2, 19, 0) + m_rng.range(0, 210) * kMinuteMs;
        if (ms < m_start || ms > m_end)
            continue;
        Draft d;
        d.ms = ms;
        d.author = pick_author("en", true);
        d.topic = Topic::Business;
        d.category = Category::Event;
        d.subject = 0;
        d.media = m_rng.chance(0.5);
        if (m_rng.chance(0.7))
            d.place = pick_place(0, "en");
        compose("en/business/event", d);
        if (d.text.find("#HarbourBeanThrowdown") == std::string::npos)
            d.text += " #HarbourBeanThrowdown";
        commit(std::move(d));
    }
    const size_t winner = post(day(2, 22, 5), "harbourbean",
                               "Congratulations to @mia_pours, our Throwdown champion for the "
                               "second year running! 🏆 #HarbourBeanThrowdown",
                               Topic::Business, Category::Event, 0, 210, true, true);
    burst(winner, 15, 2, 14, 50);
    if (winner != SIZE_MAX)
        add_quote(winner, after(winner, 15, 0.2), user_named("mia_pours"), "en",
                  "Still shaking. Thank you everyone who came 💙");

    // The local paper's best-cafés list.
    const size_t best = post(day(1, 9, 15), "bhchronicle",
                             "Kemptown's Harbour Bean named among the best independent cafés in "
                             "Sussex ☕ {url:https://bhchronicle.co.uk/food-and-drink/"
                             "kemptown-cafe-named-among-best-in-sussex}",
                             Topic::Business, Category::Praise, 0, 640);
    burst(best, 45, 8, 14, 100);
    if (best != SIZE_MAX) {
        const size_t q = add_quote(best, after(best, 40, 0.2), user_named("harbourbean"), "en",
                                   "We're a bit speechless. Thank you to every single one of you "
                                   "who comes through our door 💙");
        if (q != SIZE_MAX)
            m_posts[q].likes = 300;
        burst(q, 10, 0, 6, 60);
    }

    // A national reviewer picks the competitor: a spike the owner should notice.
    const size_t guide = post(day(5, 13, 0), "coffeecartographer",
                              "Brighton guide is live! ☕ Top pick: @grindhousecafe on Gardner "
                              "Street. Their Kenyan on filter is one of the best cups I've had "
                              "this year. Honourable mentions to @harbourbean and @dailycrumb "
                              "{url:https://coffeecartographer.com/guides/brighton}",
                              Topic::Competitor, Category::Praise, 1, 2400);
    burst(guide, 70, 12, 25, 120);

    // Competitors' own promotions.
    burst(post(day(6, 10, 0), "grindhousecafe",
               "15% off all beans this weekend with code GRIND15 ☕ "
               "{url:https://grindhousecoffee.co.uk/shop}",
               Topic::Competitor, Category::Promotion, 1, 45),
          6, 1, 2, 120);
    burst(post(day(3, 12, 0), "dailycrumb",
               "Cinnamon bun Friday! 2 for 1 after 1pm, just say CRUMB2FOR1 at the till 🥐",
               Topic::Competitor, Category::Promotion, 2, 80, true),
          9, 1, 4, 90);

    // Shortly after start: things a live demo can watch arrive.
    const size_t lights =
        post(m_now + 20 * kMinuteMs, m_c.users[pick_author("en")].username.c_str(),
             "Is @harbourbean open right now? Walking past and the lights are off 👀",
             Topic::Business, Category::Question, 0, 2);
    reply(lights, 14, "harbourbean", "We are! Just a fuse in the window display 😅 Come on in ☕",
          Category::Chatter, 5);
    burst(post(m_now + 3 * kHourMs, "harbourbean",
               "Flash giveaway: the first 20 people to say 'seagull' at the till today get a free "
               "pastry 🥐🐦 #Kemptown",
               Topic::Business, Category::Promotion, 0, 120, true),
          14, 2, 9, 45);
    m_story_end = m_posts.size();
}

// [SECTION] Engagement: the café answers, people answer each other

void Builder::make_rule_children() {
    const size_t n = m_posts.size();
    for (size_t i = m_story_end; i < n; ++i) {
        if (m_posts[i].kind != core::Kind::Original)
            continue;
        const int subject = m_posts[i].subject;
        const Category cat = m_posts[i].category;
        const size_t author = m_posts[i].author;
        const std::string lang = m_posts[i].lang;
        const std::string qkey = m_question_key[i];
        const Role role = m_c.users[author].role;
        const bool by_business = role == Role::Business || role == Role::Competitor ||
                                 role == Role::Brand || role == Role::Press;
        // The café (or a competitor) answering its mentions.
        static const double own_p[] = {0.6, 0.6, 0.12, 0.45, 0.35, 0.1, 0.0, 0.0};
        static const double comp_p[] = {0.35, 0.4, 0.08, 0.3, 0.2, 0.08, 0.0, 0.0};
        const double p = subject < 0 ? 0 : (subject == 0 ? own_p : comp_p)[static_cast<int>(cat)];
        if (!by_business && m_rng.chance(p)) {
            std::string key = std::string("en/bizreply/") + reply_key_name(cat);
            if (cat == Category::Question)
                key = has_templates("en/bizreply/" + qkey) ? "en/bizreply/" + qkey
                                                           : "en/bizreply/question";
            const size_t r = add_reply(i, after(i, cat == Category::Complaint ? 45 : 70, 0.9),
                                       m_business_user[subject], key, Category::Chatter, subject);
            if (r != SIZE_MAX && cat == Category::Complaint && m_rng.chance(0.45))
                add_reply(r, after(r, 20), author, "en/thanks", Category::Praise);
        }
        if (cat == Category::Question) {
            const int answers = static_cast<int>(m_rng.range(0, lang == "en" ? 2 : 1));
            const std::string key =
                has_templates("en/answer/" + qkey) ? "en/answer/" + qkey : reply_key(cat, subject);
            for (int k = 0; k < answers; ++k)
                add_reply(i, after(i, 40), pick_author("en"), key, Category::Chatter);
        }
        if (cat == Category::RecommendationRequest && m_posts[i].topic == Topic::Trade) {
            for (int k = static_cast<int>(m_rng.range(1, 3)); k > 0; --k)
                add_reply(i, after(i, 40), pick_author("en"), "en/answer/roaster",
                          Category::Chatter);
        } else if (cat == Category::RecommendationRequest) {
            // Locals recommending: share of voice between the café and its competitors.
            const int answers = static_cast<int>(m_rng.range(1, 4));
            for (int k = 0; k < answers; ++k) {
                const double r = m_rng.uniform();
                const int rec = r < 0.45 ? 0 : r < 0.75 ? 1 : 2;
                add_reply(i, after(i, 35), pick_author("en", rec == 0), "en/answer/recommend",
                          Category::Praise, rec);
            }
            if (subject < 0 && m_posts[i].topic == Topic::Town && m_rng.chance(0.25))
                add_reply(i, after(i, 60), m_business_user[0], "en/bizreply/recreq",
                          Category::Chatter, 0);
        }
        if (lang != "en" && lang != "art" && cat != Category::Complaint && m_rng.chance(0.25))
            add_reply(i, after(i, 50), pick_author(lang), lang + "/reply/any", Category::Chatter);
    }
}

void Builder::make_random_children(int count) {
    const size_t n = m_posts.size();
    std::vector<double> cumulative;
    cumulative.reserve(n);
    double total = 0;
    for (size_t i = 0; i < n; ++i) {
        const DemoPost& p = m_posts[i];
        double w = 0;
        if (p.kind == core::Kind::Original || p.kind == core::Kind::Quote)
            w = m_virality[i] *
                (1 + std::sqrt(static_cast<double>(m_c.users[p.author].followers)) / 20) *
                (p.kind == core::Kind::Quote ? 0.3 : 1.0);
        else if (p.kind == core::Kind::Reply)
            w = 0.1 * m_virality[i];
        cumulative.push_back(total += w);
    }
    if (total <= 0)
        return;
    for (int k = 0; k < count; ++k) {
        const double x = m_rng.uniform() * total;
        const size_t parent = std::min<size_t>(
            std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin(), n - 1);
        const std::string lang = m_posts[parent].lang;
        const std::string cat = reply_key_name(m_posts[parent].category);
        const Category category = m_posts[parent].category;
        const bool foreign = lang != "en" && lang != "art";
        size_t author = pick_author(foreign && m_rng.chance(0.5) ? lang : "en");
        if (author == m_posts[parent].author)
            author = pick_author("en");
        const int64_t ms = after(parent, 50, 1.2);
        const double kind = m_rng.uniform();
        if (kind < 0.58) {
            add_repost(parent, ms, author);
        } else if (kind < 0.74) {
            add_quote(parent, ms, author,
                      has_templates("en/quote/" + cat) ? "en/quote/" + cat : "en/quote/chatter");
        } else {
            std::string key = reply_key(category, m_posts[parent].subject);
            if (foreign && m_c.users[author].lang == lang && category != Category::Complaint)
                key = lang + "/reply/any";
            else if (m_rng.chance(0.05))
                key = "art/any";
            add_reply(parent, ms, author, key,
                      category == Category::Complaint ? category : Category::Chatter);
        }
    }
}

} // namespace earshot::demo
