# The sanitize build (preset "sanitize", clang): every sanitizer and libFuzzer flag of
# the project lives in this file. Included by CMakeLists.txt when EARSHOT_SANITIZE is on.
#   - earshot_core, earshot_demo and earshot_core_tests under ASan + UBSan; ctest runs the
#     unit tests per module as asan.core.<module>.
#   - one libFuzzer target per reader of outside input (fuzz/<target>.cpp) and a short
#     run of each over its seeds as fuzz.<target>; scripts/fuzz runs them for longer.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "EARSHOT_SANITIZE needs clang (libFuzzer): use `cmake --preset sanitize`")
endif()

# [SECTION] Sanitizer flags
# Any UB aborts, so a test or a fuzzer fails on it instead of printing and going on.
set(EARSHOT_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
# PUBLIC: whatever links the core (demo, tests, fuzzers) is built and linked the same way.
# -O1 after the build type's -O0: ASan's usual trade between speed and readable traces.
target_compile_options(earshot_core PUBLIC ${EARSHOT_SANITIZERS} -O1 -g)
target_link_options(earshot_core PUBLIC ${EARSHOT_SANITIZERS})
# Coverage for libFuzzer's guidance where the inputs are read: the core only. Without
# -fsanitize=fuzzer at link time the hooks fall back to the sanitizer runtime's no-ops.
target_compile_options(earshot_core PRIVATE -fsanitize=fuzzer-no-link)
set(EARSHOT_FUZZ_LINK -fsanitize=fuzzer)

# Two modules are slow under ASan on this 2-core machine. The engine's crash test tries
# every 8th write step here (84 s; every step takes over 8 CPU minutes, and the native
# and WASM runs try them all). every_code_point (about 6 minutes under ASan; run in full
# natively and as WASM) runs only when asked (ctest says "Disabled").
option(EARSHOT_ASAN_SLOW_TESTS "Run asan.core.every_code_point and every crash step of asan.core.engine" OFF)
if(NOT EARSHOT_ASAN_SLOW_TESTS)
  set_tests_properties(asan.core.engine PROPERTIES ENVIRONMENT "EARSHOT_CRASH_STRIDE=8")
  set_tests_properties(asan.core.every_code_point PROPERTIES DISABLED TRUE)
endif()

# [SECTION] Seeds: made from ../shared/fixtures by fuzz/make_seeds.cpp at build time
set(EARSHOT_FUZZ_TARGETS x_page twarc2 jsonl json_view analysis query segment index_snapshot
    manifest profile workflow spend access_key proxy_request bluesky mastodon mastodon_html free_sources bidi)
set(EARSHOT_FUZZ_SEEDS "${CMAKE_BINARY_DIR}/fuzz-seeds")
add_executable(earshot_fuzz_seeds fuzz/make_seeds.cpp)
target_link_libraries(earshot_fuzz_seeds PRIVATE earshot_core)
target_include_directories(earshot_fuzz_seeds PRIVATE "${CMAKE_SOURCE_DIR}/tests/core")
add_custom_command(OUTPUT "${EARSHOT_FUZZ_SEEDS}/.stamp"
  COMMAND earshot_fuzz_seeds "${EARSHOT_FIXTURES}" "${EARSHOT_FUZZ_SEEDS}"
  COMMAND ${CMAKE_COMMAND} -E touch "${EARSHOT_FUZZ_SEEDS}/.stamp"
  DEPENDS earshot_fuzz_seeds
  COMMENT "Fuzz seeds from ${EARSHOT_FIXTURES}")
add_custom_target(fuzz_seeds ALL DEPENDS "${EARSHOT_FUZZ_SEEDS}/.stamp")

# [SECTION] Fuzz targets and their short ctest runs
# fuzz.<target>: the seeds, then new inputs for a few seconds; any crash, sanitizer
# report, failed invariant or leak fails the test and leaves the input in fuzz-crashes/.
set(EARSHOT_FUZZ_SECONDS 5 CACHE STRING "Seconds each fuzz.<target> ctest entry fuzzes after its seeds")
file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/fuzz-crashes")
# scripts/fuzz reads the targets and their options from here ("target options…" a line).
set(EARSHOT_FUZZ_LIST "")
foreach(target ${EARSHOT_FUZZ_TARGETS})
  add_executable(earshot_fuzz_${target} fuzz/${target}.cpp)
  target_link_libraries(earshot_fuzz_${target} PRIVATE earshot_core)
  target_include_directories(earshot_fuzz_${target} PRIVATE "${CMAKE_SOURCE_DIR}/tests/core")
  target_link_options(earshot_fuzz_${target} PRIVATE ${EARSHOT_FUZZ_LINK})
  add_dependencies(earshot_fuzz_${target} fuzz_seeds)
  if(target STREQUAL "proxy_request")
    # The proxy's pure request rules, without its sockets and upstream client.
    target_sources(earshot_fuzz_${target} PRIVATE src/proxy/http_message.cpp src/proxy/allow_list.cpp)
    target_compile_options(earshot_fuzz_${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
  set(dict_option "")
  if(EXISTS "${CMAKE_SOURCE_DIR}/fuzz/${target}.dict")
    set(dict_option "-dict=${CMAKE_SOURCE_DIR}/fuzz/${target}.dict")
  elseif(target MATCHES "^(x_page|twarc2|jsonl|json_view|manifest|profile|workflow|spend|access_key|bluesky|mastodon)$")
    set(dict_option "-dict=${CMAKE_SOURCE_DIR}/fuzz/json.dict")
  endif()
  # Longer inputs only make each run slower without new structure (the analysis target ran
  # ~100 exec/s on 16 KB seeds, x_page ~600). One post's text (analysis, bidi) mostly fits in
  # 2 KB: 280 characters on X, 300 on Bluesky, 500 on Mastodon. X's long posts run longer;
  # bidi's time grows linearly with length (300 runs: 1.4 s at 0.5 K characters, 4.5 s at 2 K).
  # JSON pages are seeded cut by whole posts to 4 KB at most (fuzz/make_seeds.cpp), so they
  # stay JSON within 4 KB.
  set(options ${dict_option})
  if(target MATCHES "^(analysis|bidi)$")
    list(APPEND options -max_len=2048)
  else()
    list(APPEND options -max_len=4096)
  endif()
  string(REPLACE ";" " " options_text "${options}")
  string(APPEND EARSHOT_FUZZ_LIST "${target} ${options_text}\n")
  set(run_corpus "${CMAKE_BINARY_DIR}/fuzz-ctest/${target}")
  file(MAKE_DIRECTORY "${run_corpus}")
  add_test(NAME fuzz.${target}
    COMMAND earshot_fuzz_${target} -max_total_time=${EARSHOT_FUZZ_SECONDS} -timeout=30 -rss_limit_mb=2048
            ${options} "-artifact_prefix=${CMAKE_BINARY_DIR}/fuzz-crashes/${target}-"
            "${run_corpus}" "${EARSHOT_FUZZ_SEEDS}/${target}")
  set_tests_properties(fuzz.${target} PROPERTIES TIMEOUT 300)
endforeach()
file(WRITE "${CMAKE_BINARY_DIR}/fuzz-targets.txt" "${EARSHOT_FUZZ_LIST}")

# Inputs that once crashed a target (fuzz/regressions/<target>-<what>) run clean for ever.
file(GLOB EARSHOT_FUZZ_REGRESSIONS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/fuzz/regressions/*-*")
foreach(input ${EARSHOT_FUZZ_REGRESSIONS})
  get_filename_component(name "${input}" NAME)
  string(REGEX REPLACE "-.*" "" target "${name}")
  add_test(NAME fuzz.regression.${name} COMMAND earshot_fuzz_${target} -rss_limit_mb=2048 "${input}")
endforeach()
