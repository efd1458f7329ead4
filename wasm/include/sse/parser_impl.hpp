#pragma once

// The parser's per-byte work, in the header so that it compiles for the handler's own type:
// with a final handler class, every callback is a direct call that the compiler can inline.
// Included by parser.hpp; not meant to be included on its own.

#include "sse/detail/scan.hpp"
#include "sse/utf8.hpp"

#include <cstdint>
#include <limits>
#include <type_traits>

namespace sse {
namespace detail {

inline bool all_ascii_digits(std::string_view text) noexcept {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

inline std::uint64_t saturating_decimal(std::string_view digits) noexcept {
  constexpr auto max = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t value = 0;
  for (const char c : digits) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (max - digit) / 10) return max;
    value = value * 10 + digit;
  }
  return value;
}

} // namespace detail

template <typename Handler> bool parser::feed(std::string_view bytes, Handler &out) {
  if (feeding_) return false;
  // Cleared however feed_chunk() ends: a C++ handler compiled with exceptions may throw.
  struct feeding_scope {
    parser &self;
    ~feeding_scope() {
      self.feeding_ = false;
      self.release_idle_memory();
    }
  } scope{*this};
  feeding_ = true;
  if (diagnosing_) inspect(bytes);
  feed_chunk(bytes, out);
  return true;
}

template <typename Handler> void parser::feed_chunk(std::string_view bytes, Handler &out) {
  const char *p = bytes.data();
  const char *const end = p + bytes.size();
  if (at_start_) {
    // [spec] The UTF-8 decode algorithm strips one leading BOM; its three bytes may arrive in
    // separate chunks, so a partial match waits for more before it is taken as text.
    static constexpr unsigned char bom[] = {0xEF, 0xBB, 0xBF};
    while (bom_matched_ < 3 && p != end && static_cast<unsigned char>(*p) == bom[bom_matched_]) {
      ++bom_matched_;
      ++p;
    }
    if (bom_matched_ < 3 && p == end) return;
    if (bom_matched_ < 3) line_.append(reinterpret_cast<const char *>(bom), bom_matched_);
    bom_matched_ = 0;
    at_start_ = false;
  }
  feed_body(p, end, out);
}

template <typename Handler> void parser::feed_body(const char *p, const char *end, Handler &out) {
  const std::uint32_t generation = generation_;
  if (skip_lf_ && p != end) {
    // [spec] CRLF is one line end even when the CR ended the previous chunk.
    skip_lf_ = false;
    if (*p == '\n') ++p;
  }
  while (p != end) {
    if (block_bytes_ == 0 && !line_pending() && !discarding_) {
      p = take_plain_events(p, end, out);
      if (generation != generation_) return;
      if (p == end) break;
    }
    const char *const line_end = detail::scan::line_end(p, end);
    const auto fresh = static_cast<std::size_t>(line_end - p);
    if (line_end == end) {
      if (discarding_) {
        discarded_line_ = true;
      } else if (block_bytes_ + line_.size() + streamed_bytes_ + fresh > max_event_size_) {
        overflow(out);
        discarded_line_ = true;
      } else {
        pend_line(p, fresh);
      }
      keep_pending_data();
      return;
    }
    const char *next = line_end + 1;
    if (*line_end == '\r') {
      if (next == end) {
        // The LF that may follow is in a later chunk; the line is complete now regardless, so
        // a stream that uses CR alone is never held back waiting for it.
        skip_lf_ = true;
      } else if (*next == '\n') {
        ++next;
      }
    }
    if (!pend_first_data_line(p, fresh)) {
      take_line(p, fresh, out);
      if (generation != generation_) return;
    }
    p = next;
  }
  keep_pending_data();
}

namespace detail {

template <typename Handler, typename = void> struct has_plain_sink : std::false_type {};
template <typename Handler>
struct has_plain_sink<Handler, std::void_t<decltype(&Handler::plain_sink)>> : std::true_type {};

} // namespace detail

struct parser::plain_event {
  std::string_view data;
  const char *next; // where the event's blank line ends
};

