// The parser takes the commonest event, one ASCII data line and a blank line at the start of a
// block, by a shortcut. Fed whole, a stream goes through it; fed a byte at a time, never. Both
// must give the same events, and the shortcut must step aside for every other shape.

#include "test_support.hpp"

#include "sse/utf8.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace sse::testing {
namespace {

using entries = std::vector<entry>;

const char *const shapes[] = {
    "data: a\n\ndata: b\n\n",
    "data:\n\ndata: \n\n",
    "data:  two spaces\n\n",
    "data: a\r\n\r\ndata: b\r\n\r\n",
    "data: a\n\r\ndata: b\r\n\n",
    "data: a\r\rdata: b\n\n",
    "data: a\rb\n\ndata: c\n\n",
    "data: caf\xC3\xA9\n\ndata: x\n\n",
    "data: bad \xFF\n\ndata: x\n\n",
    "data: x\ndata: y\n\ndata: z\n\n",
    "id: 7\n\ndata: x\n\ndata: y\n\n",
    "data: x\n\nid\n\ndata: y\n\n",
    "event: t\ndata: x\n\ndata: y\n\n",
    "data: x\n\n: c\ndata: y\n\n",
    "retry: 5\ndata: x\n\ndata: y\n\n",
    "data: x\nid: 3\n\ndata: y\n\n",
    "dat: x\n\ndata: y\n\n",
    "\xEF\xBB\xBF"
    "data: bom\n\n",
    "data: x\n\ndata: cut",
};

TEST(ParserPlainEvents, WholeChunksGiveWhatSingleBytesGive) {
  for (const char *shape : shapes) {
    const std::string stream = std::string(shape) + std::string(shape);
    EXPECT_EQ(parse(stream), parse_in_pieces(stream, 1)) << stream;
    for (std::size_t at = 0; at <= stream.size(); ++at) {
      EXPECT_EQ(parse_split(stream, at), parse_in_pieces(stream, 1)) << stream << " at " << at;
    }
  }
}

TEST(ParserPlainEvents, EachShapeGivesTheSpecsEvents) {
  EXPECT_EQ(parse("data:\n\ndata: \n\n"), (entries{ev("message", ""), ev("message", "")}));
  EXPECT_EQ(parse("data: a\r\n\r\ndata: b\r\n\r\n"),
            (entries{ev("message", "a"), ev("message", "b")}));
  EXPECT_EQ(parse("data: a\rb\n\ndata: c\n\n"), (entries{ev("message", "a"), ev("message", "c")}));
  EXPECT_EQ(parse("data: x\ndata: y\n\ndata: z\n\n"),
            (entries{ev("message", "x\ny"), ev("message", "z")}));
  EXPECT_EQ(parse("id: 7\n\ndata: x\n\ndata: y\n\n"),
            (entries{ev("message", "x", "7"), ev("message", "y", "7")}));
  EXPECT_EQ(parse("event: t\ndata: x\n\ndata: y\n\n"), (entries{ev("t", "x"), ev("message", "y")}));
  EXPECT_EQ(parse("data: x\nid: 3\n\ndata: y\n\n"),
            (entries{ev("message", "x", "3"), ev("message", "y", "3")}));
}

TEST(ParserPlainEvents, TheSizeLimitHoldsOnTheShortcut) {
  // "data: 1234" and its line end are 11 bytes, with LF or with CRLF.
  for (const char *end : {"\n\n", "\r\n\r\n"}) {
    const std::string stream = std::string("data: 1234") + end + "data: 5" + end;
    EXPECT_EQ(parse(stream, 11), (entries{ev("message", "1234"), ev("message", "5")}));
    EXPECT_EQ(parse(stream, 10), (entries{too_large(), ev("message", "5")}));
  }
}

// Takes plain events in bulk, as the WebAssembly boundary does, and holds the parser to what it
// promises a sink: a run of `bytes` bytes brings at most bytes / 7 + 1 events and `bytes` bytes
// of ASCII data, with no other callback until the sink is given back. Each sink takes at most
// `room` events; the parser must give the next one the usual way.
class bulk_recorder final : public recorder {
public:
  explicit bulk_recorder(std::size_t room) : room_(room) {}

  struct sink {
    bulk_recorder *owner;
    std::size_t events_left;
    std::size_t bytes_left;
    std::size_t room;

    bool add(std::string_view data) {
      if (room == 0) return false;
      --room;
      EXPECT_GT(events_left, 0u);
      EXPECT_LE(data.size(), bytes_left);
      EXPECT_TRUE(utf8::is_ascii(data)) << data;
      events_left -= std::min<std::size_t>(events_left, 1);
      bytes_left -= std::min(bytes_left, data.size());
      owner->entries.push_back(ev("message", std::string(data), owner->id_));
      ++owner->bulk;
      return true;
    }
  };

