// max_event_size bounds the raw bytes of one event block; past it the block is discarded with
// an error, and parsing goes on with the next block.

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace sse::testing {
namespace {

using entries = std::vector<entry>;

TEST(ParserLimits, BlockAtTheLimitIsDispatched) {
  // "data: 1234\n" is 11 bytes.
  EXPECT_EQ(parse("data: 1234\n\n", 11), (entries{ev("message", "1234")}));
  EXPECT_EQ(parse("data: 1234\n\n", 10), (entries{too_large()}));
}

TEST(ParserLimits, LaterEventsArriveAfterADiscardedOne) {
  const std::string big = "data: " + std::string(100, 'x') + "\n\n";
  const std::string stream = "data: a\n\n" + big + "data: b\n\n";
  const entries expected{ev("message", "a"), too_large(), ev("message", "b")};
  for (const std::size_t size : {1, 3, 16, 1000}) {
    EXPECT_EQ(parse_in_pieces(stream, size, 32), expected) << size;
  }
}

TEST(ParserLimits, ManyLinesAddUp) {
  std::string stream;
  for (int i = 0; i < 10; ++i) stream += "data: abcd\n";
  stream += "\ndata: ok\n\n";
  EXPECT_EQ(parse(stream, 64), (entries{too_large(), ev("message", "ok")}));
}

TEST(ParserLimits, CommentsAndUnknownFieldsCount) {
  const std::string stream = ": " + std::string(50, 'c') + "\ndata: a\n\ndata: b\n\n";
  EXPECT_EQ(parse(stream, 32), (entries{too_large(), ev("message", "b")}));
}

TEST(ParserLimits, EveryLineEndCountsOneByteHoweverTheStreamIsCut) {
  // "data: 12" and its line end count 9 bytes, whether the end is CR, LF or CRLF.
  for (const char *end : {"\n", "\r", "\r\n"}) {
    const std::string stream =
        std::string("data: 12") + end + end + ": c" + end + end + "data: z" + end + end;
    for (std::size_t at = 0; at <= stream.size(); ++at) {
      EXPECT_EQ(parse_split(stream, at, 8),
                (entries{too_large(), comment(" c"), ev("message", "z")}))
          << at;
      EXPECT_EQ(parse_split(stream, at, 9),
                (entries{ev("message", "12"), comment(" c"), ev("message", "z")}))
          << at;
    }
  }
}

TEST(ParserLimits, UnterminatedHugeLineIsNotBuffered) {
  parser p(1024);
  recorder out;
  const std::string chunk(4096, 'x');
  p.feed("data: ", out);
  for (int i = 0; i < 1000; ++i) p.feed(chunk, out); // 4 MB of one line, never stored
  p.feed("\n\ndata: after\n\n", out);
  EXPECT_EQ(out.entries, (entries{too_large(), ev("message", "after")}));
}

TEST(ParserLimits, DiscardedBlockDoesNotSetTheLastEventId) {
  parser p(16);
  recorder out;
  p.feed("id: 1\ndata: a\n\nid: 2\ndata: " + std::string(40, 'x') + "\n\ndata: b\n\n", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "a", "1"), too_large(), ev("message", "b", "1")}));
}

TEST(ParserLimits, DiscardedBlockDoesNotKeepItsType) {
  EXPECT_EQ(parse("event: big\ndata: " + std::string(40, 'x') + "\n\ndata: b\n\n", 20),
            (entries{too_large(), ev("message", "b")}));
}

TEST(ParserLimits, RetryBeforeTheLimitStillCounts) {
  EXPECT_EQ(parse("retry: 10\ndata: " + std::string(40, 'x') + "\n\n", 20),
            (entries{retry(10), too_large()}));
}

TEST(ParserLimits, EndLeavesDiscardingMode) {
  parser p(8);
  recorder out;
  p.feed("data: too long for it", out);
  p.end();
  p.feed("data: a\n\n", out);
  EXPECT_EQ(out.entries, (entries{too_large(), ev("message", "a")}));
}

TEST(ParserLimits, DefaultIsSixteenMebibytes) {
  EXPECT_EQ(parser().max_event_size(), std::size_t{16} << 20);
  const std::string big(std::size_t{16} << 20, 'x');
  parser p;
  recorder out;
  p.feed("data: ", out);
  p.feed(big, out);
  p.feed("\n\ndata: small\n\n", out);
  EXPECT_EQ(out.entries, (entries{too_large(), ev("message", "small")}));
}

} // namespace
} // namespace sse::testing
