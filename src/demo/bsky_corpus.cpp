// The demo corpus on Bluesky: who of the town is there (handles, DIDs), and each
// of their X posts as they would write it on Bluesky — longer, more links with
// cards, images, no reposts in search — with facets at UTF-8 byte offsets.
//
// Index:
// [SECTION] Accounts
// [SECTION] Voice
// [SECTION] Text and facets
// [SECTION] Building the posts
#include "demo/bsky_api.hpp"

#include "demo/wire_util.hpp"
#include "demo/world.hpp"

#include <algorithm>
#include <cctype>

namespace earshot::demo {

namespace {

constexpr int64_t kCrossPostDelayMs = 40'000; ///< Bluesky copies land a little after X

bool is_person(Role r) {
    return r == Role::Person || r == Role::Regular || r == Role::Influencer;
}

// [SECTION] Accounts

std::string host_of(const std::string& url) {
    std::string h = url.substr(url.find("//") == std::string::npos ? 0 : url.find("//") + 2);
    h = h.substr(0, h.find('/'));
    return h.rfind("www.", 0) == 0 ? h.substr(4) : h;
}

BskyAccount make_account(const DemoUser& u) {
    BskyAccount a;
    const uint64_t h = fnv1a(u.username);
    a.did = "did:plc:" + base32_chars(h, 11, 24);
    // Businesses and the press verify their own domain as their handle.
    const bool organisation = u.role == Role::Business || u.role == Role::Competitor ||
                              u.role == Role::Press || u.role == Role::Brand;
    a.handle = organisation && !u.url.empty() ? to_lower_ascii(host_of(u.url))
                                              : to_lower_ascii(u.username) + ".bsky.social";
    a.display_name = u.name;
    a.description = u.description;
    a.avatar = "https://cdn.bsky.app/img/avatar/plain/" + a.did + "/bafkrei" +
               base32_chars(h, 12, 52) + "@jpeg";
    a.created_ms = std::max<int64_t>(u.created_ms, 1'682'000'000'000) + (h % 400) * 86'400'000;
    return a;
}

bool on_bluesky(const DemoUser& u, size_t index) {
    // The named town accounts are everywhere; of the rest, under half moved over.
    return index < named_accounts().size() || mix(fnv1a(u.username), 21) % 100 < 45;
}

// [SECTION] Voice

const char* const kLeads[kCategoryCount][3] = {
    {"Okay, small rant incoming. ", "I need to vent for a second. ", "Bit of a moan, sorry: "},
    {"Asking the Brighton crowd on here: ", "Question for the timeline: ", "Bluesky, help me out. "},
    {"Some good news for your feed: ", "A little appreciation post. ", "Putting this on record: "},
    {"Shopping question. ", "", "Advice wanted: "},
    {"Recommendations please! ", "Brighton people of Bluesky: ", ""},
    {"Diary note! ", "For anyone around this week: ", ""},
    {"", "Heads up: ", ""},
    {"", "Random thought: ", "Today's small observation. "},
};
const char* const kTails[kCategoryCount][3] = {
    {" Has anyone else had this lately?", " Hoping it's a one-off.", " Anyway, rant over."},
    {" Replies very welcome!", " Thanks in advance 🙏", ""},
    {" Highly recommend if you're nearby.", " Go, you won't regret it.", " 💙"},
    {" Any tips appreciated.", "", ""},
    {" I'll report back.", " Reposts appreciated!", ""},
    {" See you there?", " Who's coming?", ""},
    {" (Not sponsored, just passing it on.)", "", ""},
    {" That's it, that's the post.", "", " 🌊"},
};

/// People's own phrasing on Bluesky, so no post is X's word for word.
void bluesky_voice(const Corpus& c, const DemoPost& p, RichText& r) {
    const uint64_t h = mix(p.id, 5);
    const int cat = static_cast<int>(p.category);
    replace_phrase(r, " tbh", " to be honest");
    replace_phrase(r, " lol", " 😂");
    replace_phrase(r, "Not gonna lie, ", "I'll be honest: ");
    replace_phrase(r, "Honestly, ", "Honestly? ");
    replace_phrase(r, "Genuine question: ", "Question for Brighton folks: ");
    const bool english = p.lang == "en" && p.kind == core::Kind::Original;
    if (english && is_person(c.users[p.author].role)) {
        const char* lead = kLeads[cat][h % 3];
        if (h % 10 < 4 && *lead) {
            RichText out;
            out.add_text(lead);
            append(out, r);
            r = out;
        }
        const char* tail = kTails[cat][(h >> 8) % 3];
        if ((h >> 16) % 10 < 5 && *tail)
            r.add_text(tail);
    }
    // More links than on X: people share the café's page or what they were reading.
    bool has_link = false;
    for (const auto& s : r.segments)
        has_link = has_link || s.kind == Segment::Kind::Link;
    // (Not on complaints and questions: nobody links the café's jobs page in a rant.)
    const bool sharing = p.category != Category::Complaint && p.category != Category::Question;
    if (!has_link && sharing && english && p.media.empty() && (h >> 24) % 100 < 30) {
        std::string url;
        if (p.subject >= 0) {
            const Business& b = businesses()[p.subject];
            url = "https://" + b.domain + b.pages[(h >> 32) % b.pages.size()];
            if (url.find('?') != std::string::npos)
                url = url.substr(0, url.find('?'));
        } else {
            const auto& links = vocabulary().other_links;
            if (!links.empty())
                url = links[(h >> 32) % links.size()];
        }
        if (!url.empty()) {
            r.add_text("\n\n");
            r.add({Segment::Kind::Link, url});
        }
    }
}

// [SECTION] Text and facets

/// What the Bluesky app shows for a link: host and path, long ones cut with "...".
std::string shown_link(const std::string& url) {
    std::string d = url;
    for (const char* scheme : {"https://", "http://"})
        if (d.rfind(scheme, 0) == 0)
            d = d.substr(std::string(scheme).size());
    if (d.rfind("www.", 0) == 0)
        d = d.substr(4);
    if (!d.empty() && d.back() == '/')
        d.pop_back();
    return utf8_length(d) > 30 ? utf8_prefix(d, 27) + "..." : d;
}

/// Writes the segments as text, recording each facet's byte range as it goes.
void render_text(const BskyCorpus& b, const Corpus& c, const RichText& r, BskyPost& out) {
    for (const auto& s : r.segments) {
        const size_t start = out.text.size();
        switch (s.kind) {
        case Segment::Kind::Text:
            out.text += s.text;
            continue;
        case Segment::Kind::Link:
            out.text += shown_link(s.text);
            out.facets.push_back({start, out.text.size(), s.kind, s.text});
            out.links.push_back(s.text);
            break;
        case Segment::Kind::Mention: {
            const BskyAccount& a = b.accounts[s.user];
            if (a.did.empty()) {
                // Not on Bluesky: people write the name instead.
                out.text += c.users[s.user].name;
                continue;
            }
            out.text += "@" + a.handle;
            out.facets.push_back({start, out.text.size(), s.kind, a.did});
            out.mention_dids.push_back(a.did);
            break;
        }
        case Segment::Kind::Tag:
            out.text += "#" + s.text;
            out.facets.push_back({start, out.text.size(), s.kind, s.text});
            out.tags.push_back(to_lower_ascii(s.text));
            break;
        }
    }
}

/// "Kemptown café scraps…" style card title and a line for a shared link.
void external_card(const std::string& url, BskyPost& out) {
    const std::string host = host_of(url);
    std::string path = url.substr(std::min(url.size(), url.find(host) + host.size()));
    std::string last = path.substr(path.find_last_of('/') == std::string::npos
                                       ? 0
                                       : path.find_last_of('/') + 1);
    last = last.substr(0, last.find('?'));
    std::replace(last.begin(), last.end(), '-', ' ');
    if (!last.empty())
        last[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(last[0])));
    out.external_uri = url;
    out.external_title = last.empty() ? host : last + " | " + host;
    out.external_description = "Read more on " + host + ".";
}

std::string tid(int64_t created_ms, uint64_t salt) {
    // A record key is a TID: microseconds since 1970 and a 10-bit clock id,
    // 13 characters of sortable base32.
    static const char kSortable[] = "234567abcdefghijklmnopqrstuvwxyz";
    const uint64_t micros = static_cast<uint64_t>(created_ms) * 1000 + salt % 1000;
    uint64_t v = (micros << 10) | ((salt >> 10) & 1023);
    v &= 0x7FFFFFFFFFFFFFFFull;
    std::string out(13, '2');
    for (int i = 12; i >= 0; --i, v >>= 5)
        out[i] = kSortable[v & 31];
    return out;
}

} // namespace

