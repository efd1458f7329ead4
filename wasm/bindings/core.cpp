// The per-chunk boundary of the core module, as plain C exports: one call per chunk, with the
// chunk's events handed back as records that index into runs of UTF-8 text (see `batch`).
// JavaScript decodes each run with one TextDecoder call, so record lengths are in UTF-16 code
// units, ready for String.prototype.slice. ASCII text has a run of its own because Node's
// TextDecoder is several times faster on it, and LLM streams are mostly ASCII.

#include "sse/detail/buffer.hpp"
#include "sse/parser.hpp"
#include "sse/session.hpp"
#include "sse/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <utility>
#include <vector>

namespace {

enum record_kind : std::uint32_t {
  record_event = 1,
  record_retry = 2,
  record_comment = 3,
  record_error = 4,
  record_last_event_id = 5,
  record_block_id = 6, // a block with an id field ended (only when asked for)
  record_ignored = 7,  // a line the spec ignores (only when asked for)
};

// The flags of an event or comment record, in its last word. Every word JavaScript reads per
// event stays small: a typed-array element of 2^30 or more is no small integer in V8, and
// reading one costs a heap number wherever the code is not optimised for it.
enum record_flag : std::uint32_t {
  in_utf8_run = 1, // the string sits in the run of non-ASCII strings
  type_named = 2,  // the type is the next name, of the record's type length
  type_same = 4,   // the type is the last event record's; neither type flag: "message"
  block_named = 8, // the block itself set the type (an event field, even `event: message`)
  block_id = 16,   // the block itself had an id field: the last event ID is its value
};
// An ignored line's record says which field it was, and how its line joined name and value.
enum ignored_bits : std::uint32_t {
  ignored_colon = 2, // the line had a colon
  ignored_space = 4, // and a space after it
};
// A string of one ASCII character is in no run: its code is in the flags, from this bit.
constexpr unsigned char_shift = 8;

struct record {
  std::uint32_t kind;
  std::uint32_t a;
  std::uint32_t b;
  std::uint32_t c;
};

// The records of one chunk and their text, in three runs: data and comments that are ASCII,
// data and comments that are not, and event types and IDs. Types and IDs outlive their chunk
// in JavaScript (the parser keeps the current ones), so they get a small run of their own
// rather than keeping a slice of a large one, and with it the whole large one, alive.
class batch final : public sse::handler {
public:
  void clear() {
    ascii.clear();
    utf8.clear();
    names.clear();
    records.clear();
    sliced = false;
  }

  // Inlined into the parser's loops, where the type and `ascii` are often constants: called,
  // it cost a third of the time per event of a stream of small events.
  [[gnu::always_inline]] void on_event(const sse::event &ev) override {
    std::uint32_t type_length = 0;
    std::uint32_t flags = 0;
    if (!sse::detail::same_literal(ev.type, "message")) {
      if (sse::detail::same(ev.type, previous_type_)) {
        flags = type_same;
      } else {
        previous_type_.assign(ev.type);
        type_length = append_name(ev.type);
        flags = type_named;
      }
    }
    if (ev.named) flags |= block_named;
    if (ev.with_id) flags |= block_id;
    const placed data = place(ev.data, ev.ascii);
    add(record_event, type_length, data.length, flags | data.flags);
  }

  // Where the parser puts runs of plain events (type "message", ASCII data), a record each,
  // in room made once: no capacity check in memory or size update per event.
  struct sink {
    record *at;
    record *records_end;
    char *text;
    char *text_end;
    record *records_start;
    char *text_start;
    bool sliced;

    bool add(std::string_view data) {
      if (at == records_end || static_cast<std::size_t>(text_end - text) < data.size())
        return false;
      std::uint32_t flags = 0;
      if (data.size() == 1) {
        flags = one_char(data);
      } else if (!data.empty()) {
        sliced = true;
        for (const char c : data) *text++ = c;
      }
      *at++ = record{record_event, 0, static_cast<std::uint32_t>(data.size()), flags};
      return true;
    }
  };

