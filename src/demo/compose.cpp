// Template slot filling and X-style entity extraction for the demo corpus.
//
// Slots: {biz} {biz_handle} {other} {street} {area} {any_area} {drink} {pastry}
// {staff} {pos} {neg} {when} {day} {wait} {price} {time} {code} {pct} {brandcode}
// {event} {event_tag} {link} {link_shop} {link_menu} {link_event} {link:/path}
// {url:https://…} {link_other} {link_press} {link_self} {friend} {town_tag} {trade_tag} {tags}
// {their_name}.
#include "demo/compose.hpp"

#include "demo/wire_util.hpp"

#include <cctype>

namespace earshot::demo {

namespace {

const Business& subject_of(const ComposeContext& ctx) {
    return ctx.subject ? *ctx.subject : businesses()[kOwnBusiness];
}

const Business& other_of(const ComposeContext& ctx) {
    if (ctx.other)
        return *ctx.other;
    const auto& all = businesses();
    const Business& s = subject_of(ctx);
    const Business* pick = &all[ctx.rng->index(all.size())];
    while (pick == &s)
        pick = &all[ctx.rng->index(all.size())];
    return *pick;
}

std::string link_to(ComposeContext& ctx, const std::string& expanded) {
    PendingLink l{make_tco(*ctx.rng), expanded, {}};
    ctx.links.push_back(l);
    return l.tco;
}

/// A page of the subject's site whose path starts with one of the prefixes.
std::string site_page(ComposeContext& ctx, std::initializer_list<const char*> prefixes) {
    const Business& b = subject_of(ctx);
    std::vector<std::string> fits;
    for (const auto& p : b.pages)
        for (const char* pre : prefixes)
            if (!p.empty() && p.rfind(pre, 0) == 0)
                fits.push_back(p);
    const std::string path = fits.empty() ? std::string("/") : ctx.rng->pick(fits);
    return "https://" + b.domain + path;
}

std::string tags(ComposeContext& ctx, int max_tags) {
    const Vocabulary& v = vocabulary();
    std::string out;
    const int n = static_cast<int>(ctx.rng->range(0, max_tags));
    for (int i = 0; i < n; ++i) {
        const std::string& t =
            ctx.rng->chance(0.5) ? ctx.rng->pick(v.town_tags) : ctx.rng->pick(v.trade_tags);
        if (out.find(t) != std::string::npos)
            continue;
        out += (out.empty() ? "" : " ") + t;
    }
    return out;
}

std::string fill(const std::string& slot, ComposeContext& ctx) {
    Rng& r = *ctx.rng;
    const Vocabulary& v = vocabulary();
    const Business& b = subject_of(ctx);
    if (slot == "biz")
        return r.pick(b.refs);
    if (slot == "biz_handle")
        return "@" + b.handle;
    if (slot == "other")
        return r.pick(other_of(ctx).refs);
    if (slot == "street")
        return b.street;
    if (slot == "area")
        return b.area;
    if (slot == "any_area")
        return r.pick(v.areas);
    if (slot == "drink")
        return r.pick(v.drinks);
    if (slot == "pastry")
        return r.pick(v.pastries);
    if (slot == "staff")
        return r.pick(b.staff);
    if (slot == "pos")
        return r.pick(v.pos_emoji);
    if (slot == "neg")
        return r.pick(v.neg_emoji);
    if (slot == "when")
        return r.pick(v.when);
    if (slot == "day")
        return r.pick(v.days);
    if (slot == "wait")
        return r.pick(v.waits);
    if (slot == "price")
        return r.pick(v.prices);
    if (slot == "time")
        return r.pick(v.times);
    if (slot == "code")
        return b.code;
    if (slot == "pct")
        return std::to_string(b.code_pct > 0 && ctx.subject ? b.code_pct : 5 * r.range(2, 5));
    if (slot == "brandcode") {
        static const char* const codes[] = {"BREW20", "FRESH15", "FIRSTBOX", "GRIND10", "SPRING25"};
        return r.pick(codes);
    }
    if (slot == "event")
        return b.event;
    if (slot == "event_tag")
        return "#" + b.event_tag;
    if (slot == "link")
        return link_to(ctx, "https://" + b.domain + r.pick(b.pages));
    if (slot == "link_shop")
        return link_to(ctx, site_page(ctx, {"/shop", "/order", "/subscriptions"}));
    if (slot == "link_menu")
        return link_to(ctx, site_page(ctx, {"/menu", "/bakes"}));
    if (slot == "link_event")
        return link_to(ctx, site_page(ctx, {"/events", "/classes"}));
    if (slot.rfind("link:", 0) == 0)
        return link_to(ctx, "https://" + b.domain + slot.substr(5));
    if (slot.rfind("url:", 0) == 0)
        return link_to(ctx, slot.substr(4));
    if (slot == "link_other")
        return link_to(ctx, r.pick(v.other_links));
    if (slot == "link_press")
        return link_to(ctx, "https://bhchronicle.co.uk" + r.pick(v.press_paths));
    if (slot == "link_self")
        return ctx.self_url.empty() ? std::string() : link_to(ctx, ctx.self_url + "/shop");
    if (slot == "friend")
        return ctx.random_handle ? "@" + ctx.random_handle() : std::string();
    if (slot == "town_tag")
        return r.pick(v.town_tags);
    if (slot == "trade_tag")
        return r.pick(v.trade_tags);
    if (slot == "tags")
        return tags(ctx, 2);
    if (slot == "their_name")
        return ctx.their_name.empty() ? std::string("there") : ctx.their_name;
    return "{" + slot + "}"; // unknown: left visible so a template typo shows up in review
}

/// Collapses the double spaces and dangling spaces that empty slots leave behind.
std::string tidy(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' && (out.empty() || out.back() == ' '))
            continue;
        out += c;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    // "word ," / "word ." from an empty slot before punctuation
    for (size_t p; (p = out.find(" ,")) != std::string::npos;)
        out.erase(p, 1);
    for (size_t p; (p = out.find(" .")) != std::string::npos && p + 2 <= out.size() &&
                   (p + 2 == out.size() || out[p + 2] == ' ');)
        out.erase(p, 1);
    return out;
}

bool is_word_cp(char32_t c) {
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    if (c == 0xD7 || c == 0xF7)
        return false;
    return (c >= 0xC0 && c <= 0x24F) || (c >= 0x370 && c <= 0x52F) ||
           (c >= 0x3040 && c <= 0x30FF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7AF);
}

bool is_handle_char(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

std::string make_tco(Rng& rng) {
    static const char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string s = "https://t.co/";
    for (int i = 0; i < 10; ++i)
        s += kAlnum[rng.index(62)];
    return s;
}

std::string expand_template(const std::string& tmpl, ComposeContext& ctx) {
    std::string out;
    for (size_t i = 0; i < tmpl.size();) {
        if (tmpl[i] == '{') {
            const size_t close = tmpl.find('}', i);
            if (close != std::string::npos) {
                std::string value = fill(tmpl.substr(i + 1, close - i - 1), ctx);
                // "the Daily Crumb" opening a sentence is "The Daily Crumb".
                const bool sentence_start =
                    out.empty() ||
                    (out.size() >= 2 && out.back() == ' ' &&
                     std::string(".!?").find(out[out.size() - 2]) != std::string::npos);
                if (sentence_start && value.rfind("the ", 0) == 0)
                    value[0] = 'T';
                out += value;
                i = close + 1;
                continue;
            }
        }
        out += tmpl[i++];
    }
    return tidy(out);
}

std::string casualise(const std::string& text, Rng& rng) {
    const double r = rng.uniform();
    if (r >= 0.16)
        return text;
    std::string out = text;
    if (r < 0.07) {
        // All lower case, but links keep their case (t.co paths are case-sensitive).
        bool in_link = false;
        for (size_t i = 0; i < out.size(); ++i) {
            if (out.compare(i, 4, "http") == 0)
                in_link = true;
            if (out[i] == ' ')
                in_link = false;
            if (!in_link && out[i] >= 'A' && out[i] <= 'Z')
                out[i] = static_cast<char>(out[i] + 32);
        }
    } else if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z' && out.compare(0, 4, "http") != 0) {
        out[0] = static_cast<char>(out[0] + 32);
    }
    if (!out.empty() && out.back() == '.' &&
        (out.size() < 3 || out.substr(out.size() - 3) != "..."))
        out.pop_back();
    return out;
}

std::string display_url(const std::string& expanded) {
    std::string d = expanded;
    for (const char* scheme : {"https://", "http://"})
        if (d.rfind(scheme, 0) == 0)
            d = d.substr(std::string(scheme).size());
    if (d.rfind("www.", 0) == 0)
        d = d.substr(4);
    if (!d.empty() && d.back() == '/' && d.find('/') == d.size() - 1)
        d.pop_back();
    if (utf8_length(d) > 27)
        d = utf8_prefix(d, 26) + "…";
    return d;
}

ScannedEntities scan_entities(const std::string& text, const std::vector<PendingLink>& links,
                              const std::function<const DemoUser*(const std::string&)>& lookup) {
    ScannedEntities e;
    // Decode once so offsets are code points, as X counts them.
    std::vector<char32_t> cps;
    std::vector<size_t> byte_at;
    for (size_t i = 0; i < text.size();) {
        byte_at.push_back(i);
        cps.push_back(utf8_next(text, i));
    }
    byte_at.push_back(text.size());
    auto slice = [&](size_t a, size_t b) {
        return text.substr(byte_at[a], byte_at[b] - byte_at[a]);
    };
    const size_t n = cps.size();
    for (size_t i = 0; i < n; ++i) {
        const char32_t c = cps[i];
        const bool boundary =
            i == 0 || !(is_word_cp(cps[i - 1]) || cps[i - 1] == '&' || cps[i - 1] == '/' ||
                        cps[i - 1] == '@' || cps[i - 1] == '#');
        if (c == 'h' && text.compare(byte_at[i], 13, "https://t.co/") == 0) {
            size_t j = i + 13;
            while (j < n && is_handle_char(cps[j]))
                ++j;
            const std::string url = slice(i, j);
            for (const auto& l : links) {
                if (l.tco != url)
                    continue;
                const std::string disp = l.media_key.empty() ? display_url(l.expanded)
                                                             : "pic.twitter.com/" + url.substr(13);
                e.urls.push_back(
                    {static_cast<int>(i), static_cast<int>(j), url, l.expanded, disp, l.media_key});
                break;
            }
            i = j - 1;
        } else if ((c == '#' || c == '$') && boundary) {
            size_t j = i + 1;
            bool non_digit = false;
            while (j < n &&
                   (c == '#' ? is_word_cp(cps[j])
                             : (cps[j] < 0x80 && std::isalpha(static_cast<int>(cps[j]))))) {
                if (!(cps[j] >= '0' && cps[j] <= '9'))
                    non_digit = true;
                ++j;
            }
            if (j > i + 1 && non_digit &&
                (c == '#' || (j - i - 1 <= 6 && (j == n || !is_word_cp(cps[j]))))) {
                TagEntity t{static_cast<int>(i), static_cast<int>(j), slice(i + 1, j)};
                (c == '#' ? e.hashtags : e.cashtags).push_back(t);
                i = j - 1;
            }
        } else if (c == '@' && boundary) {
            size_t j = i + 1;
            while (j < n && is_handle_char(cps[j]) && j - i - 1 < 15)
                ++j;
            if (j > i + 1 && (j == n || !is_handle_char(cps[j]))) {
                const std::string handle = slice(i + 1, j);
                if (const DemoUser* u = lookup(handle))
                    e.mentions.push_back(
                        {static_cast<int>(i), static_cast<int>(j), u->username, u->id});
                i = j - 1;
            }
        }
    }
    return e;
}

} // namespace earshot::demo