  sink plain_sink(std::size_t bytes) {
    EXPECT_FALSE(open_);
    open_ = true;
    return {this, bytes / 7 + 1, bytes, room_};
  }
  void commit(const sink &filled) {
    EXPECT_TRUE(open_);
    EXPECT_EQ(filled.owner, this);
    open_ = false;
  }

  void on_event(const event &e) override {
    EXPECT_FALSE(open_);
    recorder::on_event(e);
  }
  void on_last_event_id(std::string_view id) override {
    EXPECT_FALSE(open_);
    id_ = std::string(id);
  }

  std::size_t bulk = 0; // events that came through a sink

private:
  std::size_t room_;
  bool open_ = false;
  std::string id_;
};

constexpr std::size_t no_limit = static_cast<std::size_t>(-1);

struct bulk_result {
  entries events;
  std::size_t bulk;
};

bulk_result parse_bulk(std::string_view stream, std::size_t at, std::size_t room = no_limit,
                       std::size_t max_event_size = parser::default_max_event_size) {
  parser p(max_event_size);
  bulk_recorder out(room);
  p.feed(stream.substr(0, at), out);
  p.feed(stream.substr(at), out);
  return {out.entries, out.bulk};
}

TEST(ParserPlainEvents, ASinkGetsWhatCallsGet) {
  for (const std::size_t room : {no_limit, std::size_t{2}, std::size_t{1}, std::size_t{0}}) {
    for (const char *shape : shapes) {
      const std::string stream = std::string(shape) + std::string(shape);
      for (std::size_t at = 0; at <= stream.size(); ++at) {
        EXPECT_EQ(parse_bulk(stream, at, room).events, parse_split(stream, at))
            << stream << " at " << at << " room " << room;
      }
    }
  }
}

TEST(ParserPlainEvents, PlainEventsGoToTheSink) {
  const std::string stream = "data: a\n\ndata: bc\r\n\r\ndata:\n\nid: 1\n\ndata: d\n\nevent: t\n"
                             "data: e\n\ndata: f\n\n";
  const entries expected{ev("message", "a"),      ev("message", "bc"), ev("message", ""),
                         ev("message", "d", "1"), ev("t", "e", "1"),   ev("message", "f", "1")};
  const bulk_result whole = parse_bulk(stream, stream.size());
  EXPECT_EQ(whole.events, expected);
  // All but the typed event; the event after `id` starts a block of its own, and is plain.
  EXPECT_EQ(whole.bulk, 5u);
  EXPECT_EQ(parse_bulk(stream, 0).events, expected);
  // A sink with room for one: "bc" goes the usual way, and the next block has a sink again.
  const bulk_result cramped = parse_bulk(stream, stream.size(), 1);
  EXPECT_EQ(cramped.events, expected);
  EXPECT_EQ(cramped.bulk, 4u);
}

TEST(ParserPlainEvents, TheSizeLimitHoldsForTheSink) {
  for (const char *end : {"\n\n", "\r\n\r\n"}) {
    const std::string stream = std::string("data: 1234") + end + "data: 5" + end;
    EXPECT_EQ(parse_bulk(stream, stream.size(), no_limit, 11).events,
              (entries{ev("message", "1234"), ev("message", "5")}));
    EXPECT_EQ(parse_bulk(stream, stream.size(), no_limit, 10).events,
              (entries{too_large(), ev("message", "5")}));
  }
}

// Records whether the parser said that an event's data is ASCII, and checks that it was right.
class ascii_recorder final : public handler {
public:
  void on_event(const event &e) override {
    if (e.ascii) {
      EXPECT_TRUE(utf8::is_ascii(e.data)) << e.data;
    }
    flags.push_back(e.ascii);
  }
  std::vector<bool> flags;
};

// Consumers skip their own look at the text when the parser says it is ASCII.
TEST(ParserPlainEvents, AsciiIsSaidOnlyOfAsciiData) {
  parser p;
  ascii_recorder out;
  p.feed("data: a\n\ndata: caf\xC3\xA9\n\nevent: t\ndata: b\n\ndata: c\ndata: d\n\n"
         "data: e\ndata: \xC3\xA9\n\ndata: f\n\n",
         out);
  EXPECT_EQ(out.flags, (std::vector<bool>{true, false, true, true, false, true}));
}

class resetting_recorder final : public handler {
public:
  explicit resetting_recorder(parser &p) : parser_(p) {}
  void on_event(const event &e) override {
    data += std::string(e.data);
    parser_.reset();
  }
  std::string data;

private:
  parser &parser_;
};

TEST(ParserPlainEvents, ResetInsideAPlainEventStopsTheChunk) {
  parser p;
  resetting_recorder out(p);
  p.feed("data: a\n\ndata: b\n\ndata: c\n\n", out);
  EXPECT_EQ(out.data, "a");
  p.feed("data: d\n\n", out);
  EXPECT_EQ(out.data, "ad");
}

} // namespace
} // namespace sse::testing
