// The sentiment scorer's vocabulary: per language, the rule words (VADER's for English, ours for
// es, fr, de, it, pt, nl) merged with the generated lexicons into one hash index each.
//
// [SECTION] Rule words and idioms
// [SECTION] Lexicon index
#include "core/analysis/internal/sentiment_lexicon.hpp"
#include "core/analysis/internal/sentiment_tokens.hpp"

#include <cstring>
#include <iterator>

namespace earshot::core::sentiment_detail {
namespace {

// [SECTION] Rule words and idioms

// AFINN rates -5..5 in integers, VADER -4..4 in tenths. AFINN only fills words VADER lacks
// ("reliable", "outage", "garbage", "afraid"). On the tweet fixture, which VADER's lexicon was
// built alongside, they cost ~0.001 of Pearson r; they are kept for coverage of other text.
constexpr float kAfinnScale = 0.8f;
// Emoji Sentiment Ranking scores are shares of positive minus negative uses (-1..1); x3 puts a
// red heart (0.75) near VADER's "love" (3.2) and leaves ambiguous emoji near 0.
constexpr float kEmojiScale = 3.f;

// clang-format off
constexpr RuleWord kRuleWords[] = {
    // VADER's negations; the "n't" suffix is a rule, so these are the apostrophe-less spellings.
    {"aint", RuleNegator}, {"arent", RuleNegator}, {"cannot", RuleNegator}, {"cant", RuleNegator},
    {"couldnt", RuleNegator}, {"darent", RuleNegator}, {"didnt", RuleNegator},
    {"doesnt", RuleNegator}, {"dont", RuleNegator}, {"hadnt", RuleNegator}, {"hasnt", RuleNegator},
    {"havent", RuleNegator}, {"isnt", RuleNegator}, {"mightnt", RuleNegator},
    {"mustnt", RuleNegator}, {"neither", RuleNegator}, {"neednt", RuleNegator},
    {"never", RuleNegator | RuleNever}, {"none", RuleNegator}, {"nope", RuleNegator},
    {"nor", RuleNegator | RuleOrNor}, {"not", RuleNegator}, {"nothing", RuleNegator},
    {"nowhere", RuleNegator}, {"oughtnt", RuleNegator}, {"shant", RuleNegator},
    {"shouldnt", RuleNegator}, {"uhuh", RuleNegator}, {"wasnt", RuleNegator},
    {"werent", RuleNegator}, {"without", RuleNegator | RuleWithout}, {"wont", RuleNegator},
    {"wouldnt", RuleNegator | RuleIrrealis}, {"rarely", RuleNegator}, {"seldom", RuleNegator},
    {"despite", RuleNegator}, {"ain't", RuleNegator}, {"nobody", RuleNegator},
    {"no", RuleNo}, {"or", RuleOrNor}, {"least", RuleLeast}, {"at", RuleAtVery},
    // "Couldn't have been nicer", "never had a better", "can't thank you enough": the utmost,
    // not a negation (the n't spellings are rule words only for this).
    {"can't", RuleCannot}, {"couldn't", RuleCannot}, {"cant", RuleCannot},
    {"couldnt", RuleCannot}, {"cannot", RuleCannot}, {"never", RuleCannot},
    {"could", RuleCannot}, {"can", RuleCannot},
    {"better", RuleComparative}, {"nicer", RuleComparative}, {"happier", RuleComparative},
    {"friendlier", RuleComparative}, {"tastier", RuleComparative}, {"kinder", RuleComparative},
    {"lovelier", RuleComparative}, {"greater", RuleComparative}, {"finer", RuleComparative},
    {"sweeter", RuleComparative}, {"worse", RuleComparative},
    {"enough", RuleEnough},
    {"so", RuleBoostUp | RuleSoThis}, {"this", RuleSoThis}, {"doubt", RuleDoubt},
    {"kind", RuleKindSort}, {"sort", RuleKindSort}, {"of", RuleOf}, {"but", RuleBut},
    // Laughter marks tone; negating it ("no idea lol") makes no sense.
    {"lol", RuleInterjection}, {"lmao", RuleInterjection}, {"lmfao", RuleInterjection},
    {"rofl", RuleInterjection}, {"ha", RuleInterjection}, {"haha", RuleInterjection},
    {"hahaha", RuleInterjection}, {"hehe", RuleInterjection}, {"xd", RuleInterjection},
    // Irrealis markers (as in Taboada et al.'s SO-CAL): "if only it were good" is not praise.
    {"if", RuleIrrealis}, {"would", RuleIrrealis}, {"could", RuleIrrealis},
    {"should", RuleIrrealis}, {"wish", RuleIrrealis}, {"unless", RuleIrrealis},
    {"might", RuleIrrealis}, {"i'd", RuleIrrealis}, {"wouldn't", RuleIrrealis},
    // VADER's degree adverbs.
    {"absolutely", RuleBoostUp}, {"amazingly", RuleBoostUp}, {"awfully", RuleBoostUp},
    {"completely", RuleBoostUp}, {"considerably", RuleBoostUp}, {"decidedly", RuleBoostUp},
    {"deeply", RuleBoostUp}, {"effing", RuleBoostUp}, {"enormously", RuleBoostUp},
    {"entirely", RuleBoostUp}, {"especially", RuleBoostUp}, {"exceptionally", RuleBoostUp},
    {"extremely", RuleBoostUp}, {"fabulously", RuleBoostUp}, {"flipping", RuleBoostUp},
    {"flippin", RuleBoostUp}, {"fricking", RuleBoostUp}, {"frickin", RuleBoostUp},
    {"frigging", RuleBoostUp}, {"friggin", RuleBoostUp}, {"fully", RuleBoostUp},
    {"fucking", RuleBoostUp}, {"fuckin", RuleBoostUp}, {"greatly", RuleBoostUp},
    {"hella", RuleBoostUp}, {"highly", RuleBoostUp}, {"hugely", RuleBoostUp},
    {"incredibly", RuleBoostUp}, {"intensely", RuleBoostUp}, {"majorly", RuleBoostUp},
    {"more", RuleBoostUp}, {"most", RuleBoostUp}, {"particularly", RuleBoostUp},
    {"purely", RuleBoostUp}, {"quite", RuleBoostUp}, {"really", RuleBoostUp},
    {"remarkably", RuleBoostUp}, {"substantially", RuleBoostUp}, {"thoroughly", RuleBoostUp},
    {"totally", RuleBoostUp}, {"tremendously", RuleBoostUp}, {"uber", RuleBoostUp},
    {"unbelievably", RuleBoostUp}, {"unusually", RuleBoostUp}, {"utterly", RuleBoostUp},
    {"very", RuleBoostUp | RuleAtVery},
    {"almost", RuleBoostDown}, {"barely", RuleBoostDown}, {"hardly", RuleBoostDown},
    {"kinda", RuleBoostDown}, {"kindof", RuleBoostDown}, {"less", RuleBoostDown},
    {"little", RuleBoostDown}, {"marginally", RuleBoostDown}, {"occasionally", RuleBoostDown},
    {"partly", RuleBoostDown}, {"scarcely", RuleBoostDown}, {"slightly", RuleBoostDown},
    {"somewhat", RuleBoostDown}, {"sorta", RuleBoostDown}, {"sortof", RuleBoostDown},
    // Ours: envy as admiration, and habits judged in hindsight (sentiment.cpp).
    {"jealous", RuleEnvy}, {"envious", RuleEnvy}, {"jel", RuleEnvy}, {"jelly", RuleEnvy},
    {"been", RuleHabit}, {"life", RuleSpanEnd}, {"years", RuleSpanEnd}, {"now", RuleSpanEnd},
    {"time", RuleSpanEnd}, {"whole", RuleSpanStart}, {"all", RuleSpanStart},
    {"these", RuleSpanStart}, {"until", RuleSpanStart}, {"till", RuleSpanStart},
    {"til", RuleSpanStart}, {"entire", RuleSpanStart},
    // Ours: spending hyperbole ("my wallet is crying") and fond closers ("Brighton, never
    // change"), sentiment.cpp.
    {"wallet", RuleWallet}, {"purse", RuleWallet}, {"bank", RuleWallet}, {"my", RuleMy},
    {"cry", RuleLament}, {"crying", RuleLament}, {"cries", RuleLament}, {"cried", RuleLament},
    {"weep", RuleLament}, {"weeping", RuleLament}, {"weeps", RuleLament}, {"sob", RuleLament},
    {"sobbing", RuleLament}, {"sobs", RuleLament}, {"scream", RuleLament},
    {"screaming", RuleLament}, {"screams", RuleLament}, {"hate", RuleLament},
    {"hates", RuleLament}, {"dying", RuleLament}, {"died", RuleLament}, {"rip", RuleLament},
    {"hurts", RuleLament}, {"hurting", RuleLament}, {"suffering", RuleLament},
    {"bleeding", RuleLament}, {"pain", RuleLament},
    {"never change", RuleCloser},
};
// clang-format on

// Annoyance, anger and contempt, read in every language: with one of these a praise word before
// it is sarcasm ("Found a hair in my banana bread… Lovely. 😡"). Not 😞 or 😭: sadness does not
// turn praise around ("Last day at the café, I'll miss it 😭").
constexpr RuleWord kAnnoyedEmoji[] = {
    {"😡", RuleAnnoyed}, {"😠", RuleAnnoyed}, {"🤬", RuleAnnoyed}, {"🙄", RuleAnnoyed},
    {"😤", RuleAnnoyed}, {"😒", RuleAnnoyed}, {"😑", RuleAnnoyed}, {"🤦", RuleAnnoyed},
    {"👎", RuleAnnoyed},
};

// Laughter and tone markers shared by every language's index (tweets in any language say "lol").
// Rated where the English lexicon rates them; the others get "haha"'s rating below.
constexpr const char* kSharedLaughter[] = {"lol", "lmao", "lmfao", "rofl", "haha", "hahaha",
                                           "hehe", "xd", "jaja", "jajaja", "jeje", "kkk", "kkkk",
                                           "rsrs", "mdr", "ptdr", "ahah", "ahahah"};

// The rule words of the other languages, written from their grammars (negators, degree
// adverbs, contrastive conjunctions, irrealis markers), not fitted to a data set. Negators
// scope over the three preceding words as in English; German and Dutch also negate after the
// verb ("gefällt mir nicht"), which a look-back cannot see: the learned layer covers some of it.
// clang-format off
constexpr RuleWord kSpanishRules[] = {
    {"no", RuleNegator}, {"nunca", RuleNegator | RuleNever}, {"jamás", RuleNegator},
    {"jamas", RuleNegator}, {"ni", RuleNegator | RuleOrNor}, {"nada", RuleNegator},
    {"nadie", RuleNegator}, {"tampoco", RuleNegator}, {"sin", RuleNegator},
    {"ningún", RuleNegator}, {"ningun", RuleNegator}, {"ninguna", RuleNegator},
    {"ninguno", RuleNegator},
    {"muy", RuleBoostUp}, {"tan", RuleBoostUp}, {"super", RuleBoostUp}, {"súper", RuleBoostUp},
    {"mucho", RuleBoostUp}, {"muchísimo", RuleBoostUp}, {"demasiado", RuleBoostUp},
    {"realmente", RuleBoostUp}, {"totalmente", RuleBoostUp}, {"absolutamente", RuleBoostUp},
    {"increíblemente", RuleBoostUp}, {"sumamente", RuleBoostUp}, {"bien", RuleBoostUp},
    {"poco", RuleBoostDown}, {"algo", RuleBoostDown}, {"casi", RuleBoostDown},
    {"apenas", RuleBoostDown},
    {"pero", RuleBut}, {"aunque", RuleBut}, {"sino", RuleBut},
    {"si", RuleIrrealis}, {"ojalá", RuleIrrealis}, {"ojala", RuleIrrealis},
};
constexpr RuleWord kFrenchRules[] = {
    {"pas", RuleNegator}, {"jamais", RuleNegator | RuleNever}, {"rien", RuleNegator},
    {"aucun", RuleNegator}, {"aucune", RuleNegator}, {"sans", RuleNegator},
    {"ni", RuleNegator | RuleOrNor}, {"personne", RuleNegator}, {"guère", RuleNegator},
    {"non", RuleNegator}, {"ne", RuleNe}, {"n'", RuleNe}, {"plus", RuleNeEnd},
    {"très", RuleBoostUp}, {"tres", RuleBoostUp}, {"trop", RuleBoostUp},
    {"vraiment", RuleBoostUp}, {"tellement", RuleBoostUp}, {"super", RuleBoostUp},
    {"hyper", RuleBoostUp}, {"vachement", RuleBoostUp}, {"complètement", RuleBoostUp},
    {"totalement", RuleBoostUp}, {"absolument", RuleBoostUp}, {"extrêmement", RuleBoostUp},
    {"si", RuleBoostUp}, {"grave", RuleBoostUp},
    {"peu", RuleBoostDown}, {"presque", RuleBoostDown}, {"plutôt", RuleBoostDown},
    {"assez", RuleBoostDown},
    {"mais", RuleBut}, {"pourtant", RuleBut}, {"cependant", RuleBut}, {"toutefois", RuleBut},
    {"sinon", RuleIrrealis}, {"aurait", RuleIrrealis}, {"serait", RuleIrrealis},
};
constexpr RuleWord kGermanRules[] = {
    {"nicht", RuleNegator}, {"kein", RuleNegator}, {"keine", RuleNegator},
    {"keinen", RuleNegator}, {"keinem", RuleNegator}, {"keiner", RuleNegator},
    {"keines", RuleNegator}, {"nie", RuleNegator | RuleNever}, {"niemals", RuleNegator},
    {"nichts", RuleNegator}, {"ohne", RuleNegator}, {"weder", RuleNegator},
    {"noch", RuleOrNor}, {"nix", RuleNegator},
    {"sehr", RuleBoostUp}, {"so", RuleBoostUp}, {"total", RuleBoostUp}, {"echt", RuleBoostUp},
    {"wirklich", RuleBoostUp}, {"extrem", RuleBoostUp}, {"voll", RuleBoostUp},
    {"mega", RuleBoostUp}, {"super", RuleBoostUp}, {"besonders", RuleBoostUp},
    {"absolut", RuleBoostUp}, {"unglaublich", RuleBoostUp}, {"richtig", RuleBoostUp},
    {"äußerst", RuleBoostUp}, {"zu", RuleBoostUp}, {"ganz", RuleBoostUp},
    {"etwas", RuleBoostDown}, {"bisschen", RuleBoostDown}, {"kaum", RuleBoostDown},
    {"wenig", RuleBoostDown}, {"eher", RuleBoostDown}, {"ziemlich", RuleBoostDown},
    {"aber", RuleBut}, {"jedoch", RuleBut}, {"sondern", RuleBut}, {"trotzdem", RuleBut},
    {"wenn", RuleIrrealis}, {"falls", RuleIrrealis}, {"würde", RuleIrrealis},
    {"wäre", RuleIrrealis}, {"hätte", RuleIrrealis},
};
constexpr RuleWord kItalianRules[] = {
    {"non", RuleNegator}, {"mai", RuleNegator | RuleNever}, {"niente", RuleNegator},
    {"nulla", RuleNegator}, {"nessuno", RuleNegator}, {"nessuna", RuleNegator},
    {"senza", RuleNegator}, {"né", RuleNegator | RuleOrNor},
    {"molto", RuleBoostUp}, {"tanto", RuleBoostUp}, {"troppo", RuleBoostUp},
    {"davvero", RuleBoostUp}, {"veramente", RuleBoostUp}, {"proprio", RuleBoostUp},
    {"super", RuleBoostUp}, {"assolutamente", RuleBoostUp}, {"estremamente", RuleBoostUp},
    {"così", RuleBoostUp}, {"totalmente", RuleBoostUp}, {"davvero", RuleBoostUp},
    {"poco", RuleBoostDown}, {"quasi", RuleBoostDown}, {"appena", RuleBoostDown},
    {"abbastanza", RuleBoostDown},
    {"ma", RuleBut}, {"però", RuleBut}, {"tuttavia", RuleBut}, {"eppure", RuleBut},
    {"se", RuleIrrealis}, {"magari", RuleIrrealis},
};
constexpr RuleWord kPortugueseRules[] = {
    {"não", RuleNegator}, {"nao", RuleNegator}, {"nunca", RuleNegator | RuleNever},
    {"jamais", RuleNegator}, {"nem", RuleNegator | RuleOrNor}, {"nenhum", RuleNegator},
    {"nenhuma", RuleNegator}, {"nada", RuleNegator}, {"ninguém", RuleNegator},
    {"sem", RuleNegator},
    {"muito", RuleBoostUp}, {"mto", RuleBoostUp}, {"mt", RuleBoostUp}, {"tão", RuleBoostUp},
    {"tao", RuleBoostUp}, {"super", RuleBoostUp}, {"demais", RuleBoostUp},
    {"bastante", RuleBoostUp}, {"realmente", RuleBoostUp}, {"totalmente", RuleBoostUp},
    {"extremamente", RuleBoostUp}, {"muitíssimo", RuleBoostUp},
    {"pouco", RuleBoostDown}, {"quase", RuleBoostDown}, {"meio", RuleBoostDown},
    {"mas", RuleBut}, {"porém", RuleBut}, {"contudo", RuleBut}, {"entretanto", RuleBut},
    {"se", RuleIrrealis}, {"tomara", RuleIrrealis},
};
constexpr RuleWord kDutchRules[] = {
    {"niet", RuleNegator}, {"geen", RuleNegator}, {"nooit", RuleNegator | RuleNever},
    {"niets", RuleNegator}, {"niks", RuleNegator}, {"niemand", RuleNegator},
    {"zonder", RuleNegator}, {"noch", RuleNegator | RuleOrNor},
    {"heel", RuleBoostUp}, {"erg", RuleBoostUp}, {"zeer", RuleBoostUp}, {"echt", RuleBoostUp},
    {"super", RuleBoostUp}, {"zo", RuleBoostUp}, {"enorm", RuleBoostUp},
    {"ontzettend", RuleBoostUp}, {"totaal", RuleBoostUp}, {"helemaal", RuleBoostUp},
    {"hartstikke", RuleBoostUp}, {"best", RuleBoostUp}, {"te", RuleBoostUp},
    {"beetje", RuleBoostDown}, {"nauwelijks", RuleBoostDown}, {"redelijk", RuleBoostDown},
    {"vrij", RuleBoostDown}, {"enigszins", RuleBoostDown},
    {"maar", RuleBut}, {"echter", RuleBut}, {"toch", RuleBut},
    {"als", RuleIrrealis}, {"zou", RuleIrrealis}, {"indien", RuleIrrealis},
};
// clang-format on

struct RuleSet {
    const RuleWord* words;
    size_t count;
};
template <size_t N>
constexpr RuleSet rule_set(const RuleWord (&words)[N]) {
    return {words, N};
}
/// In lexicon::kLangEntries order (SentimentLang Es..Nl).
constexpr RuleSet kLangRules[lexicon::kLangTables] = {
    rule_set(kSpanishRules), rule_set(kFrenchRules),     rule_set(kGermanRules),
    rule_set(kItalianRules), rule_set(kPortugueseRules), rule_set(kDutchRules),
};

// Idioms whose meaning is not the sum of their words: VADER's special cases (Python 3.3) plus
// "can't wait" (eagerness, not negation). Valences on VADER's scale.
struct Idiom {
    const char* phrase;
    float valence;
};
// clang-format off
constexpr Idiom kIdioms[] = {
    {"the shit", 3.f},       {"the bomb", 3.f},     {"bad ass", 1.5f},      {"yeah right", -2.f},
    {"kiss of death", -1.5f}, {"to die for", 3.f},  {"beating heart", 3.1f}, {"broken heart", -2.9f},
    {"can't wait", 2.f},     {"cant wait", 2.f},    {"cannot wait", 2.f},
    // Ours: praise spoken through negative words. "Best in town, hands down" (unquestionably),
    // "nothing beats…", "never disappoints", "life changing", "can't stop thinking about it",
    // "Brighton, never change" (fondness).
    {"hands down", 2.f},      {"nothing beats", 2.5f}, {"nothing compares", 2.f},
    {"never disappoints", 2.5f}, {"never fails", 2.f}, {"life changing", 2.5f},
    {"never change", 2.f}, {"can't stop thinking", 1.5f},
    {"cannot stop thinking", 1.5f}, {"cant stop thinking", 1.5f},
    {"won't stop talking", 1.5f}, {"can't stop talking", 1.5f}, {"wont stop talking", 1.5f},
    {"can't get enough", 2.5f}, {"cannot get enough", 2.5f}, {"cant get enough", 2.5f},
    {"no complaints", 1.5f},   {"shout out", 1.5f},     {"shoutout to", 1.5f},
    {"how you do it", 2.f},
    // Slang praise of a level reached: "the standard is ridiculous this year". Further apart
    // ("the standard of service is ridiculous") the words are read one by one, a complaint.
    {"standard is ridiculous", 2.f}, {"standard was ridiculous", 2.f},
    {"level is ridiculous", 2.f},    {"skills are ridiculous", 2.f},
    {"talent is ridiculous", 2.f},
    // Litotes: "not bad at all" is praise, which the negated "bad" gives the rules but the
    // learned layer, weighing "not" as the fitted tweets did, read as neutral.
    {"not bad", 1.5f}, {"not too bad", 1.2f}, {"not so bad", 1.2f}, {"not half bad", 2.f},
    // Food and drink named with a rated word: neither pain nor dirt.
    {"pain au chocolat", 0.f}, {"pain aux raisins", 0.f}, {"dirty chai", 0.f},
    {"dirty chais", 0.f}, {"dirty martini", 0.f}, {"dirty martinis", 0.f},
    {"pain au chocolats", 0.f}, {"pains au chocolat", 0.f},
    {"pain aux raisin", 0.f}, {"pains aux raisins", 0.f},
};
// clang-format on

// Litotes of the other languages: "nada mal", "pas mal du tout", "nicht schlecht" are praise,
// which the negated "bad" read as a complaint (-0.29, -0.09, -0.21 before). Spanish and
// Portuguese "menos mal" is relief ("thank goodness"). Each holds its negation (RuleNegated).
// The accent-less spellings are there because tweets drop accents as often as not. A phrase is
// at most three words (match_phrase), so French "pas mal de monde" ("quite a lot of people")
// still reads as mild praise.
struct LangIdiom {
    SentimentLang lang;
    const char* phrase;
    float valence;
};
// clang-format off
constexpr LangIdiom kLangIdioms[] = {
    {SentimentLang::Es, "nada mal", 1.5f},     {SentimentLang::Es, "no está mal", 1.2f},
    {SentimentLang::Es, "no esta mal", 1.2f},  {SentimentLang::Es, "no estuvo mal", 1.2f},
    {SentimentLang::Es, "no es malo", 1.2f},   {SentimentLang::Es, "menos mal", 1.f},
    {SentimentLang::Pt, "nada mal", 1.5f},     {SentimentLang::Pt, "nada mau", 1.5f},
    {SentimentLang::Pt, "não é mau", 1.2f},    {SentimentLang::Pt, "nao e mau", 1.2f},
    {SentimentLang::Pt, "não é ruim", 1.2f},   {SentimentLang::Pt, "nao e ruim", 1.2f},
    {SentimentLang::Pt, "nada ruim", 1.5f},    {SentimentLang::Pt, "menos mal", 1.f},
    {SentimentLang::Fr, "pas mal", 1.5f},      {SentimentLang::Fr, "pas si mal", 1.2f},
    {SentimentLang::Fr, "pas mauvais", 1.2f},
    {SentimentLang::De, "nicht schlecht", 1.5f}, {SentimentLang::De, "nicht übel", 1.5f},
    {SentimentLang::De, "nicht so schlecht", 1.2f},
    {SentimentLang::It, "niente male", 1.5f},  {SentimentLang::It, "non male", 1.5f},
    {SentimentLang::It, "non è male", 1.2f},   {SentimentLang::It, "non e male", 1.2f},
    {SentimentLang::Nl, "niet slecht", 1.5f},  {SentimentLang::Nl, "niet verkeerd", 1.5f},
};
// clang-format on

// Words an owner reads every day that the language's lexicons lack (AFINN's translations have
// "ruim" and "horrível" but not "péssimo"). Valences on VADER's scale, as AFINN's ×0.8 would
// give them; forms the lookup of inflections finds ("péssima", "péssimos") are not repeated.
struct Supplement {
    SentimentLang lang;
    const char* word;
    float valence;
};
constexpr Supplement kSupplement[] = {
    {SentimentLang::Pt, "péssimo", -2.4f}, {SentimentLang::Pt, "pessimo", -2.4f},
    {SentimentLang::Pt, "amei", 2.4f},     {SentimentLang::Pt, "amamos", 2.4f},
    {SentimentLang::Es, "encantó", 2.4f},  {SentimentLang::Es, "encanto", 2.4f},
    {SentimentLang::Es, "encantaron", 2.4f}, {SentimentLang::It, "buono", 2.4f},
    {SentimentLang::It, "ottimo", 2.4f},
};

// Ratings of the language tables that are wrong where owners read them, put right (0: not
// rated). A colour is no sentiment: Spanish and Portuguese "negro" came in at -4, the worst
// rating there is, so "un café negro perfecto" was a complaint; French "noir" and Italian "nera"
// too. Spanish and Portuguese "caro" is "expensive" (rated +2.4, as "dear"), and "cara" mostly
// "face" or, in Brazil, "dude"; Italian "caro"/"cara" are "dear" and "expensive" both. German
// "teuer" is "expensive" (+0.7); Dutch "goedkoop" is "cheap", a good price (-2.4).
constexpr Supplement kCorrection[] = {
    {SentimentLang::Es, "negro", 0.f},  {SentimentLang::Es, "negra", 0.f},
    {SentimentLang::Es, "negros", 0.f}, {SentimentLang::Es, "negras", 0.f},
    {SentimentLang::Pt, "negro", 0.f},  {SentimentLang::Pt, "negra", 0.f},
    {SentimentLang::Pt, "negros", 0.f}, {SentimentLang::Pt, "negras", 0.f},
    {SentimentLang::Fr, "noir", 0.f},   {SentimentLang::Fr, "noire", 0.f},
    {SentimentLang::Fr, "noirs", 0.f},  {SentimentLang::Fr, "noires", 0.f},
    {SentimentLang::It, "nera", 0.f},   {SentimentLang::It, "nere", 0.f},
    {SentimentLang::Es, "caro", -1.2f}, {SentimentLang::Es, "caros", -1.2f},
    {SentimentLang::Es, "cara", 0.f},   {SentimentLang::Es, "caras", 0.f},
    {SentimentLang::Pt, "caro", -1.2f}, {SentimentLang::Pt, "caros", -1.2f},
    {SentimentLang::Pt, "cara", 0.f},   {SentimentLang::Pt, "caras", 0.f},
    {SentimentLang::It, "caro", 0.f},   {SentimentLang::It, "cara", 0.f},
    {SentimentLang::It, "cari", 0.f},   {SentimentLang::It, "care", 0.f},
    {SentimentLang::De, "teuer", -1.2f}, {SentimentLang::Nl, "goedkoop", 0.8f},
};

// Emoji whose rating is wrong for what owners read, in every language: 😬 is a wince ("20
// Minuten gewartet und der Kaffee war kalt. Schade 😬"), which the Emoji Sentiment Ranking
// rates positive (it came with jokes in its tweets).
constexpr Supplement kSymbolSupplement[] = {{SentimentLang::Symbols, "\xF0\x9F\x98\xAC", -1.2f}};


float merged_valence(const lexicon::Entry& e) {
    if (e.vader != lexicon::kNone)
        return e.vader / 10.f;
    if (e.afinn != lexicon::kNone)
        return e.afinn * kAfinnScale;
    if (e.emoji != lexicon::kNone)
        return e.emoji / 100.f * kEmojiScale;
    return 0.f;
}

/// Emoji, emoticons and laughter: read in every language. Words of the English table are not.
bool language_neutral(const lexicon::Entry& e, const char* key) {
    if (e.emoji != lexicon::kNone)
        return true;
    for (uint32_t i = 0; i < e.key_length; ++i) {
        const unsigned char c = static_cast<unsigned char>(key[i]);
        if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && c != '\'' && c != ' ')
            return true; // ":)", "<3", "D:", ":-p"
    }
    return false;
}

} // namespace