// [SECTION] Building the posts

BskyCorpus build_bsky(const Corpus& c) {
    BskyCorpus b;
    b.accounts.resize(c.users.size());
    for (size_t i = 0; i < c.users.size(); ++i) {
        if (!on_bluesky(c.users[i], i))
            continue;
        b.accounts[i] = make_account(c.users[i]);
        if (b.user_by_handle.count(b.accounts[i].handle))
            b.accounts[i].handle = to_lower_ascii(c.users[i].username) + "-" +
                                   std::to_string(i) + ".bsky.social";
        b.user_by_handle[b.accounts[i].handle] = i;
        b.user_by_did[b.accounts[i].did] = i;
    }
    for (size_t i = 0; i < c.posts.size(); ++i) {
        const DemoPost& p = c.posts[i];
        if (p.kind == core::Kind::Repost || b.accounts[p.author].did.empty())
            continue;
        BskyPost bp;
        bp.post = i;
        bp.author = p.author;
        bp.created_ms = snowflake_ms(p.id) + kCrossPostDelayMs;
        if (p.kind == core::Kind::Reply) {
            const auto x_parent = c.post_index.find(p.referenced);
            const auto parent = x_parent == c.post_index.end() ? b.by_x_post.end()
                                                               : b.by_x_post.find(x_parent->second);
            if (parent == b.by_x_post.end())
                continue; // the conversation is not on Bluesky
            bp.reply_parent = parent->second;
            bp.reply_root = b.posts[parent->second].reply_root.value_or(parent->second);
        } else if (p.kind == core::Kind::Quote) {
            const auto x_quoted = c.post_index.find(p.referenced);
            const auto quoted = x_quoted == c.post_index.end() ? b.by_x_post.end()
                                                               : b.by_x_post.find(x_quoted->second);
            if (quoted != b.by_x_post.end())
                bp.quoted = quoted->second;
        }
        RichText r;
        const std::string plain = x_unescape(p.text);
        if (const StoryRewrite* story = story_rewrite(plain))
            r = rich_from_markup(c, story->bsky);
        else {
            r = rich_from_post(c, p);
            bluesky_voice(c, p, r);
        }
        if (r.empty() && p.media.empty())
            continue;
        render_text(b, c, r, bp);
        bp.lang = p.lang == "art" ? "" : p.lang;
        for (size_t m : p.media)
            if (c.media[m].type == "photo")
                bp.media.push_back(m);
        if (bp.media.empty() && !bp.quoted && !bp.links.empty())
            external_card(bp.links.front(), bp);
        const uint64_t h = mix(p.id, 9);
        bp.rkey = tid(bp.created_ms, h);
        bp.uri = "at://" + b.accounts[p.author].did + "/app.bsky.feed.post/" + bp.rkey;
        bp.cid = "bafyrei" + base32_chars(h, fnv1a(bp.text), 52);
        // Bluesky audiences are smaller than X's for the same people.
        bp.likes = p.likes * static_cast<int64_t>(30 + h % 50) / 100;
        bp.reposts = p.extra_reposts / 2;
        bp.extra_replies = p.extra_replies / 3;
        bp.extra_quotes = p.extra_quotes / 3;
        bp.lower_text = to_lower_ascii(bp.text);
        b.by_x_post[i] = b.posts.size();
        b.posts.push_back(std::move(bp));
    }
    b.replies.assign(b.posts.size(), {});
    b.quotes.assign(b.posts.size(), {});
    for (size_t i = 0; i < b.posts.size(); ++i) {
        if (b.posts[i].reply_parent)
            b.replies[*b.posts[i].reply_parent].push_back(i);
        if (b.posts[i].quoted)
            b.quotes[*b.posts[i].quoted].push_back(i);
    }
    return b;
}

} // namespace earshot::demo
