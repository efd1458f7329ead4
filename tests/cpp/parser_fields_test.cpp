// [spec] Collect the characters on the line before the first U+003A COLON (:), and let field be
// that string. Collect the characters on the line after the first U+003A COLON (:), and let
// value be that string. If value starts with a U+0020 SPACE character, remove it from value.

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace sse::testing {
namespace {

using entries = std::vector<entry>;

TEST(ParserFields, OneLeadingSpaceIsRemoved) {
  EXPECT_EQ(parse("data:a\n\n"), (entries{ev("message", "a")}));
  EXPECT_EQ(parse("data: a\n\n"), (entries{ev("message", "a")}));
  EXPECT_EQ(parse("data:  a\n\n"), (entries{ev("message", " a")}));
  EXPECT_EQ(parse("data:\ta\n\n"), (entries{ev("message", "\ta")}));
}

TEST(ParserFields, ValueKeepsLaterColons) {
  EXPECT_EQ(parse("data: a: b:c\n\n"), (entries{ev("message", "a: b:c")}));
}

TEST(ParserFields, LineWithoutColonIsAFieldWithEmptyValue) {
  EXPECT_EQ(parse("data\n\n"), (entries{ev("message", "")}));
  EXPECT_EQ(parse("data\ndata\n\n"), (entries{ev("message", "\n")}));
  EXPECT_EQ(parse("event\ndata: x\n\n"), (entries{ev("message", "x")}));
}

TEST(ParserFields, NamesAreCaseSensitive) {
  EXPECT_EQ(parse("Data: x\nDATA: y\n\n"), entries{});
  EXPECT_EQ(parse("data: x\nEvent: e\nID: 1\n\n"), (entries{ev("message", "x")}));
}

TEST(ParserFields, SpaceBeforeColonIsPartOfTheName) {
  EXPECT_EQ(parse("data : x\n\n"), entries{});
  EXPECT_EQ(parse(" data: x\n\n"), entries{});
}

TEST(ParserFields, UnknownFieldsAreIgnored) {
  EXPECT_EQ(parse("foo: bar\ndata: x\nbaz\n\n"), (entries{ev("message", "x")}));
}

TEST(ParserFields, CommentsAreReportedWithoutTheColon) {
  EXPECT_EQ(parse(": ping\n:\n::x\n\n"), (entries{comment(" ping"), comment(""), comment(":x")}));
}

TEST(ParserFields, CommentsDoNotEndOrStartEvents) {
  EXPECT_EQ(parse("data: a\n: mid\ndata: b\n\n"),
            (entries{comment(" mid"), ev("message", "a\nb")}));
}

TEST(ParserFields, RetryTakesOnlyAsciiDigits) {
  EXPECT_EQ(parse("retry: 1000\n"), (entries{retry(1000)}));
  EXPECT_EQ(parse("retry:0\n"), (entries{retry(0)}));
  EXPECT_EQ(parse("retry: 007\n"), (entries{retry(7)}));
  for (const char *bad :
       {"retry: 12abc\n", "retry: -1\n", "retry: 1.5\n", "retry: +5\n", "retry:  10\n",
        "retry: 10 \n", "retry: 1e3\n", "retry: \xD9\xA1\n", "retry: \xEF\xBC\x91\n"}) {
    EXPECT_EQ(parse(bad), entries{}) << bad;
  }
}

TEST(ParserFields, EmptyRetryIsIgnored) {
  // [spec] "consists of only ASCII digits": an empty value has none to interpret (Chromium
  // resets to its default here; the spec, and this parser, leave the time as it was).
  EXPECT_EQ(parse("retry:\nretry\n"), entries{});
}

TEST(ParserFields, RetryIsExactUpTo2To53AndSaturatesPast2To64) {
  EXPECT_EQ(parse("retry: 9007199254740993\n"), (entries{retry(9007199254740993ULL)}));
  EXPECT_EQ(parse("retry: 18446744073709551615\n"), (entries{retry(18446744073709551615ULL)}));
  EXPECT_EQ(parse("retry: 18446744073709551616\n"), (entries{retry(18446744073709551615ULL)}));
  EXPECT_EQ(parse("retry: 99999999999999999999999999\n"),
            (entries{retry(18446744073709551615ULL)}));
}

TEST(ParserFields, RetryIsReportedAtOnceNotAtDispatch) {
  EXPECT_EQ(parse("data: a\nretry: 5\n\n"), (entries{retry(5), ev("message", "a")}));
}

TEST(ParserFields, EventFieldSetsTheType) {
  EXPECT_EQ(parse("event: update\ndata: x\n\n"), (entries{ev("update", "x")}));
  EXPECT_EQ(parse("event: a\nevent: b\ndata: x\n\n"), (entries{ev("b", "x")}));
  EXPECT_EQ(parse("event:\ndata: x\n\n"), (entries{ev("message", "x")}));
  EXPECT_EQ(parse("event: a\nevent:\ndata: x\n\n"), (entries{ev("message", "x")}));
}

TEST(ParserFields, TypeMayNameLifecycleEvents) {
  EXPECT_EQ(parse("event: error\ndata: x\n\nevent: open\ndata: y\n\n"),
            (entries{ev("error", "x"), ev("open", "y")}));
}

} // namespace
} // namespace sse::testing
