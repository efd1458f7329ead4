// [spec] The stream is decoded with UTF-8 decode, which strips one leading byte order mark.

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace sse::testing {
namespace {

using entries = std::vector<entry>;
const std::string bom = "\xEF\xBB\xBF";

TEST(ParserBom, LeadingBomIsStripped) {
  EXPECT_EQ(parse(bom + "data: a\n\n"), (entries{ev("message", "a")}));
}

TEST(ParserBom, BomSplitAtEveryByte) {
  const std::string stream = bom + "data: a\n\n";
  for (std::size_t at = 0; at <= stream.size(); ++at) {
    EXPECT_EQ(parse_split(stream, at), (entries{ev("message", "a")})) << "split at " << at;
  }
  EXPECT_EQ(parse_in_pieces(stream, 1), (entries{ev("message", "a")}));
}

TEST(ParserBom, OnlyOneBomIsStripped) {
  // The second one is the start of the field name, which then is not "data".
  EXPECT_EQ(parse(bom + bom + "data: a\n\n"), entries{});
}

TEST(ParserBom, BomLaterInTheStreamIsText) {
  EXPECT_EQ(parse("data: a\n\n" + bom + "data: b\n\ndata: " + bom + "c\n\n"),
            (entries{ev("message", "a"), ev("message", bom + "c")}));
}

TEST(ParserBom, LineBreakRightAfterTheBomIsABlankLine) {
  EXPECT_EQ(parse(bom + "\ndata: a\n\n"), (entries{ev("message", "a")}));
  EXPECT_EQ(parse(bom + "\r\ndata: a\n\n"), (entries{ev("message", "a")}));
}

TEST(ParserBom, PartialBomIsInvalidText) {
  // EF BB then 'x': the two bytes are one maximal invalid subpart, one U+FFFD.
  EXPECT_EQ(parse("\xEF\xBBx\n: c\ndata: a\n\n"), (entries{comment(" c"), ev("message", "a")}));
  EXPECT_EQ(parse("\xEF\xBB:x\n\n"), entries{});
  EXPECT_EQ(parse("\xEF:x\n"), entries{});
  parser p;
  recorder out;
  p.feed("\xEF", out);
  p.feed("\xBB", out);
  p.feed("data: a\n\n", out);
  EXPECT_EQ(out.entries, entries{});
}

TEST(ParserBom, PartialBomBeforeAColonIsAFieldName) {
  EXPECT_EQ(parse_in_pieces("\xEF\xBB: x\n\n", 1), entries{});
  parser p;
  recorder out;
  p.feed("\xEF", out);
  p.feed("\n", out);
  EXPECT_EQ(out.entries, entries{});
}

TEST(ParserBom, BomMayComeAgainAfterEnd) {
  parser p;
  recorder out;
  p.feed(bom + "data: a\n\n", out);
  p.end();
  p.feed(bom, out);
  p.feed("data: b\n\n", out);
  p.reset();
  p.feed(bom.substr(0, 2), out);
  p.feed(bom.substr(2) + "data: c\n\n", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "a"), ev("message", "b"), ev("message", "c")}));
}

TEST(ParserBom, EmptyChunksKeepWaiting) {
  parser p;
  recorder out;
  p.feed("", out);
  p.feed("\xEF", out);
  p.feed("", out);
  p.feed("\xBB\xBF", out);
  p.feed("data: a\n\n", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "a")}));
}

} // namespace
} // namespace sse::testing
