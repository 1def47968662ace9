// The Catch2 runner shared by every core test file (native and WASM under Node).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
