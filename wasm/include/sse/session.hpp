#pragma once

// The connection policy of one logical stream, sans I/O: it is told what happened (a response,
// a chunk of the body, its end, a network error, an idle timeout, an abort) and when, and it
// answers with what to do next. It never reads a clock or a socket, so every decision can be
// tested with a fake clock, and the JavaScript shim that performs the decisions holds no
// policy of its own.

#include "sse/parser.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sse {

/** Which API the stream serves: the two differ in what a clean end of the body means. */
enum class stream_api : std::uint8_t {
  event_source, // reconnects on a clean end (GET) or fails the connection
  connect,      // a clean end completes the stream, or leaves it incomplete
};

/**
 * When a failure before the first event is tried again: a listed status, or a network error.
 * Attempt n (1-based) waits min(max_delay, initial_delay * growth^(n-1)), varied by up to
 * ±jitter of itself, or the server's `Retry-After` when that is longer.
 */
struct retry_policy {
  std::vector<std::uint16_t> statuses;
  std::uint32_t attempts = 0; // retries after the first request; 0 means no retry
  double initial_delay_ms = 1000;
  double max_delay_ms = 30000;
  double jitter = 0; // from 0 to 1
  double growth = 2; // each attempt's delay over the one before
};

struct session_options {
  stream_api api = stream_api::event_source;
  /** A GET without a body: the only request the spec lets a client send again unasked. */
  bool plain_get = true;
  retry_policy retry;
  /** After a cut, ask for the rest of the stream with `Last-Event-ID` instead of ending. */
  bool resume = false;
  /** Resume even before any event ID arrived: a stream the server may end at any time. */
  bool resume_without_id = false;
  /**
   * A resumption waits the retry policy's backoff for its attempt, as MCP clients do, unless
   * the server sent a `retry` field (otherwise it waits the reconnection time); and a resumption
   * request that fails transiently (a network error, 408, 429, 5xx) is tried again on the count.
   */
  bool resume_backoff = false;
  /**
   * Only an event with data is progress that gives the resumptions their attempts back; an
   * event of an ID alone (MCP's priming event) is not, so a server that sends nothing else
   * cannot keep a client reconnecting.
   */
  bool progress_needs_data = false;
  /** The caller says when the stream is complete (terminal()), so a clean end is a cut. */
  bool terminal_by_caller = false;
  /**
   * A provider that sends no terminal marker (Gemini): the stream is complete when its body
   * ends cleanly after the decoder saw the answer's end (on_answer_end()), and a cut otherwise.
   */
  bool end_after_answer = false;
  /** Resumptions in a row without progress; 0: the retry policy's attempts, or 5 without. */
  std::uint32_t resume_attempts = 0;
  /** [spec] The reconnection time starts at an implementation-defined value; 3 s as WebKit. */
  std::uint64_t reconnection_time_ms = 3000;
  /** The data of an event that ends the stream and is consumed, such as `[DONE]`. */
  std::string terminal_data;
  /**
   * The types of the events that end the stream and are delivered, one per line, such as
   * `message_stop`, or `response.completed` and `response.incomplete`.
   */
  std::string terminal_types;
  std::size_t max_event_size = parser::default_max_event_size;
  /**
   * No byte, comment included, for this long while the response or the body is awaited is a
   * cut (`idle_timeout`); 0: no limit.
   */
  double idle_timeout_ms = 0;
  /**
   * The response's head not there this long after a request was sent is a failure of its own
   * (`response_timeout`), and before the head it replaces `idle_timeout_ms`; 0: no limit.
   */
  double response_timeout_ms = 0;
};

/** How a stream ended. */
enum class outcome : std::uint8_t {
  completed,  // the terminal marker was seen, or the body ended cleanly with none in force
  incomplete, // the body ended or broke after the response was accepted, without the marker
  failed,     // a refused response, a failure the policy did not retry, or retries used up
  aborted,    // the caller aborted
};

/** Why a stream failed or was cut. */
enum class failure : std::uint8_t {
  none,
  network,      // the request or the body failed
  status,       // a status other than 200
  content_type, // a Content-Type whose essence is not text/event-stream
  ended,        // the body ended without the terminal marker
  idle_timeout, // the caller's watchdog saw no byte for its idle timeout
  aborted,
  in_band,          // the provider reported an error inside a stream it had answered with 200
  response_timeout, // no response head within the response timeout
  stale,            // the page woke, and the body had said nothing since it went away
};

