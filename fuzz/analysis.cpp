// Fuzz target: text as the analysis, Insights and alert paths take it from a post.
// The input is a post: its first line the text; then the author's handle, name and
// stated location, a hashtag and a URL, one a line; the first byte also picks the
// language. analyze_text / sentiment_score / detect_intents / normalize_location
// see the text; ToneNames, enrich() + InsightsAccumulator + AlertMonitor see the whole post.
#include "fuzz.hpp"

#include "core/analysis/analysis.hpp"
#include "core/analysis/intent.hpp"
#include "core/analysis/sentiment.hpp"

#include <optional>
#include "core/insights/alerts.hpp"
#include "core/insights/insights.hpp"
#include "core/insights/locations.hpp"

#include <array>
#include <cmath>
#include <memory>

using namespace earshot;

namespace {

constexpr const char* kLangs[] = {"", "en", "fr", "de", "es", "it", "pt", "nl", "und", "ja", "qme"};

core::Mention post_of(const std::vector<std::string_view>& parts, std::string_view lang, uint8_t seed) {
    auto part = [&](size_t i) { return i < parts.size() ? std::string(parts[i]) : std::string(); };
    core::Mention m;
    m.id = "x:" + std::to_string(1000 + seed);
    m.source_id = m.id.substr(2);
    m.text = part(0);
    m.lang = std::string(lang);
    m.created_at = 1'790'000'000 + int64_t{seed} * 3600;
    m.author.id = "42";
    m.author.handle = part(1);
    m.author.name = part(2);
    m.author.location = part(3);
    m.author.followers = int64_t{seed} * 1000;
    if (!part(4).empty()) m.hashtags.push_back(part(4));
    if (!part(5).empty()) {
        m.urls.push_back(part(5));
        m.domains.push_back(part(5));
    }
    m.metrics.likes = seed;
    return m;
}

void check_score(float s, const char* what) {
    FUZZ_CHECK(std::isfinite(s) && s >= -1.0f && s <= 1.0f, what);
}

// One accumulator for many inputs (a new one allocates a block of 65,536 rows, which
// would be most of an execution); renewed now and then, as its string cache only grows.
core::InsightsAccumulator& insights() {
    static std::unique_ptr<core::InsightsAccumulator> acc;
    static size_t uses = 0;
    if (!acc || ++uses % 10000 == 0) {
        core::InsightsConfig config;
        config.focus = 1;
        config.business_listener = 0;
        config.competitor_listeners = {1};
        config.extra_stop_words = {"harbour", "bean"};
        config.local.town = "Brighton";
        config.local.aliases = {"Hove", "Brighton and Hove"};
        config.local.country_code = "GB";
        config.local.bbox = std::array<double, 4>{-0.25, 50.8, -0.05, 50.9};
        acc = std::make_unique<core::InsightsAccumulator>(config);
    }
    return *acc;
}

void insights_and_alerts(const core::Mention& m) {
    core::InsightsAccumulator& board = insights();
    board.clear();
    board.add(m, 1);
    board.add(m, 3);
    (void)board.who();
    (void)board.what();
    (void)board.when();
    (void)board.where();
    (void)board.why();
    (void)board.how();
    (void)board.extent();

    core::AlertConfig alerts;
    alerts.listener_names = {m.author.name, m.text};
    alerts.business_listener = 0;
    alerts.competitor_listeners = {1};
    alerts.own_handles = {m.author.location};
    alerts.high_reach_followers = 1;
    core::AlertMonitor monitor(alerts);
    monitor.add(m, 3);
    monitor.check(m.created_at + 60);
    for (const core::Alert& a : monitor.take_new()) FUZZ_CHECK(!a.message.empty(), "an alert that says nothing");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string_view lang = kLangs[data[0] % (sizeof kLangs / sizeof *kLangs)];
    const std::string_view input = fuzz::as_text(data + 1, size - 1);
    const std::vector<std::string_view> parts = fuzz::lines_of(input, 6);

    core::Analysis a = core::analyze_text(input, lang);
    // No tone is an answer too (a language without a model); a tone must be in range.
    if (a.sentiment) check_score(*a.sentiment, "analyze_text's sentiment outside -1..1");
    if (std::optional<float> s = core::sentiment_score(input, lang)) check_score(*s, "sentiment_score (by language) outside -1..1");
    (void)a.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    check_score(core::sentiment_score(input), "sentiment_score outside -1..1");
    core::IntentResult intents = core::detect_intents(input, lang);
    for (const core::IntentCue& cue : intents.cues) (void)core::describe(cue);
    (void)core::normalize_location(input);

    core::Mention m = post_of(parts, lang, data[0]);
    // The business names the tone is read without: the author's name and location lines
    // stand in for what an owner types (any bytes), blanked wherever the text has them.
    const core::ToneNames names({m.author.name, m.author.location, "Harbour Bean"});
    std::string blanked;
    if (names.blank(m.text, blanked))
        FUZZ_CHECK(blanked.size() == m.text.size(), "blanking names changed the text's length");
    (void)core::tone_reasons(m.text, m.lang, &names);
    core::enrich(m, &names);
    if (m.sentiment) check_score(*m.sentiment, "enrich's sentiment outside -1..1");
    insights_and_alerts(m);
    return 0;
}