// [SECTION] Lexicon index

Index::Index(SentimentLang lang) {
    if (lang == SentimentLang::En)
        build_english();
    else
        build_other(lang);
}

void Index::reserve(size_t n) {
    m_words.reserve(n);
    size_t cap = 1;
    while (cap < n * 2)
        cap <<= 1; // load factor <= 0.5 keeps probe runs short
    m_slots.assign(cap, Slot{0, 0});
    m_mask = static_cast<uint32_t>(cap - 1);
}

void Index::add_rule_words(const RuleWord* words, size_t n) {
    for (size_t k = 0; k < n; ++k) {
        const RuleWord& r = words[k];
        const size_t len = std::strlen(r.word);
        if (Word* w = find_mut(r.word, len))
            w->rules |= r.rules;
        else
            insert(Word{r.word, static_cast<uint8_t>(len), false, false, r.rules, 0.f});
    }
}

// Another language: its own table, the language-neutral symbols of the English one, shared
// laughter, and its rule words. Rule words that the lexicon also rates ("super", "bien") keep
// both: rated words are not scanned as modifiers, as in English.
void Index::build_other(SentimentLang lang) {
    const int table = static_cast<int>(lang) - 1; // Es = 0; Symbols has no table
    const bool has_table = table >= 0 && table < lexicon::kLangTables;
    const uint32_t begin = has_table ? lexicon::kLangStart[table] : 0;
    const uint32_t end = has_table ? lexicon::kLangStart[table + 1] : 0;
    reserve(end - begin + 4096 + std::size(kSharedLaughter) + 64);
    float laughter = 0.f;
    for (uint32_t i = 0; i < lexicon::kEntryCount; ++i) {
        const lexicon::Entry& e = lexicon::kEntries[i];
        const char* key = lexicon::kKeys + e.key_offset;
        if (e.key_length == 4 && std::memcmp(key, "haha", 4) == 0)
            laughter = merged_valence(e);
        if (!language_neutral(e, key))
            continue;
        const float v = merged_valence(e);
        if (v != 0.f)
            insert(Word{key, static_cast<uint8_t>(e.key_length), true, false, 0, v});
    }
    for (const char* l : kSharedLaughter) {
        const size_t len = std::strlen(l);
        const lexicon::Entry* e = nullptr;
        for (uint32_t i = 0; i < lexicon::kEntryCount && !e; ++i) // once per process
            if (lexicon::kEntries[i].key_length == len &&
                std::memcmp(lexicon::kKeys + lexicon::kEntries[i].key_offset, l, len) == 0)
                e = &lexicon::kEntries[i];
        const float v = e && merged_valence(*e) != 0.f ? merged_valence(*e) : laughter;
        insert(Word{l, static_cast<uint8_t>(len), true, false, RuleInterjection, v});
    }
    for (uint32_t i = begin; i < end; ++i) {
        const lexicon::LangEntry& e = lexicon::kLangEntries[i];
        const char* key = lexicon::kKeys + e.key_offset;
        if (Word* w = find_mut(key, e.key_length)) {
            w->phrase_start |= (e.flags & lexicon::kPhraseStart) != 0;
            continue;
        }
        insert(Word{key, static_cast<uint8_t>(e.key_length), e.valence != 0,
                    (e.flags & lexicon::kPhraseStart) != 0, 0, e.valence / 10.f});
        note_phrase_end(key, e.key_length);
    }
    for (const LangIdiom& idiom : kLangIdioms)
        if (idiom.lang == lang)
            add_idiom(idiom.phrase, idiom.valence, RuleNegated);
    if (has_table)
        add_rule_words(kLangRules[table].words, kLangRules[table].count);
    m_elides = lang == SentimentLang::Fr || lang == SentimentLang::It;
    // Italian takes only the superlative back: its -e/-i endings are too often other words.
    m_inflection = lang == SentimentLang::Nl   ? Inflection::Dutch
                   : lang == SentimentLang::It ? Inflection::Italian
                   : lang == SentimentLang::Es || lang == SentimentLang::Pt
                       ? Inflection::Romance
                       : Inflection::None;
    for (const Supplement& s : kSupplement)
        if (s.lang == lang && !find(s.word, std::strlen(s.word)))
            insert(Word{s.word, static_cast<uint8_t>(std::strlen(s.word)), true, false, 0, s.valence});
    for (const Supplement& s : kCorrection)
        if (s.lang == lang)
            correct_rating(s.word, s.valence);
    add_symbols();
    add_rule_words(kAnnoyedEmoji, std::size(kAnnoyedEmoji));
    // The sources rate some negators ("no" -1 in Spanish, "não" in Portuguese); a rated word ends
    // a negation's scope, so "no es buena" would be "no" plus "buena". Negators are rules only.
    for (Word& w : m_words) {
        if (w.rules & RuleNegator) {
            w.valence = 0.f;
            w.in_lexicon = false;
        }
    }
}

