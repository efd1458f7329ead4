#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace sse::detail {

/**
 * A growable byte array for the per-event hot path: appends are an inline bounds check and a
 * memcpy (one `memory.copy` in WebAssembly), where std::string's append is an opaque call.
 * Allocation failure ends the program, as operator new does without exceptions.
 */
class buffer {
public:
  buffer() noexcept = default;
  buffer(const buffer &) = delete;
  buffer &operator=(const buffer &) = delete;
  ~buffer() { std::free(data_); }

  /** Room for `count` more bytes at the end, now part of the buffer; realloc-aligned. */
  char *extend(std::size_t count) {
    if (count > capacity_ - size_) grow(count);
    char *to = data_ + size_;
    size_ += count;
    return to;
  }

  void append(const char *bytes, std::size_t count) {
    char *const to = extend(count);
    // Most appends on the hot path are a few bytes; in WebAssembly a memcpy or memory.copy
    // of that size costs more in its call than in the copy.
    if (count <= 16) {
      for (std::size_t i = 0; i < count; ++i) to[i] = bytes[i];
    } else {
      std::memcpy(to, bytes, count);
    }
  }
  void append(std::string_view text) { append(text.data(), text.size()); }
  void push_back(char c) {
    if (size_ == capacity_) grow(1);
    data_[size_++] = c;
  }
  void pop_back() noexcept { --size_; }
  /** Drops the bytes from `size` on; `size` is at most size(). */
  void truncate(std::size_t size) noexcept { size_ = size; }
  void clear() noexcept { size_ = 0; }
  void assign(std::string_view text) {
    clear();
    append(text);
  }

  /** When empty, returns memory of more than `kept` bytes, so an idle owner stays small. */
  void release_above(std::size_t kept) noexcept {
    if (size_ != 0 || capacity_ <= kept) return;
    std::free(data_);
    data_ = nullptr;
    size_ = capacity_ = 0;
  }

  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  const char *data() const noexcept { return data_; }
  std::string_view view() const noexcept { return {data_, size_}; }
  operator std::string_view() const noexcept { return view(); }

private:
  void grow(std::size_t extra) {
    std::size_t wanted = capacity_ < 64 ? 64 : capacity_ + capacity_ / 2;
    if (wanted < size_ + extra) wanted = size_ + extra;
    auto *grown = static_cast<char *>(std::realloc(data_, wanted));
    if (grown == nullptr) std::abort();
    data_ = grown;
    capacity_ = wanted;
  }

  char *data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/** Equality without a call to memcmp for the short strings of the hot path. */
inline bool same(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

/** Equality with a string literal of up to eight bytes, as one or two word compares. */
template <std::size_t N> inline bool same_literal(std::string_view a, const char (&literal)[N]) {
  static_assert(N - 1 <= 8, "for short literals only");
  constexpr std::size_t size = N - 1;
  if (a.size() != size) return false;
  if constexpr (size >= 4) {
    std::uint32_t x, y, u, v;
    std::memcpy(&x, a.data(), 4);
    std::memcpy(&y, literal, 4);
    std::memcpy(&u, a.data() + size - 4, 4);
    std::memcpy(&v, literal + size - 4, 4);
    return x == y && u == v;
  } else {
    return same(a, std::string_view(literal, size));
  }
}

} // namespace sse::detail
