// A handler may reset or end the parser from inside a callback: the rest of that chunk is
// dropped and no further callback runs for it.

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace sse::testing {
namespace {

using entries = std::vector<entry>;

class resetting_recorder final : public recorder {
public:
  resetting_recorder(parser &p, std::size_t after) : parser_(p), after_(after) {}
  void on_event(const event &e) override {
    recorder::on_event(e);
    if (entries.size() == after_) parser_.reset();
  }
  void on_comment(std::string_view text) override {
    recorder::on_comment(text);
    if (entries.size() == after_) parser_.end();
  }

private:
  parser &parser_;
  std::size_t after_;
};

TEST(ParserReentry, ResetInsideOnEventStopsTheChunk) {
  parser p;
  resetting_recorder out(p, 1);
  p.feed("id: 1\ndata: a\n\nid: 2\ndata: b\n\ndata: c\n\n", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "a", "1")}));
  EXPECT_EQ(p.last_event_id(), "1");
  p.feed("data: d\n\n", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "a", "1"), ev("message", "d", "1")}));
}

TEST(ParserReentry, EndInsideOnCommentStopsTheChunk) {
  parser p;
  resetting_recorder out(p, 1);
  p.feed(": one\ndata: a\n\n: two\n", out);
  EXPECT_EQ(out.entries, (entries{comment(" one")}));
}

TEST(ParserReentry, ResetInsideTheLastEventOfAChunkLeavesACleanState) {
  parser p;
  resetting_recorder out(p, 1);
  p.feed("data: a\r\r", out);
  // The pending CR was forgotten with the reset, so this LF is a blank line of its own.
  p.feed("\ndata: b\n\n", out);
  EXPECT_EQ(out.entries, (entries{ev("message", "a"), ev("message", "b")}));
}

} // namespace
} // namespace sse::testing
