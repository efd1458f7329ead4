#pragma once

// The C++ client: a logical event stream over HTTP, as the JavaScript connect() runs it, for
// C++ programs. It performs what the sans-I/O session (sse/session.hpp) decides: the same
// policy, the same outcomes. The I/O is a transport's: in a program built with Emscripten,
// the browser's (or Node's) fetch() through the js-library this target carries; elsewhere, or
// in tests, any `transport` the program gives.
//
//   sse::client::stream s = sse::client::connect(
//       {.url = "/v1/chat/completions", .method = "POST", .body = request_json},
//       {.on_event = [](const sse::event &e) { show(e.data); },
//        .on_finish = [](const sse::client::result &r) { done(r.state); }});
//
// Everything runs on the thread that called connect(), from the event loop: callbacks are
// never called from inside connect() and never after the stream handle is destroyed.

#include "sse/parser.hpp"
#include "sse/session.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sse::client {

/** connect()'s `retry: true`: 429 and the gateway statuses, three times, from 1 s doubling. */
retry_policy default_retry();

/** What ends a stream as completed; absent data and event: a clean end of the body does. */
struct terminal_marker {
  std::string data;  // an event whose data is this ends the stream and is not delivered
  std::string event; // event types that end the stream and are delivered, one per line
  /** The caller's own test, run on each event delivered; a clean end before a match is a cut. */
  std::function<bool(const sse::event &)> match;
};

struct request {
  std::string url;
  std::string method = "GET";
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::string> body;
  std::string credentials = "same-origin"; // fetch()'s: omit, same-origin or include
  /** Failures before the first event tried again; none when absent (see default_retry()). */
  std::optional<retry_policy> retry;
  /** After a cut, ask for the rest of the stream with Last-Event-ID (`resume: 'last-event-id'`). */
  bool resume = false;
  /** Absent: the decoder's markers (typed streams), or none. */
  std::optional<terminal_marker> terminal;
  /** No byte for this long, while the response or the body is awaited, is a cut; 0: none. */
  double idle_timeout_ms = 0;
  /**
   * No response head this long after a request is sent fails it as `response_timeout` (tried
   * again as a network error would be); before the head it replaces idle_timeout_ms. 0: none.
   */
  double response_timeout_ms = 0;
  /** Sent as Last-Event-ID on the first request: the rest of a stream another session began. */
  std::string last_event_id;
  std::size_t max_event_size = parser::default_max_event_size;
};

/** Why a stream failed or was cut, as the JavaScript SseError says it. */
struct error {
  failure kind = failure::none;
  std::string message;
  /** Whether trying again later might succeed. */
  bool retryable = false;
  /** For `status` and `content_type`: the response's. */
  std::uint16_t status = 0;
  std::string status_text;
  std::string content_type;
  /**
   * For `status` and `content_type`: the start of a text, JSON or XML body (4 KiB, read for
   * 1 s at most), such as a provider's JSON error, as SseError's `bodyPreview`.
   */
  std::string body_preview;
  /** For `in_band`: the provider's error code; its words are the message. */
  std::string code;
};

/** The kind's name in the JavaScript API: `network`, `content-type`, `in-band`, ... */
std::string_view name_of(failure kind) noexcept;
std::string_view name_of(outcome state) noexcept;

struct result {
  outcome state = outcome::completed;
  std::optional<error> failure;
  std::string last_event_id;
  stream_timing timing;
};

/** The response that opened the stream. Views valid during the call. */
struct response_head {
  std::uint16_t status = 0;
  std::string_view url; // after redirects; reconnections go there
  std::string_view content_type;
};

struct callbacks {
  std::function<void(const response_head &)> on_open;
  std::function<void(const event &)> on_event;
  std::function<void(std::string_view)> on_comment;
  /** An event larger than max_event_size was dropped; the stream goes on. */
  std::function<void(parse_error)> on_error;
  /** A cut or a failure that the stream tries again after `delay_ms`. */
  std::function<void(const error &, double delay_ms)> on_reconnecting;
  /** Called once, unless the handle was destroyed first. */
  std::function<void(const result &)> on_finish;
};

/** The transport's two timers of a stream. */
enum class timer : std::uint8_t { idle, reconnect };

/** A request as the transport sends it: the caller's headers, and the stream's. */
struct outgoing {
  std::string_view method;
  std::string_view url;
  const std::vector<std::pair<std::string, std::string>> &headers;
  const std::optional<std::string> &body;
  std::string_view credentials;
  /** Bytes for the Last-Event-ID header (one character per byte); empty: no header. */
  std::string_view last_event_id;
};