void Index::build_english() {
    reserve(lexicon::kEntryCount + std::size(kRuleWords) + 2 * std::size(kIdioms) +
            std::size(kSharedLaughter) + std::size(kAnnoyedEmoji));
    for (uint32_t i = 0; i < lexicon::kEntryCount; ++i) {
        const lexicon::Entry& e = lexicon::kEntries[i];
        Word w{lexicon::kKeys + e.key_offset,
               static_cast<uint8_t>(e.key_length),
               false,
               (e.flags & lexicon::kPhraseStart) != 0,
               0,
               merged_valence(e)};
        w.in_lexicon = w.valence != 0.f || e.vader != lexicon::kNone;
        insert(w);
        note_phrase_end(w.key, w.key_length);
    }
    for (const Idiom& idiom : kIdioms)
        add_idiom(idiom.phrase, idiom.valence);
    add_symbols();
    add_rule_words(kRuleWords, std::size(kRuleWords));
    add_rule_words(kAnnoyedEmoji, std::size(kAnnoyedEmoji));
}

void Index::add_symbols() {
    for (const Supplement& s : kSymbolSupplement)
        set_rating(s.word, std::strlen(s.word), s.valence);
}

// Our rating for a key, over the lexicons' when they have one.
void Index::set_rating(const char* key, size_t n, float valence) {
    if (Word* w = find_mut(key, n)) {
        w->valence = valence;
        w->in_lexicon = true;
    } else {
        insert(Word{key, static_cast<uint8_t>(n), true, false, 0, valence});
    }
}

