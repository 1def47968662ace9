// Bluesky → Mention. A post is a view (`postView`: uri, author, record, embed view,
// counts) around the record its author wrote (text, facets, langs, reply, embed);
// Jetstream sends the record alone. Every field is read defensively: other clients
// write records, so wrong types and wrong facet offsets are expected, never asserted.
#include "core/ingest/bluesky.hpp"

#include "core/ingest/json_fields.hpp"
#include "core/ingest/json_view.hpp"
#include "core/ingest/x_v2.hpp"

#include <utility>

namespace earshot::core {

using namespace json_fields;

// [SECTION] Facets: UTF-8 byte ranges into the text

std::optional<std::string_view> facet_slice(std::string_view text, int64_t byte_start, int64_t byte_end) {
    if (byte_start < 0 || byte_end <= byte_start || static_cast<uint64_t>(byte_end) > text.size()) return std::nullopt;
    const auto continuation = [&](size_t i) { return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; };
    const size_t start = static_cast<size_t>(byte_start), end = static_cast<size_t>(byte_end);
    // Both ends must fall between characters, never inside one.
    if (continuation(start) || (end < text.size() && continuation(end))) return std::nullopt;
    return text.substr(start, end - start);
}

namespace {

constexpr std::string_view kPostCollection = "/app.bsky.feed.post/";

bool is_post_uri(std::string_view uri) {
    return uri.rfind("at://", 0) == 0 && uri.find(kPostCollection) != std::string_view::npos;
}

/// The web address of a post: at://did/app.bsky.feed.post/rkey → bsky.app/profile/did/post/rkey.
std::string web_url(std::string_view uri) {
    const size_t collection = uri.find(kPostCollection);
    if (uri.rfind("at://", 0) != 0 || collection == std::string_view::npos) return {};
    const std::string_view did = uri.substr(5, collection - 5);
    const std::string_view rkey = uri.substr(collection + kPostCollection.size());
    return "https://bsky.app/profile/" + std::string(did) + "/post/" + std::string(rkey);
}

/// Links, mentions and tags. A mention's handle is the text its range covers (the
/// feature names only the did); when that range is wrong, the did stands in.
void read_facets(JsonView record, Mention& m) {
    for (JsonView facet : array(record, "facets")) {
        JsonView index = object(facet, "index");
        const std::optional<std::string_view> covered =
            facet_slice(m.text, integer(index, "byteStart").value_or(-1), integer(index, "byteEnd").value_or(-1));
        for (JsonView feature : array(facet, "features")) {
            const std::string type = str(feature, "$type");
            if (type == "app.bsky.richtext.facet#link") {
                add_url(m, str(feature, "uri"));
            } else if (type == "app.bsky.richtext.facet#tag") {
                std::string tag = str(feature, "tag");
                if (!tag.empty() && tag[0] == '#') tag.erase(0, 1);
                add_unique(m.hashtags, std::move(tag));
            } else if (type == "app.bsky.richtext.facet#mention") {
                std::string handle = covered ? std::string(*covered) : std::string();
                if (!handle.empty() && handle[0] == '@') handle.erase(0, 1);
                if (handle.empty() || handle.find_first_of(" \t\r\n") != std::string::npos) handle = str(feature, "did");
                add_unique(m.mentions, std::move(handle));
            }
        }
    }
}

void mark_quote(Mention& m, std::string uri) {
    if (!is_post_uri(uri) || m.kind == Kind::Repost) return;
    m.kind = Kind::Quote; // a reply that quotes is a quote, as on X
    m.referenced_id = std::move(uri);
}

/// Media, link cards and quoted posts, from an embed as written in a record
/// (app.bsky.embed.*) or as the AppView shows it (app.bsky.embed.*#view).
void read_embed(JsonView embed, Mention& m) {
    std::string type = str(embed, "$type");
    if (const size_t hash = type.find('#'); hash != std::string::npos) type.erase(hash);
    if (type == "app.bsky.embed.images" || type == "app.bsky.embed.video" || type == "app.bsky.embed.gallery") {
        m.has_media = true;
    } else if (type == "app.bsky.embed.external") {
        add_url(m, str(object(embed, "external"), "uri"));
    } else if (type == "app.bsky.embed.record") {
        mark_quote(m, str(object(embed, "record"), "uri"));
    } else if (type == "app.bsky.embed.recordWithMedia") {
        // The record form nests a strongRef (record.record.uri), the view a viewRecord.
        mark_quote(m, str(object(object(embed, "record"), "record"), "uri"));
        read_embed(object(embed, "media"), m);
    }
}

/// The reply: parent and root uris (the raw at:// uris, as X keeps raw ids).
void read_reply(JsonView record, Mention& m) {
    JsonView reply = object(record, "reply");
    if (!reply) return;
    const std::string parent = str(object(reply, "parent"), "uri");
    if (parent.empty()) return;
    m.in_reply_to = parent;
    m.conversation_id = str(object(reply, "root"), "uri");
    if (m.conversation_id.empty()) m.conversation_id = parent;
    if (m.kind == Kind::Original) m.kind = Kind::Reply;
}

bool read_time(JsonView j, std::string_view key, int64_t& out) {
    const std::string s = str(j, key);
    return !s.empty() && parse_iso8601(s, out);
}

/// What the author wrote: text, langs, facets, reply, embed, createdAt. False
/// (with `why`) when the record is not a post with text.
bool read_record(JsonView record, Mention& m, std::string& why) {
    if (!record.is_object()) return why = "post " + m.source_id + " has no record", false;
    JsonView text = field(record, "text");
    if (!text.is_string()) return why = "post " + m.source_id + " has no text", false;
    m.text = text.string();
    m.conversation_id = m.source_id;
    for (JsonView lang : array(record, "langs"))
        if (lang.is_string()) {
            m.lang = lang.string();
            break;
        }
    read_reply(record, m);
    read_facets(record, m);
    if (JsonView embed = object(record, "embed")) read_embed(embed, m);
    read_time(record, "createdAt", m.created_at);
    return true;
}

void start_post(const std::string& uri, Mention& m) {
    m.source = Source::Bsky;
    m.source_id = uri;
    m.id = "bsky:" + uri;
    m.url = web_url(uri);
}

void read_profile(JsonView profile, Author& a) {
    a.id = str(profile, "did");
    a.handle = str(profile, "handle");
    a.name = str(profile, "displayName");
    a.followers = integer(profile, "followersCount"); // only full profiles carry it
}

/// One postView (searchPosts, getPosts, feeds, threads).
Result<Mention> read_post_view(JsonView post) {
    if (!post.is_object()) return Error{"a post is not a JSON object"};
    const std::string uri = str(post, "uri");
    if (!is_post_uri(uri)) return Error{"a post has no at:// post uri"};
    Mention m;
    start_post(uri, m);
    std::string why;
    if (!read_record(field(post, "record"), m, why)) return Error{why};
    // The view's embed resolves quotes the record only points at; both say the same.
    if (JsonView embed = object(post, "embed")) read_embed(embed, m);
    read_profile(object(post, "author"), m.author);
    m.metrics.likes = integer(post, "likeCount");
    m.metrics.reposts = integer(post, "repostCount");
    m.metrics.replies = integer(post, "replyCount");
    m.metrics.quotes = integer(post, "quoteCount");
    // createdAt is the client's clock; indexedAt (the AppView's) when it is unreadable.
    if (m.created_at == 0 && !read_time(post, "indexedAt", m.created_at))
        return Error{"post " + uri + " has no readable createdAt or indexedAt"};
    return m;
}

/// A repost in a feed: the reposter's mention carrying the reposted post's text and
/// entities. Its id is the repost record's uri when the AppView sends it, else one
/// made from the reposter and the post (stable, so polling twice stores it once).
void make_repost(JsonView reason, Mention& m) {
    JsonView by = object(reason, "by");
    std::string repost_uri = str(reason, "uri");
    const std::string by_did = str(by, "did");
    if (repost_uri.rfind("at://", 0) != 0) repost_uri = "at://" + by_did + "/app.bsky.feed.repost/of/" + m.source_id;
    m.kind = Kind::Repost;
    m.referenced_id = m.source_id;
    m.source_id = repost_uri;
    m.id = "bsky:" + repost_uri;
    // The original's reply and quote links belong to the original, as on X.
    m.in_reply_to.clear();
    m.conversation_id = repost_uri;
    m.author = Author{};
    read_profile(by, m.author);
    m.metrics = Metrics{};
    int64_t t = 0;
    if (read_time(reason, "indexedAt", t)) m.created_at = t;
}

void take(Result<Mention> m, BskyPage& page) {
    if (m) {
        page.mentions.push_back(std::move(m).value());
        return;
    }
    if (page.unreadable++ == 0) page.first_problem = m.error();
}

void read_feed(JsonView feed, BskyPage& page) {
    for (JsonView item : feed) {
        Result<Mention> m = read_post_view(field(item, "post"));
        if (m) {
            JsonView reason = object(item, "reason");
            if (str(reason, "$type") == "app.bsky.feed.defs#reasonRepost") make_repost(reason, m.value());
            else if (JsonView parent = object(object(item, "reply"), "parent"))
                m.value().in_reply_to_handle = str(object(parent, "author"), "handle");
        }
        take(std::move(m), page);
    }
}

/// A thread: the post, its parents up the chain and its replies down the tree,
/// walked without recursion (threads can be as deep as the JSON reader allows).
/// Not-found and blocked posts hold no post and are passed over.
void read_thread(JsonView thread, BskyPage& page) {
    std::vector<JsonView> todo{thread};
    while (!todo.empty()) {
        JsonView node = todo.back();
        todo.pop_back();
        if (!node.is_object()) continue;
        if (JsonView post = object(node, "post")) {
            Result<Mention> m = read_post_view(post);
            if (m) {
                // A reply's parent is the node above it, whose author the view names.
                JsonView parent = object(object(node, "parent"), "post");
                if (parent) m.value().in_reply_to_handle = str(object(parent, "author"), "handle");
            }
            take(std::move(m), page);
        }
        if (JsonView parent = object(node, "parent")) todo.push_back(parent);
        for (JsonView reply : array(node, "replies")) todo.push_back(reply);
    }
}

} // namespace

// [SECTION] Answers

bool is_bsky_answer(JsonView doc) {
    return doc.is_object() && (array(doc, "posts") || array(doc, "feed") || object(doc, "thread"));
}

Result<BskyPage> parse_bsky_answer(JsonView doc) {
    if (!is_bsky_answer(doc)) return Error{"not a Bluesky feed answer (no posts, feed or thread)"};
    BskyPage page;
    page.cursor = str(doc, "cursor");
    for (JsonView post : array(doc, "posts")) take(read_post_view(post), page);
    read_feed(array(doc, "feed"), page);
    if (JsonView thread = object(doc, "thread")) read_thread(thread, page);
    return page;
}

Result<BskyPage> parse_bsky_answer(std::string_view body) {
    if (body.empty()) return Error{"the Bluesky answer is empty"};
    Result<JsonDocument> doc = JsonDocument::parse(body);
    if (!doc) return Error{"the Bluesky answer is not valid JSON (" + doc.error() + ")"};
    return parse_bsky_answer(doc->root());
}

// [SECTION] Jetstream

bool is_jetstream_event(JsonView doc) {
    return doc.is_object() && field(doc, "did").is_string() && field(doc, "time_us") && field(doc, "kind").is_string();
}

Result<std::optional<Mention>> parse_jetstream_event(JsonView doc) {
    if (!is_jetstream_event(doc)) return Error{"not a Jetstream event (expected did, time_us and kind)"};
    if (str(doc, "kind") != "commit") return std::optional<Mention>(); // identity and account events
    JsonView commit = object(doc, "commit");
    if (!commit) return Error{"a Jetstream commit event has no commit"};
    if (str(commit, "collection") != "app.bsky.feed.post" || str(commit, "operation") != "create")
        return std::optional<Mention>(); // likes, follows, deletes: no new post
    const std::string did = str(doc, "did"), rkey = str(commit, "rkey");
    if (did.rfind("did:", 0) != 0 || rkey.empty() || rkey.find('/') != std::string::npos)
        return Error{"a Jetstream post event has no usable did and rkey"};
    Mention m;
    start_post("at://" + did + "/app.bsky.feed.post/" + rkey, m);
    m.author.id = did; // Jetstream names the author by did only
    std::string why;
    if (!read_record(field(commit, "record"), m, why)) return Error{why};
    if (m.created_at == 0) {
        // The relay's clock (microseconds) when the record's own is unreadable.
        // Past year 9999 a time has no ISO 8601 form to be stored in.
        constexpr int64_t kLastSecond = 253402300799; // 9999-12-31T23:59:59Z
        const std::optional<int64_t> us = integer(doc, "time_us");
        if (!us || *us <= 0 || *us / 1000000 > kLastSecond)
            return Error{"post " + m.source_id + " has no readable createdAt or time_us"};
        m.created_at = *us / 1000000;
    }
    return std::optional<Mention>(std::move(m));
}

} // namespace earshot::core