/**
 * Where the stream's I/O happens. The client calls these; the transport answers through the
 * functions of `report` below, with the stream's id, from its event loop (never from inside one
 * of these calls). After cancel(), no report of that request may arrive; after done(), none at
 * all. One transport may carry any number of streams.
 */
class transport {
public:
  virtual ~transport() = default;
  /** Sends a request; answers with report::response() or report::network_error(). */
  virtual void fetch(std::uint32_t stream, const outgoing &request) = 0;
  /** Reads the next piece of the body: report::chunk(), end() or network_error(). */
  virtual void read(std::uint32_t stream) = 0;
  /**
   * Reads the start of a refused response's body for its error: up to 4 KiB of a text, JSON or
   * XML body within 1 s, as UTF-8; report::preview() with what was read, empty for none.
   */
  virtual void preview(std::uint32_t stream) = 0;
  /** Stops the request in flight and its body. */
  virtual void cancel(std::uint32_t stream) = 0;
  /** Arms a timer, replacing the armed one of that kind: report::timer() when it fires. */
  virtual void set_timer(std::uint32_t stream, timer which, double ms) = 0;
  virtual void clear_timer(std::uint32_t stream, timer which) = 0;
  /** The stream is over: what the transport holds for it can go. */
  virtual void done(std::uint32_t stream) = 0;
  /** Milliseconds since the epoch (Retry-After dates need it). */
  virtual double now() = 0;
  /** A number in [0, 1), for the retry policy's jitter. */
  virtual double random() = 0;
};

/**
 * What the transport tells a stream. A report for a stream whose handle is gone, or that is
 * not waiting for it, is dropped.
 */
namespace report {
void response(std::uint32_t stream, std::uint16_t status, std::string_view status_text,
              std::string_view content_type, std::string_view retry_after, std::string_view url);
void chunk(std::uint32_t stream, std::string_view bytes);
void preview(std::uint32_t stream, std::string_view text);
void end(std::uint32_t stream);
void network_error(std::uint32_t stream, std::string_view message);
void timer(std::uint32_t stream, client::timer which);
/** The program's own signal (an AbortSignal) stopped the stream, as stream::abort() does. */
void abort(std::uint32_t stream);
} // namespace report

/**
 * What a stream's events go through: the plain form hands them to the callbacks, the typed
 * form decodes them. Given the stream's control when it starts.
 */
class sink : public handler {
public:
  /** The stream's session, for a sink that ends the stream at an event (on_in_band_error()). */
  session *owner = nullptr;
  /** The sink tells the session when the answer ended (on_answer_end()): see session.hpp. */
  bool end_after_answer = false;
  /** After each chunk's events. */
  virtual void after_chunk() {}
  /** The stream ended: `r` is what on_finish gets. */
  virtual void finish(const result &r) = 0;
  /** The cut or failure that the stream will try again after `delay_ms`. */
  virtual void reconnecting(const error &e, double delay_ms) = 0;
  virtual void open(const response_head &head) = 0;
  /** A provider's error event that ended the stream: its code and words, for the error. */
  void in_band(std::string code, std::string said) {
    in_band_code = std::move(code);
    in_band_said = std::move(said);
  }
  std::string in_band_code;
  std::string in_band_said;
};

/** A running stream. Move-only; destroying it stops the stream and calls nothing more. */
class stream {
public:
  stream() noexcept = default;
  explicit stream(std::uint32_t id) noexcept : id_(id) {}
  stream(stream &&other) noexcept : id_(std::exchange(other.id_, 0)) {}
  stream &operator=(stream &&other) noexcept;
  stream(const stream &) = delete;
  stream &operator=(const stream &) = delete;
  ~stream();

  /** Stops the stream: on_finish gets `aborted`, unless it finished already. */
  void abort();
  /** Whether the stream still runs. */
  bool running() const;
  /** The id the transport knows the stream by; 0 for an empty handle. */
  std::uint32_t id() const noexcept { return id_; }
  std::string last_event_id() const;
  stream_timing timing() const;

private:
  std::uint32_t id_ = 0;
};

/** Starts a stream over `through`, which must outlive it. */
stream connect(transport &through, request what, std::unique_ptr<sink> events);
stream connect(transport &through, request what, callbacks on);

#ifdef __EMSCRIPTEN__
/** The fetch() transport of the js-library `sse_client.js`. */
transport &browser();
/** Starts a stream over fetch(). */
stream connect(request what, callbacks on);
#endif

/** How many streams exist (running, or finished with their handle alive). */
std::size_t live_streams();

} // namespace sse::client
