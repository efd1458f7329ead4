// [spec] Lines must be separated by either a CRLF pair, a single LF, or a single CR.

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace sse::testing {
namespace {

using entries = std::vector<entry>;

TEST(ParserLineEndings, LfCrLfAndCrAreEachOneLineEnd) {
  const entries expected{ev("message", "a"), ev("message", "b"), ev("message", "c")};
  EXPECT_EQ(parse("data: a\n\ndata: b\r\n\r\ndata: c\r\r"), expected);
}

TEST(ParserLineEndings, MixedEndingsInOneEvent) {
  EXPECT_EQ(parse("data: 1\rdata: 2\ndata: 3\r\n\n"), (entries{ev("message", "1\n2\n3")}));
}

TEST(ParserLineEndings, CrLfIsOneLineEndNotTwo) {
  // Were CRLF two line ends, the CR would end the line and the LF would dispatch early.
  EXPECT_EQ(parse("data: a\r\ndata: b\r\n\r\n"), (entries{ev("message", "a\nb")}));
}

TEST(ParserLineEndings, CrLfSplitAcrossChunks) {
  const std::string stream = "data: a\r\ndata: b\r\n\r\n";
  for (std::size_t at = 0; at <= stream.size(); ++at) {
    EXPECT_EQ(parse_split(stream, at), (entries{ev("message", "a\nb")})) << "split at " << at;
  }
}

TEST(ParserLineEndings, CrOnlyStreamIsNotHeldBack) {
  parser p;
  recorder out;
  p.feed("data: now\r\r", out);
  // The event is out before any byte that could be an LF has arrived.
  EXPECT_EQ(out.entries, (entries{ev("message", "now")}));
}

TEST(ParserLineEndings, LfAfterCrInNextChunkIsSkipped) {
  parser p;
  recorder out;
  p.feed("data: a\r", out);
  p.feed("\ndata: b\r", out);
  p.feed("\n\r", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "a\nb")}));
}

TEST(ParserLineEndings, CrCrIsABlankLine) {
  EXPECT_EQ(parse_in_pieces("data: x\r\r", 1), (entries{ev("message", "x")}));
}

TEST(ParserLineEndings, LfCrIsTwoLineEnds) {
  EXPECT_EQ(parse("data: x\n\r"), (entries{ev("message", "x")}));
}

TEST(ParserLineEndings, UnicodeLineSeparatorsAreText) {
  EXPECT_EQ(parse("data: a\xE2\x80\xA8"
                  "b\xE2\x80\xA9"
                  "c\x0B\x0C\x85\n\n"),
            (entries{ev("message", "a\xE2\x80\xA8"
                                   "b\xE2\x80\xA9"
                                   "c\x0B\x0C\xEF\xBF\xBD")}));
}

TEST(ParserLineEndings, LongLinesAcrossManyChunks) {
  const std::string payload(10000, 'x');
  const std::string stream = "data: " + payload + "\n\n";
  for (const std::size_t size : {1, 7, 64, 4096}) {
    EXPECT_EQ(parse_in_pieces(stream, size), (entries{ev("message", payload)})) << size;
  }
}

TEST(ParserLineEndings, LineEndFoundAtEveryOffsetOfAWord) {
  // The scan looks at eight bytes at a time; a line end at any offset in the word counts.
  for (std::size_t pad = 0; pad < 20; ++pad) {
    for (const char *end : {"\n", "\r", "\r\n"}) {
      const std::string stream = "data:" + std::string(pad, 'p') + end + end;
      EXPECT_EQ(parse(stream), (entries{ev("message", std::string(pad, 'p'))})) << pad;
    }
  }
}

} // namespace
} // namespace sse::testing
