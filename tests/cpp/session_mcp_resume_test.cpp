// How an MCP client resumes a stream (the Streamable HTTP transport): after a cut or a clean
// end before the response, it asks again with Last-Event-ID after its own backoff (initial
// delay, growth factor, maximum) unless the server sent `retry`, for as many attempts as it
// allows; a priming event (an ID with empty data) is no progress.

#include "session_support.hpp"

#include <gtest/gtest.h>

namespace sse::testing {
namespace {

session_options mcp_stream(std::uint32_t attempts = 3) {
  session_options options = post_stream();
  options.resume = true;
  options.resume_backoff = true;
  options.progress_needs_data = true;
  options.terminal_by_caller = true;
  options.resume_attempts = attempts;
  options.retry.initial_delay_ms = 1000;
  options.retry.max_delay_ms = 3000;
  options.retry.growth = 1.5;
  return options;
}

TEST(SessionMcpResume, BackoffGrowsByTheFactorUpToTheMaximum) {
  driven_session d(mcp_stream(4));
  d.respond(200);
  d.chunk("id: p\ndata: \n\n");
  EXPECT_TRUE(is_reconnect(d.end(), 1000));
  d.respond(200);
  EXPECT_TRUE(is_reconnect(d.network_error(), 1500));
  d.respond(200);
  EXPECT_TRUE(is_reconnect(d.end(), 2250));
  d.respond(200);
  EXPECT_TRUE(is_reconnect(d.end(), 3000));
  d.respond(200);
  EXPECT_TRUE(is_finish(d.end(), outcome::incomplete, failure::ended));
  EXPECT_EQ(d.s.requests(), 5u);
}

TEST(SessionMcpResume, TheServersRetryFieldReplacesTheBackoff) {
  driven_session d(mcp_stream());
  d.respond(200);
  d.chunk("id: p\nretry: 40\ndata: \n\n");
  EXPECT_TRUE(is_reconnect(d.end(), 40));
  d.respond(200);
  EXPECT_TRUE(is_reconnect(d.end(), 40));
}

TEST(SessionMcpResume, PrimingEventsAreNoProgressButMessagesAre) {
  driven_session d(mcp_stream(2));
  for (int i = 0; i < 2; ++i) {
    d.respond(200);
    d.chunk("id: p" + std::to_string(i) + "\ndata: \n\n");
    ASSERT_EQ(d.end().what, decision::kind::reconnect) << i;
  }
  d.respond(200);
  d.chunk("id: m\ndata: {\"jsonrpc\":\"2.0\"}\n\n");
  // A message gave the attempts back: two more, from the initial delay again.
  EXPECT_TRUE(is_reconnect(d.end(), 1000));
  d.respond(200);
  EXPECT_TRUE(is_reconnect(d.end(), 1500));
  d.respond(200);
  EXPECT_TRUE(is_finish(d.end(), outcome::incomplete, failure::ended));
  EXPECT_EQ(d.s.request_last_event_id(), "m");
}

TEST(SessionMcpResume, ACleanEndIsACutUntilTheCallerSaysTheStreamIsComplete) {
  driven_session d(mcp_stream());
  d.respond(200);
  d.chunk("id: 1\ndata: x\n\n");
  EXPECT_EQ(d.end().what, decision::kind::reconnect);
  d.respond(200);
  EXPECT_TRUE(is_finish(d.s.on_terminal(), outcome::completed, failure::none));
}

TEST(SessionMcpResume, AResumptionThatFailsTransientlyIsAskedAgainOnTheSameCount) {
  driven_session d(mcp_stream(3));
  d.respond(200);
  d.chunk("id: 1\ndata: x\n\n");
  EXPECT_TRUE(is_reconnect(d.network_error(), 1000));
  EXPECT_TRUE(is_reconnect(d.network_error(), 1500)); // the server restarts: refused
  EXPECT_TRUE(is_reconnect(d.respond(502, "text/html"), 2250));
  EXPECT_TRUE(is_finish(d.respond(503, "text/html"), outcome::incomplete, failure::status));
  EXPECT_EQ(d.s.request_last_event_id(), "1");
}

TEST(SessionMcpResume, AResumptionRefusedForGoodEndsTheStream) {
  driven_session d(mcp_stream(3));
  d.respond(200);
  d.chunk("id: 1\ndata: x\n\n");
  EXPECT_EQ(d.end().what, decision::kind::reconnect);
  EXPECT_TRUE(is_finish(d.respond(404, "application/json"), outcome::failed, failure::status));
}

TEST(SessionMcpResume, AnAcceptedResumptionEndsTheFailureCount) {
  driven_session d(mcp_stream(2));
  d.respond(200);
  d.chunk("id: 1\ndata: x\n\n");
  EXPECT_EQ(d.network_error().what, decision::kind::reconnect);
  d.respond(200);
  d.chunk("id: 2\ndata: y\n\n");
  // Progress: the attempts are back, and the next failure is a cut again.
  EXPECT_TRUE(is_reconnect(d.network_error(), 1000));
}

TEST(SessionMcpResume, AFailureBeforeAnyEventIsNotRetriedWithoutAPolicysAttempts) {
  driven_session d(mcp_stream());
  d.respond(200);
  EXPECT_TRUE(is_finish(d.network_error(), outcome::incomplete, failure::network));
  EXPECT_EQ(d.s.requests(), 1u);
}

TEST(SessionMcpResume, WithoutAnIdOnlyAStreamThatMayResumeWithoutOneIsAskedAgain) {
  driven_session plain(mcp_stream());
  plain.respond(200);
  EXPECT_TRUE(is_finish(plain.end(), outcome::incomplete, failure::ended));
  session_options options = mcp_stream();
  options.resume_without_id = true;
  driven_session listening(options);
  listening.respond(200);
  EXPECT_TRUE(is_reconnect(listening.end(), 1000));
  EXPECT_EQ(listening.s.request_last_event_id(), "");
}

} // namespace
} // namespace sse::testing
