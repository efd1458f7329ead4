// What a block itself said, beside what the spec makes of it: whether it named its type and
// had an id field, each block's id, and the lines the spec ignores. eventsource-parser's
// stream reports these, and sse-wasm/stream reports them from here; they never change the
// events. Every case is also fed split at every byte.

#include "sse/parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sse {
namespace {

using namespace std::string_view_literals;

struct block_recorder final : handler {
  void on_event(const event &ev) override {
    log.push_back("event " + std::string(ev.type) + " " + std::string(ev.data) +
                  (ev.named ? " named" : "") +
                  (ev.with_id ? " id=" + std::string(ev.last_event_id) : ""));
  }
  void on_block_id(std::string_view id) override { log.push_back("block id " + std::string(id)); }
  void on_ignored_field(ignored_field kind, std::string_view line, std::string_view name,
                        std::string_view value) override {
    log.push_back(std::string(kind == ignored_field::invalid_retry ? "invalid retry" : "unknown") +
                  " [" + std::string(name) + "] [" + std::string(value) + "] [" +
                  std::string(line) + "]");
  }
  void on_retry(std::uint64_t milliseconds) override {
    log.push_back("retry " + std::to_string(milliseconds));
  }
  std::vector<std::string> log;
};

std::vector<std::string> report(std::string_view stream) {
  parser whole;
  block_recorder expected;
  whole.feed(stream, expected);
  for (std::size_t at = 0; at <= stream.size(); ++at) {
    parser split;
    block_recorder actual;
    split.feed(stream.substr(0, at), actual);
    split.feed(stream.substr(at), actual);
    EXPECT_EQ(actual.log, expected.log) << "split at " << at;
  }
  return expected.log;
}

using lines = std::vector<std::string>;

TEST(ParserBlockFields, AnEventIsNamedOnlyByANonEmptyEventFieldOfItsOwnBlock) {
  EXPECT_EQ(report("data: a\n\nevent: message\ndata: b\n\nevent: x\nevent:\ndata: c\n\n"),
            (lines{"event message a", "event message b named", "event message c"}));
  EXPECT_EQ(report("event: x\ndata: a\n\ndata: b\n\n"),
            (lines{"event x a named", "event message b"}));
}

TEST(ParserBlockFields, AnEventHasAnIdOnlyWhenItsOwnBlockHadAValidIdField) {
  EXPECT_EQ(report("id: 1\ndata: a\n\ndata: b\n\nid:\ndata: c\n\nid: \0x\ndata: d\n\n"sv),
            (lines{"block id 1", "event message a id=1", "event message b", "block id ",
                   "event message c id=", "event message d"}));
}

TEST(ParserBlockFields, EveryBlockWithAnIdFieldReportsItEvenWithoutDataOrChange) {
  EXPECT_EQ(report("id: 7\n\nid: 7\n\n: only a comment\nid: 8\nid: 9\n\n"),
            (lines{"block id 7", "block id 7", "block id 9"}));
}

TEST(ParserBlockFields, ADiscardedBlocksIdIsNeverReported) {
  parser small(16);
  block_recorder out;
  small.feed("id: 5\ndata: far too long for the limit\n\ndata: ok\n\n", out);
  EXPECT_EQ(out.log, (lines{"event message ok"}));
}

TEST(ParserBlockFields, UnknownFieldsAreReportedWithTheirLine) {
  EXPECT_EQ(
      report("foo: bar\nbaz\nqux:\nData: x\nx:  two spaces\n\n"),
      (lines{"unknown [foo] [bar] [foo: bar]", "unknown [baz] [] [baz]", "unknown [qux] [] [qux:]",
             "unknown [Data] [x] [Data: x]", "unknown [x] [ two spaces] [x:  two spaces]"}));
}

TEST(ParserBlockFields, InvalidRetriesAreReportedAndValidOnesAreNot) {
  EXPECT_EQ(report("retry: 10\nretry: 1.5\nretry:\nretry\nretry: 99999999999999999999\n"),
            (lines{"retry 10", "invalid retry [retry] [1.5] [retry: 1.5]",
                   "invalid retry [retry] [] [retry:]", "invalid retry [retry] [] [retry]",
                   "retry 18446744073709551615"}));
}

TEST(ParserBlockFields, IgnoredLinesComeAsReceivedAndChangeNoEvent) {
  EXPECT_EQ(report("f\xFFo: \xC3\r\ndata: a\r\n\r\n"),
            (lines{"unknown [f\xFFo] [\xC3] [f\xFFo: \xC3]", "event message a"}));
}

} // namespace
} // namespace sse
