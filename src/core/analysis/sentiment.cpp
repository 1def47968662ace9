// Sentiment scorer: VADER's rules (Hutto & Gilbert 2014) over the tokens of sentiment_tokens.cpp,
// with our extensions for social text. Measured in bench/sentiment.cpp against human ratings.
//
// [SECTION] Constants
// [SECTION] Rules
// [SECTION] Public API
//
// What differs from VADER, and why (each kept only if it raised Pearson r on both halves of the
// tuning fixture; see docs in sentiment.hpp):
//  - negation and boosters do not reach across a sentence end or past another rated word
//    ("DON'T CARE DON'T CARE" is not a double negation);
//  - laughter, emoticons and emoji are never negated ("no idea lol"), "no no no" is not "yes";
//  - words in a question count half (asking is not asserting); so do words in an irrealis clause
//    ("if it were good", "I wish it was better");
//  - ALL-CAPS is emphasis even when the whole post shouts (VADER needs some lower-case words);
//  - the sum is divided by sqrt(number of rated words) before squashing: people rate the
//    intensity of a post, so one "outstanding!" should not lose to three lukewarm words;
//  - posts that share a link count 0.6: link shares and promotions read as reported, not felt;
//  - multi-word keys and idioms ("can't stand", "fed up", "can't wait"), HTML entities, squeezed
//    emoticons (":DDD"), laughter of any length, dropped g's ("lovin").
#include "core/analysis/sentiment.hpp"