  // Room for the whole run when the chunk is small; for a large one, room that makes the
  // run's own cost small per event, and leaves little for an idle parser to hold.
  static constexpr std::size_t run_events = 1024;
  static constexpr std::size_t run_text = std::size_t{16} << 10;

  sink plain_sink(std::size_t bytes) {
    const std::size_t events = std::min(bytes / 7 + 1, run_events);
    const std::size_t text_bytes = std::min(bytes, run_text);
    auto *const at = reinterpret_cast<record *>(records.extend(events * sizeof(record)));
    char *const text = ascii.extend(text_bytes);
    records.truncate(records.size() - events * sizeof(record));
    ascii.truncate(ascii.size() - text_bytes);
    return {at, at + events, text, text + text_bytes, at, text, sliced};
  }

  void commit(const sink &filled) {
    records.truncate(records.size() +
                     static_cast<std::size_t>(filled.at - filled.records_start) * sizeof(record));
    ascii.truncate(ascii.size() + static_cast<std::size_t>(filled.text - filled.text_start));
    sliced = filled.sliced;
  }

  void on_retry(std::uint64_t milliseconds) override {
    add(record_retry, static_cast<std::uint32_t>(milliseconds),
        static_cast<std::uint32_t>(milliseconds >> 32));
  }

  void on_comment(std::string_view comment) override {
    const placed text = place(comment, false);
    add(record_comment, text.length, 0, text.flags);
  }

  void on_error(sse::parse_error error) override {
    add(record_error, static_cast<std::uint32_t>(error));
  }

  // Also called for a seed, which JavaScript may know already.
  void on_last_event_id(std::string_view id) override {
    if (sse::detail::same(id, reported_id_)) return;
    reported_id_.assign(id);
    add(record_last_event_id, append_name(id));
  }

  void on_block_id(std::string_view id) override {
    if (report_block_ids) add(record_block_id, append_name(id));
  }

  void on_ignored_field(sse::ignored_field kind, std::string_view line, std::string_view name,
                        std::string_view value) override {
    if (!report_ignored) return;
    std::uint32_t how = static_cast<std::uint32_t>(kind);
    if (line.size() > name.size()) how |= ignored_colon;
    if (value.data() == name.data() + name.size() + 2) how |= ignored_space;
    const std::uint32_t name_length = append_name_replacing(name);
    add(record_ignored, how, name_length, append_name_replacing(value));
  }

  // After a reset the JavaScript side may not have seen the last type this side reported.
  void forget_type() { previous_type_.clear(); }

  // What only some parsers report, so that the others pay nothing for it.
  bool report_block_ids = false;
  bool report_ignored = false;

  sse::detail::buffer ascii;
  sse::detail::buffer utf8;
  sse::detail::buffer names;
  sse::detail::buffer records; // of `record`
  // Some string is in a run, so JavaScript has to decode the runs; otherwise it decodes
  // nothing, which a chunk of one-character events (counters, echoes) never needs.
  bool sliced = false;

private:
  // Built in place with one inline capacity check: pushed onto a std::vector, a record cost
  // an out-of-line call and a copy through the stack per event.
  void add(std::uint32_t kind, std::uint32_t a, std::uint32_t b = 0, std::uint32_t c = 0) {
    new (records.extend(sizeof(record))) record{kind, a, b, c};
  }

