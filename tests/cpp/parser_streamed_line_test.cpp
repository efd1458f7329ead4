// A data line whose end is in a later chunk goes straight into the data buffer, and is checked
// as UTF-8 only when its end arrives. However a stream is cut, the events must be those of the
// stream fed whole: the same replacements of invalid bytes, the same size limit, the same ASCII
// flag, and nothing of a line that a reset or the limit gave up.

#include "test_support.hpp"

#include "sse/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sse::testing {
namespace {

using entries = std::vector<entry>;

std::string line_of(std::size_t size, const std::string &unit = "x") {
  std::string text;
  while (text.size() < size) text += unit;
  return text;
}

const std::string shapes[] = {
    "data: " + line_of(300) + "\n\n",
    "data:" + line_of(300) + "\r\n\r\n",
    "data: " + line_of(300) + "\r\rdata: after\n\n",
    "data: " + line_of(300, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 ") + "\n\n",
    "data: " + line_of(100) + "\xFF" + line_of(100) + "\xE2\x82" + line_of(100) + "\n\n",
    "data: " + line_of(200) + "\xF0\x9F\x98\n\n",
    "data: first\ndata: " + line_of(300) + "\ndata: third\n\n",
    "data: caf\xC3\xA9\ndata: " + line_of(300) + "\n\n",
    "event: t\nid: 9\ndata: " + line_of(300) + "\nretry: 5\n\ndata: y\n\n",
    "data " + line_of(300) + "\n\ndata: y\n\n",
    ": " + line_of(300) + "\ndata: y\n\n",
};

TEST(ParserStreamedLine, EveryCutGivesTheEventsOfTheWholeStream) {
  for (const std::string &shape : shapes) {
    const entries whole = parse(shape);
    ASSERT_FALSE(whole.empty()) << shape;
    for (std::size_t size : {1, 2, 3, 5, 7, 16, 64, 100}) {
      EXPECT_EQ(parse_in_pieces(shape, size), whole) << shape << " in pieces of " << size;
    }
    for (std::size_t at = 0; at <= shape.size(); ++at) {
      EXPECT_EQ(parse_split(shape, at), whole) << shape << " at " << at;
    }
  }
}

TEST(ParserStreamedLine, InvalidBytesAcrossChunksAreReplacedOnce) {
  const std::string stream = "data: a\xE2\x82" + line_of(50) + "\xFF\n\n";
  const entries expected{ev("message", "a\xEF\xBF\xBD" + line_of(50) + "\xEF\xBF\xBD")};
  EXPECT_EQ(parse(stream), expected);
  EXPECT_EQ(parse_in_pieces(stream, 8), expected);
  // A character cut between chunks is whole again when its line ends.
  EXPECT_EQ(parse_in_pieces("data: \xE2\x82\xAC" + line_of(20) + "\n\n", 7),
            (entries{ev("message", "\xE2\x82\xAC" + line_of(20))}));
}

TEST(ParserStreamedLine, TheSizeLimitCountsTheStreamedBytes) {
  // "data: " and 94 bytes and the line end are 101 bytes.
  const std::string stream = "data: " + line_of(94) + "\n\ndata: next\n\n";
  for (std::size_t size : {1, 10, 50}) {
    EXPECT_EQ(parse_in_pieces(stream, size, 101),
              (entries{ev("message", line_of(94)), ev("message", "next")}))
        << size;
    EXPECT_EQ(parse_in_pieces(stream, size, 100), (entries{too_large(), ev("message", "next")}))
        << size;
  }
}

TEST(ParserStreamedLine, EndGivesUpTheLineSoFar) {
  parser p;
  recorder out;
  p.feed("data: first\ndata: " + line_of(40), out);
  p.end();
  p.feed("data: next\n\n", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "next")}));
}

class ascii_recorder final : public handler {
public:
  void on_event(const event &e) override { flags.push_back(e.ascii); }
  std::vector<bool> flags;
};

TEST(ParserStreamedLine, AsciiIsSaidOfAStreamedLineOnlyWhenItIs) {
  parser p;
  ascii_recorder out;
  for (const std::string &piece :
       {"data: " + line_of(20), line_of(20) + "\n\n", "data: " + line_of(20),
        std::string("\xC3\xA9\n\n"), "data: \xC3\xA9\ndata: " + line_of(20), std::string("\n\n")}) {
    p.feed(piece, out);
  }
  EXPECT_EQ(out.flags, (std::vector<bool>{true, false, false}));
}

} // namespace
} // namespace sse::testing
