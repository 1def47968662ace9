// Spanish, French, German, Portuguese and Japanese templates for the demo corpus:
// visitors and residents writing in their own language, plus the table lookup.
#include "demo/templates.hpp"

namespace earshot::demo {

void add_international_templates(TemplateTable& t) {
    // [SECTION] Español
    t["es/business/praise"] = {
        {"El mejor café de Brighton está en {biz} ☕ El {drink} es increíble {pos}"},
        {"Si pasáis por Brighton tenéis que ir a {biz}. El {pastry} 😍"},
        {"Desayuno en {biz}: café buenísimo y el personal súper amable {pos}"},
        {"Qué sitio tan bonito {biz}. Volveré seguro {pos}"},
    };
    t["es/business/complaint"] = {
        {"Esperé veinte minutos por un café frío en {biz}. Qué decepción {neg}"},
        {"Carísimo el café en {biz}, {price} por un latte..."},
    };
    t["es/business/question"] = {
        {"¿Alguien sabe si {biz} abre los domingos?", "hours"},
        {"¿{biz} tiene leche de avena?", "milk"},
    };
    t["es/town/recreq"] = {
        {"¿Recomendaciones para tomar un buen café en Brighton? Estaré el fin de semana"},
        {"¿Dónde desayunar bien en Brighton? Vamos con niños"},
        {"Busco una cafetería tranquila en Brighton para trabajar un rato, ¿ideas?"},
        {"¿Cuál es la mejor cafetería de Hove? Vivo aquí desde hace un mes"},
    };
    t["es/town/chatter"] = {
        {"Brighton es precioso incluso con lluvia 🌧️"},
        {"Primer día en Brighton y ya tengo cafetería favorita ☕"},
        {"Paseo por el muelle de Brighton y un café para llevar. Así sí 🌊"},
    };
    t["es/trade/chatter"] = {{"Nada como un buen café de especialidad por la mañana ☕"}};
    // Friendly agreement: only used under praise, chatter and questions, never complaints.
    t["es/reply/any"] = {{"¡Qué buena pinta!"}, {"Tengo que ir 😍"}, {"¡Totalmente de acuerdo!"}};

    // [SECTION] Français
    t["fr/business/praise"] = {
        {"Meilleur café de Brighton chez {biz} ☕ Le {pastry} est parfait {pos}"},
        {"Petit déjeuner chez {biz} à Brighton, un vrai bonheur 🥐"},
        {"Un flat white comme à Melbourne chez {biz}. Bravo l'équipe ! {pos}"},
    };
    t["fr/business/complaint"] = {
        {"Attendu vingt minutes pour un cappuccino tiède chez {biz}… déçue 😞"},
        {"Franchement {price} le café chez {biz}, c'est abusé"},
    };
    t["fr/business/question"] = {
        {"Quelqu'un sait si {biz} accepte les chiens ? 🐶", "dog"},
        {"{biz} est ouvert le dimanche ?", "hours"},
    };
    t["fr/town/recreq"] = {
        {"Des recommandations de cafés à Brighton ? J'y suis pour le week-end"},
        {"Où prendre un bon café près de la gare de Brighton ?"},
        {"Un bon endroit pour bruncher à Brighton ce dimanche ?"},
    };
    t["fr/town/chatter"] = {
        {"Brighton sous le soleil, un café à la main. La vie est belle ☀️"},
        {"Les mouettes de Brighton sont de vraies voleuses 😂"},
    };
    t["fr/trade/chatter"] = {{"Le café de spécialité, c'est une religion ☕"}};
    t["fr/reply/any"] = {{"Trop bien !"}, {"J'y vais demain 😍"}, {"Tellement vrai"}};

    // [SECTION] Deutsch
    t["de/business/praise"] = {
        {"Bester Kaffee in Brighton! {biz} ist ein Muss ☕ {pos}"},
        {"Der {pastry} bei {biz} war ein Traum 😍"},
        {"Super freundliches Team bei {biz} und richtig guter Flat White {pos}"},
    };
    t["de/business/complaint"] = {
        {"20 Minuten gewartet und der Kaffee war kalt. Schade, {biz} {neg}"},
    };
    t["de/business/question"] = {{"Hat {biz} WLAN? Muss kurz arbeiten", "wifi"}};
    t["de/town/recreq"] = {
        {"Hat jemand Tipps für guten Kaffee in Brighton? Bin nächste Woche da"},
        {"Wo gibt es in Brighton das beste Frühstück? Tipps willkommen"},
        {"Welches Café in Hove könnt ihr empfehlen? Gerne mit Kuchen 🍰"},
    };
    t["de/town/chatter"] = {
        {"Brighton ist wunderschön. Die Möwen sind allerdings aggressiv 😅"},
        {"Strandspaziergang in Hove, danach Kaffee. Perfekter Sonntag ☀️"},
        {"Erster Tag in Brighton und schon Lieblingscafé gefunden ☕"},
    };
    t["de/trade/chatter"] = {{"Ohne Kaffee geht bei mir gar nichts ☕"}};
    t["de/reply/any"] = {{"Sieht super aus!"}, {"Geht mir genauso ☕"}, {"Da muss ich hin 😍"}};

    // [SECTION] Português
    t["pt/business/praise"] = {
        {"Que café maravilhoso no {biz} em Brighton! ☕ {pos}"},
        {"O {pastry} do {biz} é de outro mundo 😍"},
        {"Atendimento incrível no {biz}, voltarei com certeza {pos}"},
    };
    t["pt/business/complaint"] = {
        {"Esperei vinte minutos por um café morno no {biz}... que pena {neg}"}};
    t["pt/town/recreq"] = {{"Alguém tem dica de café bom em Brighton?"},
                           {"Onde tomar um bom café da manhã em Brighton?"},
                           {"Qual a melhor cafeteria de Hove? Cheguei agora"}};
    t["pt/town/chatter"] = {
        {"Brighton com sol é outra cidade ☀️"},
        {"Primeiro dia em Brighton e já achei meu café favorito ☕"},
        {"Saudades do café do Brasil, mas Brighton tem umas cafeterias ótimas ☕"},
    };
    t["pt/trade/chatter"] = {{"Café coado ou espresso? Eu fico com os dois ☕"}};
    t["pt/reply/any"] = {{"Que delícia!"}, {"Preciso ir 😍"}, {"Verdade!"}};

    // [SECTION] 日本語
    t["ja/business/praise"] = {
        {"ブライトンの{biz}でフラットホワイト☕ とても美味しかった！ #ブライトン #カフェ"},
        {"{biz}のクロワッサン最高🥐"},
        {"{biz}、店員さんがとても親切でした😊"},
    };
    t["ja/business/complaint"] = {{"{biz}、30分待った…😞"}};
    t["ja/town/recreq"] = {{"ブライトンでおすすめのカフェありますか？"},
                           {"ブライトン駅の近くで朝ごはんが食べられるお店、知ってる人いますか？"}};
    t["ja/town/chatter"] = {{"ブライトンの海、きれい🌊"}, {"ブライトン到着！まずはコーヒー☕"}};
    t["ja/trade/chatter"] = {{"今日のコーヒーはエチオピア☕ #コーヒー"}};
    t["ja/reply/any"] = {{"美味しそう！"}, {"行ってみたい😍"}};
}

const std::vector<Tpl>* find_templates(const std::string& key) {
    static const TemplateTable table = [] {
        TemplateTable t;
        add_english_templates(t);
        add_international_templates(t);
        return t;
    }();
    auto it = table.find(key);
    return it == table.end() || it->second.empty() ? nullptr : &it->second;
}

} // namespace earshot::demo
