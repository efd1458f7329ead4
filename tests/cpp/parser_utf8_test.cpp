// [spec] Event streams are decoded with UTF-8 decode: invalid sequences become U+FFFD, one per
// maximal invalid subpart (the Encoding standard's decoder, which TextDecoder also follows).

#include "sse/utf8.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace sse::testing {
namespace {

using entries = std::vector<entry>;
const std::string fffd = "\xEF\xBF\xBD";

std::string decoded(std::string_view bytes) {
  detail::buffer out;
  utf8::append_replacing_invalid(out, bytes);
  return std::string(out.view());
}

TEST(ParserUtf8, ValidTextPassesThrough) {
  const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";
  EXPECT_EQ(decoded(text), text);
}

TEST(ParserUtf8, MaximalSubpartsBecomeOneReplacementEach) {
  EXPECT_EQ(decoded("\x80"), fffd);
  EXPECT_EQ(decoded("\xC0\x80"), fffd + fffd);                       // overlong lead
  EXPECT_EQ(decoded("\xE0\x80\x80"), fffd + fffd + fffd);            // E0 needs A0..BF next
  EXPECT_EQ(decoded("\xED\xA0\x80"), fffd + fffd + fffd);            // a surrogate
  EXPECT_EQ(decoded("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd); // past U+10FFFF
  EXPECT_EQ(decoded("\xF5"), fffd);
  EXPECT_EQ(decoded("\xFF"), fffd);
  EXPECT_EQ(decoded("\xE2\x82"), fffd); // truncated: one subpart
  EXPECT_EQ(decoded("\xF0\x9F\x98"), fffd);
  EXPECT_EQ(decoded("\xE2\x82x"), fffd + "x");
  EXPECT_EQ(decoded("\xF0\x9F\xC3\xA9"), fffd + "\xC3\xA9");
}

TEST(ParserUtf8, TheFirstNonAsciiByteIsFoundWhereverItIs) {
  // Long text is checked 64 and 16 bytes at a time; every offset of the first non-ASCII
  // byte, and of a bad one, must come out the same as a byte at a time, with text before it
  // already in the buffer.
  for (std::size_t size = 0; size <= 200; ++size) {
    for (std::size_t at = 0; at <= size; ++at) {
      std::string text(size, 'a');
      if (at < size) text[at] = '\xFF';
      detail::buffer out;
      out.append("prefix");
      const bool ascii = utf8::append_replacing_invalid(out, text);
      const std::string expected =
          "prefix" + (at < size ? text.substr(0, at) + fffd + text.substr(at + 1) : text);
      ASSERT_EQ(std::string(out.view()), expected) << size << " " << at;
      ASSERT_EQ(ascii, at == size) << size << " " << at;
    }
  }
}

TEST(ParserUtf8, Utf16LengthCountsSurrogatePairs) {
  EXPECT_EQ(utf8::utf16_length("a\xC3\xA9\xE2\x82\xAC"), 3U);
  EXPECT_EQ(utf8::utf16_length("\xF0\x9F\x98\x80"), 2U);
  EXPECT_EQ(utf8::utf16_length(""), 0U);
}

TEST(ParserUtf8, InvalidBytesInFieldsAreReplaced) {
  EXPECT_EQ(parse("event: \xFF\ndata: a\xC0\x80"
                  "b\nid: \xE2\x82\n\n"),
            (entries{ev(fffd, "a" + fffd + fffd + "b", fffd)}));
  EXPECT_EQ(parse(":\xFE\n"), (entries{comment(fffd)}));
}

TEST(ParserUtf8, SequenceCutByALineEndIsInvalid) {
  EXPECT_EQ(parse("data: \xE2\x82\ndata: \xAC\n\n"), (entries{ev("message", fffd + "\n" + fffd)}));
}

TEST(ParserUtf8, MultiByteSequencesSplitAcrossChunks) {
  const std::string stream = "data: \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n\n";
  for (std::size_t at = 0; at <= stream.size(); ++at) {
    EXPECT_EQ(parse_split(stream, at),
              (entries{ev("message", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80")}))
        << "split at " << at;
  }
}

TEST(ParserUtf8, InvalidSequencesSplitAcrossChunks) {
  const std::string stream = "data: \xF0\x9F\x98x\xE0\x80\n\n";
  const entries expected{ev("message", fffd + "x" + fffd + fffd)};
  for (std::size_t at = 0; at <= stream.size(); ++at) {
    EXPECT_EQ(parse_split(stream, at), expected) << "split at " << at;
  }
}

TEST(ParserUtf8, NonAsciiFieldNameIsUnknown) { EXPECT_EQ(parse("d\xC3\xA1ta: x\n\n"), entries{}); }

} // namespace
} // namespace sse::testing
