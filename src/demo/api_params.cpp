// X API v2 parameter checks and error bodies for the demo source (see api_params.hpp).
#include "demo/api_params.hpp"

#include "demo/wire_util.hpp"

#include <algorithm>

namespace earshot::demo {

// [SECTION] Responses and error bodies

std::string dump(const Json& j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Response json_response(int status, const Json& body) {
    Response r;
    r.status = status;
    r.body = dump(body);
    return r;
}

Response invalid_request(const std::vector<ParamError>& errors) {
    Json list = Json::array();
    for (const auto& e : errors) {
        Json values = Json::array();
        if (e.value)
            values.push_back(*e.value);
        list.push_back({{"parameters", {{e.name, values}}}, {"message", e.message}});
    }
    return json_response(400, {{"errors", list},
                               {"title", "Invalid Request"},
                               {"detail", "One or more parameters to your request was invalid."},
                               {"type", "https://api.twitter.com/2/problems/invalid-request"}});
}

/// X's bodies for errors outside the API's own problem types.
Response plain_problem(int status, const char* title) {
    return json_response(
        status, {{"title", title}, {"detail", title}, {"type", "about:blank"}, {"status", status}});
}

namespace {
std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v)
        out += (out.empty() ? "" : ",") + s;
    return out;
}

// [SECTION] Parameters
} // namespace

std::optional<std::string> param(const Params& params, const char* name) {
    for (const auto& [k, v] : params)
        if (k == name)
            return v;
    return std::nullopt;
}

void check_known(const Params& params, const std::vector<std::string>& allowed,
                 std::vector<ParamError>& errors) {
    for (const auto& [k, v] : params) {
        if (k == "demo_fault" || std::find(allowed.begin(), allowed.end(), k) != allowed.end())
            continue;
        errors.push_back(
            {k, v, "The query parameter [" + k + "] is not one of [" + join(allowed) + "]"});
    }
}

/// A comma-separated list parameter checked against X's allowed values.
void read_list(const Params& params, const char* name, const std::vector<std::string>& allowed,
               std::set<std::string>& out, std::vector<ParamError>& errors) {
    const auto value = param(params, name);
    if (!value)
        return;
    size_t start = 0;
    while (start <= value->size()) {
        size_t comma = value->find(',', start);
        if (comma == std::string::npos)
            comma = value->size();
        const std::string item = value->substr(start, comma - start);
        if (std::find(allowed.begin(), allowed.end(), item) == allowed.end())
            errors.push_back({name, *value,
                              "The `" + std::string(name) + "` query parameter value [" + item +
                                  "] is not one of [" + join(allowed) + "]"});
        else
            out.insert(item);
        start = comma + 1;
    }
}

namespace {
std::optional<int64_t> read_time(const Params& params, const char* name,
                                 std::vector<ParamError>& errors) {
    const auto value = param(params, name);
    if (!value)
        return std::nullopt;
    const auto ms = parse_iso8601_ms(*value);
    if (!ms)
        errors.push_back({name, *value,
                          "The `" + std::string(name) + "` query parameter value [" + *value +
                              "] is not a valid RFC 3339 date-time (YYYY-MM-DDTHH:mm:ssZ)"});
    return ms;
}

std::optional<uint64_t> read_id(const Params& params, const char* name,
                                std::vector<ParamError>& errors) {
    const auto value = param(params, name);
    if (!value)
        return std::nullopt;
    const auto id = parse_id(*value);
    if (!id)
        errors.push_back({name, *value,
                          "The `" + std::string(name) + "` query parameter value [" + *value +
                              "] does not match ^[0-9]{1,19}$"});
    return id;
}
} // namespace