struct decision {
  enum class kind : std::uint8_t {
    none,      // carry on
    open,      // the response is accepted: announce the connection, read the body
    reconnect, // wait delay_ms, then send the request again (see request_last_event_id())
    finish,    // the stream is over: stop reading, report `result`
    send_now,  // the wait before the reconnection already decided is over: send it now
  };
  kind what = kind::none;
  double delay_ms = 0;
  outcome result = outcome::completed;
  /** For a finish that is not a completion, and for a reconnect: what went wrong. */
  failure reason = failure::none;
  /** For a finish on a failure: whether trying again later might succeed. */
  bool retryable = false;
};

/** What the response said, as the fetch layer saw it. */
struct response_info {
  std::uint16_t status = 0;
  std::string_view content_type;
  std::string_view retry_after; // the header's value, empty when absent
};

/** When the stream's milestones happened, in the caller's milliseconds; -1 when not yet. */
struct stream_timing {
  double first_byte_ms = -1;  // from the first request to the first byte of a body
  double first_event_ms = -1; // from the first request to the first event delivered
  double largest_gap_ms = 0;  // between two chunks of the same body
};

class session {
public:
  explicit session(session_options options);

  /** The first request is about to be sent, at `now` (milliseconds, any fixed origin). */
  void start(double now) noexcept;

  decision on_response(const response_info &response, double now, double random);

  /**
   * A chunk of the accepted body. Events go to `out` until a terminal marker, after which the
   * decision is to finish and the rest of the chunk is dropped.
   */
  template <typename Handler> decision on_chunk(std::string_view bytes, double now, Handler &out);

  /** The body ended without an error. */
  decision on_end(double now, double random);

  /** The request failed before a response, or the body broke. */
  decision on_network_error(double now, double random);

  /**
   * How long the caller's watchdog may now wait for the response or the next chunk before it
   * calls on_watchdog(): the response timeout while a head is awaited, the idle timeout
   * otherwise; 0 when nothing is watched.
   */
  double watchdog_ms() const noexcept;

  /**
   * The caller's watchdog fired: watchdog_ms() passed with no byte, comment included. Before
   * the head it is a `response_timeout` when one is set, an `idle_timeout` otherwise.
   */
  decision on_watchdog(double now, double random);

  /**
   * The request of a reconnection is sent, its wait over. A response, a network error or the
   * watchdog after a reconnection also say so, for a caller that does not report sends.
   */
  void on_sent(double now) noexcept;

  /**
   * The page came back (visible again, or online again) after it went away at `away_since`:
   * a reconnection being waited for is sent now (send_now); a body that has said nothing since
   * `away_since` is taken for dead (`stale`) when it may be asked for again (a GET
   * EventSource, or a resumable stream) and reconnected at once; anything else carries on.
   */
  decision on_wake(double now, double away_since);

  /** The caller asked the stream to stop. */
  decision on_abort();

  /** The caller's own terminal matcher accepted the event just delivered. */
  decision on_terminal();

  /**
   * A decoder saw the answer end (a finish reason) in the body being read: with
   * `end_after_answer`, the body's clean end completes the stream.
   */
  void on_answer_end() noexcept { answer_ended_ = state_ == state::open; }

  /**
   * A decoder saw the provider's error event; `retryable` when its code says transient. Called
   * from the handler of on_chunk(), it ends the stream at that event: on_chunk() returns the
   * decision, and the rest of the chunk is dropped.
   */
  decision on_in_band_error(bool retryable);

  /** Seeds the last event ID, e.g. to resume a stream another session began. */
  void seed_last_event_id(std::string_view id) { parser_.set_last_event_id(id); }

  /** The Last-Event-ID header for the next request; empty when none is sent. */
  std::string_view request_last_event_id() const noexcept { return parser_.last_event_id(); }

  std::string_view last_event_id() const noexcept { return parser_.last_event_id(); }
  std::uint64_t reconnection_time_ms() const noexcept { return reconnection_time_ms_; }
  const stream_timing &timing() const noexcept { return timing_; }
  bool finished() const noexcept { return state_ == state::finished; }
  /** Requests sent so far, the first one included. */
  std::uint32_t requests() const noexcept { return requests_; }

private:
  // waiting: for the delay of a reconnection, before its request is sent.
  enum class state : std::uint8_t { idle, waiting, awaiting_response, open, finished };

  template <typename Handler> class relay;

  decision cut(failure reason, double random);
  decision failure_before_event(failure reason, std::uint16_t status, double retry_after_ms,
                                double random);
  decision reconnect(double delay_ms, failure reason);
  decision finish(outcome result, failure reason, bool retryable = false);
  double backoff(std::uint32_t attempt, double random) const noexcept;
  double resume_delay(double random) const noexcept;
  std::uint32_t resume_cap() const noexcept;
  decision resume_again(failure reason, double random, bool at_once = false);
  bool may_retry(std::uint16_t status) const noexcept;
  bool awaiting_response() noexcept;
  bool may_resume() const noexcept;

