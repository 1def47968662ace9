// The inbox's urgency order and quick filters (see triage.hpp for the formula).
#include "core/workflow/triage.hpp"

#include "core/analysis/sentiment.hpp"
#include "core/insights/goals.hpp"
#include "core/store/mention_store.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace earshot::core {

namespace {

double intent_weight(const Mention& m) {
    static constexpr struct {
        uint8_t bit;
        double weight;
    } kWeights[] = {{IntentComplaint, 3.0},
                    {IntentPurchase, 2.5},
                    {IntentRecommendationRequest, 2.0},
                    {IntentQuestion, 1.5}};
    double strongest = 0;
    int present = 0;
    for (const auto& w : kWeights)
        if (m.intents & w.bit) {
            strongest = std::max(strongest, w.weight);
            ++present;
        }
    double weight = strongest + 0.25 * std::max(0, present - 1);
    if ((m.intents & IntentComplaint) && m.sentiment && *m.sentiment < 0)
        weight *= 1.0 + std::min(1.0f, -*m.sentiment);
    return weight;
}

double reach_factor(const Mention& m) {
    double reach = 1.0;
    if (m.author.followers && *m.author.followers > 0)
        reach += std::log10(1.0 + static_cast<double>(*m.author.followers)) / 2;
    const int64_t engaged = std::max<int64_t>(0, m.metrics.likes.value_or(0)) +
                            std::max<int64_t>(0, m.metrics.reposts.value_or(0)) +
                            std::max<int64_t>(0, m.metrics.replies.value_or(0));
    if (engaged > 0) reach += std::log10(1.0 + static_cast<double>(engaged)) / 4;
    return reach;
}

} // namespace

bool OwnAccounts::contains(const std::string& handle) const {
    return std::any_of(handles.begin(), handles.end(),
                       [&](const std::string& account) { return is_account_of(handle, account); });
}

bool needs_you(const Mention& m, const WorkflowEntry& w, const OwnAccounts& own) {
    if (!(m.intents & kNeedsYouIntents) || m.kind == Kind::Repost) return false;
    if (w.status == Status::Replied || w.status == Status::Resolved) return false;
    return !own.contains(m.author.handle);
}

double urgency(const Mention& m, int64_t now) {
    const double age_hours = std::max<int64_t>(0, now - m.created_at) / 3600.0;
    return intent_weight(m) * reach_factor(m) * std::exp2(-age_hours / 24.0);
}

TriageOrder triage_order(const MentionStore& store, const Workflow& workflow, const std::vector<uint32_t>& rows,
                         const OwnAccounts& own, int64_t now, const QuickFilter& filter) {
    struct Scored {
        double urgency;
        size_t position; ///< in `rows`: newest first, so it breaks ties
        uint32_t row;
    };
    static const WorkflowEntry kDefault;
    const bool filter_reads_workflow = filter.unread_only;
    const bool filtering = !filter.keeps_everything();
    std::vector<Scored> urgent;
    TriageOrder out;
    out.rows.reserve(rows.size());
    std::vector<uint32_t> rest;
    for (size_t i = 0; i < rows.size(); ++i) {
        const Mention& m = store.at(rows[i]);
        const bool asks = (m.intents & kNeedsYouIntents) != 0;
        const WorkflowEntry& w = asks || filter_reads_workflow ? workflow.get(m.id) : kDefault;
        const bool needs = asks && needs_you(m, w, own);
        if (filtering && !passes(filter, m, w, needs)) continue;
        if (needs) urgent.push_back({urgency(m, now), i, rows[i]});
        else rest.push_back(rows[i]);
    }
    std::sort(urgent.begin(), urgent.end(), [](const Scored& a, const Scored& b) {
        return a.urgency != b.urgency ? a.urgency > b.urgency : a.position < b.position;
    });
    for (const Scored& s : urgent) out.rows.push_back(s.row);
    out.needs_you = urgent.size();
    out.rows.insert(out.rows.end(), rest.begin(), rest.end());
    return out;
}

Tone tone_of(const Mention& m) {
    if (!m.sentiment) return Tone::Unknown;
    switch (sentiment_polarity(*m.sentiment)) {
    case Polarity::Negative: return Tone::Negative;
    case Polarity::Neutral: return Tone::Neutral;
    case Polarity::Positive: return Tone::Positive;
    }
    return Tone::Unknown;
}

const char* to_string(Tone t) {
    switch (t) {
    case Tone::Unknown: return "unknown";
    case Tone::Negative: return "negative";
    case Tone::Neutral: return "neutral";
    case Tone::Positive: return "positive";
    }
    return "unknown";
}

bool QuickFilter::operator==(const QuickFilter& o) const {
    return needs_you_only == o.needs_you_only && unread_only == o.unread_only && has_links == o.has_links &&
           intents == o.intents && tone == o.tone && lang == o.lang && source == o.source && from == o.from &&
           to == o.to;
}

bool passes(const QuickFilter& f, const Mention& m, const WorkflowEntry& w, bool needs) {
    if (f.needs_you_only && !needs) return false;
    if (f.unread_only && w.read) return false;
    if (f.has_links && m.urls.empty()) return false;
    if (f.intents && !(m.intents & f.intents)) return false;
    if (f.tone >= 0 && static_cast<int>(tone_of(m)) != f.tone) return false;
    if (!f.lang.empty() && (m.lang.empty() ? std::string("und") : m.lang) != f.lang) return false;
    if (f.source >= 0 && static_cast<int>(m.source) != f.source) return false;
    if (f.from && m.created_at < f.from) return false;
    if (f.to && m.created_at >= f.to) return false;
    return true;
}

std::vector<std::string> languages_present(const MentionStore& store, size_t limit) {
    std::map<std::string, size_t> counts;
    for (size_t i = 0; i < store.size(); ++i) {
        const std::string& l = store.at(i).lang;
        ++counts[l.empty() ? std::string("und") : l];
    }
    std::vector<std::pair<std::string, size_t>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> out;
    for (const auto& [lang, n] : sorted) {
        if (out.size() >= limit) break;
        out.push_back(lang);
    }
    return out;
}

} // namespace earshot::core