// The most common event of all, one ASCII `data` line and a blank line, both whole in the
// chunk, at the start of a block (so nothing else of the block is pending and the last event
// ID buffer equals the last event ID): found with one scan and none of the line machinery.
// Inlined into each loop that calls it, where it is most of the work per event.
[[gnu::always_inline]] inline bool parser::find_plain_event(const char *p, const char *end,
                                                            std::size_t max_event_size,
                                                            plain_event &found) noexcept {
  if (end - p < 7 || !detail::same_literal(std::string_view(p, 5), "data:")) return false;
  const char *const value = p + (p[5] == ' ' ? 6 : 5);
  // A short value is looked at byte by byte first: those branches are predicted, where a
  // vector search would put its whole latency between one event and the next.
  const char *line_end = value;
  const char *const look_end = end - value > 16 ? value + 16 : end;
  while (line_end != look_end && *line_end != '\n' && *line_end != '\r' &&
         static_cast<unsigned char>(*line_end) < 0x80)
    ++line_end;
  if (line_end == look_end) line_end = detail::scan::line_end_or_non_ascii(line_end, end);
  if (end - line_end < 2 || static_cast<std::size_t>(line_end - p) + 1 > max_event_size)
    return false;
  found.data = std::string_view(value, static_cast<std::size_t>(line_end - value));
  if (line_end[0] == '\n' && line_end[1] == '\n') {
    found.next = line_end + 2;
    return true;
  }
  found.next = line_end + 4;
  return end - line_end >= 4 && detail::same_literal(std::string_view(line_end, 4), "\r\n\r\n");
}

// Returns where the first event of any other shape starts.
template <typename Handler>
const char *parser::take_plain_events(const char *p, const char *end, Handler &out) {
  // Held here: the sink's byte stores could alias the member, for all the compiler knows.
  const std::size_t max_size = max_event_size_;
  plain_event found;
  if constexpr (detail::has_plain_sink<Handler>::value) {
    if (!find_plain_event(p, end, max_size, found)) return p;
    auto sink = out.plain_sink(static_cast<std::size_t>(end - p));
    while (sink.add(found.data)) {
      p = found.next;
      if (!find_plain_event(p, end, max_size, found)) break;
    }
    out.commit(sink);
  } else {
    const std::uint32_t generation = generation_;
    while (find_plain_event(p, end, max_size, found)) {
      out.on_event(event{"message", found.data, last_event_id_.view(), true});
      p = found.next;
      if (generation != generation_) break;
    }
  }
  return p;
}

// The most common line of all, the one data line of an event, whole in the chunk and ASCII:
// it is not copied, and none of the general field handling runs for it.
inline bool parser::pend_first_data_line(const char *p, std::size_t size) noexcept {
  if (size < 6 || line_pending() || discarding_ || pending_data_ != nullptr || !data_.empty() ||
      !detail::same_literal(std::string_view(p, 5), "data:") ||
      block_bytes_ + size + 1 > max_event_size_) {
    return false;
  }
  const std::string_view value(p + (p[5] == ' ' ? 6 : 5), size - (p[5] == ' ' ? 6 : 5));
  if (value.empty() || !utf8::is_ascii(value)) return false;
  block_bytes_ += size + 1;
  pending_data_ = value.data();
  pending_size_ = value.size();
  return true;
}

// The start of a line whose end is in a later chunk. Six bytes tell whether a data line's
// value starts after a space; a shorter start waits in line_ like any other line.
inline void parser::pend_line(const char *p, std::size_t size) {
  if (streamed_at_ != not_streamed) {
    data_.append(p, size);
    streamed_bytes_ += size;
    return;
  }
  if (line_.empty() && size >= 6 && detail::same_literal(std::string_view(p, 5), "data:")) {
    keep_pending_data();
    const std::size_t name = p[5] == ' ' ? 6 : 5;
    streamed_at_ = data_.size();
    data_.append(p + name, size - name);
    streamed_bytes_ = size;
    return;
  }
  line_.append(p, size);
}

template <typename Handler> void parser::take_line(const char *p, std::size_t fresh, Handler &out) {
  const std::size_t length = line_.size() + streamed_bytes_ + fresh;
  if (discarding_) {
    line_.clear();
    if (length == 0 && !discarded_line_) {
      discarding_ = false;
      block_bytes_ = 0;
    }
    discarded_line_ = false;
    return;
  }
  if (length == 0) {
    dispatch(out);
    return;
  }
  // Every line end counts as one byte, CRLF included: whether a CR is followed by an LF may be
  // known only after the line was taken, and the outcome must not depend on the chunking.
  if (block_bytes_ + length + 1 > max_event_size_) {
    overflow(out);
    return;
  }
  block_bytes_ += length + 1;
  if (streamed_at_ != not_streamed) {
    data_.append(p, fresh);
    data_ascii_ = utf8::replace_invalid_from(data_, streamed_at_, scratch_) && data_ascii_;
    data_.push_back('\n');
    streamed_at_ = not_streamed;
    streamed_bytes_ = 0;
  } else if (line_.empty()) {
    process_field(std::string_view(p, fresh), out);
  } else {
    line_.append(p, fresh);
    process_field(line_.view(), out);
    line_.clear();
  }
}

