// A few posts that between them carry every field a query operator or the index looks
// at: the fixed store of the query and index targets, and the seeds' segments.
#pragma once

#include "core/model/mention.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace earshot::fuzz {

inline core::Mention post(std::string id, std::string text) {
    core::Mention m;
    m.id = "x:" + id;
    m.source_id = std::move(id);
    m.text = std::move(text);
    m.lang = "en";
    m.created_at = 1'790'000'000;
    m.author = {"7", "HarbourBean", "Harbour Bean", "Brighton, UK", 1200, false};
    return m;
}

// A few posts that between them carry every field an operator looks at.
inline std::vector<core::Mention> sample_posts(std::string_view input) {
    std::vector<core::Mention> out;
    out.push_back(post("1", "Best flat white in #Brighton ☕ @HarbourBean $SBUX https://t.co/x"));
    out.back().hashtags = {"Brighton"};
    out.back().mentions = {"HarbourBean"};
    out.back().cashtags = {"SBUX"};
    out.back().urls = {"https://www.harbourbean.co.uk/menu?x=1"};
    out.back().domains = {"harbourbean.co.uk"};
    out.back().has_media = true;
    out.push_back(post("2", "@grindhouse is the coffee any good? Crème brûlée latte"));
    out.back().kind = core::Kind::Reply;
    out.back().in_reply_to = "1";
    out.back().in_reply_to_handle = "grindhouse";
    out.back().conversation_id = "1";
    out.back().lang = "fr";
    out.back().author = {"8", "grind_fan", "Ana", "Hove", std::nullopt, true};
    out.push_back(post("3", "RT @HarbourBean: Best flat white in #Brighton"));
    out.back().kind = core::Kind::Repost;
    out.back().referenced_id = "1";
    out.push_back(post("4", "Sunny morning on the pier, coffee time 東京のカフェ"));
    core::Place pier{"p1", "Brighton", "Brighton, England", "GB", 50.8225, -0.1372,
                     std::vector<double>{-0.2, 50.8, -0.1, 50.9}};
    out.back().place = pier;
    out.back().kind = core::Kind::Quote;
    out.back().referenced_id = "2";
    // The input itself as a post, so its keywords have something to match.
    if (!input.empty()) {
        out.push_back(post("5", std::string(input)));
        out.back().hashtags = {std::string(input.substr(0, 20))};
    }
    return out;
}

} // namespace earshot::fuzz
