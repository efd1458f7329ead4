#pragma once

#include "sse/session.hpp"
#include "test_support.hpp"

#include <string_view>

namespace sse::testing {

/** A session driven by a fake clock that only moves when a test says so. */
class driven_session {
public:
  explicit driven_session(session_options options) : s(std::move(options)) { s.start(now); }

  decision respond(std::uint16_t status, std::string_view content_type = "text/event-stream",
                   std::string_view retry_after = "") {
    return s.on_response({status, content_type, retry_after}, now, random);
  }
  decision chunk(std::string_view bytes) { return s.on_chunk(bytes, now, out); }
  decision end() { return s.on_end(now, random); }
  decision network_error() { return s.on_network_error(now, random); }
  decision watchdog() { return s.on_watchdog(now, random); }
  decision wake(double away_since) { return s.on_wake(now, away_since); }
  void advance(double ms) { now += ms; }

  session s;
  recorder out;
  double now = 1'000'000;
  double random = 0.5;
};

inline session_options event_source_get() { return {}; }

inline session_options post_stream(stream_api api = stream_api::connect) {
  session_options options;
  options.api = api;
  options.plain_get = false;
  return options;
}

inline bool is_reconnect(const decision &d, double delay_ms) {
  return d.what == decision::kind::reconnect && d.delay_ms == delay_ms && d.reason != failure::none;
}

inline bool is_finish(const decision &d, outcome result, failure reason) {
  return d.what == decision::kind::finish && d.result == result && d.reason == reason;
}

} // namespace sse::testing
