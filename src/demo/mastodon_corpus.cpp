// The demo corpus on Mastodon: who of the town is on "demo.social" or on another
// server, and their X posts as toots — HTML with Mastodon's link shortening,
// hashtag lines, content warnings, custom emoji, boosts and replies.
//
// Index:
// [SECTION] Accounts
// [SECTION] Voice
// [SECTION] HTML
// [SECTION] Building the statuses
#include "demo/mastodon_api.hpp"

#include "demo/wire_util.hpp"
#include "demo/world.hpp"

#include <algorithm>

namespace earshot::demo {

namespace {

constexpr int64_t kCrossPostDelayMs = 70'000; ///< toots land a little after the X post

bool is_person(Role r) {
    return r == Role::Person || r == Role::Regular || r == Role::Influencer;
}

// [SECTION] Accounts

std::string html_escape(const std::string& s) {
    std::string out;
    for (char ch : s) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += ch;
        }
    }
    return out;
}

/// A Mastodon id: milliseconds in the high bits, a sequence in the low 16.
uint64_t masto_id(int64_t ms, uint64_t low) {
    return (static_cast<uint64_t>(ms) << 16) | (low & 0xFFFF);
}

std::string server_for(const DemoUser& u, uint64_t h) {
    static const char* const kServers[] = {"mastodon.social", "brighton.social", "toot.community",
                                           "mas.to", "mastodon.online"};
    if (u.lang == "fr")
        return "piaille.fr";
    if (u.lang == "de")
        return "chaos.social";
    if (u.lang == "ja")
        return "mstdn.jp";
    if (u.lang == "es" || u.lang == "pt")
        return "mastodon.world";
    if (u.role == Role::Business || u.role == Role::Competitor || h % 5 < 2)
        return kMastodonHost; // the café and its neighbours run their accounts here
    return kServers[(h >> 8) % 5];
}

MastodonAccount make_account(const DemoUser& u) {
    MastodonAccount a;
    const uint64_t h = mix(fnv1a(u.username), 31);
    a.server = server_for(u, h);
    a.username = u.username;
    a.acct = a.server == kMastodonHost ? u.username : u.username + "@" + a.server;
    a.display_name = u.name;
    a.url = "https://" + a.server + "/@" + u.username;
    a.uri = "https://" + a.server + "/users/" + u.username;
    a.created_ms = std::max<int64_t>(u.created_ms, 1'480'000'000'000) + (h % 700) * 86'400'000;
    a.id = std::to_string(masto_id(a.created_ms / 86'400'000 * 86'400'000, h));
    a.avatar = "https://" + std::string(kMastodonHost) + "/system/accounts/avatars/" +
               a.id.substr(0, 3) + "/" + a.id.substr(3, 3) + "/original/" +
               base32_chars(h, 3, 16) + ".png";
    a.note = "<p>" + html_escape(u.description) + "</p>";
    a.followers = std::max<int64_t>(3, u.followers / 6);
    a.following = std::max<int64_t>(5, u.following / 4);
    a.statuses = std::max<int64_t>(10, u.tweet_count / 5);
    a.bot = u.role == Role::Brand;
    return a;
}

bool on_mastodon(const DemoUser& u, size_t index) {
    // Named accounts everywhere; every non-English writer (Mastodon is where much of
    // Europe went); about a third of the rest.
    return index < named_accounts().size() || u.lang != "en" ||
           mix(fnv1a(u.username), 41) % 100 < 35;
}

// [SECTION] Voice

const char* const kLeads[kCategoryCount] = {
    "Mini rant: ", "Any Brighton folks on here know this? ", "Small joy of the day: ", "",
    "Fedi, help: ", "", "", ""};
const char* const kWarnings[] = {"coffee moan", "food, negative", "rant (small)"};

std::vector<std::string> tag_line(const DemoPost& p, uint64_t h) {
    std::vector<std::string> tags;
    if (p.lang == "de")
        tags.push_back("Kaffee");
    else if (p.lang == "fr" || p.lang == "pt")
        tags.push_back("café");
    else if (p.lang == "es")
        tags.push_back("cafe");
    else if (p.lang == "ja")
        tags.push_back("コーヒー");
    if (p.topic == Topic::Business || p.topic == Topic::Competitor) {
        tags.push_back("Coffee");
        tags.push_back("Brighton");
        if (p.subject >= 0)
            tags.push_back(businesses()[p.subject].area == "North Laine" ? "NorthLaine"
                                                                         : businesses()[p.subject].area);
    } else if (p.topic == Topic::Town) {
        tags.push_back("Brighton");
        tags.push_back(h % 2 ? "Sussex" : "BrightonAndHove");
    } else {
        tags.push_back("Coffee");
        tags.push_back(h % 2 ? "SpecialtyCoffee" : "CoffeeTime");
    }
    return tags;
}

