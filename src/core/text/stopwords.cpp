// Built-in stop-word lists (see stopwords.hpp). Each list is one space-separated literal,
// split once into a merged table on first use.
#include "core/text/stopwords.hpp"

#include <string>
#include <unordered_map>

namespace earshot::core {

namespace {

// Function words only: pronouns, articles, prepositions, conjunctions, auxiliaries and
// the commonest adverbs. Tokens are split at apostrophes ("don't" → "don" + "t"; one-
// letter pieces are dropped), so the lists hold the pieces ("don", "qu", "aujourd").
constexpr std::string_view kEnglish =
    "a about above after again against all also am an and any are aren as at be because been "
    "before being below between both but by can cannot could couldn did didn do does doesn "
    "doing don down during each even few for from further get gets got had hadn has hasn have "
    "haven having he her here hers herself him himself his how i if im in into is isn it its "
    "itself ive just ll me more most much my myself no nor not now of off oh ok on once one "
    "only or other our ours ourselves out over own re really same she should shouldn so some "
    "still such than that thats the their theirs them themselves then there these they this "
    "those through to too under until up us ve very was wasn we were weren what when where "
    "which while who whom why will with won would wouldn yet you youre your yours yourself "
    "yourselves dont cant didnt doesnt isnt wasnt arent wont id";
constexpr std::string_view kSpanish =
    "a al algo algunas algunos ante antes aquí así bien como cómo con contra cual cuando "
    "cuándo de del desde donde dónde durante e el él ella ellas ellos en entre era eres es esa "
    "esas ese eso esos esta está estaba están estar estas este esto estos estoy fue fueron ha "
    "han hasta hay he hemos la las le les lo los más me mi mí mis mucho muchos muy nada ni no "
    "nos nosotras nosotros o os otra otras otro otros para pero poco por porque pues q que qué "
    "quien quienes se sea ser si sí sin sobre soy su sus también tan tanto te tengo tenemos "
    "tiene tienen ti todo todos tu tú tus un una unas uno unos vosotros y ya yo xq pq";
constexpr std::string_view kFrench =
    "à ai alors as au aux avec avez avoir avons c ça ca car ce ceci cela celle ces cet cette "
    "chez comme d dans de des donc du elle elles en encore es est et été étaient était être eu "
    "eux fait il ils j je jusqu l la là le les leur leurs lui m ma mais me même mes moi moins "
    "mon n ne ni nos notre nous on ont ou où par pas peu plus pour qu quand que quel quelle "
    "qui s sa sans se ses si son sont suis sur t ta te tes toi ton tous tout toute toutes très "
    "tu un une vos votre vous y aujourd hui";
constexpr std::string_view kGerman =
    "aber alle allem allen aller alles als also am an andere anderen auch auf aus bei bin bis "
    "bist da damit dann das dass daß dem den denn der des dich die dies diese diesem diesen "
    "dieser dieses dir doch dort du durch ein eine einem einen einer eines er es etwas euch "
    "euer eure für gegen gewesen gibt hab habe haben hat hatte hier hin hinter ich ihm ihn "
    "ihnen ihr ihre im immer in ins ist ja jede jedem jeden jeder jetzt kann kein keine man "
    "mein meine mich mir mit muss nach nicht nichts noch nun nur ob oder ohne schon sehr sein "
    "seine sich sie sind so soll sondern über um und uns unser unter viel vom von vor war "
    "waren warum was weil welche wenn wer werde werden wie wieder wir wird wo zu zum zur";
constexpr std::string_view kPortuguese =
    "a à ao aos aquela aquele aqui as às até bem com como da das de dela dele deles depois do "
    "dos e é ela elas ele eles em entre era essa esse esta está estão este estou eu foi for "
    "há isso isto já lá lhe mais mas me mesmo meu minha muito na não nas nem no nos nós num "
    "numa o os ou para pela pelas pelo pelos por pra pro qual quando que quem se sem ser seu "
    "seus sim só sua suas também tá te tem têm tu tua um uma você vocês vc q";
constexpr std::string_view kItalian =
    "a ad al alla alle anche c che chi ci come con così da dal dalla dei del della delle di "
    "e è ed gli ha hanno ho i il in io la le lei li lo loro lui ma mi mio molto ne nei nel "
    "nella non noi o per perché più quella quello questa questo se si sia sono su sua suo "
    "sul sulla ti tra tu un una uno vi";
constexpr std::string_view kDutch =
    "aan al als bij dan dat de der deze die dit doch doen door dus een en er ik in is je ja "
    "kan maar me met mij mijn na naar niet nog nu of om ons ook op over te tot u uit van veel "
    "voor wat we wel wie wij zal ze zij zijn zo zou het hij haar hem";
// Social-media noise in every language: retweet markers, entity leftovers, URL pieces.
constexpr std::string_view kSocial = "rt amp via http https www com co gt lt nbsp";

struct Table {
    std::vector<StopWord> words;
    std::unordered_map<std::string_view, size_t> index;

    void add(std::string_view list, uint8_t bit) {
        size_t pos = 0;
        while (pos < list.size()) {
            size_t end = list.find(' ', pos);
            if (end == std::string_view::npos)
                end = list.size();
            if (end > pos) {
                const std::string_view w = list.substr(pos, end - pos);
                auto [it, inserted] = index.emplace(w, words.size());
                if (inserted)
                    words.push_back({w, bit});
                else
                    words[it->second].lists |= bit;
            }
            pos = end + 1;
        }
    }
};

const Table& table() {
    static const Table built = [] {
        Table t;
        t.add(kEnglish, StopEnglish);
        t.add(kSpanish, StopSpanish);
        t.add(kFrench, StopFrench);
        t.add(kGerman, StopGerman);
        t.add(kPortuguese, StopPortuguese);
        t.add(kItalian, StopItalian);
        t.add(kDutch, StopDutch);
        t.add(kSocial, StopSocial);
        return t;
    }();
    return built;
}

} // namespace

const std::vector<StopWord>& stop_words() {
    return table().words;
}

uint8_t stop_word_lists(std::string_view word) {
    const Table& t = table();
    auto it = t.index.find(word);
    return it == t.index.end() ? 0 : t.words[it->second].lists;
}

uint8_t stop_lists_for_language(std::string_view lang) {
    // "pt-BR" / "en_GB" → the primary subtag, compared case-insensitively.
    char code[3] = {0, 0, 0};
    size_t n = 0;
    while (n < lang.size() && lang[n] != '-' && lang[n] != '_')
        ++n;
    if (n != 2)
        return kStopAllLists;
    for (size_t i = 0; i < 2; ++i) {
        char c = lang[i];
        code[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const std::string_view c(code, 2);
    const uint8_t always = StopEnglish | StopSocial;
    if (c == "en")
        return always;
    if (c == "es")
        return always | StopSpanish;
    if (c == "fr")
        return always | StopFrench;
    if (c == "de")
        return always | StopGerman;
    if (c == "pt")
        return always | StopPortuguese;
    if (c == "it")
        return always | StopItalian;
    if (c == "nl")
        return always | StopDutch;
    return kStopAllLists;
}

} // namespace earshot::core
