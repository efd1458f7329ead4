// A handler may reset or end the parser from inside a callback: the rest of that chunk is
// dropped and no further callback runs for it.

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

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

class big_event_reader final : public handler {
public:
  explicit big_event_reader(parser &p) : parser_(p) {}
  void on_event(const event &e) override {
    parser_.reset();
    // The views stay valid for the whole call, even after a reset that would free memory.
    sizes.push_back(e.data.size());
    copies.emplace_back(e.data);
  }
  std::vector<std::size_t> sizes;
  std::vector<std::string> copies;

private:
  parser &parser_;
};

TEST(ParserReentry, ViewsOutliveAResetInsideTheCallback) {
  parser p;
  big_event_reader out(p);
  const std::string big(100'000, 'x');
  p.feed("data: " + big.substr(0, 10), out); // the line spans chunks, so data is buffered
  p.feed(big.substr(10) + "\ndata: y\n\n", out);
  ASSERT_EQ(out.copies.size(), 1U);
  EXPECT_EQ(out.copies[0], big + "\ny");
}

class nested_feeder final : public recorder {
public:
  explicit nested_feeder(parser &p) : parser_(p) {}
  void on_event(const event &e) override {
    recorder::on_event(e);
    accepted = parser_.feed("data: nested\n\n", *this);
  }
  bool accepted = true;

private:
  parser &parser_;
};

TEST(ParserReentry, FeedInsideACallbackIsRefused) {
  parser p;
  nested_feeder out(p);
  EXPECT_TRUE(p.feed("data: a\n\ndata: b\n\n", out));
  EXPECT_FALSE(out.accepted);
  EXPECT_EQ(out.entries, (entries{ev("message", "a"), ev("message", "b")}));
}

// WebAssembly builds here have no exception catching; a C++ program with exceptions does.
#if !defined(__EMSCRIPTEN__)
class throwing_handler final : public handler {
public:
  void on_event(const event &) override { throw std::runtime_error("from the handler"); }
};

TEST(ParserReentry, AHandlerThatThrowsLeavesTheParserUsable) {
  parser p;
  throwing_handler thrower;
  EXPECT_THROW(p.feed("data: a\n\n", thrower), std::runtime_error);
  recorder out;
  EXPECT_TRUE(p.feed("data: b\n\n", out));
  EXPECT_EQ(out.entries, (entries{ev("message", "b")}));
}
#endif

} // namespace
} // namespace sse::testing
