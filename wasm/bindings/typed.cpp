// The typed module: the core module's exports (the same source, so the same records and
// decisions), plus sessions whose events are also decoded with a built-in schema while the
// chunk is parsed. A typed stream thus crosses into WebAssembly once per chunk, and its
// payloads come back as plain JavaScript objects made by one Describe-driven walker.

#include "core.cpp"

#include "js_value.hpp"
#include "sse/llm.hpp"
#include "sse/schemas/demo.hpp"

#include <emscripten/bind.h>

#include <optional>
#include <string>
#include <type_traits>
#include <variant>

namespace {

enum class schema : std::uint32_t {
  openai_chat = 1,
  openai_responses = 2,
  anthropic = 3,
  demo_progress = 4
};

emscripten::val error_to_js(const sse::decode_error &error) {
  emscripten::val out = emscripten::val::object();
  out.set("path", error.path);
  out.set("expected", error.expected);
  out.set("got", error.got);
  out.set("message", error.message());
  return out;
}

// Whether the accumulator `A` takes decoded `T`s.
template <typename A, typename T, typename = void> struct accepts : std::false_type {};
template <typename A, typename T>
struct accepts<A, T, std::void_t<decltype(std::declval<A &>().add(std::declval<const T &>()))>>
    : std::true_type {};

using accumulator =
    std::variant<std::monostate, sse::llm::openai_chat_accumulator,
                 sse::llm::openai_responses_accumulator, sse::llm::anthropic_accumulator>;

// Each event's payload, decoded as the chunk is parsed: { payload } or { error }, in the order
// of the chunk's event records. A data marker such as [DONE] is no payload: { marker: true }.
class decoding_batch final : public sse::handler {
public:
  decoding_batch(schema kind, batch &records) : out(records), kind_(kind) {}

  void on_event(const sse::event &ev) override {
    out.on_event(ev);
    emscripten::val item = emscripten::val::object();
    if (kind_ == schema::openai_chat && ev.data == sse::schemas::openai_chat::done) {
      item.set("marker", true);
    } else {
      decode(ev, item);
    }
    payloads.call<void>("push", item);
  }
  void on_retry(std::uint64_t milliseconds) override { out.on_retry(milliseconds); }
  void on_comment(std::string_view text) override { out.on_comment(text); }
  void on_error(sse::parse_error error) override { out.on_error(error); }
  void on_last_event_id(std::string_view id) override { out.on_last_event_id(id); }

  batch &out;
  emscripten::val payloads = emscripten::val::array();

private:
  template <typename T> void put(const sse::decoded<T> &result, emscripten::val &item) {
    if (!result) {
      item.set("error", error_to_js(*result.error));
      return;
    }
    item.set("payload", sse::bindings::to_js(result.value));
    if (const auto code = in_band_code(result.value)) {
      item.set("inBand", *code);
      item.set("retryable", transient(*code));
    }
  }

  // The provider's own error events, by their code; any other payload has none.
  template <typename T> static std::optional<std::string> in_band_code(const T &value) {
    namespace s = sse::schemas;
    if constexpr (std::is_same_v<T, s::anthropic::event>) {
      if (const auto *e = value.template get<s::anthropic::error_event>()) return e->error.type;
    } else if constexpr (std::is_same_v<T, s::openai_responses::event>) {
      if (const auto *e = value.template get<s::openai_responses::error_event>())
        return e->code.value_or("error");
      if (const auto *f = value.template get<s::openai_responses::response_failed>()) {
        const auto &error = f->response.error;
        return error && error->code ? *error->code : std::string("response.failed");
      }
    }
    return std::nullopt;
  }

  // Codes the providers document as worth trying again later.
  static bool transient(const std::string &code) {
    return code == "overloaded_error" || code == "api_error" || code == "rate_limit_error" ||
           code == "server_error" || code == "rate_limit_exceeded";
  }

