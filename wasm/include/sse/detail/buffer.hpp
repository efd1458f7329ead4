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

template <typename Word> inline Word load(const char *at) noexcept {
  Word word;
  std::memcpy(&word, at, sizeof word);
  return word;
}

/**
 * Equality without a call to memcmp for the short strings of the hot path (member names,
 * event types): whole words at a time, the last one overlapping the one before.
 */
inline bool same(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char *const x = a.data();
  const char *const y = b.data();
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      if (load<std::uint64_t>(x + i) != load<std::uint64_t>(y + i)) return false;
    }
    return load<std::uint64_t>(x + n - 8) == load<std::uint64_t>(y + n - 8);
  }
  if (n >= 4) {
    return load<std::uint32_t>(x) == load<std::uint32_t>(y) &&
           load<std::uint32_t>(x + n - 4) == load<std::uint32_t>(y + n - 4);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

/** Equality with a string literal of up to eight bytes, as one or two word compares. */
template <std::size_t N> inline bool same_literal(std::string_view a, const char (&literal)[N]) {
  static_assert(N - 1 <= 8, "for short literals only");
  constexpr std::size_t size = N - 1;
  if (a.size() != size) return false;
  if constexpr (size >= 4) {
    return load<std::uint32_t>(a.data()) == load<std::uint32_t>(literal) &&
           load<std::uint32_t>(a.data() + size - 4) == load<std::uint32_t>(literal + size - 4);
  } else {
    return same(a, std::string_view(literal, size));
  }
}

} // namespace sse::detail
