// The session through a whole life that the input writes: its options, then responses (statuses,
// types, Retry-After values), chunks, cuts, the watchdog (idle and response timeouts), sends,
// the page waking, aborts, a caller's terminal, a provider's error from inside a chunk, clock
// steps and random numbers. On every step: a finished stream says and delivers nothing more;
// only a plain GET EventSource is sent again unasked (a wake included); every delay is a number
// within the policy's bounds; a response timeout is only reported when one is set, and only
// before a head; a wake sends sooner only a reconnection that waits; the Last-Event-ID to send
// is the last event ID the parser committed; the request count is what the decisions said.

#include "sse/session.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

// Reads the input a byte at a time; past its end, zeros.
class input {
public:
  input(const std::uint8_t *data, std::size_t size) : data_(data), size_(size) {}
  bool done() const { return at_ >= size_; }
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::string_view bytes(std::size_t n) {
    n = std::min(n, size_ - std::min(at_, size_));
    const std::string_view out(reinterpret_cast<const char *>(data_) + at_, n);
    at_ += n;
    return out;
  }

private:
  const std::uint8_t *data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

struct life;

// What the parser delivers, and what a caller's handler may do from inside a chunk.
struct watcher final : sse::handler {
  void on_event(const sse::event &ev) override;
  void on_last_event_id(std::string_view id) override { last_event_id.assign(id); }

  life *owner = nullptr;
  std::string last_event_id;
  std::uint32_t events = 0;
};

struct life {
  sse::session_options options;
  sse::session *session = nullptr;
  input *in = nullptr;
  bool finished = false;
  std::uint32_t reconnects = 0;
  std::uint32_t sends = 1; // requests reported sent; a response or a failure says so too
  std::uint64_t largest_retry_field = 0;
  bool event_seen = false;

