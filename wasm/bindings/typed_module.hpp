#pragma once

// A typed module: the core module's exports (the same source, so the same records and
// decisions), plus sessions whose events are also decoded while the chunk is parsed, with one
// of the schema types the module was made with. A typed stream thus crosses into WebAssembly
// once per chunk, and its payloads come back as one tape per chunk (js_tape.hpp) from which
// JavaScript makes plain objects. A module's source is this header and one line:
//
//   SSE_TYPED_MODULE(my::event, my::progress)   // `decode` kinds 1 and 2
//
// which `sse_add_typed_module()` in CMake writes for the headers and types it is given.

#include "core.cpp"

#include "js_tape.hpp"
#include "sse/decoders.hpp"

#include <boost/json/parse.hpp>

#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <variant>

namespace sse::bindings {

// Keys of our own, defined on first use like members' (see tape::key).
struct our_keys {
  std::uint32_t text = 0, path = 0, expected = 0, got = 0, message = 0;
  std::uint32_t refusal = 0, thinking = 0, tool_calls = 0, id = 0, name = 0, arguments = 0;
  std::uint32_t stop_reason = 0, usage = 0, input_tokens = 0, output_tokens = 0;
};

inline our_keys &keys() {
  static our_keys k;
  return k;
}

// The message's absent parts are null, as `message()` promises, not absent keys.
template <typename T> void value_or_null(tape &out, const std::optional<T> &value) {
  if (value) {
    out.value(*value);
  } else {
    out.null();
  }
}

/** The message in the shape `stream.message()` resolves to. */
inline void write_message(tape &out, const llm::message &m) {
  our_keys &k = keys();
  const std::size_t at = out.begin_object();
  out.key(k.text, "text");
  out.string(m.text);
  out.key(k.refusal, "refusal");
  value_or_null(out, m.refusal);
  out.key(k.thinking, "thinking");
  value_or_null(out, m.thinking);
  out.key(k.tool_calls, "toolCalls");
  out.ops.push_back(op_array);
  out.ops.push_back(static_cast<std::uint32_t>(m.tool_calls.size()));
  for (const auto &call : m.tool_calls) {
    const std::size_t c = out.begin_object();
    out.key(k.id, "id");
    value_or_null(out, call.id);
    out.key(k.name, "name");
    out.string(call.name);
    out.key(k.arguments, "arguments");
    // Parsed when the assembled text is JSON, as it should be; the text itself otherwise.
    boost::json::value parsed;
    if (parse_json(call.arguments, parsed, 64)) {
      out.string(call.arguments);
    } else {
      out.value(parsed);
    }
    out.end_object(c, 3);
  }
  out.key(k.stop_reason, "stopReason");
  value_or_null(out, m.stop_reason);
  out.key(k.usage, "usage");
  const std::size_t u = out.begin_object();
  out.key(k.input_tokens, "inputTokens");
  value_or_null(out, m.usage.input_tokens);
  out.key(k.output_tokens, "outputTokens");
  value_or_null(out, m.usage.output_tokens);
  out.end_object(u, 2);
  out.end_object(at, 6);
}

inline void write_error(tape &out, const decode_error &error) {
  our_keys &k = keys();
  const std::size_t at = out.begin_object();
  out.key(k.path, "path");
  out.string(error.path);
  out.key(k.expected, "expected");
  out.string(error.expected);
  out.key(k.got, "got");
  out.string(error.got);
  out.key(k.message, "message");
  out.string(error.message());
  out.end_object(at, 4);
}

// Each event's payload, decoded as the chunk is parsed, on the tape in the order of the chunk's
// event records, as an item (op_item): its payload or error, the provider's error type for an
// in-band error event, and the text delta of an LLM event. A data marker such as [DONE] has none.
template <typename Batch, typename... Schemas> class decoding_batch final : public handler {
public:
  decoding_batch(std::uint32_t kind, decode_options options, Batch &records, tape &payloads)
      : out(records), payloads(payloads), kind_(kind), readers_(event_reader<Schemas>(options)...) {
  }

  /** Whether items carry the payload; `stream.text()` reads only the text. */
  bool with_payloads = true;
  /** The session whose chunks are decoded: a provider's error event ends it there. */
  session *owner = nullptr;
  /** A provider's error event is an event like any other (the AI SDK's chat transport). */
  bool errors_as_events = false;

  void on_event(const event &ev) override {
    out.on_event(ev);
    std::uint32_t index = 0;
    ((++index == kind_ ? decode_as<Schemas>(ev) : void()), ...);
  }
  void on_retry(std::uint64_t milliseconds) override { out.on_retry(milliseconds); }
  void on_comment(std::string_view text) override { out.on_comment(text); }
  void on_error(parse_error error) override { out.on_error(error); }
  void on_last_event_id(std::string_view id) override { out.on_last_event_id(id); }
  void on_block_id(std::string_view id) override { out.on_block_id(id); }
  void on_ignored_field(ignored_field kind, std::string_view line, std::string_view name,
                        std::string_view value) override {
    out.on_ignored_field(kind, line, name, value);
  }

  /** Whether the decoded events ended the answer, for a provider without a terminal marker. */
  bool answer_ended() const {
    bool ended = false;
    std::uint32_t index = 0;
    ((ended = ended || (++index == kind_ && reader<Schemas>().rebuilt().ended())), ...);
    return ended;
  }

  /** Writes the message rebuilt so far, or null for a schema without an accumulator. */
  void snapshot(tape &to) const {
    const llm::message *message = nullptr;
    std::uint32_t index = 0;
    ((++index == kind_ ? (void)(message = reader<Schemas>().rebuilt().message()) : void()), ...);
    if (message != nullptr) {
      write_message(to, *message);
    } else {
      to.null();
    }
  }

  Batch &out;
  tape &payloads;

private:
  template <typename T> event_reader<T> &reader() { return std::get<event_reader<T>>(readers_); }
  template <typename T> const event_reader<T> &reader() const {
    return std::get<event_reader<T>>(readers_);
  }

  template <typename T> void decode_as(const event &ev) {
    const auto read = reader<T>().next(ev, errors_as_events);
    if (read.error) {
      payloads.item(item_error);
      write_error(payloads, *read.error);
    } else if (read.payload == nullptr) {
      payloads.item(0); // a data marker
    } else {
      put<T>(read);
    }
  }

  template <typename T> void put(const typename event_reader<T>::reading &read) {
    // The text this event added is its text delta, exactly as the provider split it.
    const std::string_view text = read.text;
    const auto &code = read.in_band;
    // A provider's error keeps its payload even for text(): the error carries it.
    const bool payload = with_payloads || code.has_value();
    payloads.item((payload ? item_payload : 0) | (code ? item_in_band : 0) |
                  (text.empty() ? 0 : item_text));
    if (payload) payloads.value(*read.payload);
    if (code) {
      payloads.string(*code);
      // The provider's own words, as the accumulator took them from the error.
      payloads.string(reader<T>().rebuilt().said());
      if (owner != nullptr) owner->on_in_band_error(transient(*code));
    }
    if (!text.empty()) payloads.string_again(text);
  }

  std::uint32_t kind_;
  std::tuple<event_reader<Schemas>...> readers_;
};

// Where JavaScript finds the last tape written, without another call to ask.
struct published_tape {
  const std::uint32_t *ops;
  std::uint32_t op_count;
  const double *numbers;
  std::uint32_t number_count;
  const char *text;
  std::uint32_t text_size;
};

inline published_tape last_tape;

inline void publish(const tape &written) {
  last_tape = {written.ops.data(),     static_cast<std::uint32_t>(written.ops.size()),
               written.numbers.data(), static_cast<std::uint32_t>(written.numbers.size()),
               written.text.data(),    static_cast<std::uint32_t>(written.text.size())};
}

/** The typed exports of a module made with `Schemas`, as static functions. */
template <typename... Schemas> struct typed_module {
  // A core session whose records are also decoded: the core's session exports take it as
  // the session_instance it is.
  struct instance : session_instance {
    instance(session_options options, std::uint32_t kind, decode_options decoding_options)
        : session_instance(std::move(options)), decoding(kind, decoding_options, out, payloads) {
      decoding.owner = &session;
    }
    tape payloads;
    decoding_batch<batch, Schemas...> decoding;
  };

  static instance &typed(session_instance *self) { return static_cast<instance &>(*self); }

  /**
   * A session over the staged options whose events are decoded as `Schemas[kind - 1]`; `how`
   * bit 0 refuses keys the schema does not describe, bit 1 makes a provider's error events
   * events like any other.
   */
  static session_instance *create(std::uint32_t kind, std::uint32_t how) {
    decode_options decoding;
    decoding.strict = (how & 1) != 0;
    // Payloads are event data, which the parser has made valid UTF-8.
    decoding.valid_utf8 = true;
    std::uint32_t index = 0;
    // A provider without a terminal marker, whose accumulator knows when the answer ended.
    staged.end_after_answer = ((++index == kind && answer<Schemas>::tells_end) || ...);
    auto *self = new instance(std::move(staged), kind, decoding);
    self->decoding.errors_as_events = (how & 2) != 0;
    staged = {};
    return self;
  }

  static void destroy(session_instance *self) { delete &typed(self); }

  /** Parses a chunk; its records and its payloads' tape are published. */
  static void chunk(session_instance *self, std::uint32_t size, double now) {
    instance &t = typed(self);
    self->out.clear();
    trim(self->out);
    t.payloads.clear();
    ::publish(self->session.on_chunk(input_text(0, size), now, t.decoding));
    if (t.decoding.answer_ended()) self->session.on_answer_end();
    ::publish(self->out);
    bindings::publish(t.payloads);
  }

  /** Whether the session's items carry payloads from the next chunk on. */
  static void payloads(session_instance *self, std::uint32_t on) {
    typed(self).decoding.with_payloads = on != 0;
  }

  /** Publishes a tape holding the message rebuilt so far (null without an accumulator). */
  static void snapshot(session_instance *self) {
    static tape message;
    message.clear();
    typed(self).decoding.snapshot(message);
    bindings::publish(message);
  }
};

} // namespace sse::bindings

/** The typed module's exports, for these schema types (decode kinds 1, 2, ...). */
#define SSE_TYPED_MODULE(...)                                                                      \
  using sse_module = sse::bindings::typed_module<__VA_ARGS__>;                                     \
  extern "C" {                                                                                     \
  session_instance *sse_typed_session_new(std::uint32_t kind, std::uint32_t how) {                 \
    return sse_module::create(kind, how);                                                          \
  }                                                                                                \
  void sse_typed_session_free(session_instance *self) { sse_module::destroy(self); }               \
  void sse_typed_session_chunk(session_instance *self, std::uint32_t size, double now) {           \
    sse_module::chunk(self, size, now);                                                            \
  }                                                                                                \
  void sse_typed_snapshot(session_instance *self) { sse_module::snapshot(self); }                  \
  void sse_typed_session_payloads(session_instance *self, std::uint32_t on) {                      \
    sse_module::payloads(self, on);                                                                \
  }                                                                                                \
  const sse::bindings::published_tape *sse_typed_tape() { return &sse::bindings::last_tape; }      \
  }
