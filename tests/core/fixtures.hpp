// What a test does when ../shared/fixtures is absent: on a developer's machine
// it says so and skips; in CI (CI=true) it fails, so a missing folder never
// passes silently.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <string>

namespace earshot::test {

inline void fixtures_absent(const std::string& what) {
    const char* ci = std::getenv("CI");
    if (ci && std::strcmp(ci, "true") == 0) FAIL("CI=true and ../shared/fixtures is absent: " << what);
    WARN("../shared/fixtures is absent: skipping " << what);
}

} // namespace earshot::test
