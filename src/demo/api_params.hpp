// Internal to the demo source: X's parameter checks and error bodies, shared by
// the endpoints in api.cpp. Messages follow X's wording where it is known.
#pragma once

#include "core/query/query.hpp"
#include "demo/api.hpp"
#include "demo/api_render.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace earshot::demo {

constexpr int64_t kWeekMs = 7 * 86'400'000LL; ///< how far back recent search reaches
constexpr size_t kMaxQueryLength = 512;       ///< X's limit on self-serve tiers

/// One entry of an Invalid Request problem: {"parameters":{name:[value]},"message":…}.
struct ParamError {
    std::string name;
    std::optional<std::string> value; ///< nullopt: the parameter was missing ([])
    std::string message;
};

/// Time bounds shared by search and counts.
struct Window {
    std::optional<int64_t> start, end;
    std::optional<uint64_t> since_id, until_id;
};

std::string dump(const Json& j);
Response json_response(int status, const Json& body);
/// 400 {"errors":[…],"title":"Invalid Request","detail":…,"type":…/invalid-request}.
Response invalid_request(const std::vector<ParamError>& errors);
/// X's bodies outside its own problem types: {"title","detail","type":"about:blank","status"}.
Response plain_problem(int status, const char* title);

/// The first value of a parameter.
std::optional<std::string> param(const Params& params, const char* name);
/// Unknown parameters are an error at X (demo_fault is ours and always allowed).
void check_known(const Params& params, const std::vector<std::string>& allowed,
                 std::vector<ParamError>& errors);
/// A comma-separated list checked against the allowed values.
void read_list(const Params& params, const char* name, const std::vector<std::string>& allowed,
               std::set<std::string>& out, std::vector<ParamError>& errors);
/// start_time, end_time, since_id, until_id, checked against now as X checks them.
Window read_window(const Params& params, int64_t now_ms, std::vector<ParamError>& errors);
/// Parses `query` with the core; a syntax error becomes X's message with the position.
std::optional<core::Query> read_query(const Params& params, std::vector<ParamError>& errors);

/// next_token: the id the next page continues below, tied to the query text.
std::string encode_token(uint64_t below_id, const std::string& query);
std::optional<uint64_t> decode_token(const std::string& token, const std::string& query);

} // namespace earshot::demo
