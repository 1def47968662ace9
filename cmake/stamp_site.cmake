# Makes the site folder (build/web/site) from the linked app (APP_DIR: app.js,
# app.wasm, app.data), shell/ and web/: the app files and the page's script and
# style get their content's hash in their names (app.<hash>.wasm…), so the proxy
# can let browsers cache them for a year; index.html, boot.js and sw.js are
# rewritten to the new names; every text and binary file the page loads gets
# precompressed siblings, file.gz (gzip -9 -n) and file.br (Debian's brotli).
# Run with cmake -P: -DSITE_DIR= -DSOURCE_DIR= -DAPP_DIR=
cmake_minimum_required(VERSION 3.20)
find_program(GZIP gzip REQUIRED)
find_program(BROTLI brotli)
if(NOT BROTLI)
  message(FATAL_ERROR "brotli is missing: scripts/setup installs it (apt-get install brotli)")
endif()

# [SECTION] A clean folder: files of earlier builds (old hashes) must not linger.
file(REMOVE_RECURSE "${SITE_DIR}")
file(MAKE_DIRECTORY "${SITE_DIR}")

# Copies SRC into the site as <stem>.<hash>.<ext> and returns that name in OUT.
function(copy_hashed src out)
  get_filename_component(name "${src}" NAME)
  string(REGEX MATCH "^([^.]+)\\.(.+)$" _ "${name}")
  file(SHA256 "${src}" hash)
  string(SUBSTRING "${hash}" 0 12 hash)
  set(hashed "${CMAKE_MATCH_1}.${hash}.${CMAKE_MATCH_2}")
  file(COPY_FILE "${src}" "${SITE_DIR}/${hashed}")
  set(${out} "${hashed}" PARENT_SCOPE)
endfunction()

# [SECTION] The app: app.wasm and app.data first, as boot.js names them.
if(NOT EXISTS "${APP_DIR}/app.js")
  message(FATAL_ERROR "${APP_DIR}/app.js is missing: build the app target first")
endif()
set(renames "")
foreach(f app.wasm app.data app.js)
  if(EXISTS "${APP_DIR}/${f}")
    copy_hashed("${APP_DIR}/${f}" hashed)
    list(APPEND renames "${f}=${hashed}")
    set(name_${f} "${hashed}")
  endif()
endforeach()

# boot.js maps the names app.js asks for to the hashed ones (Module.locateFile).
file(READ "${SOURCE_DIR}/shell/boot.js" boot)
foreach(f app.wasm app.data)
  if(DEFINED name_${f})
    string(REPLACE "@${f}@" "${name_${f}}" boot "${boot}")
  endif()
endforeach()
file(WRITE "${APP_DIR}/boot.js" "${boot}")
copy_hashed("${APP_DIR}/boot.js" hashed)
list(APPEND renames "boot.js=${hashed}")
copy_hashed("${SOURCE_DIR}/shell/app.css" hashed)
list(APPEND renames "app.css=${hashed}")

# [SECTION] The page and web/ (manifest, icon), the page's references rewritten.
file(READ "${SOURCE_DIR}/shell/index.html" page)
foreach(pair ${renames})
  string(REPLACE "=" ";" pair "${pair}")
  list(GET pair 0 plain)
  list(GET pair 1 hashed)
  string(REPLACE "\"${plain}\"" "\"${hashed}\"" page "${page}")
  set(sw_${plain} "${hashed}")
endforeach()
file(WRITE "${SITE_DIR}/index.html" "${page}")
file(GLOB web_files "${SOURCE_DIR}/web/*")
list(FILTER web_files EXCLUDE REGEX "sw\\.js$")
file(COPY ${web_files} DESTINATION "${SITE_DIR}")

# [SECTION] The service worker: precaches the hashed names; its cache version
# changes whenever any of them does.
file(READ "${SOURCE_DIR}/web/sw.js" sw)
set(hash_input "${page}")
foreach(pair ${renames})
  string(APPEND hash_input "${pair}")
endforeach()
string(SHA256 version "${hash_input}${sw}")
string(SUBSTRING "${version}" 0 12 version)
string(REPLACE "@EARSHOT_BUILD@" "${version}" sw "${sw}")
foreach(plain app.js app.wasm app.data boot.js app.css)
  if(DEFINED sw_${plain})
    string(REPLACE "'./${plain}'" "'./${sw_${plain}}'" sw "${sw}")
  endif()
endforeach()
file(WRITE "${SITE_DIR}/sw.js" "${sw}")

# [SECTION] The CJK font, fetched by the app only when CJK is first drawn.
if(CJK_FONT AND EXISTS "${CJK_FONT}")
  file(MAKE_DIRECTORY "${SITE_DIR}/fonts")
  file(COPY_FILE "${CJK_FONT}" "${SITE_DIR}/fonts/NotoSansCJK-Regular.otf")
  execute_process(COMMAND ${GZIP} -6 -n -k -f "${SITE_DIR}/fonts/NotoSansCJK-Regular.otf")
endif()

# [SECTION] Precompressed siblings, served by the proxy when the browser accepts them.
file(GLOB compressible "${SITE_DIR}/*.js" "${SITE_DIR}/*.wasm" "${SITE_DIR}/*.data" "${SITE_DIR}/*.html"
     "${SITE_DIR}/*.css" "${SITE_DIR}/*.svg" "${SITE_DIR}/*.webmanifest")
foreach(f ${compressible})
  execute_process(COMMAND ${GZIP} -9 -n -k -f "${f}" RESULT_VARIABLE gz_rc)
  execute_process(COMMAND ${BROTLI} -q 11 -k -f "${f}" -o "${f}.br" RESULT_VARIABLE br_rc)
  if(NOT gz_rc EQUAL 0 OR NOT br_rc EQUAL 0)
    message(FATAL_ERROR "compressing ${f} failed (gzip ${gz_rc}, brotli ${br_rc})")
  endif()
endforeach()
