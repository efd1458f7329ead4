// The per-chunk boundary of the core module, as plain C exports: one call per chunk, with the
// chunk's events handed back as records that index into runs of UTF-8 text (see `batch`).
// JavaScript decodes each run with one TextDecoder call, so record lengths are in UTF-16 code
// units, ready for String.prototype.slice. ASCII text has a run of its own because Node's
// TextDecoder is several times faster on it, and LLM streams are mostly ASCII.

#include "sse/detail/buffer.hpp"
#include "sse/parser.hpp"
#include "sse/utf8.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

enum record_kind : std::uint32_t {
  record_event = 1,
  record_retry = 2,
  record_comment = 3,
  record_error = 4,
  record_last_event_id = 5,
};

// In an event record, the type length that says "message".
constexpr std::uint32_t default_type = 0xFFFFFFFF;
// ... and the one that says "the same type as the last event record".
constexpr std::uint32_t same_as_before = 0xFFFFFFFE;
// Set in a data or comment length when the string sits in the run of non-ASCII strings. No
// string comes near 2^31 code units: JavaScript strings stop well before that.
constexpr std::uint32_t in_utf8_run = 0x80000000;

struct record {
  std::uint32_t kind;
  std::uint32_t a;
  std::uint32_t b;
  std::uint32_t c;
};

// The records of one chunk and their text, in three runs: data and comments that are ASCII,
// data and comments that are not, and event types and IDs. Types and IDs outlive their chunk
// in JavaScript (the parser keeps the current ones), so they get a small run of their own
// rather than keeping a slice of a large one, and with it the whole large one, alive.
class batch final : public sse::handler {
public:
  void clear() {
    ascii.clear();
    utf8.clear();
    names.clear();
    records.clear();
  }

  void on_event(const sse::event &ev) override {
    std::uint32_t type_length = default_type;
    if (!sse::detail::same_literal(ev.type, "message")) {
      if (sse::detail::same(ev.type, previous_type_)) {
        type_length = same_as_before;
      } else {
        previous_type_.assign(ev.type);
        type_length = append_name(ev.type);
      }
    }
    records.push_back({record_event, type_length, append_text(ev.data), 0});
  }

  void on_retry(std::uint64_t milliseconds) override {
    records.push_back({record_retry, static_cast<std::uint32_t>(milliseconds),
                       static_cast<std::uint32_t>(milliseconds >> 32), 0});
  }

  void on_comment(std::string_view comment) override {
    records.push_back({record_comment, append_text(comment), 0, 0});
  }

  void on_error(sse::parse_error error) override {
    records.push_back({record_error, static_cast<std::uint32_t>(error), 0, 0});
  }

  // Also called for a seed, which JavaScript may know already.
  void on_last_event_id(std::string_view id) override {
    if (sse::detail::same(id, reported_id_)) return;
    reported_id_.assign(id);
    records.push_back({record_last_event_id, append_name(id), 0, 0});
  }

  // After a reset the JavaScript side may not have seen the last type this side reported.
  void forget_type() { previous_type_.clear(); }

  sse::detail::buffer ascii;
  sse::detail::buffer utf8;
  sse::detail::buffer names;
  std::vector<record> records;

private:
  std::uint32_t append_text(std::string_view value) {
    // For valid UTF-8, as many code units as bytes means every byte is ASCII.
    const std::size_t units = sse::utf8::utf16_length(value);
    if (units == value.size()) {
      ascii.append(value);
      return static_cast<std::uint32_t>(units);
    }
    utf8.append(value);
    return static_cast<std::uint32_t>(units) | in_utf8_run;
  }

  std::uint32_t append_name(std::string_view value) {
    names.append(value);
    return static_cast<std::uint32_t>(sse::utf8::utf16_length(value));
  }

  sse::detail::buffer previous_type_;
  sse::detail::buffer reported_id_;
};

struct instance {
  explicit instance(std::size_t max_event_size) : parser(max_event_size) {}
  sse::parser parser;
  batch out;
};

// Where JavaScript finds the outcome of the last call, without another call to ask.
struct outcome {
  const char *ascii;
  std::uint32_t ascii_size;
  const char *utf8;
  std::uint32_t utf8_size;
  const char *names;
  std::uint32_t names_size;
  const record *records;
  std::uint32_t record_count;
};

outcome last_outcome;
std::vector<char> input;

// The second run is copied right after the first, so that JavaScript may also decode both
// with one call: browsers pay mostly per TextDecoder call, Node mostly per non-ASCII byte.
void publish(instance &self) {
  batch &out = self.out;
  const auto ascii_size = static_cast<std::uint32_t>(out.ascii.size());
  out.ascii.append(out.utf8.view());
  last_outcome = {out.ascii.data(),
                  ascii_size,
                  out.ascii.data() + ascii_size,
                  static_cast<std::uint32_t>(out.utf8.size()),
                  out.names.data(),
                  static_cast<std::uint32_t>(out.names.size()),
                  out.records.data(),
                  static_cast<std::uint32_t>(out.records.size())};
}

// A parser that held one huge chunk's events should not keep that memory while idle.
void trim(instance &self) {
  constexpr std::size_t kept = std::size_t{64} << 10;
  self.out.ascii.release_above(kept);
  self.out.utf8.release_above(kept);
  self.out.names.release_above(kept);
  if (self.out.records.capacity() * sizeof(record) > kept)
    std::vector<record>().swap(self.out.records);
}

} // namespace

extern "C" {

/** The layout of the outcome and records; the JavaScript side checks it when loading. */
std::uint32_t sse_abi_version() { return 2; }

outcome *sse_outcome() { return &last_outcome; }

/** Room for the next chunk; its address may move, so callers ask before each large copy. */
char *sse_input(std::uint32_t size) {
  if (input.size() < size) input.resize(size);
  return input.data();
}

instance *sse_parser_new(std::uint32_t max_event_size) {
  return new instance(max_event_size == 0 ? sse::parser::default_max_event_size : max_event_size);
}

void sse_parser_free(instance *self) { delete self; }

void sse_parser_feed(instance *self, std::uint32_t size) {
  self->out.clear();
  trim(*self);
  self->parser.feed(std::string_view(input.data(), size), self->out);
  publish(*self);
}

void sse_parser_reset(instance *self) {
  self->parser.reset();
  self->out.forget_type();
}

void sse_parser_set_last_event_id(instance *self, std::uint32_t size) {
  self->parser.set_last_event_id(std::string_view(input.data(), size));
  self->out.clear();
  self->out.on_last_event_id(self->parser.last_event_id());
  publish(*self);
}

} // extern "C"
