#pragma once

#include "sse/detail/buffer.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sse {

/** One dispatched event. The views stay valid only during the handler call. */
struct event {
  std::string_view type;          ///< the `event` field, or "message" when it was absent or empty
  std::string_view data;          ///< the data lines joined with LF, the trailing LF removed
  std::string_view last_event_id; ///< the stream's last event ID string at dispatch time
  bool ascii = false;             ///< every byte of data is ASCII (false: not known)
  bool named = false;             ///< the block itself set the type (a non-empty `event` field)
  bool with_id = false; ///< the block itself had a valid `id` field: last_event_id is its value
};

/** What went wrong in the stream. Parsing always goes on after an error. */
enum class parse_error : std::uint8_t {
  event_too_large, ///< one event block passed max_event_size bytes; the block was discarded
};

/** A line the spec ignores. Reported for diagnostics only: the events stay as the spec says. */
enum class ignored_field : std::uint8_t {
  invalid_retry, ///< a `retry` field whose value is empty or not all ASCII digits
  unknown_field, ///< a field other than `event`, `data`, `id` and `retry`
};

/**
 * What a stream's bytes say about the server that wrote them, beyond its events: counted while
 * parser::diagnose() is on, for `sse-wasm doctor`. Each is a thing a client copes with today and
 * another client, or a proxy, may not.
 */
struct wire_report {
  std::uint64_t bytes = 0;
  std::uint64_t lf = 0, cr = 0, crlf = 0; ///< line ends of each kind
  std::uint64_t invalid_utf8 = 0;         ///< sequences a UTF-8 decoder replaces with U+FFFD
  std::uint64_t first_invalid_utf8 = 0;   ///< the byte offset of the first one
  bool utf8_incomplete = false;           ///< the bytes so far end inside a sequence
  /** Lines after the stream's start that begin with U+FEFF: their field is lost (unknown). */
  std::uint64_t bom_lines = 0;
};

/** Receives what the parser finds, in stream order. All text is valid UTF-8. */
class handler {
public:
  virtual ~handler() = default;
  virtual void on_event(const event &ev) = 0;
  /** A valid `retry` field (ASCII digits only); saturates at UINT64_MAX. */
  virtual void on_retry(std::uint64_t milliseconds) { static_cast<void>(milliseconds); }
  /** A comment line, without its leading ':'. */
  virtual void on_comment(std::string_view text) { static_cast<void>(text); }
  virtual void on_error(parse_error error) { static_cast<void>(error); }
  /** The last event ID string changed; called before the event of the block, if any. */
  virtual void on_last_event_id(std::string_view id) { static_cast<void>(id); }
  /**
   * A block that had a valid `id` field ended, with or without data; called with the field's
   * value after on_last_event_id() and before the block's event.
   */
  virtual void on_block_id(std::string_view id) { static_cast<void>(id); }
  /**
   * A line the spec ignores, as received: `name` and `value` are views into `line` (the value
   * without the one space that may follow the colon), and none of them is checked as UTF-8.
   */
  virtual void on_ignored_field(ignored_field kind, std::string_view line, std::string_view name,
                                std::string_view value) {
    static_cast<void>(kind);
    static_cast<void>(line);
    static_cast<void>(name);
    static_cast<void>(value);
  }
};

/**
 * An incremental `text/event-stream` parser following the WHATWG HTML rules for parsing and
 * interpreting an event stream. Chunks of any size produce the same events, each as soon as
 * its blank line arrives. Sans-I/O: no clock, no allocation beyond the current event.
 *
 * The size limit counts the bytes of one event block's lines, each line end as one byte
 * (CRLF included, so that the count never depends on where a chunk ends).
 *
 * A handler callback may call reset() or end(): feed() then returns without looking at the
 * rest of the chunk, and no further callback runs for it. A feed() from inside a callback is
 * refused. Unlike the spec's fresh stream, a reset parser starts its last event ID buffer
 * from the kept last event ID, as Chromium does, so a resumed stream's events carry it.
 */
class parser {
public:
  static constexpr std::size_t default_max_event_size = std::size_t{16} << 20;

  explicit parser(std::size_t max_event_size = default_max_event_size) noexcept;

  /**
   * Parses the next chunk. Returns false, taking nothing, when called from a callback.
   * `Handler` is `handler` or any type with its member functions; a final class of its own
   * lets every callback be inlined.
   *
   * A handler type that stores events in bulk may also take the commonest event (type
   * "message", one line of ASCII data, the last event ID unchanged) without a call per event:
   * given `plain_sink(std::size_t bytes)`, the parser gets a sink from it before a run of such
   * events, calls `bool sink.add(std::string_view data)` for each, then `commit(sink)`. A run
   * of `bytes` bytes holds at most `bytes / 7 + 1` events and `bytes` bytes of data, so the sink
   * can make room once; `add` returns false when it is full, and that event goes the usual
   * way. Nothing else is called in between, and nothing may reset the parser.
   */
  template <typename Handler> bool feed(std::string_view bytes, Handler &out);

