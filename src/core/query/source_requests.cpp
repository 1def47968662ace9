// Planning Bluesky and Mastodon searches from the query AST (see source_requests.hpp).
#include "core/query/source_requests.hpp"

#include "core/query/ast.hpp"
#include "core/text/text.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace earshot::core {

namespace {

using Branch = std::vector<const QueryNode*>; ///< leaves that must all hold

constexpr size_t kMaxBranches = kMaxSourceRequests;

// Disjunctive normal form over the positive leaves, capped: a negation requires
// nothing (it narrows, so dropping it widens the search), and an AND whose OR
// operands would multiply past the cap keeps those operands to the local filter.
std::vector<Branch> branches(const QueryNode& n, std::vector<const QueryNode*>& dropped) {
    if (n.kind == NodeKind::Not) {
        dropped.push_back(&n);
        return {Branch{}};
    }
    if (n.is_leaf()) return {Branch{&n}};
    if (n.kind == NodeKind::Or) {
        std::vector<Branch> out;
        for (const QueryNode& c : n.children)
            for (Branch& b : branches(c, dropped)) out.push_back(std::move(b));
        return out;
    }
    std::vector<Branch> out{Branch{}};
    for (const QueryNode& c : n.children) {
        std::vector<const QueryNode*> dropped_here;
        std::vector<Branch> alternatives = branches(c, dropped_here);
        if (out.size() * alternatives.size() > kMaxBranches) {
            dropped.push_back(&c);
            continue;
        }
        dropped.insert(dropped.end(), dropped_here.begin(), dropped_here.end());
        std::vector<Branch> product;
        for (const Branch& a : out)
            for (const Branch& b : alternatives) {
                Branch joined = a;
                joined.insert(joined.end(), b.begin(), b.end());
                product.push_back(std::move(joined));
            }
        out = std::move(product);
    }
    return out;
}

// How a leaf is written back for the owner ("place:\"york\"").
std::string show(const QueryNode& n) {
    if (n.kind == NodeKind::Not) return "-" + (n.children.empty() ? std::string() : show(n.children[0]));
    if (!n.is_leaf()) return "a group of alternatives";
    switch (n.kind) {
    case NodeKind::Keyword: return n.text;
    case NodeKind::Phrase: return "\"" + n.text + "\"";
    case NodeKind::Hashtag: return "#" + n.text;
    case NodeKind::Mention: return "@" + n.text;
    case NodeKind::Cashtag: return "$" + n.text;
    case NodeKind::Is:
    case NodeKind::Has: return std::string(operator_name(n.kind)) + ":" + flag_name(n.flag);
    default: return std::string(operator_name(n.kind)) + ":" + n.text;
    }
}

std::string bsky_handle(const std::string& x_handle) {
    return x_handle.find('.') == std::string::npos ? x_handle + ".bsky.social" : x_handle;
}

bool bare_domain(const std::string& s) {
    return !s.empty() && s.find('/') == std::string::npos && s.find('.') != std::string::npos &&
           s.find(' ') == std::string::npos;
}

std::string quoted_if_needed(const QueryNode& n) {
    if (n.kind == NodeKind::Phrase) return "\"" + n.text + "\"";
    bool plain = std::all_of(n.text.begin(), n.text.end(), [](unsigned char c) { return c >= 0x80 || std::isalnum(c); });
    return plain ? n.text : "\"" + n.text + "\"";
}

void note_once(std::vector<std::string>& notes, const std::string& text) {
    if (std::find(notes.begin(), notes.end(), text) == notes.end()) notes.push_back(text);
}

std::vector<Branch> plan_branches(const Query& q, SourcePlan& plan) {
    std::vector<const QueryNode*> dropped;
    std::vector<Branch> out = q.root() ? branches(*q.root(), dropped) : std::vector<Branch>{};
    for (const QueryNode* d : dropped) note_once(plan.filtered_locally, show(*d) + " is filtered locally");
    if (out.size() > kMaxBranches)
        plan.cannot = "the query has " + std::to_string(out.size()) + " alternatives; a source is polled with at most " +
                      std::to_string(kMaxBranches) + " searches per listener. Narrow it, or split it into listeners.";
    return out;
}

// One Bluesky search for one alternative, or why it cannot be bounded.
std::string bsky_request(const Branch& b, SourcePlan& plan, std::string& why) {
    std::vector<std::string> q, tags;
    std::string author, mentions, lang, domain;
    for (const QueryNode* n : b) {
        switch (n->kind) {
        case NodeKind::Keyword:
        case NodeKind::Phrase: q.push_back(quoted_if_needed(*n)); break;
        case NodeKind::Cashtag: q.push_back("$" + n->text); break;
        case NodeKind::Hashtag:
            if (tags.size() < 10) tags.push_back(n->text);
            break;
        case NodeKind::From:
            if (author.empty()) author = bsky_handle(n->text);
            break;
        case NodeKind::Mention:
            if (mentions.empty()) mentions = bsky_handle(n->text);
            else q.push_back(n->text);
            break;
        case NodeKind::Lang:
            if (lang.empty()) lang = n->text;
            break;
        case NodeKind::Url:
            if (bare_domain(n->text) && domain.empty()) domain = n->text;
            else note_once(plan.filtered_locally, show(*n) + " is filtered locally (Bluesky matches whole URLs)");
            break;
        default: note_once(plan.filtered_locally, show(*n) + " is filtered locally (Bluesky has no such filter)");
        }
    }
    // searchPosts wants some text in q: a tag, author or mention alone is searched as itself.
    if (q.empty() && !tags.empty()) q.push_back("#" + tags.front());
    if (q.empty() && !mentions.empty()) q.push_back("@" + mentions);
    if (q.empty() && !author.empty()) q.push_back("from:" + author);
    if (q.empty() && !domain.empty()) q.push_back(domain);
    if (q.empty()) {
        why = "an alternative has no word, phrase, hashtag, account or domain to search for on Bluesky";
        return {};
    }
    std::string joined;
    for (const std::string& t : q) joined += (joined.empty() ? "" : " ") + t;
    std::string path = "/api/bsky/xrpc/app.bsky.feed.searchPosts?q=" + url_encode(joined) + "&sort=latest";
    for (const std::string& t : tags) path += "&tag=" + url_encode(t);
    if (!author.empty()) path += "&author=" + url_encode(author);
    if (!mentions.empty()) path += "&mentions=" + url_encode(mentions);
    if (!lang.empty()) path += "&lang=" + url_encode(lang);
    if (!domain.empty()) path += "&domain=" + url_encode(domain);
    return path;
}

} // namespace

