// json_read: numbers and ids from outside JSON, converted without undefined behaviour
// (what every reader of stored or fetched JSON uses).
#include "core/text/internal/json_read.hpp"

#include <catch2/catch.hpp>

using namespace earshot::core;
using nlohmann::json;

TEST_CASE("to_i64 keeps what fits and refuses what would overflow") {
    CHECK(json_read::to_i64(json::parse("42")) == 42);
    CHECK(json_read::to_i64(json::parse("-42")) == -42);
    CHECK(json_read::to_i64(json::parse("9223372036854775807")) == INT64_MAX);
    CHECK(json_read::to_i64(json::parse("-9223372036854775808")) == INT64_MIN);
    CHECK(json_read::to_i64(json::parse("9223372036854775808")) == std::nullopt); // unsigned, above
    CHECK(json_read::to_i64(json::parse("18446744073709551615")) == std::nullopt);
    CHECK(json_read::to_i64(json::parse("3.9")) == 3);
    CHECK(json_read::to_i64(json::parse("-3.9")) == -3);
    CHECK(json_read::to_i64(json::parse("9223372036854775808.0")) == std::nullopt); // 2^63
    CHECK(json_read::to_i64(json::parse("-9223372036854775808.0")) == INT64_MIN);
    CHECK(json_read::to_i64(json::parse("1e300")) == std::nullopt);
    CHECK(json_read::to_i64(json::parse("-1e300")) == std::nullopt);
    CHECK(json_read::to_i64(json(std::nan(""))) == std::nullopt);
    CHECK(json_read::to_i64(json(INFINITY)) == std::nullopt);
    CHECK(json_read::to_i64(json("7")) == std::nullopt);
    CHECK(json_read::to_i64(json(nullptr)) == std::nullopt);
    CHECK(json_read::to_i64(json(true)) == std::nullopt);
}

TEST_CASE("coordinates must be finite and on the globe") {
    CHECK(json_read::latitude(json(50.8)) == 50.8);
    CHECK(json_read::latitude(json(-90)) == -90.0);
    CHECK(json_read::latitude(json(90.0001)) == std::nullopt);
    CHECK(json_read::latitude(json(std::nan(""))) == std::nullopt);
    CHECK(json_read::longitude(json(-180)) == -180.0);
    CHECK(json_read::longitude(json(180.5)) == std::nullopt);
    CHECK(json_read::longitude(json(-INFINITY)) == std::nullopt);
    CHECK(json_read::longitude(json("1")) == std::nullopt);
    CHECK(json_read::finite(json(1e300)) == 1e300);
    CHECK(json_read::finite(json(INFINITY)) == std::nullopt);
}

TEST_CASE("ids keep every digit, above INT64_MAX too") {
    CHECK(json_read::id_text(json("1795605300123456789")) == "1795605300123456789");
    CHECK(json_read::id_text(json::parse("18446744073709551615")) == "18446744073709551615");
    CHECK(json_read::id_text(json::parse("-5")) == "-5");
    CHECK(json_read::id_text(json::parse("1.5")) == "");
    CHECK(json_read::id_text(json(nullptr)) == "");
}

TEST_CASE("a sentiment is clamped into [-1, 1], and only a finite number is one") {
    CHECK(json_read::sentiment(json(0.5)) == 0.5f);
    CHECK(json_read::sentiment(json(1e300)) == 1.0f);
    CHECK(json_read::sentiment(json(-2)) == -1.0f);
    CHECK(json_read::sentiment(json(std::nan(""))) == std::nullopt);
    CHECK(json_read::sentiment(json(INFINITY)) == std::nullopt);
    CHECK(json_read::sentiment(json("0.5")) == std::nullopt);
}