#include "core/analysis/internal/sentiment_model.hpp"
#include "core/analysis/internal/sentiment_tokens.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace earshot::core {
namespace sentiment_detail {
namespace {

// [SECTION] Constants
// VADER's empirically derived increments.
constexpr float kBoosterIncrement = 0.293f;
constexpr float kCapsIncrement = 0.733f;
constexpr float kNegationScalar = -0.74f;
constexpr float kExclamationIncrement = 0.292f;
constexpr float kQuestionIncrement = 0.18f;
constexpr float kNormalizeAlpha = 15.f; ///< score = sum / sqrt(sum^2 + alpha)
constexpr float kButBefore = 0.5f;
constexpr float kButAfter = 1.5f;
// Ours (see the list above).
constexpr float kElongationIncrement = kBoosterIncrement; ///< "gooood" is emphasis like "very"
constexpr float kQuestionWeight = 0.5f;
constexpr float kIrrealisWeight = 0.5f;
constexpr float kRatedExponent = 0.5f; ///< sum / rated^k
constexpr float kLinkShareWeight = 0.6f;
constexpr float kLookBackScalar = -0.5f; ///< "bad coffee my whole life": mild praise
constexpr float kEnvyScalar = 0.75f;     ///< "jealous!" (-2.0) reads +1.5
constexpr size_t kEnvyMaxWords = 3;      ///< "so jealous!!", "soooo jealous of you"
constexpr size_t kFondMishaps = 1; ///< negative words a fond closer still reads as amusing


inline bool has_rule(const Token& t, uint32_t rule) {
    return (t.rules & rule) != 0;
}
inline bool in_lexicon(const Token& t) {
    return t.in_lexicon;
}
inline bool is_negator(const Token& t) {
    return (t.flags & TokNt) || has_rule(t, RuleNegator);
}
inline float sign_of(float v) {
    return v > 0.f ? 1.f : -1.f;
}

// [SECTION] Rules

/// A preceding booster or dampener, signed by the direction of the word it modifies.
float booster_scalar(const Token& t, float valence, bool caps_emphasis) {
    float scalar;
    if (has_rule(t, RuleBoostUp))
        scalar = kBoosterIncrement;
    else if (has_rule(t, RuleBoostDown))
        scalar = -kBoosterIncrement;
    else
        return 0.f;
    if (valence < 0.f)
        scalar = -scalar;
    if (caps_emphasis && (t.flags & TokCaps))
        scalar += sign_of(valence) * kCapsIncrement;
    if (t.flags & TokElongated)
        scalar += sign_of(valence) * kElongationIncrement;
    return scalar;
}

/// VADER's look-back over the three preceding tokens: boosters (fading with distance) and
/// negations, with its exceptions "never so good" and "without doubt".
/// "Couldn't have been nicer", "never had a better…", "could not be more helpful", "can't
/// recommend them enough": a can't/never before a comparative, or before a word that "enough"
/// follows, says the utmost, not the opposite. "Not better" stays a negation.
/// The "could"/"can" of "could not", "can not": the word before a plain negator that makes
/// it a can't (a negator itself, "never", "can't", is not one).
bool modal_before(const Token* tok, size_t negator) {
    return negator > 0 && !has_rule(tok[negator], RuleCannot) &&
           has_rule(tok[negator - 1], RuleCannot) && !is_negator(tok[negator - 1]);
}

bool utmost(const Token* tok, size_t negator, size_t i, size_t n) {
    // "couldn't", "never"; or "could not", "can not".
    if (!has_rule(tok[negator], RuleCannot) && !modal_before(tok, negator))
        return false;
    for (size_t k = negator + 1; k <= i; ++k)
        if (has_rule(tok[k], RuleComparative))
            return true;
    for (size_t k = i + 1; k < n && k <= i + 3 && tok[k].brk == BreakNone; ++k)
        if (has_rule(tok[k], RuleEnough))
            return true;
    return false;
}

float apply_modifiers(const Token* tok, size_t i, size_t n, float v, bool caps_emphasis,
                      bool negatable) {
    for (size_t back = 1; back <= 3 && back <= i; ++back) {
        if (tok[i - back + 1].brk == BreakSentence)
            break; // scope ends at a sentence end
        const Token& prev = tok[i - back];
        if (in_lexicon(prev)) {
            // Another sentiment word ends the scope; a rated booster is skipped as in VADER.
            if (prev.valence != 0.f && !has_rule(prev, RuleBoostUp | RuleBoostDown))
                break;
            continue;
        }
        float scalar = booster_scalar(prev, v, caps_emphasis);
        if (back == 2)
            scalar *= 0.95f;
        else if (back == 3)
            scalar *= 0.9f;
        v += scalar;
        if (!negatable || !is_negator(prev))
            continue;
        bool never_so = false, without_doubt = false;
        for (size_t k = i - back + 1; k < i; ++k) {
            never_so |= has_rule(prev, RuleNever) && has_rule(tok[k], RuleSoThis);
            without_doubt |= has_rule(prev, RuleWithout) && has_rule(tok[k], RuleDoubt);
        }
        if (never_so || utmost(tok, i - back, i, n))
            v *= 1.25f;
        else if (!without_doubt)
            v *= kNegationScalar;
    }
    return v;
}

/// French "ne … pas": "je n'aime pas", "je ne le recommande pas", "n'aime plus". The negator
/// comes after the verb, where the backward scan of apply_modifiers does not look: a "ne" in
/// the three words before and a "pas" (or "plus", "jamais", "rien") right after, in one clause.
/// "Ce n'est pas bon" is negated by that scan already (its "pas" comes before "bon").
struct ClosedNegation {
    size_t ne = 0, closer = 0; ///< the "ne" and the "pas"; closer == 0: none
};
ClosedNegation closed_negation(const Token* tok, size_t i, size_t n) {
    ClosedNegation c;
    bool ne = false;
    for (size_t back = 1; back <= 3 && back <= i && !ne; ++back) {
        if (tok[i - back + 1].brk != BreakNone)
            break;
        ne = has_rule(tok[i - back], RuleNe);
        c.ne = i - back;
    }
    if (!ne)
        return {};
    for (size_t k = i + 1; k < n && k <= i + 2 && tok[k].brk == BreakNone; ++k)
        if (has_rule(tok[k], RuleNegator | RuleNeEnd)) {
            c.closer = k;
            return c;
        }
    return {};
}

bool ends_in_ing(const Scratch& s, const Token& t) {
    return t.length >= 5 && std::memcmp(s.text + t.text + t.length - 3, "ing", 3) == 0;
}

/// "I've been drinking bad coffee my whole life", "been doing it wrong all these years": a habit
/// that ran until now is judged from where the writer stands now, so its badness praises
/// whatever changed it. Negative words between "been <verb>ing" and the end of such a span
/// ("my whole life", "all my life", "all these years", "until now") count as mild praise.
/// "I've been miserable my whole life" has no "-ing" habit and stays negative.
void look_back_contrast(const Scratch& s, float* sentiments) {
    const Token* tok = s.tokens;
    size_t sentence = 0;
    for (size_t i = 0; i < s.count; ++i) {
        if (tok[i].brk == BreakSentence)
            sentence = i;
        if (!has_rule(tok[i], RuleSpanEnd) || i < sentence + 2)
            continue;
        const bool span = has_rule(tok[i - 1], RuleSpanStart) ||
                          (i >= sentence + 2 && has_rule(tok[i - 2], RuleSpanStart) &&
                           tok[i - 1].brk == BreakNone);
        if (!span)
            continue;
        for (size_t h = sentence; h + 2 < i; ++h) {
            if (!has_rule(tok[h], RuleHabit) || !ends_in_ing(s, tok[h + 1]))
                continue;
            for (size_t k = h + 2; k < i; ++k)
                if (sentiments[k] < 0.f)
                    sentiments[k] *= kLookBackScalar;
            break;
        }
    }
}

/// "My wallet is crying", "RIP my wallet", "my bank account hates me": a personified wallet
/// lamenting is money gladly spent on something the writer likes, not a complaint. Its lament
/// ("crying", "hates", "rip") in the same clause and its pity ("my poor wallet") count as mild
/// praise, as a habit judged in hindsight does; other negative words ("someone stole my
/// wallet", "rude") keep their sign.
void wallet_lament(const Scratch& s, float* sentiments) {
    const Token* tok = s.tokens;
    for (size_t i = 1; i < s.count; ++i) {
        if (!has_rule(tok[i], RuleWallet))
            continue;
        // "my wallet", "my poor wallet", "my bank account": "my" within two words, same clause.
        const bool mine = (has_rule(tok[i - 1], RuleMy) && tok[i].brk == BreakNone) ||
                          (i >= 2 && has_rule(tok[i - 2], RuleMy) && tok[i].brk == BreakNone &&
                           tok[i - 1].brk == BreakNone);
        if (!mine)
            continue;
        size_t begin = i, end = i + 1;
        while (begin > 0 && tok[begin].brk == BreakNone)
            --begin;
        while (end < s.count && tok[end].brk == BreakNone)
            ++end;
        for (size_t k = begin; k < end; ++k) {
            const bool pity = k + 1 == i && !has_rule(tok[k], RuleMy); // "my poor wallet"
            if ((pity || has_rule(tok[k], RuleLament)) && sentiments[k] < 0.f)
                sentiments[k] *= kLookBackScalar;
        }
    }
}

/// "Saw a seagull steal a pastry outside the café. Brighton, never change": a fond closer tells
/// the mishap before it as amusing, so that one negative word counts as mild praise. After a
/// list of complaints ("Rude staff, cold coffee, awful service. Never change") the same closer is
/// sarcasm and counts against.
void fond_closer(float* sentiments, size_t closer) {
    size_t negative = 0;
    for (size_t i = 0; i < closer; ++i)
        negative += sentiments[i] < 0.f ? 1 : 0;
    if (negative > kFondMishaps) {
        sentiments[closer] = -std::fabs(sentiments[closer]);
        return;
    }
    for (size_t i = 0; i < closer; ++i)
        if (sentiments[i] < 0.f)
            sentiments[i] *= kLookBackScalar;
}

/// "Found a hair in my banana bread… Lovely. 😡": an annoyed emoji says how the writer feels, so
/// the praise it contradicts is sarcasm and counts against, as a negated word does. Its reach is
/// its own sentence, and the sentence before when it stands alone ("Lovely. 😡"); a happy
/// sentence earlier in the post keeps its sign. Returns whether any word was turned.
bool annoyed_emoji(const Scratch& s, float* sentiments) {
    const Token* tok = s.tokens;
    bool turned = false, words_before = false; // words in this sentence before the emoji
    size_t sentence = 0, previous = 0;         // first tokens of this sentence and the last
    for (size_t i = 0; i < s.count; ++i) {
        if (tok[i].brk == BreakSentence) {
            previous = sentence;
            sentence = i;
            words_before = false;
        }
        if (!has_rule(tok[i], RuleAnnoyed)) {
            words_before |= (tok[i].flags & TokWord) != 0;
            continue;
        }
        size_t end = i + 1;
        while (end < s.count && tok[end].brk != BreakSentence)
            ++end;
        for (size_t k = words_before ? sentence : previous; k < end; ++k) {
            if ((tok[k].flags & TokWord) && sentiments[k] > 0.f) {
                sentiments[k] *= kNegationScalar;
                turned = true;
            }
        }
    }
    return turned;
}

/// VADER's rules over one batch of tokens; returns the intensity-normalised sum. Adds what it
/// found to the scratch's counts.
float score_tokens(Scratch& s) {
    const Token* tok = s.tokens;
    const size_t n = s.count;
    if (n == 0)
        return 0.f;
    // One pass for what the batch holds (counted, not branched on: TokCaps comes with TokWord),
    // so the rules below look only for the rule words that are there.
    size_t caps = 0, words = 0;
    uint32_t rules = 0;
    for (size_t i = 0; i < n; ++i) {
        words += (tok[i].flags & TokWord) ? 1 : 0;
        caps += (tok[i].flags & TokCaps) ? 1 : 0;
        rules |= tok[i].rules;
    }
    // VADER: caps are emphasis when some words are not in caps (+0.733). Ours: a post that is all
    // caps is shouting too, and is emphasised the same way.
    const bool caps_emphasis = caps > 0;

    float sentiments[kMaxTokens];
    size_t but_index = n; // the first "but"
    if (rules & RuleBut)
        for (but_index = 0; !has_rule(tok[but_index], RuleBut); ++but_index) {
        }
    size_t closer = n; // the last "never change"
    if (rules & RuleCloser)
        for (closer = n - 1; !has_rule(tok[closer], RuleCloser); --closer) {
        }
    bool irrealis = false; // an "if"/"would"/"wish" earlier in this clause
    for (size_t i = 0; i < n; ++i) {
        const Token& t = tok[i];
        sentiments[i] = 0.f;
        if (t.brk != BreakNone)
            irrealis = false;
        const bool hypothetical = irrealis;
        irrealis |= has_rule(t, RuleIrrealis);
        float v = t.valence;
        if (v == 0.f || has_rule(t, RuleBoostUp | RuleBoostDown))
            continue;
        if (has_rule(t, RuleKindSort) && i + 1 < n && has_rule(tok[i + 1], RuleOf))
            continue;
        // "no" before a rated word negates it rather than counting as negative itself.
        if (has_rule(t, RuleNo) && i + 1 < n && in_lexicon(tok[i + 1]))
            continue;
        const bool negatable =
            (t.flags & TokWord) && !has_rule(t, RuleInterjection | RuleNo | RuleNegated);
        // "jealous!" answering someone's photo, "so jealous": envy of a treat is admiration.
        if (has_rule(t, RuleEnvy) && (s.reply || words <= kEnvyMaxWords))
            v = std::fabs(v) * kEnvyScalar;

        if (caps_emphasis && (t.flags & TokCaps))
            v += sign_of(v) * kCapsIncrement;
        if (t.flags & TokElongated)
            v += sign_of(v) * kElongationIncrement;
        v = apply_modifiers(tok, i, n, v, caps_emphasis, negatable);
        if ((rules & RuleNe) && negatable && closed_negation(tok, i, n).closer)
            v *= kNegationScalar;
        // "kind of good", "sort of ok": VADER's bigram dampener.
        if (i >= 2 && has_rule(tok[i - 1], RuleOf) && has_rule(tok[i - 2], RuleKindSort) &&
            tok[i - 1].brk == BreakNone && tok[i].brk == BreakNone)
            v -= sign_of(v) * kBoosterIncrement;

        // "least" negates unless "at least" / "very least".
        if (i >= 1 && has_rule(tok[i - 1], RuleLeast) && !in_lexicon(tok[i - 1]) &&
            (i < 2 || !has_rule(tok[i - 2], RuleAtVery)))
            v *= kNegationScalar;
        // "no good", "no real problem", "no sugar or fat" (VADER 3.3's rule).
        if (negatable &&
            ((i >= 1 && has_rule(tok[i - 1], RuleNo)) || (i >= 2 && has_rule(tok[i - 2], RuleNo)) ||
             (i >= 3 && has_rule(tok[i - 3], RuleNo) && has_rule(tok[i - 1], RuleOrNor))))
            v = t.valence * kNegationScalar;
        if (t.flags & TokQuestion)
            v *= kQuestionWeight;
        if (hypothetical)
            v *= kIrrealisWeight;
        sentiments[i] = v;
    }
    if (rules & RuleSpanEnd) // a "life", "years", "now" that may end "my whole life"…
        look_back_contrast(s, sentiments);
    if (rules & RuleWallet) // a "wallet" that may be lamenting
        wallet_lament(s, sentiments);
    if (closer < n)
        fond_closer(sentiments, closer);
    if (rules & RuleAnnoyed) // a 😡 or 🙄 that may turn praise into sarcasm
        s.sarcasm |= annoyed_emoji(s, sentiments);
    // The first "but": what follows it counts more than what precedes it.
    if (but_index < n) {
        for (size_t i = 0; i < n; ++i) {
            if (i < but_index)
                sentiments[i] *= kButBefore;
            else if (i > but_index)
                sentiments[i] *= kButAfter;
        }
    }
    float sum = 0.f;
    int rated = 0;
    for (size_t i = 0; i < n; ++i) {
        sum += sentiments[i];
        rated += sentiments[i] != 0.f ? 1 : 0;
        // Without branches (whether a word is rated is data the predictor cannot learn): adding
        // +0 leaves these sums, which start at +0 and only grow, bit for bit as they were.
        const float v = tok[i].valence;
        const bool symbol = !(tok[i].flags & TokWord);
        s.rated_positive += v > 0.f ? v : 0.f;
        s.rated_negative += v < 0.f ? -v : 0.f;
        s.positive_symbol |= symbol & (v > 0.f);
        s.negative_symbol |= symbol & (v < 0.f);
    }
    s.has_words |= words > 0;
    static_assert(kRatedExponent == 0.5f, "sqrt below");
    return rated > 1 ? sum / std::sqrt(static_cast<float>(rated)) : sum;
}

/// VADER: each '!' (up to 4) adds 0.292; 2-3 '?' add 0.18 each, more add 0.96.
float punctuation_emphasis(int exclamations, int questions) {
    float amp = static_cast<float>(std::min(exclamations, 4)) * kExclamationIncrement;
    if (questions > 1)
        amp += questions <= 3 ? static_cast<float>(questions) * kQuestionIncrement : 0.96f;
    return amp;
}

/// Language tags with no words to read: X's "und" (undetermined), "zxx" (no text), "qme"
/// (media links), "qam" (mentions), "qht" (hashtags), "qst" (very short), "art" (artificial).
bool symbols_only_tag(std::string_view base) {
    for (std::string_view t : {"und", "zxx", "qme", "qam", "qht", "qst", "art"})
        if (base == t)
            return true;
    return false;
}

/// Replies on X and Mastodon open with the handle of the account they answer.
bool opens_with_handle(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && (byte_class(text[i]) & ClassSpace))
        ++i;
    return i + 1 < text.size() && text[i] == '@' &&
           (byte_class(text[i + 1]) & (ClassLower | ClassUpper | ClassDigit) || text[i + 1] == '_');
}

/// The rule score of a text. `on_batch(s)` sees each batch of tokens before it is dropped (the
/// learned layer's features); `s` keeps the text-level counts afterwards.
template <class OnBatch>
float score_rules(std::string_view text, const Index& index, Scratch& s, OnBatch&& on_batch) {
    Tokenizer tokenizer(s, index);
    float sum = 0.f;
    const char* p = text.data();
    const size_t n = text.size();
    s.reply = opens_with_handle(text);
    size_t i = 0, end;
    uint8_t classes;
    while (!tokenizer.read(p, n, i, end, classes)) {
        // Scratch full (a very long text): score this batch and continue with a fresh one.
        sum += score_tokens(s);
        on_batch(s);
        s.next_batch();
        tokenizer.chunk(p + i, std::min<size_t>(end - i, kMaxText / 2), classes);
        i = end;
    }
    sum += score_tokens(s);
    on_batch(s);
    if (sum == 0.f)
        return 0.f;
    if (s.has_url)
        sum *= kLinkShareWeight;
    const float amp = punctuation_emphasis(s.exclamations, s.questions);
    sum += sum > 0.f ? amp : -amp;
    return std::clamp(sum / std::sqrt(sum * sum + kNormalizeAlpha), -1.f, 1.f);
}

float score_rules(std::string_view text, const Index& index) {
    Scratch s;
    return score_rules(text, index, s, [](const Scratch&) {});
}

/// Rules, then the learned layer: the hashed features' weights summed in the scratch pass.
float score_learned(std::string_view text, SentimentLang lang) {
    if (!kModel.trained[static_cast<int>(lang)])
        return score_rules(text, lexicon_index(lang));
    // [0]: negative - neutral, [1]: positive - neutral (see ModelWeights).
    int32_t sums[2] = {0, 0}, char_sums[2] = {0, 0};
    Scratch s;
    const float rule = score_rules(text, lexicon_index(lang), s, [&](const Scratch& batch) {
        const WeightSums batch_sums = token_features(batch, lang, WeightSums{});
        sums[0] += batch_sums.word_negative;
        sums[1] += batch_sums.word_positive;
        char_sums[0] += batch_sums.char_negative;
        char_sums[1] += batch_sums.char_positive;
    });
    // Emoji alone: the Emoji Sentiment Ranking knows them better. Sarcasm: the learned layer sees
    // the praise word, not the emoji that turns it.
    if (!s.has_words || s.sarcasm)
        return rule;
    float dense[kDense];
    dense_features(rule, s, dense);
    float logits[kClasses] = {hashed_logit(sums[0], char_sums[0], kModel.hashed_scale), 0.f,
                              hashed_logit(sums[1], char_sums[1], kModel.hashed_scale)};
    const auto& dw = kModel.dense[static_cast<int>(lang)];
    for (int c = 0; c < kClasses; ++c)
        for (int k = 0; k < kDense; ++k)
            logits[c] += dw[k][c] * dense[k];
    const float top = std::max({logits[0], logits[1], logits[2]});
    float p[kClasses], z = 0.f;
    for (int c = 0; c < kClasses; ++c)
        z += p[c] = std::exp(logits[c] - top);
    for (float& v : p)
        v /= z;
    return score_from_probabilities(p, rule);
}

} // namespace

