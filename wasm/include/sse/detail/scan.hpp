#pragma once

// Byte searches of the hot path, sixteen bytes at a time with WebAssembly SIMD (or SSE2 in
// native builds), eight at a time elsewhere. Each returns the first match, or `end`.

#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sse::detail::scan {

namespace bits {

constexpr std::uint64_t ones = 0x0101010101010101ULL;
constexpr std::uint64_t highs = 0x8080808080808080ULL;

// The high bit of each zero byte of `word` is set, and no bit below the lowest zero byte
// (higher bytes may be flagged wrongly; the lowest flag is exact).
constexpr std::uint64_t zero_bytes(std::uint64_t word) noexcept {
  return (word - ones) & ~word & highs;
}

inline std::uint64_t load64(const char *p) noexcept {
  std::uint64_t word;
  std::memcpy(&word, p, 8);
  return word;
}

#if defined(__wasm_simd128__) || defined(__SSE2__)
constexpr bool has_blocks = true;
#else
constexpr bool has_blocks = false;
#endif

#if defined(__wasm_simd128__)
inline unsigned equal_mask(const char *p, char a, char b) noexcept {
  const v128_t block = wasm_v128_load(p);
  return wasm_i8x16_bitmask(wasm_v128_or(wasm_i8x16_eq(block, wasm_i8x16_splat(a)),
                                         wasm_i8x16_eq(block, wasm_i8x16_splat(b))));
}
inline unsigned high_mask(const char *p) noexcept { return wasm_i8x16_bitmask(wasm_v128_load(p)); }
#elif defined(__SSE2__)
inline unsigned equal_mask(const char *p, char a, char b) noexcept {
  const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
      _mm_cmpeq_epi8(block, _mm_set1_epi8(a)), _mm_cmpeq_epi8(block, _mm_set1_epi8(b)))));
}
inline unsigned high_mask(const char *p) noexcept {
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p))));
}
#endif

// The one search loop: `block` flags matching bytes of sixteen (bit i for byte i), `word`
// flags them in eight (the high bit of each byte, exact for the lowest), `byte` tests one.
// `block` is generic so that builds without SIMD never instantiate it.
template <typename Block, typename Word, typename Byte>
const char *first(const char *p, const char *end, Block block, Word word, Byte byte) noexcept {
  if constexpr (has_blocks) {
    while (end - p >= 16) {
      const unsigned found = block(p);
      if (found != 0) return p + __builtin_ctz(found);
      p += 16;
    }
  }
  while (end - p >= 8) {
    const std::uint64_t found = word(load64(p));
    if (found != 0) return p + (__builtin_ctzll(found) >> 3);
    p += 8;
  }
  while (p != end && !byte(static_cast<unsigned char>(*p))) ++p;
  return p;
}

} // namespace bits

/** The first CR or LF. */
inline const char *line_end(const char *p, const char *end) noexcept {
  using namespace bits;
  return first(
      p, end, [](auto q) { return equal_mask(q, '\n', '\r'); },
      [](std::uint64_t w) { return zero_bytes(w ^ (ones * '\n')) | zero_bytes(w ^ (ones * '\r')); },
      [](unsigned char c) { return c == '\n' || c == '\r'; });
}

/** The first CR, LF, or byte that is not ASCII. */
inline const char *line_end_or_non_ascii(const char *p, const char *end) noexcept {
  using namespace bits;
  return first(
      p, end, [](auto q) { return equal_mask(q, '\n', '\r') | high_mask(q); },
      [](std::uint64_t w) {
        return zero_bytes(w ^ (ones * '\n')) | zero_bytes(w ^ (ones * '\r')) | (w & highs);
      },
      [](unsigned char c) { return c == '\n' || c == '\r' || c >= 0x80; });
}

/** The first `c`. */
inline const char *find(const char *p, const char *end, char c) noexcept {
  using namespace bits;
  const auto target = static_cast<unsigned char>(c);
  return first(
      p, end, [c](auto q) { return equal_mask(q, c, c); },
      [target](std::uint64_t w) { return zero_bytes(w ^ (ones * target)); },
      [target](unsigned char b) { return b == target; });
}

/** The first byte that is not ASCII. */
inline const char *non_ascii(const char *p, const char *end) noexcept {
  using namespace bits;
  return first(
      p, end, [](auto q) { return high_mask(q); }, [](std::uint64_t w) { return w & highs; },
      [](unsigned char b) { return b >= 0x80; });
}

} // namespace sse::detail::scan