  // Checks a decision against everything the session promised.
  void check(const sse::decision &d) {
    using kind = sse::decision::kind;
    if (finished && d.what != kind::none) std::abort();
    if (d.what == kind::finish) finished = true;
    if (finished != session->finished()) std::abort();
    if (d.reason == sse::failure::response_timeout && options.response_timeout_ms == 0)
      std::abort();
    if (d.what != kind::reconnect) return;
    ++reconnects;
    const bool plain_get = options.api == sse::stream_api::event_source && options.plain_get;
    if (!plain_get && options.retry.attempts == 0 && !options.resume) std::abort();
    // Without resume, only a failure before any event is tried again, and not a clean end.
    if (!plain_get && !options.resume && event_seen) std::abort();
    if (!(d.delay_ms >= 0) || std::isnan(d.delay_ms)) std::abort();
    const auto reconnection = static_cast<double>(session->reconnection_time_ms());
    if (d.delay_ms > options.retry.max_delay_ms && d.delay_ms != reconnection) std::abort();
  }
};

void watcher::on_event(const sse::event &ev) {
  if (owner->finished || owner->session->finished()) std::abort();
  ++events;
  owner->event_seen = true;
  if (ev.last_event_id != last_event_id) std::abort();
  // A caller ends the stream here now and then: its own terminal, or a provider's error.
  const std::uint8_t what = owner->in->byte();
  if (what == 0xF0) owner->session->on_terminal();
  if (what == 0xF1) owner->session->on_in_band_error((what & 1) != 0);
  if (what == 0xF2) owner->session->on_answer_end();
}

constexpr std::uint16_t statuses[] = {200, 200, 200, 204, 301, 404, 408, 429, 500, 502, 503, 504};
constexpr std::string_view types[] = {"text/event-stream",
                                      "text/event-stream; charset=utf-8",
                                      "TEXT/Event-Stream ;x=1",
                                      "text/html",
                                      "",
                                      "text/plain"};
constexpr std::string_view retry_afters[] = {"",
                                             "",
                                             "0",
                                             "1",
                                             "30",
                                             "120",
                                             "Sun, 06 Nov 1994 08:49:37 GMT",
                                             "Fri, 01 Jan 2100 00:00:00 GMT",
                                             "soon",
                                             "-5"};

sse::session_options options_of(input &in) {
  sse::session_options o;
  const std::uint8_t flags = in.byte();
  o.api = (flags & 1) != 0 ? sse::stream_api::connect : sse::stream_api::event_source;
  o.plain_get = (flags & 2) != 0;
  o.resume = (flags & 4) != 0;
  o.resume_without_id = (flags & 8) != 0;
  o.resume_backoff = (flags & 16) != 0;
  o.progress_needs_data = (flags & 32) != 0;
  o.terminal_by_caller = (flags & 64) != 0;
  o.end_after_answer = (flags & 128) != 0;
  const std::uint8_t policy = in.byte();
  o.retry.attempts = policy % 5;
  o.retry.initial_delay_ms = (policy >> 3) * 100.0;
  o.retry.max_delay_ms = in.byte() * 250.0;
  o.retry.jitter = in.byte() / 255.0;
  o.retry.growth = 1 + in.byte() / 64.0;
  if ((policy & 4) != 0) o.retry.statuses = {429, 502, 503, 504};
  o.resume_attempts = in.byte() % 4;
  const std::uint8_t markers = in.byte();
  if ((markers & 1) != 0) o.terminal_data = "[DONE]";
  if ((markers & 2) != 0) o.terminal_types = "end\nstop";
  if ((markers & 4) != 0) o.idle_timeout_ms = 15000;
  if ((markers & 8) != 0) o.response_timeout_ms = 5000;
  o.max_event_size = 16 + in.byte() * 8;
  return o;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  input in(data, size);
  life l;
  l.options = options_of(in);
  sse::session session(l.options);
  l.session = &session;
  l.in = &in;
  watcher seen;
  seen.owner = &l;
  double now = 1.7e12;
  session.start(now);
  while (!in.done()) {
    const std::uint8_t op = in.byte();
    const double random = in.byte() / 256.0;
    now += (op >> 4) * 37.0;
    sse::decision d;
    // After a reconnection, until its request is sent: a response or a failure says it was.
    const bool waiting = !session.finished() && l.sends < session.requests();
    switch (op % 8) {
    case 0:
      l.sends = session.requests();
      d = session.on_response({statuses[in.byte() % std::size(statuses)],
                               types[in.byte() % std::size(types)],
                               retry_afters[in.byte() % std::size(retry_afters)]},
                              now, random);
      break;
    case 1:
    case 2:
      d = session.on_chunk(in.bytes(in.byte() % 64), now, seen);
      break;
    case 3:
      d = session.on_end(now, random);
      break;
    case 4:
      l.sends = session.requests();
      d = session.on_network_error(now, random);
      break;
    case 5: {
      if (waiting) break; // no watchdog runs during the delay (watchdog_ms() says 0)
      if (session.watchdog_ms() != 0) l.sends = session.requests();
      // Before a head the response timeout is watched, if set; after it, the idle timeout.
      const double watched = session.watchdog_ms();
      const bool head_awaited = watched == l.options.response_timeout_ms && watched != 0;
      if (watched != 0 && watched != l.options.idle_timeout_ms && !head_awaited) std::abort();
      if (session.finished() && watched != 0) std::abort();
      d = session.on_watchdog(now, random);
      if (d.reason == sse::failure::response_timeout && !head_awaited) std::abort();
      break;
    }
    case 6:
      d = (op & 8) != 0 ? session.on_abort() : session.on_terminal();
      break;
    default:
      // The page coming back after it went away some time ago, a send, or the answer's end.
      if ((op & 0x18) == 0x18) {
        d = session.on_wake(now, now - in.byte() * 50.0);
        // Only a reconnection already decided is sent sooner, and only while it waits.
        if (d.what == sse::decision::kind::send_now && !waiting) std::abort();
        if (d.what == sse::decision::kind::send_now) d = {};
      } else if ((op & 0x18) == 0x10) {
        session.on_sent(now);
        l.sends = session.requests();
      } else {
        session.on_answer_end();
      }
      break;
    }
    l.check(d);
    // The header the next request sends is the last event ID the parser reported.
    if (session.request_last_event_id() != seen.last_event_id) std::abort();
    if (session.requests() != 1 + l.reconnects) std::abort();
  }
  return 0;
}