/// People's own phrasing on Mastodon: fewer abbreviations, a line of hashtags
/// (how posts are found there), sometimes a content warning or a custom emoji.
void mastodon_voice(const Corpus& c, const DemoPost& p, RichText& r, MastodonStatus& s) {
    const uint64_t h = mix(p.id, 15);
    replace_phrase(r, " tbh", "");
    replace_phrase(r, " lol", " haha");
    replace_phrase(r, "Honestly, ", "Honestly? ");
    replace_phrase(r, "Not gonna lie, ", "");
    replace_phrase(r, "Genuine question: ", "Question for the fediverse: ");
    const bool original = p.kind == core::Kind::Original || p.kind == core::Kind::Quote;
    const bool person = is_person(c.users[p.author].role);
    if (p.kind == core::Kind::Original && person && p.lang == "en" && h % 10 < 3 &&
        *kLeads[static_cast<int>(p.category)]) {
        RichText out;
        out.add_text(kLeads[static_cast<int>(p.category)]);
        append(out, r);
        r = out;
    }
    if (p.category == Category::Praise && (h >> 8) % 100 < 15) {
        r.add_text(" :blobcoffee:");
        s.emojis.push_back("blobcoffee");
    }
    if (original && (h >> 16) % 10 < 7) {
        bool first = true;
        for (const auto& t : tag_line(p, h >> 24)) {
            if (r.has_tag(to_lower_ascii(t)))
                continue;
            r.add_text(first ? "\n\n" : " ");
            r.add({Segment::Kind::Tag, t});
            first = false;
        }
    }
    if (original && person && p.category == Category::Complaint && (h >> 32) % 100 < 35)
        s.spoiler = kWarnings[(h >> 40) % 3];
}

// [SECTION] HTML

std::string percent_encode_path(const std::string& s) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char ch : s) {
        if (ch < 0x80) {
            out += static_cast<char>(ch);
        } else {
            out += '%';
            out += kHex[ch >> 4];
            out += kHex[ch & 15];
        }
    }
    return out;
}

/// Mastodon shows a link without its scheme (and "www."), cut after 30 characters;
/// the hidden parts stay in the HTML so copying gives the whole URL.
std::string link_html(const std::string& url) {
    std::string prefix;
    for (const char* p : {"https://www.", "http://www.", "https://", "http://"})
        if (url.rfind(p, 0) == 0) {
            prefix = p;
            break;
        }
    const std::string rest = url.substr(prefix.size());
    std::string shown = rest, hidden;
    const bool cut = utf8_length(rest) > 30;
    if (cut) {
        shown = utf8_prefix(rest, 30);
        hidden = rest.substr(shown.size());
    }
    return "<a href=\"" + html_escape(url) +
           "\" target=\"_blank\" rel=\"nofollow noopener\" translate=\"no\"><span "
           "class=\"invisible\">" +
           html_escape(prefix) + "</span><span class=\"" + (cut ? "ellipsis" : "") + "\">" +
           html_escape(shown) + "</span><span class=\"invisible\">" + html_escape(hidden) +
           "</span></a>";
}

/// Writes the segments as Mastodon HTML (<p> per paragraph, <br /> per line) and
/// the same words as plain text for search.
void render_html(const MastodonCorpus& m, const Corpus& c, const RichText& r, MastodonStatus& s) {
    std::string html = "<p>", plain;
    for (const auto& seg : r.segments) {
        switch (seg.kind) {
        case Segment::Kind::Text:
            for (size_t i = 0; i < seg.text.size(); ++i) {
                if (seg.text.compare(i, 2, "\n\n") == 0) {
                    html += "</p><p>";
                    ++i;
                } else if (seg.text[i] == '\n') {
                    html += "<br />";
                } else {
                    html += html_escape(std::string(1, seg.text[i]));
                }
            }
            plain += seg.text;
            break;
        case Segment::Kind::Link:
            html += link_html(seg.text);
            plain += seg.text;
            if (s.card_url.empty())
                s.card_url = seg.text;
            break;
        case Segment::Kind::Mention: {
            const MastodonAccount& a = m.accounts[seg.user];
            if (a.id.empty()) {
                html += html_escape(c.users[seg.user].name);
                plain += c.users[seg.user].name;
                break;
            }
            html += "<span class=\"h-card\" translate=\"no\"><a href=\"" + a.url +
                    "\" class=\"u-url mention\">@<span>" + html_escape(a.username) +
                    "</span></a></span>";
            plain += "@" + a.username;
            s.mentions.push_back(seg.user);
            break;
        }
        case Segment::Kind::Tag:
            html += "<a href=\"https://" + std::string(kMastodonHost) + "/tags/" +
                    percent_encode_path(to_lower_ascii(seg.text)) +
                    "\" class=\"mention hashtag\" rel=\"tag\">#<span>" + html_escape(seg.text) +
                    "</span></a>";
            plain += "#" + seg.text;
            s.tags.push_back(to_lower_ascii(seg.text));
            break;
        }
    }
    s.content = html + "</p>";
    s.plain = to_lower_ascii(s.spoiler + "\n" + plain);
}

