// Tests of stated-location normalisation and the "is it local?" test.
#include "core/insights/locations.hpp"

#include <catch2/catch.hpp>

using namespace earshot::core;

namespace {
std::string place(std::string_view raw) {
    return normalize_location(raw).place;
}
std::string country(std::string_view raw) {
    return normalize_location(raw).country;
}
} // namespace

TEST_CASE("the town with or without its country groups as one place") {
    CHECK(place("Brighton, UK") == "brighton");
    CHECK(place("brighton") == "brighton");
    CHECK(place("  BRIGHTON ") == "brighton");
    CHECK(place("Brighton UK") == "brighton");
    CHECK(place("Brighton, England") == "brighton");
    CHECK(place("Brighton, East Sussex, England") == "brighton");
    CHECK(place("Brighton - UK") == "brighton");
    CHECK(place("Based in Brighton") == "brighton");
    CHECK(place("brighton 🇬🇧") == "brighton");
    CHECK(place("☀️ Brighton 🌊") == "brighton");
    CHECK(country("Brighton, UK") == "GB");
    CHECK(country("Brighton, England") == "GB");
    CHECK(country("brighton 🇬🇧") == "GB");
    CHECK(country("Brighton 🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F") ==
          "GB");
    CHECK(country("brighton").empty());
}

TEST_CASE("countries and UK nations alone, however written") {
    for (const char* uk : {"UK", "U.K.", "u.k", "United Kingdom", "Great Britain", "GB", "🇬🇧"}) {
        INFO(uk);
        CHECK(place(uk) == "united kingdom");
        CHECK(country(uk) == "GB");
    }
    CHECK(place("England") == "england");
    CHECK(country("England") == "GB");
    CHECK(place("England, UK") == "england");
    CHECK(place("Scotland") == "scotland");
    CHECK(place("🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F") == "scotland");
    CHECK(place("USA") == "united states");
    CHECK(place("U.S.A.") == "united states");
    CHECK(country("España") == "ES");
    CHECK(place("Deutschland") == "germany");
}

TEST_CASE("cities, nicknames, US states and accents") {
    CHECK(place("NYC") == "new york");
    CHECK(place("New York City") == "new york");
    CHECK(place("New York, NY") == "new york");
    CHECK(country("NYC") == "US");
    CHECK(place("LA") == "los angeles");
    CHECK(place("Los Angeles, CA") == "los angeles");
    CHECK(country("Los Angeles, CA") == "US"); // a trailing CA is California
    CHECK(place("Austin TX") == "austin");
    CHECK(country("Austin, TX") == "US");
    CHECK(place("Washington, D.C.") == "washington");
    CHECK(country("Washington, D.C.") == "US");
    CHECK(place("São Paulo, Brasil") == "sao paulo");
    CHECK(country("São Paulo, Brasil") == "BR");
    CHECK(place("Zürich") == "zurich");
    CHECK(place("Berlin, DE") == "berlin");
    CHECK(country("Berlin, DE") == "DE");
    CHECK(place("St. John's") == "st johns");
    CHECK(place("Brighton & Hove") == "brighton and hove");
    CHECK(place("Stoke-on-Trent") == "stoke on trent");
    CHECK(place("London | Paris") == "london");
    CHECK(place("Paris (France)") == "paris");
    CHECK(country("Paris (France)") == "FR");
}

TEST_CASE("profile locations that name no place are empty") {
    for (const char* none : {"", "   ", "🌍", "🌍 Worldwide", "Earth", "Planet Earth", "everywhere",
                             "she/her", "online", "The Internet", "12345", "🙂✨"}) {
        INFO(none);
        CHECK(normalize_location(none).empty());
    }
    CHECK(place("Worldwide, UK") == "united kingdom"); // the country is still a place
}

TEST_CASE("LocalMatcher: town, aliases, country and bounding box") {
    LocalArea area;
    area.town = "Brighton";
    area.aliases = {"Hove", "Brighton and Hove"};
    area.country_code = "gb";
    area.bbox = std::array<double, 4>{-0.25, 50.80, -0.05, 50.87};
    const LocalMatcher local(area);
    CHECK(local.configured());
    CHECK(local.is_local(normalize_location("Brighton, UK")));
    CHECK(local.is_local(normalize_location("brighton")));
    CHECK(local.is_local(normalize_location("Hove, East Sussex")));
    CHECK(local.is_local(normalize_location("Brighton & Hove")));
    CHECK_FALSE(local.is_local(normalize_location("Brighton, MA"))); // another country
    CHECK_FALSE(local.is_local(normalize_location("London")));
    CHECK_FALSE(local.is_local(normalize_location("")));
    CHECK(local.contains(50.82, -0.14));
    CHECK_FALSE(local.contains(51.5, -0.12));

    Place geotag;
    geotag.name = "Kemptown";
    geotag.lat = 50.82;
    geotag.lon = -0.12;
    CHECK(local.is_local(geotag)); // by coordinates
    Place named;
    named.full_name = "Brighton, England";
    named.name = "Brighton";
    named.country_code = "GB";
    CHECK(local.is_local(named)); // by name
    named.country_code = "US";
    CHECK_FALSE(local.is_local(named));

    // The town's country can come from how the town was typed.
    LocalArea typed;
    typed.town = "Brighton, UK";
    const LocalMatcher inferred(typed);
    CHECK(inferred.is_local(normalize_location("brighton")));
    CHECK_FALSE(inferred.is_local(normalize_location("Brighton, MA")));

    CHECK_FALSE(LocalMatcher().configured());
    CHECK_FALSE(LocalMatcher().is_local(normalize_location("Brighton")));
}

TEST_CASE("a bounding box across the antimeridian") {
    LocalArea fiji;
    fiji.bbox = std::array<double, 4>{177.0, -19.0, -179.0, -16.0};
    const LocalMatcher m(fiji);
    CHECK(m.contains(-17.7, 178.0));
    CHECK(m.contains(-17.7, -179.5));
    CHECK_FALSE(m.contains(-17.7, 170.0));
}