Features extract_features(std::string_view text, SentimentLang lang) {
    Features f;
    Scratch s;
    f.rule_score = score_rules(text, lexicon_index(lang), s, [&](const Scratch& batch) {
        token_features(batch, lang, [&](size_t, uint32_t b, bool, bool is_char) {
            (is_char ? f.char_buckets : f.buckets).push_back(b);
        });
    });
    dense_features(f.rule_score, s, f.dense);
    f.has_words = s.has_words;
    f.sarcasm = s.sarcasm;
    return f;
}

} // namespace sentiment_detail

// [SECTION] Public API

using namespace sentiment_detail;

std::optional<SentimentLang> sentiment_language(std::string_view lang) {
    // "pt-BR", "en_GB", "DE": the primary subtag decides.
    size_t n = 0;
    char base[4] = {};
    while (n < lang.size() && n < 4 && lang[n] != '-' && lang[n] != '_') {
        const char c = lang[n];
        base[n++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    const std::string_view b(base, n);
    if (lang.empty() || b == "en")
        return SentimentLang::En;
    constexpr struct {
        const char* code;
        SentimentLang lang;
    } kCodes[] = {{"es", SentimentLang::Es}, {"fr", SentimentLang::Fr}, {"de", SentimentLang::De},
                  {"it", SentimentLang::It}, {"pt", SentimentLang::Pt}, {"nl", SentimentLang::Nl}};
    for (const auto& c : kCodes)
        if (b == c.code)
            return c.lang;
    if (symbols_only_tag(b))
        return SentimentLang::Symbols;
    return std::nullopt;
}

float sentiment_score(std::string_view text, SentimentLang lang) {
    return score_learned(text, lang);
}

float sentiment_rule_score(std::string_view text, SentimentLang lang) {
    return score_rules(text, lexicon_index(lang));
}

std::optional<float> sentiment_score(std::string_view text, std::string_view lang) {
    const std::optional<SentimentLang> l = sentiment_language(lang);
    if (!l)
        return std::nullopt;
    return sentiment_score(text, *l);
}

float sentiment_score(std::string_view text) {
    return score_learned(text, SentimentLang::En);
}

// How much a word must move the chosen class (in logits) to be named as a reason.
constexpr float kRatedReason = 0.05f;
constexpr float kLearnedReason = 0.15f;

// The negator ("not", "never", "no") within three words before token i in its clause, if any.
std::optional<size_t> negator_before(const Scratch& s, size_t i) {
    for (size_t k = i; k > 0 && i - k < 3; --k) {
        if (s.tokens[k].brk != BreakNone)
            break;
        if (is_negator(s.tokens[k - 1]) || has_rule(s.tokens[k - 1], RuleNo))
            return k - 1;
    }
    return std::nullopt;
}

// What a reason is called: a phrase by its whole key ("fed up", not "fed"), and a negated
// rating with its negator ("not great"), since "great" alone names the opposite of what was read.
std::string reason_name(const Scratch& s, size_t i, std::optional<size_t> negator,
                        ClosedNegation closed) {
    const auto text = [&](size_t k) { return std::string(s.text + s.tokens[k].text, s.tokens[k].length); };
    const Token& t = s.tokens[i];
    const bool phrase = t.word && std::memchr(t.word->key, ' ', t.word->key_length) != nullptr;
    std::string name = phrase ? std::string(t.word->key, t.word->key_length) : text(i);
    if (t.valence == 0.f)
        return name;
    if (closed.closer) { // "n'aime pas", "ne … recommande pas"
        const std::string ne = text(closed.ne);
        const char* gap = closed.ne + 1 < i ? " … " : ne.back() == '\'' ? "" : " ";
        return ne + gap + name + (closed.closer == i + 1 ? " " : " … ") + text(closed.closer);
    }
    if (negator) {
        // "could not … better": the "could" that makes it the utmost is named too.
        const size_t from = modal_before(s.tokens, *negator) ? *negator - 1 : *negator;
        std::string before = text(from);
        for (size_t k = from + 1; k <= *negator; ++k)
            before += " " + text(k);
        name = before + (*negator + 1 == i ? " " : " … ") + name;
    }
    return name;
}

std::vector<std::string> sentiment_reasons(std::string_view text, std::string_view lang,
                                           size_t max_words) {
    const std::optional<SentimentLang> l = sentiment_language(lang);
    if (!l)
        return {};
    const Polarity polarity = sentiment_polarity(sentiment_score(text, *l));
    if (polarity == Polarity::Neutral)
        return {};
    const int toward = polarity == Polarity::Positive ? 2 : 0;
    const int li = static_cast<int>(*l);
    // How much one unit of rule score moves the chosen class against the others.
    // Without a model (Dutch), the rule score alone chose the class: it counts toward it.
    float rule_weight = toward == 2 ? 1.f : -1.f;
    if (kModel.trained[li]) {
        const auto& w = kModel.dense[li][1];
        rule_weight = w[toward] - (w[0] + w[1] + w[2]) / 3.f;
    }
    struct Weighed {
        bool rated; ///< a lexicon word, emoji or emoticon: named before words only learned
        float weight;
        std::string word;
    };
    std::vector<Weighed> words;
    Scratch s;
    score_rules(text, lexicon_index(*l), s, [&](const Scratch& batch) {
        std::vector<float> weight(batch.count, 0.f);
        if (kModel.trained[li]) {
            token_features(batch, *l, [&](size_t i, uint32_t b, bool, bool is_char) {
                const int8_t* d = kModel.hashed + b * kBucketBytes;
                const float w[kClasses] = {static_cast<float>(d[0]), 0.f,
                                           static_cast<float>(d[1])};
                weight[i] += (w[toward] - (w[0] + w[1] + w[2]) / 3.f) * kModel.hashed_scale *
                             (is_char ? kCharValue : 1.f);
            });
        }
        for (size_t i = 0; i < batch.count; ++i) {
            const Token& t = batch.tokens[i];
            const std::optional<size_t> negator = negator_before(batch, i);
            const ClosedNegation closed = closed_negation(batch.tokens, i, batch.count);
            // A lexicon word's share of the rule score, on its -1..1 scale.
            const bool turned = negator && !utmost(batch.tokens, *negator, i, batch.count);
            const bool negated = turned != (closed.closer != 0);
            weight[i] += t.valence / 4.f * (negated ? kNegationScalar : 1.f) * rule_weight;
            // A word is named when it weighed enough to explain something: a rated word a
            // little, a word only the learned layer weighs clearly (its small weights on "le",
            // "is" or "sait" are the fitted tweets' habits, not a reason an owner can use).
            const bool rated = t.valence != 0.f;
            if (weight[i] >= (rated ? kRatedReason : kLearnedReason) && (rated || kModel.trained[li]))
                words.push_back({t.valence != 0.f, weight[i], reason_name(batch, i, negator, closed)});
        }
    });
    std::stable_sort(words.begin(), words.end(), [](const Weighed& a, const Weighed& b) {
        return a.rated != b.rated ? a.rated : a.weight > b.weight;
    });
    std::vector<std::string> out;
    for (const Weighed& w : words) {
        if (out.size() == max_words)
            break;
        if (std::find(out.begin(), out.end(), w.word) == out.end())
            out.push_back(w.word);
    }
    return out;
}

float sentiment_lexicon_valence(std::string_view token, SentimentLang lang) {
    char buf[kMaxWord];
    if (token.empty() || token.size() > kMaxWord)
        return 0.f;
    const Index& index = lexicon_index(lang);
    if (const Word* w = index.find(token.data(), token.size()); w && w->valence != 0.f)
        return w->valence;
    for (size_t i = 0; i < token.size(); ++i) {
        const char c = token[i];
        buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    const Word* w = index.find(buf, token.size());
    return w ? w->valence : 0.f;
}

} // namespace earshot::core
