// Reconnection: the spec's for a plain GET EventSource, and the opt-in policies (`retry`,
// `resume`) for everything else. Delays are checked as decided, never by waiting.

#include "session_support.hpp"

#include <gtest/gtest.h>

namespace sse::testing {
namespace {

TEST(SessionReconnect, GetEventSourceReconnectsAfterTheReconnectionTime) {
  driven_session d(event_source_get());
  d.respond(200);
  const decision ended = d.end();
  EXPECT_TRUE(is_reconnect(ended, 3000));
  EXPECT_EQ(ended.reason, failure::ended);
  d.respond(200);
  const decision broken = d.network_error();
  EXPECT_TRUE(is_reconnect(broken, 3000));
  EXPECT_EQ(broken.reason, failure::network);
  // [spec] A network error before any response reestablishes the connection too.
  EXPECT_TRUE(is_reconnect(d.network_error(), 3000));
  EXPECT_EQ(d.s.requests(), 4u);
}

TEST(SessionReconnect, RetryFieldSetsTheReconnectionTimeExactly) {
  driven_session d(event_source_get());
  d.respond(200);
  d.chunk("retry: 10\n\n");
  EXPECT_EQ(d.s.reconnection_time_ms(), 10u);
  EXPECT_TRUE(is_reconnect(d.end(), 10));
  // Every reconnection waits the same: backoff belongs to the retry policy only.
  d.respond(200);
  EXPECT_TRUE(is_reconnect(d.end(), 10));
  d.respond(200);
  d.chunk("retry: 0\n");
  EXPECT_TRUE(is_reconnect(d.end(), 0));
}

TEST(SessionReconnect, InvalidRetryFieldsLeaveTheTimeAlone) {
  driven_session d(event_source_get());
  d.respond(200);
  d.chunk("retry: 1.5\nretry: -1\nretry: 12abc\nretry:\n\n");
  EXPECT_TRUE(is_reconnect(d.end(), 3000));
}

TEST(SessionReconnect, ReconnectionTimeOptionIsTheStartingValue) {
  session_options options;
  options.reconnection_time_ms = 25;
  driven_session d(options);
  d.respond(200);
  EXPECT_TRUE(is_reconnect(d.end(), 25));
}

TEST(SessionReconnect, LastEventIdHeaderOnlyWhenNonEmpty) {
  driven_session d(event_source_get());
  EXPECT_EQ(d.s.request_last_event_id(), "");
  d.respond(200);
  d.chunk("id: 7\ndata: a\n\n");
  d.end();
  EXPECT_EQ(d.s.request_last_event_id(), "7");
  d.respond(200);
  // [spec] An empty id resets the string, so the header stops being sent.
  d.chunk("id\n\n");
  d.end();
  EXPECT_EQ(d.s.request_last_event_id(), "");
}

TEST(SessionReconnect, SeededLastEventIdIsSentOnTheFirstRequest) {
  driven_session d(event_source_get());
  d.s.seed_last_event_id("41");
  EXPECT_EQ(d.s.request_last_event_id(), "41");
  d.respond(200);
  d.chunk("data: x\n\n");
  ASSERT_EQ(d.out.entries.size(), 1u);
  EXPECT_EQ(d.out.entries[0].id, "41");
}

TEST(SessionReconnect, UnfinishedEventOfACutBodyIsDiscarded) {
  driven_session d(event_source_get());
  d.respond(200);
  d.chunk("id: 1\ndata: whole\n\nid: 2\ndata: half");
  d.network_error();
  EXPECT_EQ(d.s.request_last_event_id(), "1");
  d.respond(200);
  d.chunk("\xEF\xBB\xBF"
          "data: next\n\n");
  EXPECT_EQ(d.out.entries,
            (std::vector<entry>{ev("message", "whole", "1"), ev("message", "next", "1")}));
}

TEST(SessionReconnect, PostIsNeverSentTwiceUnasked) {
  for (const stream_api api : {stream_api::event_source, stream_api::connect}) {
    {
      driven_session d(post_stream(api));
      d.respond(200);
      d.chunk("id: 1\ndata: a\n\n");
      const decision cut = d.network_error();
      EXPECT_TRUE(is_finish(cut, outcome::incomplete, failure::network));
      EXPECT_TRUE(cut.retryable);
    }
    {
      driven_session d(post_stream(api));
      EXPECT_TRUE(is_finish(d.network_error(), outcome::failed, failure::network));
      EXPECT_EQ(d.s.requests(), 1u);
    }
    {
      driven_session d(post_stream(api));
      d.respond(200);
      EXPECT_TRUE(is_finish(d.watchdog(), outcome::incomplete, failure::idle_timeout));
    }
  }
}

TEST(SessionReconnect, CleanEndOfAPostEventSourceFailsTheConnection) {
  driven_session d(post_stream(stream_api::event_source));
  d.respond(200);
  d.chunk("data: a\n\n");
  EXPECT_TRUE(is_finish(d.end(), outcome::incomplete, failure::ended));
}

TEST(SessionReconnect, ConnectCompletesOnACleanEndWithoutTerminal) {
  driven_session d(post_stream());
  d.respond(200);
  d.chunk("data: a\n\n");
  const decision done = d.end();
  EXPECT_TRUE(is_finish(done, outcome::completed, failure::none));
  EXPECT_FALSE(done.retryable);
}

TEST(SessionReconnect, ConnectWithGetDoesNotReconnectEither) {
  session_options options;
  options.api = stream_api::connect;
  driven_session d(options);
  d.respond(200);
  EXPECT_TRUE(is_finish(d.network_error(), outcome::incomplete, failure::network));
}

TEST(SessionReconnect, SilenceBeforeTheResponseIsAFailureBeforeAnyEvent) {
  driven_session get(event_source_get());
  const decision again = get.watchdog();
  EXPECT_TRUE(is_reconnect(again, 3000));
  EXPECT_EQ(again.reason, failure::idle_timeout);
  driven_session post(post_stream());
  const decision failed = post.watchdog();
  EXPECT_TRUE(is_finish(failed, outcome::failed, failure::idle_timeout));
  EXPECT_TRUE(failed.retryable);
  session_options options = post_stream();
  options.retry.attempts = 1;
  options.retry.initial_delay_ms = 7;
  driven_session retried(options);
  EXPECT_TRUE(is_reconnect(retried.watchdog(), 7));
}

TEST(SessionReconnect, TheWatchdogWaitsForTheResponseTimeoutUntilTheHeadThenTheIdleTimeout) {
  session_options options = post_stream();
  options.idle_timeout_ms = 30000;
  options.response_timeout_ms = 5000;
  driven_session d(options);
  EXPECT_EQ(d.s.watchdog_ms(), 5000);
  d.respond(200);
  EXPECT_EQ(d.s.watchdog_ms(), 30000);
  d.chunk("data: a\n\n");
  EXPECT_TRUE(is_finish(d.watchdog(), outcome::incomplete, failure::idle_timeout));
  EXPECT_EQ(d.s.watchdog_ms(), 0);

  // Without a response timeout the idle timeout watches the head too; without either, nothing.
  options.response_timeout_ms = 0;
  EXPECT_EQ(driven_session(options).s.watchdog_ms(), 30000);
  EXPECT_EQ(driven_session(post_stream()).s.watchdog_ms(), 0);
}

TEST(SessionReconnect, AResponseTimeoutIsAFailureBeforeAnyEventOfItsOwnKind) {
  session_options options = post_stream();
  options.idle_timeout_ms = 1000;
  options.response_timeout_ms = 5000;
  driven_session post(options);
  const decision failed = post.watchdog();
  EXPECT_TRUE(is_finish(failed, outcome::failed, failure::response_timeout));
  EXPECT_TRUE(failed.retryable);
  EXPECT_EQ(post.s.requests(), 1u);

  options.retry.attempts = 1;
  options.retry.initial_delay_ms = 7;
  driven_session retried(options);
  const decision again = retried.watchdog();
  EXPECT_TRUE(is_reconnect(again, 7));
  EXPECT_EQ(again.reason, failure::response_timeout);
  EXPECT_EQ(retried.s.watchdog_ms(), 0); // nothing is watched while the delay runs
  retried.s.on_sent(retried.now);
  EXPECT_EQ(retried.s.watchdog_ms(), 5000);

  // A GET EventSource reconnects as after a network error, the browser's way.
  session_options get = event_source_get();
  get.response_timeout_ms = 5000;
  driven_session source(get);
  EXPECT_TRUE(is_reconnect(source.watchdog(), 3000));
}

TEST(SessionReconnect, AResumptionWhoseHeadIsLateIsAskedAgainOnTheCount) {
  session_options options = post_stream();
  options.resume = true;
  options.resume_backoff = true;
  options.resume_attempts = 2;
  options.response_timeout_ms = 5000;
  driven_session d(options);
  d.respond(200);
  d.chunk("retry: 10\nid: 5\ndata: a\n\n");
  EXPECT_TRUE(is_reconnect(d.network_error(), 10));
  const decision again = d.watchdog();
  EXPECT_TRUE(is_reconnect(again, 10));
  EXPECT_EQ(again.reason, failure::response_timeout);
  const decision last = d.watchdog();
  EXPECT_TRUE(is_finish(last, outcome::incomplete, failure::response_timeout));
  EXPECT_TRUE(last.retryable);
  EXPECT_EQ(d.s.request_last_event_id(), "5");
}

TEST(SessionWake, AWaitForAReconnectionEndsAtOnce) {
  driven_session d(event_source_get());
  d.respond(200);
  d.chunk("retry: 60000\ndata: a\n\n");
  EXPECT_TRUE(is_reconnect(d.end(), 60000));
  const decision now = d.wake(d.now - 1);
  EXPECT_EQ(now.what, decision::kind::send_now);
  EXPECT_EQ(d.s.requests(), 2u); // the same reconnection, sooner: no request more
  d.s.on_sent(d.now);
  EXPECT_EQ(d.wake(d.now - 1).what, decision::kind::none); // its request is on its way
}

TEST(SessionWake, AGetBodySilentSinceThePageWentAwayIsStaleAndReconnectedAtOnce) {
  driven_session d(event_source_get());
  d.respond(200);
  d.advance(100);
  d.chunk("id: 7\ndata: a\n\n");
  const double away = d.now + 50;
  d.advance(10'000);
  EXPECT_EQ(d.wake(d.now - 20'000).what, decision::kind::none); // heard from since
  const decision stale = d.wake(away);
  EXPECT_TRUE(is_reconnect(stale, 0));
  EXPECT_EQ(stale.reason, failure::stale);
  EXPECT_EQ(d.s.request_last_event_id(), "7");
  EXPECT_EQ(d.s.requests(), 2u);
}

TEST(SessionWake, AResumableStreamResumesAtOnceAndAnyOtherIsNeverSentAgain) {
  session_options resumable = post_stream();
  resumable.resume = true;
  driven_session r(resumable);
  r.respond(200);
  r.chunk("id: 3\ndata: a\n\n");
  r.advance(1000);
  EXPECT_TRUE(is_reconnect(r.wake(r.now - 1), 0));
  EXPECT_EQ(r.s.request_last_event_id(), "3");

  // Without an ID there is nothing to resume from; without resume, a POST is never re-sent.
  driven_session no_id(resumable);
  no_id.respond(200);
  no_id.advance(1000);
  EXPECT_EQ(no_id.wake(no_id.now - 1).what, decision::kind::none);
  for (const stream_api api : {stream_api::connect, stream_api::event_source}) {
    driven_session post(post_stream(api));
    post.respond(200);
    post.chunk("id: 3\ndata: a\n\n");
    post.advance(1000);
    EXPECT_EQ(post.wake(post.now - 1).what, decision::kind::none);
    EXPECT_EQ(post.s.requests(), 1u);
  }
  // A finished stream stays finished.
  driven_session done(post_stream());
  done.respond(200);
  done.end();
  EXPECT_EQ(done.wake(done.now + 1).what, decision::kind::none);
}

TEST(SessionReconnect, IdleTimeoutIsACut) {
  driven_session get(event_source_get());
  get.respond(200);
  get.chunk("retry: 10\n");
  EXPECT_TRUE(is_reconnect(get.watchdog(), 10));
}

TEST(SessionResume, ResumesFromTheLastEventIdAfterACut) {
  session_options options = post_stream();
  options.resume = true;
  driven_session d(options);
  d.respond(200);
  d.chunk("retry: 10\nid: 5\ndata: a\n\n");
  EXPECT_TRUE(is_reconnect(d.network_error(), 10));
  EXPECT_EQ(d.s.request_last_event_id(), "5");
  d.respond(200);
  d.chunk("id: 6\ndata: b\n\n");
  EXPECT_TRUE(is_reconnect(d.watchdog(), 10));
  EXPECT_EQ(d.s.request_last_event_id(), "6");
  EXPECT_EQ(d.s.requests(), 3u);
}

TEST(SessionResume, WithoutAnIdThereIsNothingToResumeFrom) {
  session_options options = post_stream();
  options.resume = true;
  driven_session d(options);
  d.respond(200);
  d.chunk("data: a\n\n");
  EXPECT_TRUE(is_finish(d.network_error(), outcome::incomplete, failure::network));
  EXPECT_EQ(d.s.requests(), 1u);
}

TEST(SessionResume, ResumptionsWithoutProgressAreBounded) {
  session_options options = post_stream();
  options.resume = true;
  driven_session d(options);
  d.s.seed_last_event_id("1");
  for (int i = 0; i < 5; ++i) {
    d.respond(200);
    ASSERT_EQ(d.network_error().what, decision::kind::reconnect) << i;
  }
  d.respond(200);
  EXPECT_TRUE(is_finish(d.network_error(), outcome::incomplete, failure::network));
}

TEST(SessionResume, AnEventResetsTheBound) {
  session_options options = post_stream();
  options.resume = true;
  options.retry.attempts = 1;
  driven_session d(options);
  for (int i = 0; i < 4; ++i) {
    d.respond(200);
    d.chunk("id: " + std::to_string(i) + "\ndata: x\n\n");
    ASSERT_EQ(d.network_error().what, decision::kind::reconnect) << i;
  }
  d.respond(200);
  EXPECT_TRUE(is_finish(d.network_error(), outcome::incomplete, failure::network));
}

TEST(SessionResume, ConnectWithTerminalResumesAnEndWithoutIt) {
  session_options options = post_stream();
  options.resume = true;
  options.terminal_data = "[DONE]";
  driven_session d(options);
  d.respond(200);
  d.chunk("id: 1\ndata: a\n\n");
  EXPECT_TRUE(is_reconnect(d.end(), 3000));
  d.respond(200);
  EXPECT_TRUE(
      is_finish(d.chunk("id: 2\ndata: b\n\ndata: [DONE]\n\n"), outcome::completed, failure::none));
}

session_options with_policy(std::vector<std::uint16_t> statuses, std::uint32_t attempts) {
  session_options options = post_stream();
  options.retry.statuses = std::move(statuses);
  options.retry.attempts = attempts;
  options.retry.initial_delay_ms = 100;
  options.retry.max_delay_ms = 1000;
  return options;
}

TEST(SessionRetry, ListedStatusIsRetriedWithExponentialBackoff) {
  driven_session d(with_policy({500}, 5));
  const decision first = d.respond(500);
  EXPECT_TRUE(is_reconnect(first, 100));
  EXPECT_EQ(first.reason, failure::status);
  EXPECT_TRUE(is_reconnect(d.respond(500), 200));
  EXPECT_TRUE(is_reconnect(d.respond(500), 400));
  EXPECT_TRUE(is_reconnect(d.respond(500), 800));
  EXPECT_TRUE(is_reconnect(d.respond(500), 1000));
  const decision last = d.respond(500);
  EXPECT_TRUE(is_finish(last, outcome::failed, failure::status));
  EXPECT_TRUE(last.retryable);
  EXPECT_EQ(d.s.requests(), 6u);
}

TEST(SessionRetry, UnlistedStatusFailsAtOnce) {
  driven_session d(with_policy({503}, 3));
  EXPECT_TRUE(is_finish(d.respond(500), outcome::failed, failure::status));
  EXPECT_EQ(d.s.requests(), 1u);
}

TEST(SessionRetry, RetryAfterIsHonouredWhenLonger) {
  driven_session d(with_policy({503}, 3));
  EXPECT_TRUE(is_reconnect(d.respond(503, "text/plain", "0"), 100));
  EXPECT_TRUE(is_reconnect(d.respond(503, "text/plain", "1"), 1000));
  EXPECT_EQ(d.respond(200).what, decision::kind::open);
}

TEST(SessionRetry, RetryAfterBeyondTheMaximumIsNotWaitedFor) {
  driven_session d(with_policy({429}, 3));
  const decision refused = d.respond(429, "application/json", "3600");
  EXPECT_TRUE(is_finish(refused, outcome::failed, failure::status));
  EXPECT_TRUE(refused.retryable);
}

TEST(SessionRetry, JitterVariesTheDelayWithinItsBound) {
  session_options options = with_policy({503}, 3);
  options.retry.jitter = 0.5;
  for (const auto &[random, delay] : {std::pair{0.0, 50.0}, {0.5, 100.0}, {0.75, 125.0}}) {
    driven_session d(options);
    d.random = random;
    EXPECT_TRUE(is_reconnect(d.respond(503), delay)) << random;
  }
}

TEST(SessionRetry, NetworkErrorsBeforeTheFirstEventAreRetried) {
  driven_session d(with_policy({}, 2));
  EXPECT_TRUE(is_reconnect(d.network_error(), 100));
  d.respond(200);
  // Cut after the response but before any event: still nothing was delivered.
  EXPECT_TRUE(is_reconnect(d.network_error(), 200));
  EXPECT_TRUE(is_finish(d.network_error(), outcome::failed, failure::network));
}

TEST(SessionRetry, NoRetryOnceAnEventWasDelivered) {
  driven_session d(with_policy({503}, 3));
  d.respond(200);
  d.chunk("data: partial answer\n\n");
  EXPECT_TRUE(is_finish(d.network_error(), outcome::incomplete, failure::network));
}

TEST(SessionRetry, BoundsAPlainGetEventSourceToo) {
  session_options options = with_policy({503}, 1);
  options.api = stream_api::event_source;
  options.plain_get = true;
  driven_session d(options);
  EXPECT_TRUE(is_reconnect(d.network_error(), 100));
  EXPECT_TRUE(is_finish(d.network_error(), outcome::failed, failure::network));
}

TEST(SessionRetry, ContentTypeIsNeverRetried) {
  driven_session d(with_policy({200}, 3));
  EXPECT_TRUE(is_finish(d.respond(200, "text/html"), outcome::failed, failure::content_type));
}

} // namespace
} // namespace sse::testing