Window read_window(const Params& params, int64_t now_ms, std::vector<ParamError>& errors) {
    Window w;
    w.start = read_time(params, "start_time", errors);
    w.end = read_time(params, "end_time", errors);
    w.since_id = read_id(params, "since_id", errors);
    w.until_id = read_id(params, "until_id", errors);
    const int64_t oldest = now_ms - kWeekMs;
    const std::string given_start = param(params, "start_time").value_or("");
    const std::string given_end = param(params, "end_time").value_or("");
    if (w.start && *w.start < oldest)
        errors.push_back({"start_time", given_start,
                          "Invalid 'start_time':'" + given_start +
                              "'. 'start_time' must be on or after " +
                              iso8601_minute(oldest + 60'000 - 1)});
    if (w.end && *w.end > now_ms - 10'000)
        errors.push_back(
            {"end_time", given_end,
             "Invalid 'end_time':'" + given_end +
                 "'. 'end_time' must be a minimum of 10 seconds prior to the request time."});
    if (w.start && w.end && *w.start >= *w.end)
        errors.push_back({"start_time", given_start,
                          "Invalid 'start_time':'" + given_start +
                              "'. 'start_time' must be before 'end_time':'" + given_end + "'"});
    // Recent search only reaches back a week, and so do the ids it accepts.
    for (const auto& [name, id] :
         {std::make_pair("since_id", w.since_id), std::make_pair("until_id", w.until_id)}) {
        if (!id || snowflake_ms(*id) >= oldest)
            continue;
        const std::string given = std::to_string(*id), n = name;
        errors.push_back({n, given,
                          "Invalid '" + n + "':'" + given + "'. '" + n +
                              "' must be a tweet id created after " + iso8601_minute(oldest) +
                              ". Please use a '" + n + "' that is larger than " +
                              std::to_string(snowflake(oldest, 0))});
    }
    return w;
}

/// Parses the query with the core; fills an X-shaped error on failure.
std::optional<core::Query> read_query(const Params& params, std::vector<ParamError>& errors) {
    const auto text = param(params, "query");
    if (!text) {
        errors.push_back({"query", std::nullopt, "The `query` query parameter can not be empty"});
        return std::nullopt;
    }
    if (text->find_first_not_of(" \t\r\n") == std::string::npos) {
        errors.push_back({"query", *text, "The `query` query parameter can not be empty"});
        return std::nullopt;
    }
    if (utf8_length(*text) > kMaxQueryLength) {
        errors.push_back({"query", *text,
                          "There were errors processing your request: Query length " +
                              std::to_string(utf8_length(*text)) + " exceeds the maximum of " +
                              std::to_string(kMaxQueryLength) + " characters (at position 1)"});
        return std::nullopt;
    }
    auto parsed = core::Query::parse(*text);
    if (auto* err = std::get_if<core::QueryError>(&parsed)) {
        errors.push_back({"query", *text,
                          "There were errors processing your request: " + err->message +
                              " (at position " + std::to_string(err->column) + ")"});
        return std::nullopt;
    }
    return std::get<core::Query>(std::move(parsed));
}

/// next_token: version, the id the next page continues below, and a fingerprint of
/// the query so a token is refused with another query. Base32hex like X's.
std::string encode_token(uint64_t below_id, const std::string& query) {
    std::string bytes(1, '\x01');
    for (int shift = 56; shift >= 0; shift -= 8)
        bytes += static_cast<char>((below_id >> shift) & 0xFF);
    const uint32_t fp = static_cast<uint32_t>(fnv1a(query));
    for (int shift = 24; shift >= 0; shift -= 8)
        bytes += static_cast<char>((fp >> shift) & 0xFF);
    return base32hex_encode(bytes);
}

std::optional<uint64_t> decode_token(const std::string& token, const std::string& query) {
    const auto bytes = base32hex_decode(token);
    if (!bytes || bytes->size() != 13 || (*bytes)[0] != '\x01')
        return std::nullopt;
    uint64_t id = 0;
    for (int i = 1; i <= 8; ++i)
        id = (id << 8) | static_cast<unsigned char>((*bytes)[i]);
    uint32_t fp = 0;
    for (int i = 9; i <= 12; ++i)
        fp = (fp << 8) | static_cast<unsigned char>((*bytes)[i]);
    if (fp != static_cast<uint32_t>(fnv1a(query)))
        return std::nullopt;
    return id;
}

} // namespace earshot::demo
