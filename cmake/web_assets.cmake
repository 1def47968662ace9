# The web app's site folder (build/web/site): app.js/.wasm/.data under
# content-hashed names, the page, the service worker stamped with this build's
# hash, and font subsets made from Debian's font packages at build time.
set(EARSHOT_SITE_DIR "${CMAKE_BINARY_DIR}/site")
set(EARSHOT_APP_DIR "${CMAKE_BINARY_DIR}/app")
set_target_properties(app PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${EARSHOT_APP_DIR}")

find_program(PYFTSUBSET pyftsubset REQUIRED)
set(EARSHOT_FONT_DIR "${CMAKE_BINARY_DIR}/fonts")
set(NOTO_SANS /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf)
set(SYMBOLA /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf)
# Right-to-left scripts: letters, marks, digits and the presentation forms the app
# shapes Arabic into (src/core/text/bidi.cpp); no layout tables, ImGui does not read them.
set(NOTO_HEBREW /usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf)
set(NOTO_ARABIC /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf)
add_custom_command(
  OUTPUT "${EARSHOT_FONT_DIR}/NotoSans-Regular.ttf" "${EARSHOT_FONT_DIR}/Symbola.ttf"
         "${EARSHOT_FONT_DIR}/NotoSansHebrew-Regular.ttf" "${EARSHOT_FONT_DIR}/NotoSansArabic-Regular.ttf"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${EARSHOT_FONT_DIR}"
  COMMAND ${PYFTSUBSET} ${NOTO_SANS} "--unicodes=U+0020-052F,U+1E00-1EFF,U+2000-214F,U+FFFD"
          --layout-features=* --no-hinting "--output-file=${EARSHOT_FONT_DIR}/NotoSans-Regular.ttf"
  COMMAND ${PYFTSUBSET} ${SYMBOLA} "--unicodes=U+2190-21FF,U+2300-23FF,U+2460-24FF,U+25A0-27BF,U+2900-2BFF,U+1F300-1F6FF,U+1F900-1F9FF"
          --no-hinting "--output-file=${EARSHOT_FONT_DIR}/Symbola.ttf"
  COMMAND ${PYFTSUBSET} ${NOTO_HEBREW} "--unicodes=U+0590-05FF,U+FB1D-FB4F" --layout-features=
          --no-hinting "--output-file=${EARSHOT_FONT_DIR}/NotoSansHebrew-Regular.ttf"
  COMMAND ${PYFTSUBSET} ${NOTO_ARABIC} "--unicodes=U+0600-06FF,U+FB50-FBFF,U+FE70-FEFE" --layout-features=
          --no-hinting "--output-file=${EARSHOT_FONT_DIR}/NotoSansArabic-Regular.ttf"
  DEPENDS ${NOTO_SANS} ${SYMBOLA} ${NOTO_HEBREW} ${NOTO_ARABIC}
  COMMENT "Subsetting Noto Sans and Symbola for the web app")
add_custom_target(earshot_fonts DEPENDS "${EARSHOT_FONT_DIR}/NotoSans-Regular.ttf" "${EARSHOT_FONT_DIR}/Symbola.ttf"
  "${EARSHOT_FONT_DIR}/NotoSansHebrew-Regular.ttf" "${EARSHOT_FONT_DIR}/NotoSansArabic-Regular.ttf")
add_dependencies(app earshot_fonts)
target_link_options(app PRIVATE "--preload-file=${EARSHOT_FONT_DIR}@/fonts")
set_property(TARGET app APPEND PROPERTY LINK_DEPENDS
  "${EARSHOT_FONT_DIR}/NotoSans-Regular.ttf" "${EARSHOT_FONT_DIR}/Symbola.ttf"
  "${EARSHOT_FONT_DIR}/NotoSansHebrew-Regular.ttf" "${EARSHOT_FONT_DIR}/NotoSansArabic-Regular.ttf")

# The linker writes app.js/.wasm/.data into app/; the site gets them under
# content-hashed names, with the page, the worker and precompressed siblings.
file(GLOB EARSHOT_SITE_SOURCES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/shell/*.html" "${CMAKE_SOURCE_DIR}/shell/*.css"
     "${CMAKE_SOURCE_DIR}/shell/boot.js" "${CMAKE_SOURCE_DIR}/web/*")
set(EARSHOT_SITE_STAMP "${CMAKE_BINARY_DIR}/site.stamp")
add_custom_command(
  OUTPUT "${EARSHOT_SITE_STAMP}"
  COMMAND ${CMAKE_COMMAND} -DSITE_DIR=${EARSHOT_SITE_DIR} -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -DAPP_DIR=${EARSHOT_APP_DIR}
          -DCJK_FONT=${CMAKE_BINARY_DIR}/cjk/NotoSansCJK-Regular.otf
          -P "${CMAKE_SOURCE_DIR}/cmake/stamp_site.cmake"
  COMMAND ${CMAKE_COMMAND} -E touch "${EARSHOT_SITE_STAMP}"
  DEPENDS app ${EARSHOT_SITE_SOURCES} "${CMAKE_SOURCE_DIR}/cmake/stamp_site.cmake" "${CMAKE_BINARY_DIR}/cjk/NotoSansCJK-Regular.otf"
  COMMENT "Making the site: hashed file names, the page, the service worker, .gz and .br")
add_custom_target(earshot_site ALL DEPENDS "${EARSHOT_SITE_STAMP}")

# CJK on demand: Noto Sans CJK (Debian's fonts-noto-cjk, its JP face) as its own
# file, copied by stamp_site.cmake into the site's fonts folder and fetched by the
# app only when CJK text is first drawn (src/app/fonts.cpp), so first load never
# pays for it. Not in app.data. Made outside the site, which is rebuilt afresh.
set(NOTO_CJK /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc)
if(NOT EXISTS "${NOTO_CJK}")
  message(FATAL_ERROR "${NOTO_CJK} is missing: run scripts/setup (installs Debian's fonts-noto-cjk)")
endif()
set(EARSHOT_CJK_FONT "${CMAKE_BINARY_DIR}/cjk/NotoSansCJK-Regular.otf")
add_custom_command(
  OUTPUT "${EARSHOT_CJK_FONT}"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/cjk"
  COMMAND ${PYFTSUBSET} ${NOTO_CJK} --font-number=0
          "--unicodes=U+1100-11FF,U+2E80-2FDF,U+3000-33FF,U+3400-4DBF,U+4E00-9FFF,U+AC00-D7AF,U+F900-FAFF,U+FE30-FE4F,U+FF00-FFEF"
          --layout-features= --no-hinting "--output-file=${EARSHOT_CJK_FONT}"
  DEPENDS ${NOTO_CJK}
  COMMENT "Subsetting Noto Sans CJK for the web app (fetched on demand)")
add_custom_target(earshot_cjk_font ALL DEPENDS "${EARSHOT_CJK_FONT}")
add_dependencies(app earshot_cjk_font)
