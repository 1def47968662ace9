// The demo storylines' key posts in Bluesky's and Mastodon's words: the oat milk
// row, the Latte Art Throwdown, the press pieces and the competitor's guide, so
// the same events show up on all three services without being copies.
#include "demo/social_text.hpp"

namespace earshot::demo {

const StoryRewrite* story_rewrite(const std::string& x_plain_text) {
    static const StoryRewrite kRewrites[] = {
        {"Just been charged 60p extra for oat milk",
         "Genuinely annoyed: @harbourbean just charged me 60p extra for oat milk. Some of us can't "
         "have dairy, it's not a lifestyle add-on. Love the place, hate the surcharge 🙄",
         "Charged an extra 60p for oat milk at Harbour Bean this morning. Being dairy-free isn't a "
         "luxury, it's just how my body works.\n\nPlease drop the plant milk tax, @harbourbean "
         "🙄\n\n#Kemptown #Brighton #OatMilk",
         "food, mild rant"},
        {"Hi Kate, we hear you.",
         "Kate, you're right and we're sorry. Starting tomorrow every plant milk at Harbour Bean "
         "is free of charge 🌱 Thank you for telling us straight 💙",
         "You're right, and thank you for saying it. From tomorrow there is no extra charge for "
         "any plant milk at Harbour Bean 🌱💙",
         ""},
        {"Kemptown café scraps oat milk surcharge",
         "A Kemptown café has dropped its 60p oat milk surcharge after a regular's complaint took "
         "off online. The full story: "
         "https://bhchronicle.co.uk/food-and-drink/oat-milk-surcharge-row",
         "Harbour Bean in Kemptown scraps its oat milk surcharge after customers push back "
         "https://bhchronicle.co.uk/food-and-drink/oat-milk-surcharge-row\n\n#Brighton #Kemptown "
         "#LocalNews",
         ""},
        {"Save the date: our Latte Art Throwdown",
         "Our Latte Art Throwdown is back in four days ☕ Doors at 7pm, free to watch, £5 to "
         "compete. Sign-ups are open: https://harbourbean.co.uk/events/latte-art-throwdown "
         "#HarbourBeanThrowdown",
         "Latte Art Throwdown returns in four days!\n7pm, free entry, £5 to compete.\n\nSign up: "
         "https://harbourbean.co.uk/events/latte-art-throwdown\n\n#HarbourBeanThrowdown #Coffee "
         "#Brighton",
         ""},
        {"Tonight! Latte Art Throwdown",
         "It's Throwdown night 🎉 From 7pm the baristas battle it out over milk jugs. Come and "
         "make some noise #HarbourBeanThrowdown",
         "Tonight from 7pm: the Latte Art Throwdown at Harbour Bean. Cheer on the "
         "baristas!\n\n#HarbourBeanThrowdown #Kemptown",
         ""},
        {"Congratulations to @mia_pours",
         "Two years running! 🏆 @mia_pours is our Throwdown champion again. Thank you to everyone "
         "who packed the café tonight #HarbourBeanThrowdown",
         "Our Throwdown champion, for the second year in a row: @mia_pours 🏆\n\nThank you all "
         "for coming!\n\n#HarbourBeanThrowdown #LatteArt",
         ""},
        {"Kemptown's Harbour Bean named among the best",
         "Harbour Bean in Kemptown makes our list of the best independent cafés in Sussex ☕ "
         "https://bhchronicle.co.uk/food-and-drink/kemptown-cafe-named-among-best-in-sussex",
         "Sussex's best independent cafés, and a Kemptown favourite is on the list ☕ "
         "https://bhchronicle.co.uk/food-and-drink/kemptown-cafe-named-among-best-in-sussex"
         "\n\n#Brighton #Sussex #Coffee",
         ""},
        {"Brighton guide is live!",
         "New guide: Brighton ☕ My top pick is @grindhousecafe on Gardner Street, whose Kenyan on "
         "filter is one of my cups of the year. Also loved @harbourbean and @dailycrumb. "
         "https://coffeecartographer.com/guides/brighton",
         "The Brighton coffee guide is out! Top pick: @grindhousecafe (that Kenyan filter 🤯). "
         "Honourable mentions: @harbourbean, @dailycrumb.\n\n"
         "https://coffeecartographer.com/guides/brighton\n\n#Coffee #Brighton #SpecialtyCoffee",
         ""},
        {"Is @harbourbean open right now?",
         "Anyone know if @harbourbean is open? Just walked past and it looks dark inside 👀",
         "Walking past Harbour Bean and the lights are off. Are they open today? 👀\n\n#Kemptown",
         ""},
    };
    for (const auto& r : kRewrites)
        if (x_plain_text.rfind(r.x_prefix, 0) == 0)
            return &r;
    return nullptr;
}

} // namespace earshot::demo