  static std::uint32_t one_char(std::string_view value) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(value[0])) << char_shift;
  }

  // A string's length in UTF-16 code units, and the flags that say where it is.
  struct placed {
    std::uint32_t length;
    std::uint32_t flags;
  };

  // One ASCII character goes in its record, which JavaScript reads anyway; other ASCII text
  // in the ASCII run, the rest in the UTF-8 run.
  placed place(std::string_view value, bool known_ascii) {
    if (!known_ascii) {
      // For valid UTF-8, as many code units as bytes means every byte is ASCII.
      const std::size_t units = sse::utf8::utf16_length(value);
      if (units != value.size()) {
        utf8.append(value);
        sliced = true;
        return {static_cast<std::uint32_t>(units), in_utf8_run};
      }
    }
    const auto length = static_cast<std::uint32_t>(value.size());
    if (length == 1) return {length, one_char(value)};
    ascii.append(value);
    sliced |= length != 0;
    return {length, 0};
  }

  std::uint32_t append_name(std::string_view value) {
    names.append(value);
    return static_cast<std::uint32_t>(sse::utf8::utf16_length(value));
  }

  // Ignored lines come as received, so they are made valid UTF-8 here.
  std::uint32_t append_name_replacing(std::string_view raw) {
    const std::size_t start = names.size();
    sse::utf8::append_replacing_invalid(names, raw);
    return static_cast<std::uint32_t>(sse::utf8::utf16_length(names.view().substr(start)));
  }

  sse::detail::buffer previous_type_;
  sse::detail::buffer reported_id_;
};

// Parsers and sessions made and not yet freed. JavaScript frees a session when its stream
// finishes, and a stream closed during a long reconnection wait must not keep one; a parser
// when its stream or its owner is done with it: tests count them.
std::uint32_t live_handles = 0;

struct instance {
  explicit instance(std::size_t max_event_size) : parser(max_event_size) { ++live_handles; }
  instance(const instance &) = delete;
  instance &operator=(const instance &) = delete;
  ~instance() { --live_handles; }
  sse::parser parser;
  batch out;
};

struct session_instance {
  explicit session_instance(sse::session_options options) : session(std::move(options)) {
    ++live_handles;
  }
  session_instance(const session_instance &) = delete;
  session_instance &operator=(const session_instance &) = delete;
  ~session_instance() { --live_handles; }
  sse::session session;
  batch out;
};

// Where JavaScript finds the outcome of the last call, without another call to ask.
struct outcome {
  const char *ascii;
  std::uint32_t ascii_size;
  const char *utf8;
  std::uint32_t utf8_size;
  const char *names;
  std::uint32_t names_size;
  const record *records;
  std::uint32_t record_count;
  std::uint32_t sliced;
};

outcome last_outcome;
std::vector<char> input;

// What a session decided, in a layout JavaScript reads as 32-bit words and one double.
struct published_decision {
  std::uint32_t what;
  std::uint32_t result;
  std::uint32_t reason;
  std::uint32_t retryable;
  double delay_ms;
};

published_decision last_decision;
sse::session_options staged;

void publish(const sse::decision &decided) {
  // A chunk that carries no news leaves an earlier decision of the same feed in place.
  if (decided.what == sse::decision::kind::none) return;
  last_decision = {
      static_cast<std::uint32_t>(decided.what), static_cast<std::uint32_t>(decided.result),
      static_cast<std::uint32_t>(decided.reason), decided.retryable ? 1u : 0u, decided.delay_ms};
}

// A header value for JavaScript to read: its UTF-8 bytes, or a size of 0 for no header.
struct published_text {
  const char *data;
  std::uint32_t size;
};

published_text last_text;

std::string_view input_text(std::uint32_t at, std::uint32_t size) {
  return {input.data() + at, size};
}

// The second run is copied right after the first, so that JavaScript may also decode both
// with one call: browsers pay mostly per TextDecoder call, Node mostly per non-ASCII byte.
void publish(batch &out) {
  const auto ascii_size = static_cast<std::uint32_t>(out.ascii.size());
  out.ascii.append(out.utf8.view());
  last_outcome = {out.ascii.data(),
                  ascii_size,
                  out.ascii.data() + ascii_size,
                  static_cast<std::uint32_t>(out.utf8.size()),
                  out.names.data(),
                  static_cast<std::uint32_t>(out.names.size()),
                  reinterpret_cast<const record *>(out.records.data()),
                  static_cast<std::uint32_t>(out.records.size() / sizeof(record)),
                  out.sliced ? 1u : 0u};
}

