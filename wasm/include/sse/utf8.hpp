#pragma once

#include "sse/detail/buffer.hpp"
#include "sse/detail/scan.hpp"

#include <cstddef>
#include <string_view>

namespace sse::utf8 {

/**
 * Appends `in` to `out` decoded as the WHATWG Encoding standard's UTF-8 decoder does: each
 * maximal invalid subpart becomes U+FFFD, so the result is what `TextDecoder` would give.
 * `in` must not end inside a sequence the caller means to complete later. Returns whether
 * every byte of `in` was ASCII, which the caller may note rather than look again.
 */
bool append_replacing_invalid(detail::buffer &out, std::string_view in);

/**
 * Makes the bytes of `text` from `from` on what append_replacing_invalid() makes of them: in
 * place when they are valid, as they nearly always are, so the check is a read and no copy.
 * `spare` is room to work in. Returns whether those bytes are all ASCII.
 */
bool replace_invalid_from(detail::buffer &text, std::size_t from, detail::buffer &spare);

// Both run once or twice per event, mostly on short ASCII text; inline, they cost a few
// instructions instead of a call.

/** Whether every byte is ASCII. */
inline bool is_ascii(std::string_view text) noexcept {
  return detail::scan::non_ascii(text.data(), text.data() + text.size()) ==
         text.data() + text.size();
}

/** The number of UTF-16 code units of valid UTF-8 text. */
inline std::size_t utf16_length(std::string_view valid) noexcept {
  const char *const end = valid.data() + valid.size();
  const char *p = detail::scan::non_ascii(valid.data(), end);
  auto units = static_cast<std::size_t>(p - valid.data());
  for (; p != end; ++p) {
    const auto byte = static_cast<unsigned char>(*p);
    // Continuation bytes add nothing; a 4-byte lead stands for a surrogate pair.
    units += (byte & 0xC0) != 0x80;
    units += byte >= 0xF0;
  }
  return units;
}

} // namespace sse::utf8
