// Internal to the demo corpus generator: the state shared by corpus.cpp (accounts,
// originals, finishing) and corpus_story.cpp (storylines, replies, quotes, reposts).
#pragma once

#include "demo/compose.hpp"
#include "demo/corpus.hpp"
#include "demo/rng.hpp"
#include "demo/world.hpp"

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace earshot::demo {

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 86'400'000;

/// Everything needed to turn one post into a DemoPost.
struct Draft {
    int64_t ms = 0;
    size_t author = 0;
    std::string lang = "en";
    core::Kind kind = core::Kind::Original;
    Topic topic = Topic::Business;
    Category category = Category::Chatter;
    int subject = -1;
    std::string text;               ///< plain text (escaped on commit); unused for reposts
    std::vector<PendingLink> links; ///< t.co links inside text
    size_t parent = SIZE_MAX;       ///< index into Builder::posts for replies/quotes/reposts
    bool quote_link = false;        ///< quote text ends with the quoted post's link
    bool mention_root = false;      ///< reply also mentions the conversation's starter
    bool media = false;
    std::optional<size_t> place;
    double virality = 1;
    std::optional<int64_t> likes; ///< fixed engagement for story posts
    std::string question_key;     ///< for questions: which answers fit
};

class Builder {
  public:
    explicit Builder(const CorpusOptions& options);
    Corpus build();

    // [SECTION] Accounts (corpus.cpp)
    void make_accounts();
    void make_places();
    size_t pick_author(const std::string& lang, bool prefer_regular = false);
    size_t user_named(const std::string& username) const;
    std::string random_handle();

    // [SECTION] Posts (corpus.cpp)
    ComposeContext context(int subject, size_t author);
    /// Picks a template under `key` and fills it; false when there is none.
    bool compose(const std::string& key, Draft& d, const std::string& their_name = {});
    /// A lead-in or tail that people add to an otherwise fixed sentence.
    std::string vary(const std::string& text, bool question);
    size_t commit(Draft d);
    void make_originals(int count, int64_t from, int64_t to, bool diurnal);
    int64_t sample_time(int64_t from, int64_t to, bool diurnal);
    std::optional<size_t> pick_place(int subject, const std::string& lang);

    // [SECTION] Engagement and storylines (corpus_story.cpp)
    void make_storylines();
    void make_rule_children();
    void make_random_children(int count);
    /// A reply composed from templates under `key`; `subject` -2 keeps the parent's.
    /// Returns SIZE_MAX when it would fall after the end of the corpus.
    size_t add_reply(size_t parent, int64_t ms, size_t author, const std::string& key,
                     Category category, int subject = -2, const std::string& text = {});
    size_t add_repost(size_t parent, int64_t ms, size_t author);
    size_t add_quote(size_t parent, int64_t ms, size_t author, const std::string& key,
                     const std::string& text = {});
    /// A time after the parent's: lognormal delay with the given median.
    int64_t after(size_t parent, double median_minutes, double sigma = 1.0);
    /// Reposts, quotes and replies from random people in the minutes and hours after `parent`.
    void burst(size_t parent, int reposts, int quotes, int replies, double median_minutes);
    bool in_range(int64_t ms) const { return ms <= m_end; }

    const CorpusOptions& m_opt;
    Rng m_rng;
    Corpus m_c;
    int64_t m_now, m_start, m_end;
    std::vector<DemoPost> m_posts; ///< in creation order; sorted by id in build()
    std::unordered_set<uint64_t> m_ids;
    std::vector<size_t> m_business_user; ///< user index of each business's account
    std::vector<size_t> m_regulars, m_brands;
    struct Pool {
        std::vector<size_t> users;
        std::vector<double> cumulative;
    };
    std::vector<std::pair<std::string, Pool>> m_pools; ///< per writing language
    std::vector<double> m_virality;                    ///< per post in m_posts
    std::vector<std::string> m_question_key;           ///< per post in m_posts
    size_t m_story_end = 0; ///< posts before this index belong to storylines
};

} // namespace earshot::demo