  /** End of a body: an unfinished event is discarded, the last event ID is kept. */
  void end() noexcept { reset(); }

  /** Back to the start state (a BOM may come again), keeping the last event ID. */
  void reset() noexcept;

  /** The last event ID string, as committed by the last block that finished. */
  std::string_view last_event_id() const noexcept { return last_event_id_; }

  /** Seeds the last event ID, e.g. when resuming a stream. Invalid UTF-8 is replaced. */
  void set_last_event_id(std::string_view id);

  std::size_t max_event_size() const noexcept { return max_event_size_; }

  /** Counts the wire_report from the next chunk on. Off, it costs one test per chunk. */
  void diagnose() noexcept { diagnosing_ = true; }

  /** What diagnose() counted so far; a CR at the end of the bytes counts as a line end. */
  wire_report wire() const noexcept;

  /**
   * Whether the bytes so far end inside an event: a data line or a block with data is pending,
   * whose event a clean end of the body would discard. A pending comment is no event.
   */
  bool mid_event() const noexcept;

private:
  template <typename Handler> void feed_chunk(std::string_view bytes, Handler &out);
  template <typename Handler> void feed_body(const char *p, const char *end, Handler &out);
  template <typename Handler>
  const char *take_plain_events(const char *p, const char *end, Handler &out);
  struct plain_event;
  static bool find_plain_event(const char *p, const char *end, std::size_t max_event_size,
                               plain_event &found) noexcept;
  template <typename Handler> void take_line(const char *p, std::size_t fresh, Handler &out);
  template <typename Handler> void process_field(std::string_view line, Handler &out);
  bool pend_first_data_line(const char *p, std::size_t size) noexcept;
  void pend_line(const char *p, std::size_t size);
  bool line_pending() const noexcept { return !line_.empty() || streamed_at_ != not_streamed; }
  template <typename Handler> void dispatch(Handler &out);
  template <typename Handler> void overflow(Handler &out);
  void keep_pending_data();
  void clear_block() noexcept;
  void release_idle_memory() noexcept;
  void inspect(std::string_view bytes) noexcept;

  detail::buffer line_;                // a line whose end has not arrived yet
  detail::buffer data_;                // the data buffer, valid UTF-8
  detail::buffer type_;                // the event type buffer, valid UTF-8
  detail::buffer id_buffer_;           // the last event ID buffer, valid UTF-8
  detail::buffer last_event_id_;       // the source's last event ID string
  detail::buffer scratch_;             // a comment, made valid UTF-8
  const char *pending_data_ = nullptr; // the event's only data line so far, in the chunk
  std::size_t pending_size_ = 0;
  // A data line whose end is in a later chunk goes straight into data_, from streamed_at_ on,
  // so the value of a large event is copied once and checked as UTF-8 when its end arrives.
  static constexpr std::size_t not_streamed = static_cast<std::size_t>(-1);
  std::size_t streamed_at_ = not_streamed;
  std::size_t streamed_bytes_ = 0; // the streamed line's bytes so far, its field name included
  std::size_t max_event_size_;
  std::size_t block_bytes_ = 0;  // bytes of the current block's completed lines
  std::uint32_t generation_ = 0; // bumped by reset(), so feed() notices it from a callback
  std::uint8_t bom_matched_ = 0; // bytes of a leading BOM seen so far
  bool at_start_ = true;         // no byte of this body has been taken yet
  bool skip_lf_ = false;         // the last line ended with CR: an LF right after it is skipped
  bool discarding_ = false;      // the block passed the size limit; skip it to its blank line
  bool discarded_line_ = false;  // while discarding: the current line has content
  bool data_ascii_ = true;       // every byte in data_ is ASCII
  bool block_id_ = false;        // the current block had a valid id field
  bool feeding_ = false;         // inside feed(), so a callback's feed() is refused

  // diagnose(): the counts, and the decoder states that span chunks.
  wire_report wire_;
  bool diagnosing_ = false;
  bool wire_cr_ = false;           // the last byte inspected was a CR
  std::uint8_t utf8_needed_ = 0;   // continuation bytes the open sequence still needs
  std::uint8_t utf8_lower_ = 0x80; // the range of the next continuation byte
  std::uint8_t utf8_upper_ = 0xBF;
};

} // namespace sse

#include "sse/parser_impl.hpp"
