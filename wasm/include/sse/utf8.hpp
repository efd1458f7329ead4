#pragma once

#include "sse/detail/buffer.hpp"

#include <cstddef>
#include <string_view>

namespace sse::utf8 {

/**
 * Appends `in` to `out` decoded as the WHATWG Encoding standard's UTF-8 decoder does: each
 * maximal invalid subpart becomes U+FFFD, so the result is what `TextDecoder` would give.
 * `in` must not end inside a sequence the caller means to complete later.
 */
void append_replacing_invalid(detail::buffer &out, std::string_view in);

/** Whether every byte is ASCII. */
bool is_ascii(std::string_view text) noexcept;

/** The number of UTF-16 code units of valid UTF-8 text. */
std::size_t utf16_length(std::string_view valid) noexcept;

} // namespace sse::utf8
