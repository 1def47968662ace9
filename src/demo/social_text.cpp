// A post's text as segments for the demo's Bluesky and Mastodon voices: scanning
// links, mentions and tags out of plain text, and the id helpers both services use.
#include "demo/social_text.hpp"

#include "demo/wire_util.hpp"

#include <functional>
#include <optional>

namespace earshot::demo {

namespace {

bool is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// Length of the tag body at s[i]: ASCII word characters and Latin-1 letters
/// (two-byte sequences led by 0xC3, as in "café"), so an emoji ends a tag.
size_t tag_length(const std::string& s, size_t i) {
    size_t j = i;
    while (j < s.size()) {
        const auto c = static_cast<unsigned char>(s[j]);
        if (is_word_byte(c))
            ++j;
        else if (c == 0xC3 && j + 1 < s.size())
            j += 2;
        else
            break;
    }
    return j - i;
}

bool at_boundary(const std::string& s, size_t i) {
    return i == 0 || !(is_word_byte(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '&' ||
                       s[i - 1] == '/' || s[i - 1] == '@' || s[i - 1] == '#');
}

using LinkFilter = std::function<std::optional<std::string>(const std::string& url)>;

/// Scans plain text; `link` maps a URL to the one to show (nullopt drops it).
RichText scan(const Corpus& c, const std::string& s, const LinkFilter& link) {
    RichText out;
    std::string pending;
    auto flush = [&] {
        if (!pending.empty())
            out.add_text(pending);
        pending.clear();
    };
    for (size_t i = 0; i < s.size();) {
        const bool boundary = at_boundary(s, i);
        if (boundary && (s.compare(i, 8, "https://") == 0 || s.compare(i, 7, "http://") == 0)) {
            size_t j = i;
            while (j < s.size() && s[j] != ' ' && s[j] != '\n')
                ++j;
            while (j > i && std::string(".,!?)").find(s[j - 1]) != std::string::npos)
                --j;
            const auto shown = link(s.substr(i, j - i));
            flush();
            if (shown)
                out.add({Segment::Kind::Link, *shown});
            i = j;
            continue;
        }
        if (boundary && (s[i] == '@' || s[i] == '#') && i + 1 < s.size()) {
            const size_t n = tag_length(s, i + 1);
            const std::string word = s.substr(i + 1, n);
            bool has_letter = false;
            for (char ch : word)
                has_letter = has_letter || !(ch >= '0' && ch <= '9');
            if (n > 0 && has_letter && s[i] == '#') {
                flush();
                out.add({Segment::Kind::Tag, word});
                i += 1 + n;
                continue;
            }
            if (n > 0 && s[i] == '@') {
                auto it = c.user_by_username.find(to_lower_ascii(word));
                if (it != c.user_by_username.end()) {
                    flush();
                    out.add({Segment::Kind::Mention, c.users[it->second].username, it->second});
                    i += 1 + n;
                    continue;
                }
            }
        }
        pending += s[i++];
    }
    flush();
    // A dropped trailing link leaves the space before it.
    while (!out.segments.empty() && out.segments.back().kind == Segment::Kind::Text) {
        std::string& t = out.segments.back().text;
        while (!t.empty() && t.back() == ' ')
            t.pop_back();
        if (!t.empty())
            break;
        out.segments.pop_back();
    }
    return out;
}

} // namespace

void RichText::add_text(const std::string& s) {
    if (s.empty())
        return;
    if (!segments.empty() && segments.back().kind == Segment::Kind::Text)
        segments.back().text += s;
    else
        segments.push_back({Segment::Kind::Text, s});
}

bool RichText::has_tag(const std::string& lower_tag) const {
    for (const auto& s : segments)
        if (s.kind == Segment::Kind::Tag && to_lower_ascii(s.text) == lower_tag)
            return true;
    return false;
}

RichText rich_from_post(const Corpus& c, const DemoPost& p) {
    std::string text = x_unescape(p.text);
    if (p.kind == core::Kind::Reply)
        while (!text.empty() && text[0] == '@') {
            const size_t space = text.find(' ');
            text = space == std::string::npos ? "" : text.substr(space + 1);
        }
    return scan(c, text, [&](const std::string& url) -> std::optional<std::string> {
        for (const auto& u : p.urls)
            if (u.url == url) {
                const bool quoted_post = u.expanded_url.rfind("https://twitter.com/", 0) == 0 &&
                                         u.expanded_url.find("/status/") != std::string::npos;
                if (!u.media_key.empty() || quoted_post)
                    return std::nullopt;
                return u.expanded_url;
            }
        return url;
    });
}

RichText rich_from_markup(const Corpus& c, const std::string& text) {
    return scan(c, text, [](const std::string& url) { return std::optional<std::string>(url); });
}

void append(RichText& a, const RichText& b) {
    for (const auto& s : b.segments) {
        if (s.kind == Segment::Kind::Text)
            a.add_text(s.text);
        else
            a.add(s);
    }
}

void replace_phrase(RichText& r, const std::string& from, const std::string& to) {
    for (auto& s : r.segments) {
        if (s.kind != Segment::Kind::Text)
            continue;
        const size_t at = s.text.find(from);
        if (at != std::string::npos) {
            s.text.replace(at, from.size(), to);
            return;
        }
    }
}

uint64_t mix(uint64_t x, uint64_t salt) {
    uint64_t z = x ^ (salt * 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

std::string base32_chars(uint64_t a, uint64_t b, size_t chars) {
    static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    std::string out;
    uint64_t state = a;
    for (size_t i = 0; i < chars; ++i) {
        if (i % 12 == 0) // 12 characters use 60 of the 64 bits: draw fresh ones
            state = mix(a + i * 0x2545f4914f6cdd1dull, b);
        out += kAlphabet[state & 31];
        state >>= 5;
    }
    return out;
}

bool contains_word(const std::string& lower_text, const std::string& lower_word) {
    if (lower_word.empty())
        return false;
    for (size_t at = lower_text.find(lower_word); at != std::string::npos;
         at = lower_text.find(lower_word, at + 1)) {
        const size_t end = at + lower_word.size();
        const bool left = at == 0 || !is_word_byte(static_cast<unsigned char>(lower_text[at - 1]));
        const bool right =
            end >= lower_text.size() || !is_word_byte(static_cast<unsigned char>(lower_text[end]));
        if (left && right)
            return true;
    }
    return false;
}

} // namespace earshot::demo
