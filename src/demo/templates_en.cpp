// English post templates for the demo corpus (British voice). "business" templates
// are written about whichever café is the subject ({biz}), so competitors reuse them.
#include "demo/templates.hpp"

namespace earshot::demo {

void add_english_templates(TemplateTable& t) {
    // [SECTION] Customers about a business (Harbour Bean or a competitor)
    t["en/business/complaint"] = {
        {"Waited {wait} for a {drink} at {biz} {when} and it came out lukewarm {neg}"},
        {"{biz} your {drink} used to be the best in {area}. Not sure what's changed but it's not "
         "the same"},
        {"Really disappointed with {biz} {when}. Ordered a {pastry}, got handed something else and "
         "nobody seemed bothered"},
        {"Is it just me or has {biz} got really expensive? {price} for a {drink} is wild"},
        {"The queue at {biz} {when} was out the door and only one person on the till {neg}"},
        {"Found a hair in my {pastry} from {biz}. Lovely. {neg}"},
        {"{biz} card machine down AGAIN so it's cash only. Who carries cash anymore"},
        {"Love {biz} but the music is SO loud you can't hear yourself think"},
        {"Ordered beans online from {biz} over a week ago and still nothing. Emailed twice, no "
         "reply {neg}"},
        {"Three times in a row now my {drink} at {biz} has been burnt. Might be time to find "
         "somewhere else"},
        {"{biz} please sort out the wobbly tables upstairs, that's two coffees I've worn now 😅"},
        {"Why does {biz} close at 4?? Some of us work for a living"},
        {"Asked for decaf at {biz}, definitely did not get decaf. It's 11pm and I'm wide awake "
         "{neg}"},
        {"The new takeaway cups at {biz} leak everywhere. Ruined my shirt on the way to work "
         "{neg}"},
        {"No dairy-free options left at {biz} by 10am again. Not good enough."},
        {"Bit rude of the staff at {biz} {when} tbh. A smile would've been nice"},
        {"Paid {price} for a {drink} at {biz} and it was half foam. Never again {neg}"},
        {"{biz} why is there a 60p charge for oat milk in this day and age?"},
        {"Tried to order ahead from {biz} and the website just keeps crashing {link}"},
    };
    t["en/business/question"] = {
        {"Does {biz} do oat milk or is it just dairy?", "milk"},
        {"What time does {biz} open on a Sunday?", "hours"},
        {"Is {biz} dog friendly? Want to bring my pup along 🐶", "dog"},
        {"Anyone know if {biz} has wifi? Need somewhere to work for a couple of hours", "wifi"},
        {"Can you take a laptop to {biz} or do they frown on it?", "laptop"},
        {"Does {biz} do anything gluten free? My sister's coeliac", "gf"},
        {"Is {biz} card only now?", "cards"},
        {"Is there much seating at {biz} or is it mostly takeaway?", "seats"},
        {"Do {biz} sell their beans? The house blend is 👌", "beans"},
        {"Where's the nearest parking to {biz}?", "parking"},
        {"Is {biz} ok with buggies? Taking the little one out {when}", "kids"},
        {"Does {biz} do a decent decaf? Asking for a pregnant friend (me)", "decaf"},
        {"{biz} are you open on the bank holiday?", "hours"},
        {"Do you need to book at {biz} at the weekend or just turn up?", "seats"},
        {"How late is {biz} open today?", "hours"},
        {"Has anyone had the new {pastry} at {biz}? Worth it?", "try"},
    };
    t["en/business/praise"] = {
        {"Best {drink} in {area}, no contest. {biz} never misses {pos}"},
        {"{biz}'s {pastry} is genuinely life changing {pos}"},
        {"Shout out to {staff} at {biz} who remembered my order after one visit. That's how you do "
         "it {pos}"},
        {"Sat in the window at {biz} with a {drink} watching the rain. Perfect Sunday {pos}"},
        {"If you're in {area} and haven't been to {biz} yet, what are you doing {pos}"},
        {"{biz} never disappoints. {drink} & {pastry} = happy me {pos}"},
        {"The latte art at {biz} today 😍 Almost too nice to drink"},
        {"Took my parents to {biz} and now they won't stop talking about the {pastry}"},
        {"{biz} on {street} is my happy place {pos}"},
        {"Honestly the friendliest café in Brighton. Thanks {biz} {pos}"},
        {"Cannot stop thinking about the {pastry} from {biz} {pos}"},
        {"10/10 {drink} at {biz} {when}. Worth every penny {pos}"},
        {"Working from {biz} today: great coffee, great music, plugs everywhere. Bliss"},
        {"Had the {drink} at {biz} {when} and I think I've been drinking bad coffee my whole life"},
        {"Whoever does the playlist at {biz} deserves a raise {pos}"},
        {"Dog-friendly, good coffee, lovely staff. {biz} ticks every box {pos}"},
        {"Popped into {biz} for a quick {drink} and stayed two hours. Dangerous place <3"},
        {"{biz} {pastry} still warm from the oven. Some days are just good days {pos}"},
    };
    t["en/business/purchase"] = {
        {"Need to buy a bag of {biz}'s house blend before I go back to London. Do they post?"},
        {"Want to get a {biz} gift card for my sister's birthday, can you buy them online?"},
        {"Thinking of ordering {biz}'s beans for the office. Anyone done wholesale with them?"},
        {"About to order a bag of espresso beans from {biz}, are they any good in a moka pot?"},
        {"Can I pre-order a box of {pastry}s from {biz} for Saturday? Birthday breakfast sorted if "
         "so"},
        {"I'd happily pay for a {biz} coffee subscription if they did one 👀"},
        {"Where do I buy {biz}'s beans outside Brighton? Want them delivered"},
        {"Just ordered two bags from {biz} {link_shop} can't wait ☕"},
        {"Ready to buy a proper grinder so I can do {biz}'s beans justice. Budget £150, what "
         "should I get?"},
    };
    t["en/business/recreq"] = {
        {"{biz} or {other}? Settle this for me"},
        {"Is {biz} worth the hype or should I try {other} instead?"},
        {"Been going to {biz} for years, where else in Brighton should I try for coffee?"},
        {"Where's good near {biz} for lunch after coffee?"},
    };
    t["en/business/event"] = {
        {"{biz}'s {event} is on Thursday from 7pm! Who's going? {event_tag}"},
        {"Just signed up for the {event} at {biz} {event_tag} {link_event}"},
        {"Watching the {event} at {biz} and the standard is ridiculous this year {event_tag} "
         "{pos}"},
        {"Congrats to {staff} for winning the {event} at {biz} tonight! 🏆 {event_tag}"},
        {"Anyone want to come to {biz}'s {event} with me? {friend}"},
        {"Packed out at {biz} for the {event} {event_tag}"},
        {"Didn't win the {event} but had the best night. Thanks {biz} {event_tag} {pos}"},
    };
    t["en/business/promotion"] = {
        {"{biz} doing {pct}% off beans online with code {code} this week, stocking up {link_shop}"},
        {"PSA: {biz} loyalty card means your 10th coffee is free. Why did no one tell me"},
        {"Heard {biz} are giving away a free {pastry} with every {drink} before 9 this week 👀"},
        {"Use code {code} at {biz} for {pct}% off, thank me later {link_shop}"},
        {"{biz} have got {pct}% off gift cards till Sunday {link:/gift-cards}"},
    };
    t["en/business/chatter"] = {
        {"Coffee at {biz} then a walk along {any_area}. Perfect Saturday"},
        {"Bumped into {friend} at {biz}, small world"},
        {"Current status: {drink} in hand at {biz}, laptop open, pretending to work"},
        {"{biz} has a new mural outside and it's gorgeous {link_other}"},
        {"The café scene round here is unreal. {biz}, {other} and more within ten minutes' walk"},
        {"First coffee of the day from {biz}. We go again"},
        {"Rainy day, {biz}, good book. That's the plan {pos}"},
        {"Saw a seagull steal a {pastry} right outside {biz}. Brighton, never change"},
        {"My whole personality is now {biz}'s {drink}"},
        {"The smell of roasting coffee on {street} this morning {pos}"},
    };

    // [SECTION] The business's own account, about itself
    t["en/self/promotion"] = {
        {"New week, new bake: the {pastry} is back on the counter from tomorrow 🥐 {link_menu}"},
        {"This week only: {pct}% off all beans online with code {code} ☕ {link_shop}"},
        {"Loyalty cards are back! Nine coffees and the tenth is on us 💙"},
        {"Gift cards are now available online, perfect for the coffee lover in your life "
         "{link:/gift-cards}"},
        {"Free {pastry} with any {drink} before 9am this week. Early birds 🐦"},
        {"Our house blend is {pct}% off online until Sunday with code {code} {link_shop} {tags}"},
    };
    t["en/self/event"] = {
        {"Our {event} is back! Thursday from 7pm, free entry, £5 to compete. Sign up 👉 "
         "{link_event} {event_tag}"},
        {"Tonight! {event} from 7pm. Come and cheer on the baristas {event_tag}"},
        {"What a night. Thank you to everyone who came to the {event} {event_tag} 💙"},
        {"Two days to go until the {event}! Still a few places left {link_event} {event_tag}"},
    };
    t["en/self/chatter"] = {
        {"Morning {area}! Doors are open and the {drink}s are flowing ☕"},
        {"New single origin on filter today: a washed Ethiopian, all peach and jasmine "
         "{link:/blog/why-we-roast-light}"},
        {"We're hiring! Part-time barista, weekends. Come and work with us {link:/jobs}"},
        {"Closing at 2pm today for staff training. Sorry for any inconvenience!"},
        {"Roast day! The whole street smells amazing (sorry neighbours) {tags}"},
        {"Say hello to {staff}, who's joining the team this week 👋"},
        {"Sunny one in {area} today. Iced lattes are on ☀️"},
    };

    // [SECTION] The town
    t["en/town/complaint"] = {
        {"Parking in Brighton is an absolute joke. £4 an hour?! {neg}"},
        {"St James's Street roadworks AGAIN. Six weeks of this apparently {link_press}"},
        {"The seagulls in Brighton have got bolder. One just took a whole {pastry} out of my hand "
         "{neg}"},
        {"Southern cancelled my train again, stuck at Brighton station with a cold coffee {neg}"},
        {"Why is everything in the Lanes so expensive now"},
        {"Bins on our road in Hove haven't been collected for two weeks {neg} #Hove"},
        {"Brighton in August: can't move for stag dos. Roll on September"},
    };
    t["en/town/question"] = {
        {"Is the Lanes busy on a Sunday morning or is it calm?", "busy"},
        {"Anyone know what time Brighton Palace Pier opens?", "hours"},
        {"Is the seafront car park free after 6?", "parking"},
        {"What's the best way to get from Brighton station to Kemptown without a car?",
         "transport"},
        {"Are dogs allowed on Brighton beach this time of year?", "dog"},
    };
    t["en/town/praise"] = {
        {"Brighton seafront at 7am with a coffee is unbeatable {pos} {town_tag}"},
        {"Sunset from the West Pier tonight 🧡 Never gets old"},
        {"Love living in {any_area}. Everything you need within a five minute walk"},
        {"Brighton, you're a weird and wonderful place and I love you {town_tag}"},
        {"The independent shops in North Laine are the best thing about Brighton {town_tag}"},
    };
    t["en/town/purchase"] = {
        {"Looking to buy a secondhand bike in Brighton, anywhere decent?"},
        {"Where can I buy good bread in Hove on a Sunday? Supermarket stuff isn't cutting it"},
        {"Want to buy a proper coffee grinder locally rather than online. Any shops in Brighton?"},
    };
    t["en/town/recreq"] = {
        {"Visiting Brighton this weekend, where should I go for proper coffee? ☕"},
        {"Best place for brunch near {any_area}? Going with a group of 6"},
        {"Brighton people: where's good to work from with a laptop and decent coffee?"},
        {"Anyone recommend a dog-friendly café near {any_area}?"},
        {"Looking for the best almond croissant in Brighton. Go."},
        {"Where can I get good gluten free cake in Hove?"},
        {"New to Brighton! Where's the best independent coffee? No chains please"},
        {"Need somewhere quiet for a first date coffee in Brighton, recommendations?"},
        {"Where's open early for coffee near Brighton station? Train at 7"},
        {"Any recommendations for a café in Kemptown that does good veggie breakfasts?"},
    };
    t["en/town/event"] = {
        {"The Seafront Coffee Social is on Saturday at Madeira Drive, 20+ local roasters ☕ "
         "{link_press}"},
        {"Brighton Fringe tickets are on sale, anyone seen anything good yet?"},
        {"Farmers' market in {any_area} this Saturday, 9 till 1 🥕 {town_tag}"},
        {"Open studios in {any_area} this weekend, loads of cafés doing late openings"},
        {"Pride planning meeting tonight at the Jubilee Library, all welcome 🏳️‍🌈 "
         "#Brighton"},
    };
    t["en/town/promotion"] = {
        {"The Independent Brighton card gets you 10% off at 40+ indie shops & cafés {link_other}"},
        {"Half-price entry at Brighton Museum this week for residents {town_tag}"},
    };
    t["en/town/chatter"] = {
        {"Walked from Hove to the marina and back. Legs gone. Coffee needed"},
        {"Brighton weather: sun, hail, rainbow, sun again. All before 10am"},
        {"Another day in Brighton, another seagull incident"},
        {"Sea swim at 7, coffee at 8, work at 9. Brighton living {town_tag}"},
        {"Kemptown on a Sunday morning is just dogs and people holding coffees. Love it"},
        {"Moved to Hove a year ago today. Best decision I ever made"},
    };

    // [SECTION] The trade
    t["en/trade/complaint"] = {
        {"{price} for a latte is the new normal and I hate it"},
        {"Why do so many cafés still charge extra for oat milk?"},
        {"Burnt coffee should be a crime {neg}"},
        {"My espresso machine has died two weeks out of warranty {neg}"},
        {"Coffee prices up again. Beans went up 30% this year apparently {link_other}"},
        {"Can we stop putting cinnamon on every pastry please"},
    };
    t["en/trade/question"] = {
        {"What's the actual difference between a flat white and a cortado?"},
        {"Is light roast really better or is it just trendy?"},
        {"How long do coffee beans stay fresh once the bag's open?"},
        {"Pour over or AeroPress for a complete beginner?"},
        {"Baristas of Twitter: what's the most annoying order you get?"},
        {"Why does my homemade {drink} never taste like the café one?"},
    };
    t["en/trade/praise"] = {
        {"Nothing beats a perfectly pulled espresso {pos} {trade_tag}"},
        {"Baristas are skilled workers and deserve better pay. The latte art alone 👏"},
        {"Found a Kenyan on filter that tastes like blackcurrant jam {pos} {trade_tag}"},
        {"A good {pastry} and a {drink}: the perfect breakfast, don't @ me"},
        {"Independent coffee shops are the heart of a high street {trade_tag}"},
    };
    t["en/trade/purchase"] = {
        {"Finally ordering a proper burr grinder. Comandante or Niche?"},
        {"Want to get a coffee subscription, which roaster should I go for?"},
        {"Thinking about buying a home espresso machine, budget £400, help {trade_tag}"},
        {"Need new beans, who's roasting something fruity right now?"},
        {"Where can I buy a decent milk jug for latte art practice?"},
    };
    t["en/trade/recreq"] = {
        {"Which UK roaster should I try next? Currently loving Harbour Bean's house blend"},
        {"Recommend me a good coffee book? Want to get nerdier about it"},
        {"Best coffee subscription in the UK? Go"},
        {"Any Sussex roasters I should know about? {trade_tag}"},
    };
    t["en/trade/event"] = {
        {"Regional barista championship heats this weekend, who's competing? #barista"},
        {"Coffee festival season! Anyone going to the London Coffee Festival this year?"},
        {"Free home-brewing workshop at the library on Saturday, bring your own mug ☕"},
    };
    t["en/trade/promotion"] = {
        {"{pct}% off our single origins this weekend with code {brandcode} ☕ {link_self}"},
        {"New subscribers get their first bag free with {brandcode} {link_self} {trade_tag}"},
        {"Flash sale! {pct}% off grinders until midnight, code {brandcode} {link_self}"},
        {"Our new Colombian is in: red apple, caramel, milk chocolate. {pct}% off launch week "
         "{link_self}"},
    };
    t["en/trade/chatter"] = {
        {"Coffee number three and it's only 11am"},
        {"Decaf is underrated and I'll die on this hill"},
        {"Hot take: oat flat white > regular flat white"},
        {"Dialling in a new bag of beans is my idea of a relaxing Sunday {trade_tag}"},
        {"The café near work has started doing {drink}s and my wallet is crying"},
        {"$SBUX down again today. Maybe people are finally discovering their local indie "
         "{trade_tag}"},
    };

    // [SECTION] Replies from other people, keyed by what they answer
    t["en/reply/complaint"] = {
        {"Same thing happened to me last week {neg}"},
        {"Oh no, that's not like them at all"},
        {"Honestly they've gone downhill"},
        {"Tbf they were rammed {when}, the staff were doing their best"},
        {"Have you told them? They're usually good at sorting stuff out"},
        {"This is why I go to {other} now"},
        {"Nothing worse than a cold coffee"},
        {"😬"},
        {"Really? I was there {when} and it was lovely"},
        {"Not defending it but small businesses are getting squeezed on every side"},
    };
    t["en/reply/praise"] = {
        {"Agreed, the {pastry} is unreal"},
        {"Going tomorrow because of this"},
        {"Best in Brighton, hands down"},
        {"Ooh need to try this"},
        {"{friend} we need to go"},
        {"❤️"},
        {"Told you!!"},
        {"Their {drink} is the only one I'll drink now"},
    };
    t["en/reply/event"] = {
        {"See you there!"},        {"Wish I could make it 😭"},   {"{friend} fancy it?"},
        {"Good luck everyone! 🏆"}, {"What time does it start?"}, {"Is it ticketed?"},
    };
    t["en/reply/promotion"] = {
        {"Ooh thanks for the heads up"},
        {"Just used it, worked a treat"},
        {"Does the code work in store too?"},
        {"My bank account says no but my heart says yes"},
    };
    t["en/reply/chatter"] = {
        {"Ha, love this"}, {"Story of my life"},
        {"Jealous!"},      {"😂"},
        {"Same"},          {"This is the most Brighton thing I've read today"},
    };
    t["en/reply/purchase"] = {
        {"They do post! I get mine every month"},
        {"Niche all day"},
        {"Honestly just get a hand grinder, great value"},
        {"Get the house espresso, lovely in a moka pot"},
        {"Roast & Post are great if you want something through the letterbox"},
    };
    // Under posts about coffee or Brighton in general (no café named).
    t["en/reply/complaint_general"] = {
        {"Tell me about it"},
        {"Honestly it's mad"},
        {"Same everywhere now 😩"},
        {"This is why I make it at home"},
        {"Ugh, yes"},
        {"Don't get me started"},
    };
    t["en/reply/praise_general"] = {
        {"So true"}, {"Couldn't agree more"}, {"This 👏"}, {"Preach"}, {"Love this"},
    };
    t["en/reply/question_general"] = {
        {"Following, I've always wondered this"},
        {"Good question tbh"},
        {"Depends who you ask 😅"},
        {"Asked a barista this once and got a 20 minute answer"},
    };
    t["en/answer/roaster"] = {
        {"Try @southdownsroast, they're in Lewes and lovely"},
        {"@roastandpost subscriptions are great"},
        {"Harbour Bean's Seafront Espresso, can't go wrong"},
        {"Honestly just try a few small roasters"},
        {"@beanboxuk if you like variety"},
    };
    t["en/reply/question"] = {
        {"Not sure, maybe give them a ring?"},
        {"Good question, would like to know too"},
        {"I think so but don't quote me"},
    };
    t["en/reply/recreq"] = {
        {"Following, need this too"},
        {"Replies to this are gold"},
    };
    t["en/answer/recommend"] = {
        {"{biz} in {area}, hands down. Get the {pastry}"},
        {"You have to go to {biz}!"},
        {"{biz} for coffee, {other} for cake"},
        {"{biz_handle} never lets me down"},
        {"I'd say {biz} but it gets busy at weekends"},
        {"Anywhere but the chains tbh. {biz} is lovely"},
        {"{biz} on {street}. Thank me later"},
    };
    t["en/answer/hours"] = {
        {"They're 8 till 4 every day I think"},
        {"Opens at 8, but get there early at the weekend"},
        {"Every day, 8 till 4 I think"},
    };
    t["en/answer/dog"] = {
        {"Yes! They even have dog biscuits on the counter 🐶"},
        {"Very dog friendly, there's a water bowl outside"},
    };
    t["en/answer/milk"] = {{"Oat, soy and almond I think"}, {"They do oat, no extra charge now"}};
    t["en/answer/wifi"] = {{"Yep, password's on the board by the till"},
                           {"Wifi is fine, plugs are a bit limited"}};
    t["en/answer/laptop"] = {{"Fine during the week, weekends it's too busy tbh"}};
    t["en/answer/gf"] = {{"They usually have a GF brownie, ask at the counter"},
                         {"Not much GF sadly, maybe a flapjack"}};
    t["en/answer/cards"] = {{"Card only since last year I think"}, {"They take both"}};
    t["en/answer/seats"] = {{"About 20 seats inside and a couple of benches out front"},
                            {"Just turn up, they don't take bookings"}};
    t["en/answer/beans"] = {{"Yes, 250g bags by the till and online too"}};
    t["en/answer/parking"] = {{"Good luck 😂 Parking round {area} is a nightmare"},
                              {"Get the bus honestly, parking round there is a nightmare"}};
    t["en/answer/kids"] = {{"Yes, plenty of room for buggies at the back"},
                           {"Really kid friendly, there's a box of toys"}};
    t["en/answer/decaf"] = {{"Their Swiss water decaf is really good actually"},
                            {"Yes and it's not sad decaf either"}};
    t["en/answer/try"] = {{"Yes!! Get two"}, {"It's good but the {pastry} is better"}};
    t["en/answer/busy"] = {{"Calm before 10, mayhem after 11"}};
    t["en/answer/transport"] = {{"The 7 bus, or walk along the seafront, 20 mins"}};

    // [SECTION] Replies from the business's own account
    t["en/bizreply/complaint"] = {
        {"So sorry about this {their_name}, that's not the standard we aim for. Could you DM us? "
         "We'd love to put it right 💙"},
        {"Really sorry! We were a barista down {when}, but that's no excuse. Next {drink}'s on us"},
        {"Thanks for letting us know. We've passed this on to the team and we're looking into it"},
        {"Oh no, we're so sorry. Please pop in and ask for {staff}, we'll sort you out"},
    };
    t["en/bizreply/hours"] = {{"We're open 8–4 every day, including bank holidays ☕"}};
    t["en/bizreply/dog"] = {
        {"Absolutely! Dogs very welcome, there are biscuits behind the counter 🐶"}};
    t["en/bizreply/milk"] = {
        {"We've got oat, soy and almond, and no extra charge on any of them 🌱"}};
    t["en/bizreply/wifi"] = {{"Yes! Password's on the board by the till"}};
    t["en/bizreply/laptop"] = {{"Laptops welcome during the week! At weekends we ask folks to go "
                                "laptop-free 10–2 so everyone gets a seat"}};
    t["en/bizreply/gf"] = {{"We always have a couple of gluten-free bakes on, just ask the team!"}};
    t["en/bizreply/cards"] = {{"We take cards and cash 😊"}};
    t["en/bizreply/seats"] = {{"We don't take bookings, just pop in! Around 20 seats inside"}};
    t["en/bizreply/beans"] = {{"We do! 250g bags in store and online here: {link_shop}"}};
    t["en/bizreply/parking"] = {{"Parking's tricky on {street}, but there's a pay and display "
                                 "round the corner and the bus stops right outside"}};
    t["en/bizreply/kids"] = {{"Of course! Buggies welcome, there's room at the back"}};
    t["en/bizreply/decaf"] = {
        {"Our decaf is a Swiss water process Colombian and we're really proud of it ☕"}};
    t["en/bizreply/question"] = {{"Thanks for asking! Drop us a DM and we'll get back to you"}};
    t["en/bizreply/praise"] = {
        {"Thank you so much! We'll pass this on to {staff} 💙"},
        {"This made our day 🥹 Thank you!"},
        {"Ah thank you! See you again soon ☕"},
        {"You're too kind! 🙌"},
    };
    t["en/bizreply/purchase"] = {
        {"You can order online here: {link_shop} We post every Monday and Thursday 📦"},
        {"Yes! Gift cards are online: {link:/gift-cards}"},
        {"Drop us an email via {link:/wholesale} and we'll sort you a wholesale price"},
    };
    t["en/bizreply/recreq"] = {
        {"We might be biased but... come and see us on {street}! ☕"},
        {"Hope you'll pop in and see us in {area} 💙"},
    };
    t["en/bizreply/event"] = {{"See you there! 🏆"}, {"It's going to be a good one!"}};
    t["en/thanks"] = {
        {"Thank you, really appreciate it 🙏"},
        {"Ah that's kind, will DM now"},
        {"No worries, these things happen! See you soon"},
        {"That's great service, thank you"},
    };

    // [SECTION] Quote comments
    t["en/quote/complaint"] = {
        {"This. Oat milk surcharges need to go."},
        {"Not my experience at all tbh, always been great there"},
        {"Oof"},
        {"Hope they sort this out"},
        {"Can confirm, same thing happened to me"},
    };
    t["en/quote/praise"] = {
        {"Can confirm 👇"},
        {"This is the correct opinion"},
        {"Absolutely agree 👇"},
        {"Told you all ages ago 😌"},
    };
    t["en/quote/event"] = {{"Who's coming? 👇"}, {"Going to this!"}, {"Love that they do this"}};
    t["en/quote/promotion"] = {{"Stocking up 👀"}, {"Get in"}, {"Bookmarking this"}};
    t["en/quote/chatter"] = {{"😂😂"}, {"Every single time"}, {"Brighton in one post"}};
    t["en/quote/question"] = {{"Good question, also want to know"},
                              {"Replies to this are a goldmine"}};
    t["en/quote/recreq"] = {
        {"Following for the answers 👀"}, {"Easy: {biz}"}, {"Replies to this are a goldmine"}};
    t["en/quote/purchase"] = {{"Same question tbh"}, {"Get the good stuff, life's too short"}};

    // [SECTION] Emoji-only posts (X labels these "art")
    t["art/any"] = {{"☕️🥐😍"}, {"☕☕☕"}, {"🌊☕✨"}, {"😋🥐"}, {"🔥🔥🔥"}, {"👀☕"}, {"🙌🙌"}};
}

} // namespace earshot::demo