void card_for(MastodonStatus& s) {
    if (s.card_url.empty())
        return;
    const size_t start = s.card_url.find("//") + 2;
    std::string host = s.card_url.substr(start, s.card_url.find('/', start) - start);
    if (host.rfind("www.", 0) == 0)
        host = host.substr(4);
    std::string last = s.card_url.substr(s.card_url.find_last_of('/') + 1);
    last = last.substr(0, last.find('?'));
    std::replace(last.begin(), last.end(), '-', ' ');
    s.card_title = last.empty() ? host : last;
    s.card_description = "From " + host;
}

} // namespace

// [SECTION] Building the statuses

MastodonCorpus build_mastodon(const Corpus& c) {
    MastodonCorpus m;
    m.accounts.resize(c.users.size());
    for (size_t i = 0; i < c.users.size(); ++i)
        if (on_mastodon(c.users[i], i))
            m.accounts[i] = make_account(c.users[i]);
    std::unordered_map<size_t, size_t> by_x_post;
    uint64_t last_id = 0;
    for (size_t i = 0; i < c.posts.size(); ++i) {
        const DemoPost& p = c.posts[i];
        if (m.accounts[p.author].id.empty())
            continue;
        MastodonStatus s;
        s.post = i;
        s.author = p.author;
        s.created_ms = snowflake_ms(p.id) + kCrossPostDelayMs;
        std::optional<size_t> parent;
        if (p.referenced) {
            const auto x = c.post_index.find(p.referenced);
            if (x != c.post_index.end())
                if (const auto it = by_x_post.find(x->second); it != by_x_post.end())
                    parent = it->second;
        }
        if (p.kind == core::Kind::Repost) {
            if (!parent)
                continue; // boosts only of what is on Mastodon
            s.reblog = parent;
        } else if (p.kind == core::Kind::Reply) {
            if (!parent)
                continue;
            s.in_reply_to = parent;
        }
        const MastodonAccount& a = m.accounts[p.author];
        const uint64_t h = mix(p.id, 17);
        s.id = std::max(masto_id(s.created_ms, h), last_id + 1);
        last_id = s.id;
        // A remote author's status keeps its home server's id in its uri and url.
        const uint64_t home_id =
            a.server == kMastodonHost ? s.id : masto_id(s.created_ms - 900, h >> 16);
        s.uri = a.uri + "/statuses/" + std::to_string(home_id);
        s.url = a.url + "/" + std::to_string(home_id);
        if (s.reblog) {
            s.uri += "/activity";
        } else {
            RichText r;
            if (const StoryRewrite* story = story_rewrite(x_unescape(p.text))) {
                r = rich_from_markup(c, story->mastodon);
                s.spoiler = story->mastodon_cw;
            } else {
                r = rich_from_post(c, p);
                mastodon_voice(c, p, r, s);
            }
            // Quoting the Mastodon way: a link to the quoted status after the words.
            if (p.kind == core::Kind::Quote && parent) {
                r.add_text("\n\nRE: ");
                r.add({Segment::Kind::Link, m.statuses[*parent].url});
            }
            if (r.empty() && p.media.empty())
                continue;
            render_html(m, c, r, s);
            card_for(s);
            s.lang = p.lang == "art" ? "" : p.lang;
            s.media = p.media;
            s.favourites = p.likes * static_cast<int64_t>(20 + h % 40) / 100;
            s.reblogs = p.extra_reposts / 3;
            s.replies = p.extra_replies / 4;
        }
        by_x_post[i] = m.statuses.size();
        m.statuses.push_back(std::move(s));
    }
    return m;
}

} // namespace earshot::demo
