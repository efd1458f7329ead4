# sse-wasm, installed as source: its targets (sse::core, sse::typed, sse::client, sse::browser,
# sse::embind) are compiled in the build that finds them, with its compiler and flags.
get_filename_component(sse_root "${CMAKE_CURRENT_LIST_DIR}/../../../share/sse_wasm" ABSOLUTE)
include(${sse_root}/cmake/sse_targets.cmake)