SourcePlan plan_bsky(const Query& q) {
    SourcePlan plan;
    std::vector<Branch> bs = plan_branches(q, plan);
    if (!plan.cannot.empty()) return plan;
    std::set<std::string> seen;
    for (const Branch& b : bs) {
        std::string why, path = bsky_request(b, plan, why);
        if (path.empty()) {
            plan.cannot = why;
            plan.requests.clear();
            return plan;
        }
        if (seen.insert(path).second) plan.requests.push_back(path);
    }
    return plan;
}

SourcePlan plan_mastodon(const Query& q, const std::vector<std::string>& servers, const std::string& search_server) {
    SourcePlan plan;
    std::vector<Branch> bs = plan_branches(q, plan);
    if (!plan.cannot.empty()) return plan;
    if (servers.empty()) {
        plan.cannot = "no Mastodon server is configured (MASTODON_SERVERS)";
        return plan;
    }
    std::vector<std::string> single_tags;                 // alternatives that need just one tag
    std::vector<std::pair<std::string, Branch>> multi;    // a first tag and the rest
    std::vector<std::string> searches;
    std::string unsearchable; // why the first alternative that cannot be searched cannot
    for (const Branch& b : bs) {
        std::vector<std::string> tags, words, names; // names: @handles and url: sites, searched as words
        for (const QueryNode* n : b) {
            if (n->kind == NodeKind::Hashtag) tags.push_back(n->text);
            else if (n->kind == NodeKind::Keyword || n->kind == NodeKind::Phrase) words.push_back(quoted_if_needed(*n));
            else if (n->kind == NodeKind::Lang) words.push_back("language:" + n->text);
            else if (n->kind == NodeKind::Mention || n->kind == NodeKind::Url) names.push_back(n->text);
            else note_once(plan.filtered_locally, show(*n) + " is filtered locally (Mastodon has no such filter)");
        }
        // A handle or a site is found by Mastodon's word search (the local filter
        // then checks it is the mention or the link), when nothing else narrows it.
        const bool only_names = words.empty() || (words.size() == 1 && words[0].rfind("language:", 0) == 0);
        if (tags.empty() && only_names && !names.empty() && !search_server.empty())
            words.insert(words.begin(), names.begin(), names.end());
        if (tags.size() == 1) {
            if (std::find(single_tags.begin(), single_tags.end(), tags[0]) == single_tags.end()) single_tags.push_back(tags[0]);
        } else if (tags.size() > 1) {
            std::string path = "/api/v1/timelines/tag/" + url_encode(tags[0]) + "?";
            for (size_t i = 1; i < tags.size() && i <= 4; ++i) path += (i > 1 ? "&" : "") + std::string("all%5B%5D=") + url_encode(tags[i]);
            searches.push_back(path);
        } else if (!search_server.empty() && !words.empty() && !(words.size() == 1 && words[0].rfind("language:", 0) == 0)) {
            std::string joined;
            for (const std::string& w : words) joined += (joined.empty() ? "" : " ") + w;
            searches.push_back("search:/api/v2/search?q=" + url_encode(joined) + "&type=statuses&resolve=false");
        } else {
            // One alternative Mastodon cannot find does not cost the others: it is
            // left out, and the owner is told what that misses.
            std::string alternative;
            for (const QueryNode* n : b) alternative += (alternative.empty() ? "" : " ") + show(*n);
            note_once(plan.filtered_locally, "\"" + alternative + "\" is not searched on Mastodon (" +
                                                 (search_server.empty() ? "no #hashtag, and no search token"
                                                                        : "nothing Mastodon can search for") +
                                                 "): posts only it would find are missed there");
            if (unsearchable.empty())
                unsearchable = search_server.empty()
                                   ? "Mastodon finds posts by hashtag only, unless the server has a search token "
                                     "(MASTODON_ACCESS_TOKEN): give every alternative a #hashtag"
                                   : "an alternative has no hashtag or word to search for on Mastodon";
        }
    }
    for (size_t i = 0; i < single_tags.size(); i += 5) {
        std::string path = "/api/v1/timelines/tag/" + url_encode(single_tags[i]);
        for (size_t k = i + 1; k < single_tags.size() && k < i + 5; ++k)
            path += std::string(k == i + 1 ? "?" : "&") + "any%5B%5D=" + url_encode(single_tags[k]);
        searches.push_back(path);
    }
    for (const std::string& s : searches) {
        if (s.rfind("search:", 0) == 0) {
            plan.requests.push_back("/api/mastodon/" + search_server + s.substr(7));
            continue;
        }
        for (const std::string& server : servers) plan.requests.push_back("/api/mastodon/" + server + s);
    }
    if (plan.requests.empty()) {
        plan.cannot = unsearchable.empty() ? "nothing in the query can be searched on Mastodon" : unsearchable;
        return plan;
    }
    if (plan.requests.size() > kMaxSourceRequests * servers.size()) {
        plan.cannot = "the query needs " + std::to_string(plan.requests.size()) + " Mastodon requests per poll; narrow it";
        plan.requests.clear();
    }
    return plan;
}

} // namespace earshot::core