// A parser that held one huge chunk's events should not keep that memory while idle.
void trim(batch &out) {
  constexpr std::size_t kept = std::size_t{64} << 10;
  out.ascii.release_above(kept);
  out.utf8.release_above(kept);
  out.names.release_above(kept);
  out.records.release_above(kept);
}

} // namespace

extern "C" {

/**
 * The layout of the outcome and records; the JavaScript side checks it when loading. Defined
 * otherwise only to build a module that tests see refused.
 */
#ifndef SSE_ABI_VERSION
#define SSE_ABI_VERSION 10
#endif
std::uint32_t sse_abi_version() { return SSE_ABI_VERSION; }

outcome *sse_outcome() { return &last_outcome; }

/** Room for the next chunk; its address may move, so callers ask before each large copy. */
char *sse_input(std::uint32_t size) {
  if (input.size() < size) input.resize(size);
  return input.data();
}

instance *sse_parser_new(std::uint32_t max_event_size) {
  return new instance(max_event_size == 0 ? sse::parser::default_max_event_size : max_event_size);
}

void sse_parser_free(instance *self) { delete self; }

void sse_parser_feed(instance *self, std::uint32_t size) {
  self->out.clear();
  trim(self->out);
  self->parser.feed(std::string_view(input.data(), size), self->out);
  publish(self->out);
}

/** Asks a parser for block ID records (`what` bit 0) and ignored line records (bit 1). */
void sse_parser_report(instance *self, std::uint32_t what) {
  self->out.report_block_ids = (what & 1) != 0;
  self->out.report_ignored = (what & 2) != 0;
}

/** From the next chunk on, the parser counts what its bytes say beyond events (sse-wasm doctor). */
void sse_parser_diagnose(instance *self) { self->parser.diagnose(); }

/**
 * What the parser counted, as doubles: bytes, LF, CR and CRLF line ends, invalid UTF-8
 * sequences, the first one's offset, whether a sequence is open, lines after the start that
 * begin with a BOM, and whether the bytes end inside an event (1) or not (0).
 */
const double *sse_parser_wire(instance *self) {
  static double out[9];
  const sse::wire_report w = self->parser.wire();
  const std::uint64_t values[] = {w.bytes,
                                  w.lf,
                                  w.cr,
                                  w.crlf,
                                  w.invalid_utf8,
                                  w.first_invalid_utf8,
                                  w.utf8_incomplete,
                                  w.bom_lines,
                                  self->parser.mid_event()};
  for (std::size_t i = 0; i < 9; ++i) out[i] = static_cast<double>(values[i]);
  return out;
}

void sse_parser_reset(instance *self) {
  self->parser.reset();
  self->out.forget_type();
}

void sse_parser_set_last_event_id(instance *self, std::uint32_t size) {
  self->parser.set_last_event_id(std::string_view(input.data(), size));
  self->out.clear();
  self->out.on_last_event_id(self->parser.last_event_id());
  publish(self->out);
}

/** The decision of the last session call that decided something. */
published_decision *sse_decision() { return &last_decision; }

// A session's options are staged by the calls below, then taken by sse_session_new().

void sse_options_reset(std::uint32_t api, std::uint32_t plain_get, std::uint32_t resume,
                       double reconnection_time_ms, std::uint32_t max_event_size) {
  staged = {};
  staged.api = api == 1 ? sse::stream_api::connect : sse::stream_api::event_source;
  staged.plain_get = plain_get != 0;
  staged.resume = resume != 0;
  staged.reconnection_time_ms = static_cast<std::uint64_t>(reconnection_time_ms);
  if (max_event_size != 0) staged.max_event_size = max_event_size;
}

void sse_options_retry(std::uint32_t attempts, double initial_delay_ms, double max_delay_ms,
                       double jitter, double growth) {
  staged.retry.attempts = attempts;
  staged.retry.initial_delay_ms = initial_delay_ms;
  staged.retry.max_delay_ms = max_delay_ms;
  staged.retry.jitter = jitter;
  staged.retry.growth = growth;
}

/**
 * How a resumable stream resumes (MCP's way): bit 0 even before an event ID, bit 1 after the
 * policy's backoff unless the server sent `retry`, bit 2 only events with data are progress,
 * bit 3 the caller says when the stream is complete; at most `attempts` in a row.
 */
void sse_options_resume(std::uint32_t how, std::uint32_t attempts) {
  staged.resume_attempts = attempts;
  staged.resume_without_id = (how & 1) != 0;
  staged.resume_backoff = (how & 2) != 0;
  staged.progress_needs_data = (how & 4) != 0;
  staged.terminal_by_caller = (how & 8) != 0;
}

/** The watchdog's limits (see sse::session_options); 0: none. */
void sse_options_timeouts(double idle_timeout_ms, double response_timeout_ms) {
  staged.idle_timeout_ms = idle_timeout_ms;
  staged.response_timeout_ms = response_timeout_ms;
}

void sse_options_retry_status(std::uint32_t status) {
  staged.retry.statuses.push_back(static_cast<std::uint16_t>(status));
}

/** The terminal data and the terminal type, one after the other in input. */
void sse_options_terminal(std::uint32_t data_size, std::uint32_t type_size) {
  staged.terminal_data.assign(input_text(0, data_size));
  staged.terminal_types.assign(input_text(data_size, type_size));
}

session_instance *sse_session_new() {
  auto *self = new session_instance(std::move(staged));
  staged = {};
  return self;
}

void sse_session_set_last_event_id(session_instance *self, std::uint32_t size) {
  self->session.seed_last_event_id(input_text(0, size));
  self->out.clear();
  self->out.on_last_event_id(self->session.last_event_id());
  publish(self->out);
}

void sse_session_free(session_instance *self) { delete self; }

/** How many parsers and sessions are made and not freed, typed ones included. */
std::uint32_t sse_live_handles() { return live_handles; }

void sse_session_start(session_instance *self, double now) { self->session.start(now); }

/** The Content-Type and Retry-After values, one after the other in input. */
void sse_session_response(session_instance *self, std::uint32_t status, std::uint32_t type_size,
                          std::uint32_t retry_after_size, double now, double random) {
  const sse::response_info response{static_cast<std::uint16_t>(status), input_text(0, type_size),
                                    input_text(type_size, retry_after_size)};
  publish(self->session.on_response(response, now, random));
}

void sse_session_chunk(session_instance *self, std::uint32_t size, double now) {
  self->out.clear();
  trim(self->out);
  publish(self->session.on_chunk(input_text(0, size), now, self->out));
  publish(self->out);
}

void sse_session_end(session_instance *self, double now, double random) {
  publish(self->session.on_end(now, random));
}

void sse_session_network_error(session_instance *self, double now, double random) {
  publish(self->session.on_network_error(now, random));
}

/** How long the caller may wait for the response or the next chunk; 0: no limit. */
double sse_session_watchdog_ms(session_instance *self) { return self->session.watchdog_ms(); }

void sse_session_watchdog(session_instance *self, double now, double random) {
  publish(self->session.on_watchdog(now, random));
}

void sse_session_sent(session_instance *self, double now) { self->session.on_sent(now); }

void sse_session_wake(session_instance *self, double now, double away_since) {
  publish(self->session.on_wake(now, away_since));
}

void sse_session_abort(session_instance *self) { publish(self->session.on_abort()); }

void sse_session_terminal(session_instance *self) { publish(self->session.on_terminal()); }

/** The Last-Event-ID header to send with the next request; a size of 0 means none. */
const published_text *sse_session_request_header(session_instance *self) {
  const std::string_view id = self->session.request_last_event_id();
  last_text = {id.data(), static_cast<std::uint32_t>(id.size())};
  return &last_text;
}

/** Time to first byte, to first event, and the largest gap between chunks, as doubles. */
const sse::stream_timing *sse_session_timing(session_instance *self) {
  return &self->session.timing();
}

} // extern "C"
