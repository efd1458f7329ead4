# The library's targets, compiled from its sources under `sse_root` in the build that includes
# this file: the project's own, a program's that adds the project as a subdirectory, or a
# program's that finds the installed package. Sources, not archives: there is no ABI between
# emscripten versions, and the objects must match the program's exceptions, threads and LTO.
#
#   sse::core     the parser and the session: no I/O, no exceptions, no Boost
#   sse::typed    JSON payloads into described structs; the LLM schemas and accumulators
#   sse::client   the client over a transport of the program's own
#   sse::browser  the client over fetch() (Emscripten); carries its --js-library
#   sse::embind   described structs to and from JavaScript values (Emscripten, opt-in)

include_guard(GLOBAL)

option(SSE_WASM_SIMD "WebAssembly SIMD and bulk memory (every current browser, Node 16.4+)" OFF)
option(SSE_WASM_LTO "Compile the library for link-time optimisation" OFF)
set(SSE_BOOST_INCLUDE_DIR /usr/include CACHE PATH "The folder that holds boost/")

set(sse_flags)
if(EMSCRIPTEN)
  if(SSE_WASM_SIMD)
    # Bulk memory makes memcpy one instruction; SIMD scans sixteen bytes at a time, and lets
    # Boost.JSON's SSE2 paths compile to it.
    list(APPEND sse_flags -mbulk-memory -msimd128)
  endif()
  if(SSE_WASM_LTO)
    list(APPEND sse_flags -flto)
  endif()
endif()

add_library(sse_core STATIC ${sse_root}/wasm/src/parser.cpp ${sse_root}/wasm/src/session.cpp
                            ${sse_root}/wasm/src/utf8.cpp)
target_include_directories(sse_core PUBLIC ${sse_root}/wasm/include)
target_compile_features(sse_core PUBLIC cxx_std_17)
target_compile_options(sse_core PRIVATE -fno-exceptions -fno-rtti ${sse_flags})

add_library(sse_typed STATIC ${sse_root}/wasm/src/typed.cpp ${sse_root}/wasm/src/llm.cpp
                             ${sse_root}/wasm/src/boost_json.cpp)
target_link_libraries(sse_typed PUBLIC sse_core)
target_compile_options(sse_typed PRIVATE ${sse_flags})
if(EMSCRIPTEN)
  # /usr/include must not be on emcc's include path (it would bring glibc's headers), so a
  # folder holding only a `boost` link stands in for it.
  set(sse_boost_root ${CMAKE_BINARY_DIR}/sse-boost-include)
  file(MAKE_DIRECTORY ${sse_boost_root})
  file(CREATE_LINK ${SSE_BOOST_INCLUDE_DIR}/boost ${sse_boost_root}/boost SYMBOLIC)
  target_include_directories(sse_typed SYSTEM PUBLIC ${sse_boost_root})
  if(SSE_WASM_SIMD)
    target_compile_options(sse_typed PRIVATE -msse2)
  endif()
elseif(NOT SSE_BOOST_INCLUDE_DIR STREQUAL "/usr/include")
  target_include_directories(sse_typed SYSTEM PUBLIC ${SSE_BOOST_INCLUDE_DIR})
endif()

add_library(sse_client STATIC ${sse_root}/wasm/client/src/client.cpp)
target_include_directories(sse_client PUBLIC ${sse_root}/wasm/client/include)
target_link_libraries(sse_client PUBLIC sse_core)
target_compile_options(sse_client PRIVATE ${sse_flags})

set(sse_targets sse_core sse_typed sse_client)
if(EMSCRIPTEN)
  # The client over fetch(): the js-library performs the I/O, called and calling back through
  # plain exports.
  add_library(sse_browser STATIC ${sse_root}/wasm/client/src/browser.cpp)
  target_link_libraries(sse_browser PUBLIC sse_client)
  target_compile_options(sse_browser PRIVATE ${sse_flags})
  set(sse_client_library ${sse_root}/wasm/client/src/sse_client.js)
  target_link_options(sse_browser INTERFACE "SHELL:--js-library ${sse_client_library}")
  set_property(TARGET sse_browser APPEND PROPERTY INTERFACE_LINK_DEPENDS ${sse_client_library})
  list(APPEND sse_targets sse_browser)

  # Embind, for a program's own JavaScript: described structs as plain objects, and connect()
  # from a RequestInit and an AbortSignal.
  add_library(sse_embind STATIC ${sse_root}/wasm/embind/src/embind.cpp)
  target_include_directories(sse_embind PUBLIC ${sse_root}/wasm/embind/include)
  target_link_libraries(sse_embind PUBLIC sse_browser sse_typed)
  target_compile_options(sse_embind PRIVATE ${sse_flags})
  target_link_options(sse_embind INTERFACE -lembind)
  list(APPEND sse_targets sse_embind)
endif()

foreach(target IN LISTS sse_targets)
  string(REPLACE "sse_" "" name ${target})
  add_library(sse::${name} ALIAS ${target})
endforeach()
