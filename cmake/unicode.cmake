# Generates the grapheme-cluster tables compiled into earshot_core (src/core/text/grapheme.cpp)
# from Debian's unicode-data package at build time: no Unicode data in git. Included by the root
# CMakeLists.txt before earshot_core; the generator runs on the build machine's node for both presets.
find_program(NODE node nodejs)
if(NOT NODE)
  message(FATAL_ERROR "node is needed to generate the grapheme tables (scripts/setup installs it)")
endif()

set(EARSHOT_UNICODE_DIR "/usr/share/unicode" CACHE PATH "Unicode character database (Debian's unicode-data)")
set(_earshot_grapheme_script "${CMAKE_SOURCE_DIR}/scripts/gen_grapheme_table.mjs")
set(_earshot_grapheme_inputs
  "${EARSHOT_UNICODE_DIR}/auxiliary/GraphemeBreakProperty.txt"
  "${EARSHOT_UNICODE_DIR}/emoji/emoji-data.txt")
foreach(_input ${_earshot_grapheme_inputs})
  if(NOT EXISTS "${_input}")
    message(FATAL_ERROR "${_input} is missing: run scripts/setup (installs Debian's unicode-data)")
  endif()
endforeach()

set(EARSHOT_GRAPHEME_CPP "${CMAKE_BINARY_DIR}/generated/grapheme_table.cpp")
add_custom_command(
  OUTPUT "${EARSHOT_GRAPHEME_CPP}"
  COMMAND "${NODE}" "${_earshot_grapheme_script}" --unicode "${EARSHOT_UNICODE_DIR}" --out "${EARSHOT_GRAPHEME_CPP}"
  DEPENDS "${_earshot_grapheme_script}" ${_earshot_grapheme_inputs}
  COMMENT "Generating the grapheme-cluster tables from Unicode's data"
  VERBATIM)

list(APPEND EARSHOT_GENERATED_CORE_SOURCES "${EARSHOT_GRAPHEME_CPP}")