// A multi-word key rated as a whole; its first word is marked as starting a phrase.
void Index::add_idiom(const char* phrase, float valence, uint32_t rules) {
    const size_t len = std::strlen(phrase);
    set_rating(phrase, len, valence);
    find_mut(phrase, len)->rules |= rules;
    note_phrase_end(phrase, len);
    const size_t first = static_cast<size_t>(std::strchr(phrase, ' ') - phrase);
    if (Word* w = find_mut(phrase, first))
        w->phrase_start = true;
    else
        insert(Word{phrase, static_cast<uint8_t>(first), false, true, 0, 0.f});
}

// A correction of the language table: a word rated 0 is no longer a rated word at all (so
// "no" before it negates nothing), nor one its inflections are looked up as.
void Index::correct_rating(const char* key, float valence) {
    const size_t n = std::strlen(key);
    if (Word* w = find_mut(key, n)) {
        w->valence = valence;
        w->in_lexicon = valence != 0.f;
    } else if (valence != 0.f) {
        insert(Word{key, static_cast<uint8_t>(n), true, false, 0, valence});
    }
}

Word* Index::find_mut(const char* s, size_t n) {
    return const_cast<Word*>(find(s, n));
}

// Remembers the hash of a multi-word key's last word, so most words skip the phrase lookup.
void Index::note_phrase_end(const char* key, size_t n) {
    const char* space = static_cast<const char*>(std::memchr(key, ' ', n));
    if (!space)
        return;
    const char* last = key + n;
    while (last[-1] != ' ')
        --last;
    const uint32_t h = hash_bytes(last, static_cast<size_t>(key + n - last));
    m_phrase_ends[(h >> 6) & (kPhraseEndWords - 1)] |= uint64_t{1} << (h & 63);
}

