#include "sse/utf8.hpp"

#include "sse/detail/scan.hpp"

#include <cstdint>
#include <cstring>

namespace sse::utf8 {
namespace {

std::size_t ascii_prefix(const unsigned char *p, std::size_t n) noexcept {
  const char *const begin = reinterpret_cast<const char *>(p);
  return static_cast<std::size_t>(detail::scan::non_ascii(begin, begin + n) - begin);
}

// The length of the valid sequence starting at p[0] (a non-ASCII byte), or 0 when the bytes
// there form a maximal invalid subpart; then `*invalid` is that subpart's length. Byte ranges
// follow the decoder of the Encoding standard (no overlongs, no surrogates, nothing past U+10FFFF).
std::size_t valid_sequence(const unsigned char *p, std::size_t n, std::size_t *invalid) noexcept {
  unsigned char lower = 0x80;
  unsigned char upper = 0xBF;
  std::size_t needed;
  const unsigned char lead = p[0];
  if (lead >= 0xC2 && lead <= 0xDF) {
    needed = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    needed = 2;
    if (lead == 0xE0) lower = 0xA0;
    if (lead == 0xED) upper = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    needed = 3;
    if (lead == 0xF0) lower = 0x90;
    if (lead == 0xF4) upper = 0x8F;
  } else {
    *invalid = 1;
    return 0;
  }
  for (std::size_t seen = 1; seen <= needed; ++seen) {
    if (seen >= n || p[seen] < lower || p[seen] > upper) {
      *invalid = seen;
      return 0;
    }
    lower = 0x80;
    upper = 0xBF;
  }
  return needed + 1;
}

} // namespace

bool append_replacing_invalid(detail::buffer &out, std::string_view in) {
  const auto *p = reinterpret_cast<const unsigned char *>(in.data());
  const std::size_t n = in.size();
  const std::size_t start = out.size();
  const char *const stop = detail::scan::copy_ascii(out.extend(n), in.data(), in.data() + n);
  std::size_t i = static_cast<std::size_t>(stop - in.data());
  if (i == n) return true;
  out.truncate(start + i);
  while (i < n) {
    if (p[i] < 0x80) {
      const std::size_t run = ascii_prefix(p + i, n - i);
      out.append(in.data() + i, run);
      i += run;
      continue;
    }
    std::size_t invalid = 0;
    const std::size_t length = valid_sequence(p + i, n - i, &invalid);
    if (length != 0) {
      out.append(in.data() + i, length);
      i += length;
    } else {
      out.append("\xEF\xBF\xBD", 3);
      i += invalid;
    }
  }
  return false;
}

bool replace_invalid_from(detail::buffer &text, std::size_t from, detail::buffer &spare) {
  const auto *p = reinterpret_cast<const unsigned char *>(text.data()) + from;
  const std::size_t n = text.size() - from;
  std::size_t i = ascii_prefix(p, n);
  if (i == n) return true;
  while (i < n) {
    if (p[i] < 0x80) {
      i += ascii_prefix(p + i, n - i);
      continue;
    }
    std::size_t invalid = 0;
    const std::size_t length = valid_sequence(p + i, n - i, &invalid);
    if (length == 0) {
      spare.assign(text.view().substr(from));
      text.truncate(from);
      append_replacing_invalid(text, spare.view());
      return false;
    }
    i += length;
  }
  return false;
}

} // namespace sse::utf8
