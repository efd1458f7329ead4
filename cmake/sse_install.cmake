# The installed package: the library's headers, sources and js-library with the config that
# compiles them in the program's own build (sse_targets.cmake). A program finds it with
#
#   find_package(sse_wasm CONFIG REQUIRED)   # cmake -Dsse_wasm_DIR=<prefix>/lib/cmake/sse_wasm
#
# since Emscripten 3.1.6's toolchain file makes find_package ignore CMAKE_PREFIX_PATH.

include(CMakePackageConfigHelpers)

set(sse_package_root share/sse_wasm)
install(DIRECTORY ${sse_root}/wasm/include ${sse_root}/wasm/src
        DESTINATION ${sse_package_root}/wasm)
install(DIRECTORY ${sse_root}/wasm/client/include ${sse_root}/wasm/client/src
        DESTINATION ${sse_package_root}/wasm/client)
install(DIRECTORY ${sse_root}/wasm/embind/include ${sse_root}/wasm/embind/src
        DESTINATION ${sse_package_root}/wasm/embind)
install(FILES ${sse_root}/cmake/sse_targets.cmake DESTINATION ${sse_package_root}/cmake)

write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/sse_wasmConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${sse_root}/cmake/sse_wasmConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/sse_wasmConfigVersion.cmake
        DESTINATION lib/cmake/sse_wasm)
