// [spec] The fetch steps of the EventSource processing model: which responses are accepted.

#include "session_support.hpp"

#include <gtest/gtest.h>

namespace sse::testing {
namespace {

TEST(SessionResponse, Status200WithEventStreamOpens) {
  driven_session d(event_source_get());
  EXPECT_EQ(d.respond(200).what, decision::kind::open);
}

TEST(SessionResponse, ContentTypeEssenceIgnoresParametersCaseAndWhitespace) {
  for (const char *type : {"text/event-stream", "text/event-stream; charset=utf-8",
                           "Text/Event-Stream", " text/event-stream ;x=y", "text/event-stream;"}) {
    driven_session d(event_source_get());
    EXPECT_EQ(d.respond(200, type).what, decision::kind::open) << type;
  }
}

TEST(SessionResponse, OtherContentTypesFailForGood) {
  for (const char *type : {"text/plain", "", "text/event-streams", "text/event", "application/json",
                           "text/event-stream-x; a=b"}) {
    driven_session d(event_source_get());
    const decision refused = d.respond(200, type);
    EXPECT_TRUE(is_finish(refused, outcome::failed, failure::content_type)) << type;
    EXPECT_FALSE(refused.retryable) << type;
    EXPECT_TRUE(d.s.finished());
  }
}

TEST(SessionResponse, EveryStatusButTwoHundredFailsForGood) {
  for (const std::uint16_t status : std::initializer_list<std::uint16_t>{
           201, 204, 205, 206, 301, 304, 400, 401, 404, 410, 500, 503}) {
    driven_session d(event_source_get());
    EXPECT_TRUE(is_finish(d.respond(status), outcome::failed, failure::status)) << status;
  }
}

TEST(SessionResponse, FailuresSayWhetherTryingLaterMightHelp) {
  for (const std::uint16_t status : std::initializer_list<std::uint16_t>{408, 429, 500, 502, 503}) {
    driven_session d(event_source_get());
    EXPECT_TRUE(d.respond(status).retryable) << status;
  }
  for (const std::uint16_t status : std::initializer_list<std::uint16_t>{204, 400, 401, 403, 404}) {
    driven_session d(event_source_get());
    EXPECT_FALSE(d.respond(status).retryable) << status;
  }
}

TEST(SessionResponse, NothingHappensOutsideItsState) {
  driven_session d(event_source_get());
  EXPECT_EQ(d.chunk("data: early\n\n").what, decision::kind::none);
  EXPECT_TRUE(d.out.entries.empty());
  EXPECT_EQ(d.end().what, decision::kind::none);
  ASSERT_EQ(d.respond(200).what, decision::kind::open);
  EXPECT_EQ(d.respond(200).what, decision::kind::none);
}

TEST(SessionResponse, AbortFinishesOnceAndSilencesTheRest) {
  driven_session d(event_source_get());
  ASSERT_EQ(d.respond(200).what, decision::kind::open);
  EXPECT_TRUE(is_finish(d.s.on_abort(), outcome::aborted, failure::aborted));
  EXPECT_FALSE(d.s.on_abort().retryable);
  EXPECT_EQ(d.s.on_abort().what, decision::kind::none);
  EXPECT_EQ(d.chunk("data: late\n\n").what, decision::kind::none);
  EXPECT_EQ(d.end().what, decision::kind::none);
  EXPECT_EQ(d.network_error().what, decision::kind::none);
  EXPECT_TRUE(d.out.entries.empty());
}

TEST(SessionResponse, AbortWhileWaitingToReconnect) {
  driven_session d(event_source_get());
  d.respond(200);
  ASSERT_EQ(d.end().what, decision::kind::reconnect);
  EXPECT_TRUE(is_finish(d.s.on_abort(), outcome::aborted, failure::aborted));
  EXPECT_EQ(d.respond(200).what, decision::kind::none);
}

TEST(SessionRetryAfter, DelaySecondsAndHttpDates) {
  EXPECT_EQ(retry_after_ms("120", 0), 120'000);
  EXPECT_EQ(retry_after_ms(" 0 ", 0), 0);
  // 1994-11-06T08:49:37Z is 784111777 s after the epoch.
  EXPECT_EQ(retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", 784'111'777'000.0 - 5000), 5000);
  EXPECT_EQ(retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", 784'111'777'000.0 + 5000), 0);
  EXPECT_EQ(retry_after_ms("Thu, 29 Feb 2024 23:59:59 GMT", 0), 1'709'251'199'000.0);
}

TEST(SessionRetryAfter, AnythingElseIsNotUnderstood) {
  for (const char *value :
       {"", "-1", "1.5", "soon", "12abc", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT", "9999999999999999999"}) {
    EXPECT_EQ(retry_after_ms(value, 0), -1) << value;
  }
}

} // namespace
} // namespace sse::testing