template <typename Handler> void parser::overflow(Handler &out) {
  line_.clear();
  clear_block();
  release_idle_memory();
  discarding_ = true;
  discarded_line_ = false;
  out.on_error(parse_error::event_too_large);
}

template <typename Handler> void parser::process_field(std::string_view line, Handler &out) {
  if (line.front() == ':') {
    scratch_.clear();
    utf8::append_replacing_invalid(scratch_, line.substr(1));
    out.on_comment(scratch_.view());
    return;
  }
  // Most lines are data lines; they need no search for their colon.
  const bool data_line = line.size() >= 5 && detail::same_literal(line.substr(0, 5), "data:");
  const char *const colon_at =
      data_line ? line.data() + 4 : detail::scan::find(line.data(), line.data() + line.size(), ':');
  const std::size_t colon = colon_at == line.data() + line.size()
                                ? std::string_view::npos
                                : static_cast<std::size_t>(colon_at - line.data());
  const std::string_view name = line.substr(0, colon);
  // Without a colon the value is empty, at the line's end (where a reported line ends too).
  std::string_view value = line.substr(line.size());
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  // [spec] Field names must be compared literally, with no case folding performed.
  if (data_line || detail::same_literal(name, "data")) {
    keep_pending_data();
    data_ascii_ = utf8::append_replacing_invalid(data_, value) && data_ascii_;
    data_.push_back('\n');
  } else if (detail::same_literal(name, "event")) {
    type_.clear();
    utf8::append_replacing_invalid(type_, value);
  } else if (detail::same_literal(name, "id")) {
    // [spec] If the field value does not contain U+0000 NULL, then set the last event ID
    // buffer to the field value. Otherwise, ignore the field.
    if (value.find('\0') == std::string_view::npos) {
      id_buffer_.clear();
      utf8::append_replacing_invalid(id_buffer_, value);
      block_id_ = true;
    }
  } else if (detail::same_literal(name, "retry")) {
    // [spec] If the field value consists of only ASCII digits, then interpret the field value
    // as an integer in base ten. An empty value has no digits to interpret, so it is ignored.
    if (!value.empty() && detail::all_ascii_digits(value))
      out.on_retry(detail::saturating_decimal(value));
    else
      out.on_ignored_field(ignored_field::invalid_retry, line, name, value);
  } else {
    // [spec] Otherwise, the field is ignored. A BOM that a server wrote again after the start
    // (each chunk or each event given one) makes the field it precedes unknown.
    if (diagnosing_ && name.substr(0, 3) == "\xEF\xBB\xBF") ++wire_.bom_lines;
    out.on_ignored_field(ignored_field::unknown_field, line, name, value);
  }
}

template <typename Handler> void parser::dispatch(Handler &out) {
  block_bytes_ = 0;
  // [spec] Set the last event ID string of the event source to the value of the last event ID
  // buffer, even when the block carries no data.
  const std::uint32_t generation = generation_;
  if (!detail::same(last_event_id_, id_buffer_)) {
    last_event_id_.assign(id_buffer_);
    out.on_last_event_id(last_event_id_.view());
    if (generation != generation_) return;
  }
  const bool with_id = block_id_;
  if (with_id) {
    block_id_ = false;
    out.on_block_id(last_event_id_.view());
    if (generation != generation_) return;
  }
  std::string_view data;
  // A pending first data line is ASCII, and while it is pending data_ holds nothing.
  const bool ascii = data_ascii_;
  data_ascii_ = true;
  if (pending_data_ != nullptr) {
    data = std::string_view(pending_data_, pending_size_);
    pending_data_ = nullptr;
  } else if (data_.empty()) {
    type_.clear();
    return;
  } else {
    data_.pop_back();
    data = data_.view();
  }
  const bool named = !type_.empty();
  const event ev{named ? type_.view() : std::string_view("message"),
                 data,
                 last_event_id_.view(),
                 ascii,
                 named,
                 with_id};
  out.on_event(ev);
  data_.clear();
  type_.clear();
}

} // namespace sse