void Index::insert(const Word& w) {
    const uint32_t h = hash_bytes(w.key, w.key_length);
    if (find(w.key, w.key_length, h))
        return; // generated keys are unique; rule words merge above
    m_words.push_back(w);
    m_filter[(h & 0xFFFF) >> 6] |= uint64_t{1} << (h & 63);
    m_filter[h >> 22] |= uint64_t{1} << ((h >> 16) & 63);
    for (uint32_t i = h & m_mask;; i = (i + 1) & m_mask) {
        if (m_slots[i].word == 0) {
            m_slots[i] = Slot{h, static_cast<uint32_t>(m_words.size())};
            return;
        }
    }
}

const Index& lexicon_index(SentimentLang lang) {
    // Thread-safe one-time builds, each on first use (~9k-20k inserts, about a millisecond).
    switch (lang) {
    case SentimentLang::En: {
        static const Index en(SentimentLang::En);
        return en;
    }
    case SentimentLang::Es: {
        static const Index es(SentimentLang::Es);
        return es;
    }
    case SentimentLang::Fr: {
        static const Index fr(SentimentLang::Fr);
        return fr;
    }
    case SentimentLang::De: {
        static const Index de(SentimentLang::De);
        return de;
    }
    case SentimentLang::It: {
        static const Index it(SentimentLang::It);
        return it;
    }
    case SentimentLang::Pt: {
        static const Index pt(SentimentLang::Pt);
        return pt;
    }
    case SentimentLang::Nl: {
        static const Index nl(SentimentLang::Nl);
        return nl;
    }
    case SentimentLang::Symbols:
        break;
    }
    static const Index symbols(SentimentLang::Symbols);
    return symbols;
}

} // namespace earshot::core::sentiment_detail