  session_options options_;
  parser parser_;
  stream_timing timing_;
  std::uint64_t reconnection_time_ms_;
  state state_ = state::idle;
  double started_at_ = 0;
  double last_chunk_at_ = -1; // of the current body
  double last_heard_at_ = 0;  // the current body's response or last chunk
  std::uint32_t requests_ = 0;
  std::uint32_t retries_ = 0;         // failures before an event, tried again
  std::uint32_t resumes_in_vain_ = 0; // resumptions since the last event
  bool event_seen_ = false;           // by the logical stream, over all its connections
  bool retry_field_seen_ = false;     // the server set the reconnection time
  bool resuming_ = false;             // the request in flight asks for the rest of the stream
  bool answer_ended_ = false;         // in the body being read (end_after_answer)
  decision finished_with_;            // the decision that finished the stream
};

/** Whether `name` is one of the lines of `lines` (names separated by LF). */
inline bool names_line(std::string_view lines, std::string_view name) noexcept {
  while (!lines.empty()) {
    const std::size_t end = lines.find('\n');
    if (lines.substr(0, end) == name) return true;
    if (end == std::string_view::npos) break;
    lines.remove_prefix(end + 1);
  }
  return false;
}

/** The essence of a Content-Type value, compared as the MIME Sniffing standard says. */
bool is_event_stream(std::string_view content_type) noexcept;

/**
 * A Retry-After value in milliseconds from `now_epoch_ms`: delay-seconds or an IMF-fixdate.
 * Returns -1 when the value is absent or not understood.
 */
double retry_after_ms(std::string_view value, double now_epoch_ms) noexcept;

// Forwards the parser's callbacks to the caller's handler, noting what the policy needs:
// the reconnection time, the first event, and the terminal marker.
template <typename Handler> class session::relay final {
public:
  relay(session &self, Handler &out, double now) : self_(self), out_(out), now_(now) {}

  void on_event(const event &ev) {
    if (self_.finished()) return;
    const bool terminal_data =
        !self_.options_.terminal_data.empty() && ev.data == self_.options_.terminal_data;
    const bool terminal_type = names_line(self_.options_.terminal_types, ev.type);
    if (!terminal_data) {
      note_event(ev);
      out_.on_event(ev);
    }
    if (terminal_data || terminal_type) {
      ended = true;
      self_.parser_.reset();
    }
  }
  void on_retry(std::uint64_t milliseconds) {
    if (self_.finished()) return;
    // [spec] The field sets the event stream's reconnection time.
    self_.reconnection_time_ms_ = milliseconds;
    self_.retry_field_seen_ = true;
    out_.on_retry(milliseconds);
  }
  void on_comment(std::string_view text) {
    if (!self_.finished()) out_.on_comment(text);
  }
  void on_error(parse_error error) {
    if (!self_.finished()) out_.on_error(error);
  }
  void on_last_event_id(std::string_view id) {
    if (!self_.finished()) out_.on_last_event_id(id);
  }
  void on_block_id(std::string_view id) {
    if (!self_.finished()) out_.on_block_id(id);
  }
  void on_ignored_field(ignored_field kind, std::string_view line, std::string_view name,
                        std::string_view value) {
    if (!self_.finished()) out_.on_ignored_field(kind, line, name, value);
  }

  bool ended = false;

private:
  void note_event(const event &ev) {
    if (self_.timing_.first_event_ms < 0) self_.timing_.first_event_ms = now_ - self_.started_at_;
    self_.event_seen_ = true;
    self_.retries_ = 0;
    if (!self_.options_.progress_needs_data || !ev.data.empty()) self_.resumes_in_vain_ = 0;
  }

  session &self_;
  Handler &out_;
  double now_;
};

template <typename Handler>
decision session::on_chunk(std::string_view bytes, double now, Handler &out) {
  if (state_ != state::open) return {};
  if (timing_.first_byte_ms < 0) timing_.first_byte_ms = now - started_at_;
  if (last_chunk_at_ >= 0 && now - last_chunk_at_ > timing_.largest_gap_ms)
    timing_.largest_gap_ms = now - last_chunk_at_;
  last_chunk_at_ = now;
  last_heard_at_ = now;
  relay<Handler> forward(*this, out, now);
  parser_.feed(bytes, forward);
  if (forward.ended) return finish(outcome::completed, failure::none);
  // The handler ended the stream at an event (on_in_band_error()).
  if (state_ == state::finished) return finished_with_;
  return {};
}

} // namespace sse
