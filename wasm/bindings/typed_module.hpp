#pragma once

// A typed module: the core module's exports (the same source, so the same records and
// decisions), plus sessions whose events are also decoded while the chunk is parsed, with one
// of the schema types the module was made with. A typed stream thus crosses into WebAssembly
// once per chunk, and its payloads come back as plain JavaScript objects made by one
// Describe-driven walker. A module's source is this header and one line:
//
//   SSE_TYPED_MODULE(my::event, my::progress)   // `decode` kinds 1 and 2
//
// which `sse_add_typed_module()` in CMake writes for the headers and types it is given.

#include "core.cpp"

#include "js_value.hpp"
#include "sse/llm.hpp"

#include <boost/mp11/algorithm.hpp>
#include <emscripten/bind.h>

#include <optional>
#include <string>
#include <type_traits>
#include <variant>

namespace sse::bindings {

template <typename T> struct is_tagged : std::false_type {};
template <typename... A> struct is_tagged<tagged<A...>> : std::true_type {};

/**
 * What a schema type means beyond its shape: the accumulator that rebuilds an LLM message
 * from it, the provider's error events, and a data marker that is no payload. A type of the
 * caller's own has none of these.
 */
template <typename T> struct llm_traits {
  using accumulator = std::monostate;
  static std::optional<std::string> in_band_code(const T &) { return std::nullopt; }
  static bool is_marker(std::string_view) { return false; }
};

template <> struct llm_traits<schemas::openai_chat::chunk> {
  using accumulator = llm::openai_chat_accumulator;
  static std::optional<std::string> in_band_code(const schemas::openai_chat::chunk &) {
    return std::nullopt;
  }
  static bool is_marker(std::string_view data) { return data == schemas::openai_chat::done; }
};

template <> struct llm_traits<schemas::openai_responses::event> {
  using accumulator = llm::openai_responses_accumulator;
  static std::optional<std::string> in_band_code(const schemas::openai_responses::event &event) {
    namespace r = schemas::openai_responses;
    if (const auto *e = event.get<r::error_event>()) return e->code.value_or("error");
    if (const auto *f = event.get<r::response_failed>()) {
      const auto &error = f->response.error;
      return error && error->code ? *error->code : std::string("response.failed");
    }
    return std::nullopt;
  }
  static bool is_marker(std::string_view) { return false; }
};

template <> struct llm_traits<schemas::anthropic::event> {
  using accumulator = llm::anthropic_accumulator;
  static std::optional<std::string> in_band_code(const schemas::anthropic::event &event) {
    if (const auto *e = event.get<schemas::anthropic::error_event>()) return e->error.type;
    return std::nullopt;
  }
  static bool is_marker(std::string_view) { return false; }
};

// Codes the providers document as worth trying again later.
inline bool transient(const std::string &code) {
  return code == "overloaded_error" || code == "api_error" || code == "rate_limit_error" ||
         code == "server_error" || code == "rate_limit_exceeded";
}

inline emscripten::val or_null(const std::optional<std::string> &text) {
  return text ? emscripten::val(*text) : emscripten::val::null();
}

inline emscripten::val or_null(const std::optional<std::uint64_t> &count) {
  return count ? emscripten::val(static_cast<double>(*count)) : emscripten::val::null();
}

/** The message in the shape `stream.message()` resolves to. */
inline emscripten::val message_to_js(const llm::message &m) {
  using emscripten::val;
  val out = val::object();
  out.set("text", m.text);
  out.set("refusal", or_null(m.refusal));
  out.set("thinking", or_null(m.thinking));
  val calls = val::array();
  for (const auto &call : m.tool_calls) {
    val c = val::object();
    c.set("id", call.id);
    c.set("name", call.name);
    // Parsed when the assembled text is JSON, as it should be; the text itself otherwise.
    boost::json::error_code ec;
    const boost::json::value parsed = boost::json::parse(call.arguments, ec);
    c.set("arguments", ec ? val(call.arguments) : to_js(parsed));
    calls.call<void>("push", c);
  }
  out.set("toolCalls", calls);
  out.set("stopReason", or_null(m.stop_reason));
  val usage = val::object();
  usage.set("inputTokens", or_null(m.usage.input_tokens));
  usage.set("outputTokens", or_null(m.usage.output_tokens));
  out.set("usage", usage);
  return out;
}

inline emscripten::val error_to_js(const decode_error &error) {
  emscripten::val out = emscripten::val::object();
  out.set("path", error.path);
  out.set("expected", error.expected);
  out.set("got", error.got);
  out.set("message", error.message());
  return out;
}

// Each event's payload, decoded as the chunk is parsed: { payload } or { error }, with `text`
// for an LLM text delta and `inBand` for a provider's error event, in the order of the chunk's
// event records. A data marker such as [DONE] is no payload: { marker: true }.
template <typename Batch, typename... Schemas> class decoding_batch final : public handler {
public:
  decoding_batch(std::uint32_t kind, Batch &records) : out(records), kind_(kind) {
    start_message();
  }

  void on_event(const event &ev) override {
    out.on_event(ev);
    emscripten::val item = emscripten::val::object();
    std::uint32_t index = 0;
    ((++index == kind_ ? decode_as<Schemas>(ev, item) : void()), ...);
    payloads.set(count++, item);
  }
  void on_retry(std::uint64_t milliseconds) override { out.on_retry(milliseconds); }
  void on_comment(std::string_view text) override { out.on_comment(text); }
  void on_error(parse_error error) override { out.on_error(error); }
  void on_last_event_id(std::string_view id) override { out.on_last_event_id(id); }

  /** The message rebuilt so far; null for a schema without an accumulator. */
  emscripten::val snapshot() const {
    return std::visit(
        [](const auto &message) -> emscripten::val {
          if constexpr (std::is_same_v<std::decay_t<decltype(message)>, std::monostate>) {
            return emscripten::val::null();
          } else {
            return message_to_js(message.current());
          }
        },
        message_);
  }

  Batch &out;
  emscripten::val payloads = emscripten::val::array();
  std::size_t count = 0; // of `payloads`

private:
  using accumulator = boost::mp11::mp_unique<
      std::variant<std::monostate, typename llm_traits<Schemas>::accumulator...>>;

  void start_message() {
    std::uint32_t index = 0;
    ((++index == kind_
          ? (void)message_.template emplace<typename llm_traits<Schemas>::accumulator>()
          : void()),
     ...);
  }

  template <typename T> void decode_as(const event &ev, emscripten::val &item) {
    if (llm_traits<T>::is_marker(ev.data)) {
      item.set("marker", true);
      return;
    }
    if constexpr (is_tagged<T>::value) {
      put(decode_tagged<T>(ev.type, ev.data), item);
    } else {
      put(decode<T>(ev.data), item);
    }
  }

  template <typename T> void put(const decoded<T> &result, emscripten::val &item) {
    if (!result) {
      item.set("error", error_to_js(*result.error));
      return;
    }
    item.set("payload", to_js(result.value));
    if (const auto code = llm_traits<T>::in_band_code(result.value)) {
      item.set("inBand", *code);
      item.set("retryable", transient(*code));
    }
    using A = typename llm_traits<T>::accumulator;
    if constexpr (!std::is_same_v<A, std::monostate>) {
      // The text this event added is its text delta, exactly as the provider split it.
      A &message = std::get<A>(message_);
      const std::size_t before = message.current().text.size();
      message.add(result.value);
      const std::string &text = message.current().text;
      if (text.size() > before) item.set("text", text.substr(before));
    }
  }

  std::uint32_t kind_;
  accumulator message_;
};

/** The typed exports of a module made with `Schemas`, as static functions. */
template <typename... Schemas> struct typed_module {
  // A core session whose records are also decoded: the core's session exports take it as
  // the session_instance it is.
  struct instance : session_instance {
    instance(session_options options, std::uint32_t kind)
        : session_instance(std::move(options)), decoding(kind, out) {}
    decoding_batch<batch, Schemas...> decoding;
  };

  static instance &typed(session_instance *self) { return static_cast<instance &>(*self); }
  static instance &typed(std::uintptr_t self) {
    return typed(reinterpret_cast<session_instance *>(self));
  }

  /** A session over the staged options whose events are decoded as `Schemas[kind - 1]`. */
  static session_instance *create(std::uint32_t kind) {
    auto *self = new instance(std::move(staged), kind);
    staged = {};
    return self;
  }

  static void destroy(session_instance *self) { delete &typed(self); }

  static void chunk(session_instance *self, std::uint32_t size, double now) {
    self->out.clear();
    trim(self->out);
    publish(self->session.on_chunk(input_text(0, size), now, typed(self).decoding));
    publish(self->out);
  }

  // The payloads of the last chunk fed to `self`, handed over once.
  static emscripten::val take_payloads(std::uintptr_t self) {
    auto &decoding = typed(self).decoding;
    emscripten::val taken = decoding.payloads;
    decoding.payloads = emscripten::val::array();
    decoding.count = 0;
    return taken;
  }

  static emscripten::val snapshot(std::uintptr_t self) { return typed(self).decoding.snapshot(); }
};

} // namespace sse::bindings

/** The typed module's exports, for these schema types (decode kinds 1, 2, ...). */
#define SSE_TYPED_MODULE(...)                                                                      \
  using sse_module = sse::bindings::typed_module<__VA_ARGS__>;                                     \
  extern "C" {                                                                                     \
  session_instance *sse_typed_session_new(std::uint32_t kind) { return sse_module::create(kind); } \
  void sse_typed_session_free(session_instance *self) { sse_module::destroy(self); }               \
  void sse_typed_session_chunk(session_instance *self, std::uint32_t size, double now) {           \
    sse_module::chunk(self, size, now);                                                            \
  }                                                                                                \
  }                                                                                                \
  EMSCRIPTEN_BINDINGS(sse_typed) {                                                                 \
    emscripten::function("takePayloads", &sse_module::take_payloads);                              \
    emscripten::function("snapshot", &sse_module::snapshot);                                       \
  }
