// [spec] Dispatch the event: the last event ID, the data buffer, the event type buffer.

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace sse::testing {
namespace {

using entries = std::vector<entry>;

TEST(ParserDispatch, DataLinesJoinWithLfAndLoseOneTrailingLf) {
  EXPECT_EQ(parse("data: a\ndata: b\ndata: c\n\n"), (entries{ev("message", "a\nb\nc")}));
  EXPECT_EQ(parse("data: a\ndata:\n\n"), (entries{ev("message", "a\n")}));
  EXPECT_EQ(parse("data:\ndata:\ndata:\n\n"), (entries{ev("message", "\n\n")}));
}

TEST(ParserDispatch, EmptyDataLineStillDispatches) {
  EXPECT_EQ(parse("data:\n\n"), (entries{ev("message", "")}));
}

TEST(ParserDispatch, BlockWithoutDataDispatchesNothing) {
  EXPECT_EQ(parse("event: x\n\n\n\n"), entries{});
  EXPECT_EQ(parse("\n\n\n"), entries{});
}

TEST(ParserDispatch, TypeIsResetAfterEachBlock) {
  EXPECT_EQ(parse("event: a\ndata: 1\n\ndata: 2\n\n"), (entries{ev("a", "1"), ev("message", "2")}));
  // Even a block that dispatched nothing clears the type.
  EXPECT_EQ(parse("event: a\n\ndata: 2\n\n"), (entries{ev("message", "2")}));
}

TEST(ParserDispatch, LastEventIdPersistsAcrossEvents) {
  EXPECT_EQ(parse("id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n"),
            (entries{ev("message", "a", "1"), ev("message", "b", "1"), ev("message", "c", "2")}));
}

TEST(ParserDispatch, IdOnlyBlockSetsTheLastEventId) {
  parser p;
  recorder out;
  p.feed("id: 7\n\n", out);
  EXPECT_EQ(out.entries, entries{});
  EXPECT_EQ(p.last_event_id(), "7");
  p.feed("data: a\n\n", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "a", "7")}));
}

TEST(ParserDispatch, IdTakesEffectOnlyAtDispatch) {
  parser p;
  recorder out;
  p.feed("id: 9\ndata: a\n", out);
  EXPECT_EQ(p.last_event_id(), "");
  p.feed("\n", out);
  EXPECT_EQ(p.last_event_id(), "9");
}

class id_logger final : public handler {
public:
  void on_event(const event &e) override { log += "event(" + std::string(e.last_event_id) + ") "; }
  void on_comment(std::string_view) override { log += "comment "; }
  void on_last_event_id(std::string_view id) override { log += "id(" + std::string(id) + ") "; }
  std::string log;
};

TEST(ParserDispatch, LastEventIdChangesAreReportedInStreamOrder) {
  parser p;
  id_logger out;
  p.feed(": a\nid: 1\n\n: b\nid: 1\ndata: x\n\nid: 2\ndata: y\n\ndata: z\n\nid\n\n", out);
  EXPECT_EQ(out.log, "comment id(1) comment event(1) id(2) event(2) event(2) id() ");
}

TEST(ParserDispatch, EmptyIdResetsTheLastEventId) {
  EXPECT_EQ(parse("id: 1\ndata: a\n\nid\ndata: b\n\nid:\ndata: c\n\n"),
            (entries{ev("message", "a", "1"), ev("message", "b"), ev("message", "c")}));
}

TEST(ParserDispatch, IdContainingNulIsIgnored) {
  using namespace std::string_literals;
  EXPECT_EQ(parse("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n"s),
            (entries{ev("message", "a", "1"), ev("message", "b", "1")}));
}

TEST(ParserDispatch, NulElsewhereIsKept) {
  using namespace std::string_literals;
  EXPECT_EQ(parse("event: a\0b\ndata: c\0d\n\n"s), (entries{ev("a\0b"s, "c\0d"s)}));
}

TEST(ParserDispatch, IdKeepsSpacesAfterTheFirst) {
  EXPECT_EQ(parse("id:  x \ndata: a\n\n"), (entries{ev("message", "a", " x ")}));
}

TEST(ParserDispatch, UnfinishedEventAtTheEndIsDiscarded) {
  parser p;
  recorder out;
  p.feed("data: a\n\ndata: b\n", out);
  p.end();
  p.feed("data: c\n\n", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "a"), ev("message", "c")}));
}

TEST(ParserDispatch, EndDiscardsAnUnfinishedLine) {
  parser p;
  recorder out;
  p.feed("data: a", out);
  p.end();
  p.feed("\n\n", out);
  EXPECT_EQ(out.entries, entries{});
}

TEST(ParserDispatch, EndKeepsTheLastEventIdButNotAnUnfinishedOne) {
  parser p;
  recorder out;
  p.feed("id: 1\ndata: a\n\nid: 2\ndata: b\n", out);
  p.end();
  EXPECT_EQ(p.last_event_id(), "1");
  p.feed("data: c\n\n", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "a", "1"), ev("message", "c", "1")}));
}

TEST(ParserDispatch, EndForgetsAPendingCr) {
  parser p;
  recorder out;
  p.feed("data: a\r", out);
  p.end();
  // A new body: its first LF is a line end of its own, not the rest of the old CRLF.
  p.feed("\ndata: b\n\n", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "b")}));
}

TEST(ParserDispatch, SeededLastEventIdIsCarriedByEvents) {
  parser p;
  recorder out;
  p.set_last_event_id("42");
  p.feed("data: a\n\n", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "a", "42")}));
}

} // namespace
} // namespace sse::testing
