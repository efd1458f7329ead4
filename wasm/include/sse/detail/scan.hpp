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

// A block is sixteen bytes; `matches` gives a vector with the high bit set in each byte that
// matches, and four of them OR-ed together say with one test whether 64 bytes hold a match.
#if defined(__wasm_simd128__)
using vector = v128_t;
inline vector load(const char *p) noexcept { return wasm_v128_load(p); }
inline vector equal(vector v, char c) noexcept { return wasm_i8x16_eq(v, wasm_i8x16_splat(c)); }
inline vector either(vector a, vector b) noexcept { return wasm_v128_or(a, b); }
inline unsigned high_bits(vector v) noexcept { return wasm_i8x16_bitmask(v); }
inline void store(char *p, vector v) noexcept { wasm_v128_store(p, v); }
#elif defined(__SSE2__)
using vector = __m128i;
inline vector load(const char *p) noexcept {
  return _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
}
inline vector equal(vector v, char c) noexcept { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); }
inline vector either(vector a, vector b) noexcept { return _mm_or_si128(a, b); }
inline unsigned high_bits(vector v) noexcept { return static_cast<unsigned>(_mm_movemask_epi8(v)); }
inline void store(char *p, vector v) noexcept {
  _mm_storeu_si128(reinterpret_cast<__m128i *>(p), v);
}
#endif

// The one search loop: `matches` flags matching bytes of a block, `word` flags them in eight
// (the high bit of each byte, exact for the lowest), `byte` tests one. `matches` is generic so
// that builds without SIMD never instantiate it.
template <typename Matches, typename Word, typename Byte>
const char *first(const char *p, const char *end, Matches matches, Word word, Byte byte) noexcept {
  if constexpr (has_blocks) {
    // Long lines and long data are common; one test per 64 bytes keeps the loop's own cost,
    // which WebAssembly engines make large, out of the way.
    while (end - p >= 64) {
      const auto found =
          either(either(matches(p), matches(p + 16)), either(matches(p + 32), matches(p + 48)));
      if (high_bits(found) != 0) break;
      p += 64;
    }
    while (end - p >= 16) {
      const unsigned found = high_bits(matches(p));
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

// CR and LF, for a block, a word and a byte. The block test is generic for the same reason
// as `first`'s.
template <typename Vector> auto line_ends(Vector v) noexcept {
  return either(equal(v, '\n'), equal(v, '\r'));
}
constexpr std::uint64_t line_ends(std::uint64_t w) noexcept {
  return zero_bytes(w ^ (ones * '\n')) | zero_bytes(w ^ (ones * '\r'));
}
constexpr bool is_line_end(unsigned char c) noexcept { return c == '\n' || c == '\r'; }

} // namespace bits

/** The first CR or LF. */
inline const char *line_end(const char *p, const char *end) noexcept {
  using namespace bits;
  return first(
      p, end, [](auto q) { return line_ends(load(q)); },
      [](std::uint64_t w) { return line_ends(w); }, [](unsigned char c) { return is_line_end(c); });
}

/** The first CR, LF, or byte that is not ASCII. */
inline const char *line_end_or_non_ascii(const char *p, const char *end) noexcept {
  using namespace bits;
  return first(
      p, end,
      [](auto q) {
        const auto v = load(q);
        return either(line_ends(v), v);
      },
      [](std::uint64_t w) { return line_ends(w) | (w & highs); },
      [](unsigned char c) { return is_line_end(c) || c >= 0x80; });
}

/** The first `c`. */
inline const char *find(const char *p, const char *end, char c) noexcept {
  using namespace bits;
  const auto target = static_cast<unsigned char>(c);
  return first(
      p, end, [c](auto q) { return equal(load(q), c); },
      [target](std::uint64_t w) { return zero_bytes(w ^ (ones * target)); },
      [target](unsigned char b) { return b == target; });
}

/** The first byte that is not ASCII. */
inline const char *non_ascii(const char *p, const char *end) noexcept {
  using namespace bits;
  return first(
      p, end, [](auto q) { return load(q); }, [](std::uint64_t w) { return w & highs; },
      [](unsigned char b) { return b >= 0x80; });
}

/**
 * Copies the bytes from `p` to `to` up to the first byte that is not ASCII, and returns where
 * that byte is (or `end`). `to` must have room for all of [p, end): up to sixteen bytes past
 * the copied ones may be written too. One pass that both checks and copies, where a search
 * and a memcpy make two (and some memcpy implementations slow down on some distances).
 */
inline const char *copy_ascii(char *to, const char *p, const char *end) noexcept {
  using namespace bits;
#if defined(__wasm_simd128__) || defined(__SSE2__) // has_blocks, seen from a plain function
  while (end - p >= 64) {
    const auto a = load(p);
    const auto b = load(p + 16);
    const auto c = load(p + 32);
    const auto d = load(p + 48);
    if (high_bits(either(either(a, b), either(c, d))) != 0) break;
    store(to, a);
    store(to + 16, b);
    store(to + 32, c);
    store(to + 48, d);
    p += 64;
    to += 64;
  }
  while (end - p >= 16) {
    const auto v = load(p);
    store(to, v);
    const unsigned found = high_bits(v);
    if (found != 0) return p + __builtin_ctz(found);
    p += 16;
    to += 16;
  }
#endif
  while (p != end && static_cast<unsigned char>(*p) < 0x80) *to++ = *p++;
  return p;
}

} // namespace sse::detail::scan
