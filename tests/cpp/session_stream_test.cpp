// What the session does with the body: terminal markers, parser events, timing.

#include "session_support.hpp"

#include <gtest/gtest.h>

namespace sse::testing {
namespace {

using entries = std::vector<entry>;

TEST(SessionStream, EventsPassThroughInOrder) {
  driven_session d(event_source_get());
  d.respond(200);
  EXPECT_EQ(d.chunk(": hi\nretry: 10\nevent: a\nid: 1\ndata: x\n\ndata: y").what,
            decision::kind::none);
  d.chunk("\n\n");
  EXPECT_EQ(d.out.entries,
            (entries{comment(" hi"), retry(10), ev("a", "x", "1"), ev("message", "y", "1")}));
}

TEST(SessionStream, TerminalDataIsConsumedAndEndsTheStream) {
  session_options options = post_stream();
  options.terminal_data = "[DONE]";
  driven_session d(options);
  d.respond(200);
  const decision done = d.chunk("data: a\n\ndata: [DONE]\n\ndata: after\n\n");
  EXPECT_TRUE(is_finish(done, outcome::completed, failure::none));
  EXPECT_EQ(d.out.entries, (entries{ev("message", "a")}));
  EXPECT_EQ(d.chunk("data: later\n\n").what, decision::kind::none);
  EXPECT_EQ(d.end().what, decision::kind::none);
  EXPECT_EQ(d.out.entries.size(), 1u);
}

TEST(SessionStream, TerminalTypeIsDeliveredAndEndsTheStream) {
  session_options options = post_stream();
  options.terminal_types = "message_stop";
  driven_session d(options);
  d.respond(200);
  d.chunk("event: delta\ndata: 1\n\nevent: message_stop\ndata: {}\n\n");
  EXPECT_TRUE(d.s.finished());
  EXPECT_EQ(d.out.entries, (entries{ev("delta", "1"), ev("message_stop", "{}")}));
}

TEST(SessionStream, AnyOfSeveralTerminalTypesEndsTheStream) {
  for (const char *last : {"response.completed", "response.incomplete"}) {
    session_options options = post_stream();
    options.terminal_types = "response.completed\nresponse.incomplete";
    driven_session d(options);
    d.respond(200);
    d.chunk("event: response.created\ndata: {}\n\nevent: response.complete\ndata: {}\n\n");
    EXPECT_FALSE(d.s.finished()) << last;
    d.chunk(std::string("event: ") + last + "\ndata: {}\n\n");
    EXPECT_TRUE(d.s.finished()) << last;
  }
}

TEST(SessionStream, TerminalDataMustMatchWhole) {
  session_options options = post_stream();
  options.terminal_data = "[DONE]";
  driven_session d(options);
  d.respond(200);
  d.chunk("data: [DONE] \n\ndata: [DONE]\ndata:\n\n");
  EXPECT_FALSE(d.s.finished());
  EXPECT_EQ(d.out.entries.size(), 2u);
  EXPECT_TRUE(is_finish(d.end(), outcome::incomplete, failure::ended));
}

TEST(SessionStream, CallersOwnMatcherEndsTheStream) {
  driven_session d(post_stream());
  d.respond(200);
  d.chunk("data: bye\n\n");
  EXPECT_TRUE(is_finish(d.s.on_terminal(), outcome::completed, failure::none));
  EXPECT_EQ(d.s.on_terminal().what, decision::kind::none);
}

TEST(SessionStream, WithoutAMarkerACleanEndAfterTheAnswerCompletes) {
  session_options options = post_stream();
  options.end_after_answer = true;
  driven_session done(options);
  done.respond(200);
  done.chunk("data: {\"finishReason\":\"STOP\"}\n\n");
  done.s.on_answer_end();
  EXPECT_FALSE(done.s.finished());
  EXPECT_TRUE(is_finish(done.end(), outcome::completed, failure::none));

  driven_session cut(options);
  cut.respond(200);
  cut.chunk("data: {\"text\":\"half\"}\n\n");
  EXPECT_TRUE(is_finish(cut.end(), outcome::incomplete, failure::ended));

  // The body broke after the answer's end: a broken body is not a clean end.
  driven_session broken(options);
  broken.respond(200);
  broken.s.on_answer_end();
  EXPECT_TRUE(is_finish(broken.network_error(), outcome::incomplete, failure::network));
}

TEST(SessionStream, TheAnswerEndCountsForTheBodyItCameIn) {
  session_options options = event_source_get();
  options.end_after_answer = true;
  driven_session d(options);
  d.s.on_answer_end(); // before any body: nothing to end
  d.respond(200);
  d.chunk("data: a\n\n");
  EXPECT_TRUE(is_reconnect(d.end(), 3000));
  d.advance(3000);
  d.s.on_answer_end(); // while waiting to reconnect: not the next body's
  d.respond(200);
  EXPECT_TRUE(is_reconnect(d.end(), 3000));
  d.advance(3000);
  d.respond(200);
  d.s.on_answer_end();
  EXPECT_TRUE(is_finish(d.end(), outcome::completed, failure::none));
}

// A decoder that meets the provider's error event while the chunk is parsed.
class decoder_ending_at_errors final : public recorder {
public:
  explicit decoder_ending_at_errors(session &s) : s_(s) {}
  void on_event(const event &e) override {
    recorder::on_event(e);
    if (e.type == "error") s_.on_in_band_error(false);
  }

private:
  session &s_;
};

TEST(SessionStream, AnInBandErrorInTheChunkEndsTheStreamAtItsEvent) {
  session_options options = post_stream();
  options.terminal_data = "[DONE]";
  driven_session d(options);
  d.respond(200);
  decoder_ending_at_errors out(d.s);
  const decision ended = d.s.on_chunk(
      "data: a\n\nevent: error\ndata: e\n\n: later\nretry: 5\ndata: b\n\ndata: [DONE]\n\n", d.now,
      out);
  EXPECT_TRUE(is_finish(ended, outcome::failed, failure::in_band));
  EXPECT_EQ(out.entries, (entries{ev("message", "a"), ev("error", "e")}));
  EXPECT_EQ(d.end().what, decision::kind::none);
}

TEST(SessionStream, AnInBandErrorFailsTheStreamOnce) {
  driven_session d(post_stream());
  d.respond(200);
  d.chunk("data: partial\n\n");
  const decision failed = d.s.on_in_band_error(true);
  EXPECT_TRUE(is_finish(failed, outcome::failed, failure::in_band));
  EXPECT_TRUE(failed.retryable);
  EXPECT_EQ(d.s.on_in_band_error(false).what, decision::kind::none);
  EXPECT_EQ(d.end().what, decision::kind::none);
}

TEST(SessionStream, ParseErrorsPassThroughAndTheStreamGoesOn) {
  session_options options = post_stream();
  options.max_event_size = 16;
  driven_session d(options);
  d.respond(200);
  d.chunk("data: far too large for it\n\ndata: ok\n\n");
  EXPECT_EQ(d.out.entries, (entries{too_large(), ev("message", "ok")}));
}

TEST(SessionStream, TimingFromTheFirstRequest) {
  driven_session d(post_stream());
  d.advance(40);
  d.respond(200);
  d.advance(10);
  d.chunk(": comment\n");
  d.advance(30);
  d.chunk("data: a\n\n");
  d.advance(5);
  d.chunk("data: b\n\n");
  EXPECT_EQ(d.s.timing().first_byte_ms, 50);
  EXPECT_EQ(d.s.timing().first_event_ms, 80);
  EXPECT_EQ(d.s.timing().largest_gap_ms, 30);
}

TEST(SessionStream, TimingBeforeAnyByte) {
  driven_session d(post_stream());
  d.respond(200);
  EXPECT_EQ(d.s.timing().first_byte_ms, -1);
  EXPECT_EQ(d.s.timing().first_event_ms, -1);
  EXPECT_EQ(d.s.timing().largest_gap_ms, 0);
}

TEST(SessionStream, GapsAreMeasuredWithinOneBody) {
  driven_session d(event_source_get());
  d.respond(200);
  d.chunk("data: a\n\n");
  d.end();
  d.advance(3000);
  d.respond(200);
  d.advance(2);
  d.chunk("data: b\n\n");
  EXPECT_EQ(d.s.timing().largest_gap_ms, 0);
}

} // namespace
} // namespace sse::testing
