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
#else
inline unsigned equal_mask(const char *, char, char) noexcept { return 0; }
inline unsigned high_mask(const char *) noexcept { return 0; }
#endif

} // namespace bits

/** The first CR or LF. */
inline const char *line_end(const char *p, const char *end) noexcept {
  using namespace bits;
  const char *q = p;
#if defined(__wasm_simd128__) || defined(__SSE2__)
  while (end - q >= 16) {
    const unsigned bits = equal_mask(q, '\n', '\r');
    if (bits != 0) return q + __builtin_ctz(bits);
    q += 16;
  }
#endif
  while (end - q >= 8) {
    const std::uint64_t word = load64(q);
    const std::uint64_t found = zero_bytes(word ^ (ones * '\n')) | zero_bytes(word ^ (ones * '\r'));
    if (found != 0) return q + (__builtin_ctzll(found) >> 3);
    q += 8;
  }
  while (q != end && *q != '\n' && *q != '\r') ++q;
  return q;
}

/** The first `c`. */
inline const char *find(const char *p, const char *end, char c) noexcept {
  using namespace bits;
  const char *q = p;
#if defined(__wasm_simd128__) || defined(__SSE2__)
  while (end - q >= 16) {
    const unsigned bits = equal_mask(q, c, c);
    if (bits != 0) return q + __builtin_ctz(bits);
    q += 16;
  }
#endif
  while (end - q >= 8) {
    const std::uint64_t found = zero_bytes(load64(q) ^ (ones * static_cast<unsigned char>(c)));
    if (found != 0) return q + (__builtin_ctzll(found) >> 3);
    q += 8;
  }
  while (q != end && *q != c) ++q;
  return q;
}

/** The first byte that is not ASCII. */
inline const char *non_ascii(const char *p, const char *end) noexcept {
  using namespace bits;
  const char *q = p;
#if defined(__wasm_simd128__) || defined(__SSE2__)
  while (end - q >= 16) {
    const unsigned bits = high_mask(q);
    if (bits != 0) return q + __builtin_ctz(bits);
    q += 16;
  }
#endif
  while (end - q >= 8) {
    const std::uint64_t found = load64(q) & highs;
    if (found != 0) return q + (__builtin_ctzll(found) >> 3);
    q += 8;
  }
  while (q != end && static_cast<unsigned char>(*q) < 0x80) ++q;
  return q;
}

} // namespace sse::detail::scan
