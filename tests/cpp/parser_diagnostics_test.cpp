// parser::diagnose(): what the bytes say beyond the events, for `sse-wasm doctor`.

#include "sse/parser.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

using sse::parser;
using sse::testing::recorder;

// Feeds each piece in turn to a diagnosing parser.
void feed(parser &p, const std::vector<std::string> &pieces, recorder &out) {
  p.diagnose();
  for (const auto &piece : pieces) p.feed(piece, out);
}

TEST(ParserDiagnostics, LineEndsAreCountedByKindAcrossChunks) {
  recorder out;
  parser p;
  feed(p, {"data: a\r", "\ndata: b\n\r", "data: c\r\r\n\r"}, out);
  const sse::wire_report w = p.wire();
  EXPECT_EQ(w.crlf, 2U);
  EXPECT_EQ(w.lf, 1U);
  EXPECT_EQ(w.cr, 3U); // the last one at the end of the bytes
  EXPECT_EQ(w.bytes, 29U);
  EXPECT_EQ(out.entries.size(), 2U);
}

TEST(ParserDiagnostics, InvalidUtf8IsCountedAsADecoderReplacesIt) {
  recorder out;
  // A lone continuation byte, a truncated sequence broken by a new line, an overlong lead, a
  // surrogate, and a four-byte character split across chunks, which is valid.
  parser p;
  feed(p, {"data: \x80 \xE2\x82\n\xC0\xAF \xED\xA0\x80 \xF0\x9F", "\x98\x80\n\n"}, out);
  sse::wire_report w = p.wire();
  // 80 | E2 82 | C0 | AF | ED | A0 | 80: what TextDecoder makes seven U+FFFD of.
  EXPECT_EQ(w.invalid_utf8, 7U);
  EXPECT_EQ(w.first_invalid_utf8, 6U);
  EXPECT_FALSE(w.utf8_incomplete);
  p.feed("data: \xE2\x82", out);
  EXPECT_TRUE(p.wire().utf8_incomplete);
}

TEST(ParserDiagnostics, ValidUtf8CountsNothing) {
  recorder out;
  parser p;
  feed(p, {"data: caf\xC3", "\xA9 \xE6\x97\xA5\n\n"}, out);
  EXPECT_EQ(p.wire().invalid_utf8, 0U);
}

TEST(ParserDiagnostics, ABomAfterTheStartIsCountedAndItsFieldLost) {
  recorder out;
  parser p;
  feed(p,
       {"\xEF\xBB\xBF"
        "data: a\n\n\xEF\xBB\xBF"
        "data: b\n\n"},
       out);
  EXPECT_EQ(p.wire().bom_lines, 1U);
  ASSERT_EQ(out.entries.size(), 1U);
  EXPECT_EQ(out.entries[0].data, "a");
}

TEST(ParserDiagnostics, MidEventIsABodyThatWouldLoseAnEvent) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"data: a", true},
      {"data: a\n", true},
      {"data: a\n\n", false},
      {": keep", false},
      {"event: x\n", false},
      {"id: 1\nda", true},
      {"data: " + std::string(100000, 'x'), true}};
  for (const auto &[bytes, inside] : cases) {
    recorder out;
    parser p;
    p.feed(bytes, out);
    EXPECT_EQ(p.mid_event(), inside) << bytes.substr(0, 20);
  }
}

TEST(ParserDiagnostics, OffNothingIsCounted) {
  recorder out;
  parser p;
  p.feed("data: \xFF\r\n\xEF\xBB\xBF"
         "data: b\r\r\n",
         out);
  const sse::wire_report w = p.wire();
  EXPECT_EQ(w.bytes + w.lf + w.cr + w.crlf + w.invalid_utf8 + w.bom_lines, 0U);
}

} // namespace
