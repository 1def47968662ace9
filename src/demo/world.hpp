// The demo corpus's fictional world: the café the owner runs, its competitors,
// real places around Brighton, named local accounts and the pools ordinary
// accounts are drawn from. Data only; the generator (corpus.cpp) uses it.
#pragma once

#include "demo/corpus.hpp"

#include <string>
#include <vector>

namespace earshot::demo {

struct Business {
    std::string name;               ///< "Harbour Bean"
    std::string handle;             ///< "harbourbean"
    std::string domain;             ///< "harbourbean.co.uk"
    std::string street, area;       ///< "St James's Street", "Kemptown"
    std::vector<std::string> refs;  ///< how people write the name
    std::vector<std::string> staff; ///< first names of people behind the counter
    std::vector<std::string> pages; ///< paths on the website people share
    std::string code;               ///< promo code
    int code_pct = 10;
    std::string event, event_tag; ///< the event it runs
    std::string kind;             ///< "café", "bakery"
    std::string place_name;       ///< its POI place name
};

/// [0] is the owner's business (Harbour Bean); [1], [2] its competitors.
const std::vector<Business>& businesses();
constexpr int kOwnBusiness = 0;

struct PlaceDef {
    const char* name;
    const char* full_name;
    const char* country;
    const char* country_code;
    const char* place_type;
    double west, south, east, north;
    double weight; ///< how often posts are geotagged here
};
const std::vector<PlaceDef>& place_defs();

struct NamedAccount {
    const char* username;
    const char* name;
    const char* description;
    const char* location;
    const char* url;
    int64_t followers, following;
    bool verified;
    const char* verified_type;
    Role role;
    int business; ///< index into businesses() for Business/Competitor/Staff, else -1
    double activity;
};
const std::vector<NamedAccount>& named_accounts();

/// Name and location pools for generated accounts, per writing language.
struct PeoplePool {
    std::string lang;
    std::vector<std::string> first, last;
    std::vector<std::string> locations; ///< repeated entries weight them; "" = none
    std::vector<std::string> bios;
};
const std::vector<PeoplePool>& people_pools();

/// Small, shared slot vocabularies.
struct Vocabulary {
    std::vector<std::string> drinks, pastries, pos_emoji, neg_emoji, when, days, areas;
    std::vector<std::string> town_tags, trade_tags, waits, prices, times;
    std::vector<std::string> other_links; ///< expanded URLs of other sites people share
    std::vector<std::string> press_paths; ///< article paths on the local paper's site
};
const Vocabulary& vocabulary();

} // namespace earshot::demo
