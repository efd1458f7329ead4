// Invariants over seeded random lives of a session: whatever happens, in whatever order, a
// stream finishes at most once, stays silent afterwards, waits within its policy, and never
// sends a request other than a plain GET twice unless the caller opted in.

#include "session_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

namespace sse::testing {
namespace {

struct life {
  session_options options;
  std::mt19937 rng;

  std::uint32_t pick(std::uint32_t n) {
    return std::uniform_int_distribution<std::uint32_t>(0, n - 1)(rng);
  }
};

session_options random_options(life &l) {
  session_options o;
  o.api = l.pick(2) == 0 ? stream_api::event_source : stream_api::connect;
  o.plain_get = l.pick(2) == 0;
  o.resume = l.pick(3) == 0;
  if (l.pick(2) == 0) {
    o.retry.attempts = l.pick(4);
    o.retry.statuses = {503, 429};
    o.retry.initial_delay_ms = 10;
    o.retry.max_delay_ms = 100;
    o.retry.jitter = 0.5;
  }
  if (l.pick(3) == 0) o.terminal_data = "[DONE]";
  if (l.pick(3) == 0) o.terminal_types = "stop";
  return o;
}

const char *const bodies[] = {"data: a\n\n",
                              "id: 1\ndata: b\n\n",
                              "retry: 20\n",
                              "data: [DONE]\n\n",
                              "event: stop\ndata: x\n\n",
                              "data: half",
                              ": ping\n",
                              "\n"};
const std::uint16_t statuses[] = {200, 200, 200, 204, 429, 500, 503};
const char *const types[] = {"text/event-stream", "text/event-stream", "text/html"};
const char *const retry_afters[] = {"", "0", "1", "3600", "junk"};

TEST(SessionProperties, RandomLivesKeepTheInvariants) {
  for (std::uint32_t seed = 0; seed < 3000; ++seed) {
    life l{{}, std::mt19937(seed)};
    l.options = random_options(l);
    const session_options options = l.options;
    driven_session d(options);
    d.random = 0.999;
    int finishes = 0;
    std::uint32_t reconnects = 0;
    for (int step = 0; step < 60; ++step) {
      decision next;
      switch (l.pick(9)) {
      case 0:
      case 1:
        next = d.respond(statuses[l.pick(7)], types[l.pick(3)], retry_afters[l.pick(5)]);
        break;
      case 2:
      case 3:
      case 4:
        next = d.chunk(bodies[l.pick(8)]);
        break;
      case 5:
        next = d.end();
        break;
      case 6:
        next = d.network_error();
        break;
      case 7:
        next = d.watchdog();
        break;
      default:
        next = l.pick(4) == 0 ? d.s.on_abort() : d.s.on_terminal();
        break;
      }
      d.advance(l.pick(50));
      SCOPED_TRACE("seed " + std::to_string(seed) + " step " + std::to_string(step));
      if (finishes > 0) {
        ASSERT_EQ(next.what, decision::kind::none);
      }
      if (next.what == decision::kind::finish) ++finishes;
      if (next.what == decision::kind::reconnect) {
        ++reconnects;
        ASSERT_GE(next.delay_ms, 0);
        ASSERT_NE(next.reason, failure::none);
      }
    }
    ASSERT_LE(finishes, 1) << seed;
    ASSERT_EQ(d.s.requests(), 1 + reconnects) << seed;
    const bool may_resend = options.plain_get && options.api == stream_api::event_source;
    if (!may_resend && !options.resume && options.retry.attempts == 0) {
      ASSERT_EQ(d.s.requests(), 1u) << "seed " << seed << ": sent again without consent";
    }
    if (!may_resend && !options.resume) {
      ASSERT_LE(reconnects, options.retry.attempts) << seed;
    }
  }
}

} // namespace
} // namespace sse::testing