  void decode(const sse::event &ev, emscripten::val &item) {
    namespace s = sse::schemas;
    switch (kind_) {
    case schema::openai_chat:
      accumulate(sse::decode<s::openai_chat::chunk>(ev.data), item);
      break;
    case schema::openai_responses:
      accumulate(sse::decode_tagged<s::openai_responses::event>(ev.type, ev.data), item);
      break;
    case schema::anthropic:
      accumulate(sse::decode_tagged<s::anthropic::event>(ev.type, ev.data), item);
      break;
    case schema::demo_progress:
      put(sse::decode<s::demo::progress>(ev.data), item);
      break;
    }
  }

  // Feeds a decoded LLM event to the message, and hands the text it added, if any, to
  // JavaScript as the event's text delta, exactly as the provider split it.
  template <typename T> void accumulate(const sse::decoded<T> &result, emscripten::val &item) {
    put(result, item);
    if (!result) return;
    std::visit(
        [&](auto &message) {
          using A = std::decay_t<decltype(message)>;
          if constexpr (accepts<A, T>::value) {
            const std::size_t before = message.current().text.size();
            message.add(result.value);
            const std::string &text = message.current().text;
            if (text.size() > before) item.set("text", text.substr(before));
          }
        },
        message_);
  }

public:
  /** The message rebuilt so far, in the shape `stream.message()` resolves to. */
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

private:
  static emscripten::val or_null(const std::optional<std::string> &text) {
    return text ? emscripten::val(*text) : emscripten::val::null();
  }

  static emscripten::val message_to_js(const sse::llm::message &m) {
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
      c.set("arguments", ec ? val(call.arguments) : sse::bindings::to_js(parsed));
      calls.call<void>("push", c);
    }
    out.set("toolCalls", calls);
    out.set("stopReason", or_null(m.stop_reason));
    val usage = val::object();
    usage.set("inputTokens",
              m.usage.input_tokens ? val(static_cast<double>(*m.usage.input_tokens)) : val::null());
    usage.set("outputTokens", m.usage.output_tokens
                                  ? val(static_cast<double>(*m.usage.output_tokens))
                                  : val::null());
    out.set("usage", usage);
    return out;
  }

  static accumulator for_schema(schema kind) {
    switch (kind) {
    case schema::openai_chat:
      return sse::llm::openai_chat_accumulator{};
    case schema::openai_responses:
      return sse::llm::openai_responses_accumulator{};
    case schema::anthropic:
      return sse::llm::anthropic_accumulator{};
    case schema::demo_progress:
      break;
    }
    return std::monostate{};
  }

  schema kind_;
  accumulator message_ = for_schema(kind_);
};

// A core session whose records are also decoded: the core's session exports take it as the
// session_instance it is.
struct typed_session_instance : session_instance {
  typed_session_instance(sse::session_options options, schema kind)
      : session_instance(std::move(options)), decoding(kind, out) {}
  decoding_batch decoding;
};

typed_session_instance &typed(session_instance *self) {
  return static_cast<typed_session_instance &>(*self);
}

// The payloads of the last chunk fed to `self`, handed over once.
emscripten::val take_payloads(std::uintptr_t self) {
  decoding_batch &decoding = typed(reinterpret_cast<session_instance *>(self)).decoding;
  emscripten::val taken = decoding.payloads;
  decoding.payloads = emscripten::val::array();
  return taken;
}

// The message `self` has rebuilt from its events so far; null for a schema without one.
emscripten::val snapshot(std::uintptr_t self) {
  return typed(reinterpret_cast<session_instance *>(self)).decoding.snapshot();
}

} // namespace

extern "C" {

/** A session over the staged options whose events are decoded with `kind` (see `schema`). */
session_instance *sse_typed_session_new(std::uint32_t kind) {
  auto *self = new typed_session_instance(std::move(staged), static_cast<schema>(kind));
  staged = {};
  return self;
}

void sse_typed_session_free(session_instance *self) { delete &typed(self); }

void sse_typed_session_chunk(session_instance *self, std::uint32_t size, double now) {
  self->out.clear();
  trim(self->out);
  publish(self->session.on_chunk(input_text(0, size), now, typed(self).decoding));
  publish(self->out);
}

} // extern "C"

EMSCRIPTEN_BINDINGS(sse_typed) {
  emscripten::function("takePayloads", &take_payloads);
  emscripten::function("snapshot", &snapshot);
}
