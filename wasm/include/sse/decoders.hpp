#pragma once

// What each built-in schema means beyond its shape: the accumulator that rebuilds an LLM
// message from its events, the provider's error events, a data marker that is no payload, and
// the markers that end its stream. The package's typed modules and the C++ client read the
// same traits, so a stream ends and fails the same way in either.

#include "sse/llm.hpp"
#include "sse/parser.hpp"
#include "sse/typed.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace sse {

/** A type of the caller's own has no accumulator, no error event and no marker. */
template <typename T> struct llm_traits {
  using accumulator = std::monostate;
  static std::optional<std::string> in_band_code(const T &) { return std::nullopt; }
  static bool is_marker(std::string_view) { return false; }
  static constexpr std::string_view terminal_data = {};
  static constexpr std::string_view terminal_types = {};
};

template <> struct llm_traits<schemas::openai_chat::chunk> {
  using accumulator = llm::openai_chat_accumulator;
  static std::optional<std::string> in_band_code(const schemas::openai_chat::chunk &chunk) {
    if (chunk.error) return schemas::openai_chat::code_of(*chunk.error);
    return std::nullopt;
  }
  static bool is_marker(std::string_view data) { return data == schemas::openai_chat::done; }
  static constexpr std::string_view terminal_data = schemas::openai_chat::done;
  static constexpr std::string_view terminal_types = {};
};

template <> struct llm_traits<schemas::openai_responses::event> {
  using accumulator = llm::openai_responses_accumulator;
  static std::optional<std::string> in_band_code(const schemas::openai_responses::event &event) {
    namespace r = schemas::openai_responses;
    if (const auto *e = event.get<r::error_event>()) return e->code_or("error");
    if (const auto *f = event.get<r::response_failed>()) {
      const auto &error = f->response.error;
      return error && error->code ? *error->code : std::string("response.failed");
    }
    return std::nullopt;
  }
  static bool is_marker(std::string_view) { return false; }
  static constexpr std::string_view terminal_data = {};
  // A Responses stream ends with its response's last state: completed, or incomplete (a token
  // limit, a content filter). Terminal types go one per line.
  static constexpr std::string_view terminal_types = "response.completed\nresponse.incomplete";
};

template <> struct llm_traits<schemas::anthropic::event> {
  using accumulator = llm::anthropic_accumulator;
  static std::optional<std::string> in_band_code(const schemas::anthropic::event &event) {
    if (const auto *e = event.get<schemas::anthropic::error_event>()) return e->error.type;
    return std::nullopt;
  }
  static bool is_marker(std::string_view) { return false; }
  static constexpr std::string_view terminal_data = {};
  static constexpr std::string_view terminal_types = "message_stop";
};

/** Gemini sends no marker: its accumulator says when the answer ended (finished()). */
template <> struct llm_traits<schemas::gemini::response> {
  using accumulator = llm::gemini_accumulator;
  static std::optional<std::string> in_band_code(const schemas::gemini::response &response) {
    if (response.error) return schemas::gemini::code_of(*response.error);
    return std::nullopt;
  }
  static bool is_marker(std::string_view) { return false; }
  static constexpr std::string_view terminal_data = {};
  static constexpr std::string_view terminal_types = {};
};

template <> struct llm_traits<schemas::ai_ui::chunk> {
  using accumulator = llm::ai_ui_accumulator;
  static std::optional<std::string> in_band_code(const schemas::ai_ui::chunk &chunk) {
    if (chunk.get<schemas::ai_ui::error_chunk>()) return std::string("error");
    return std::nullopt;
  }
  static bool is_marker(std::string_view data) { return data == schemas::ai_ui::done; }
  static constexpr std::string_view terminal_data = schemas::ai_ui::done;
  static constexpr std::string_view terminal_types = {};
  /** The SDK refuses a chunk of a type it does not know, so the decoder does too. */
  static constexpr bool closed = true;
};

template <typename T, typename = void> struct closed_union : std::false_type {};
template <typename T>
struct closed_union<T, std::void_t<decltype(llm_traits<T>::closed)>>
    : std::bool_constant<llm_traits<T>::closed> {};

// An accumulator whose text grows in the middle says which text an event added.
template <typename A, typename = void> struct tells_last_text : std::false_type {};
template <typename A>
struct tells_last_text<A, std::void_t<decltype(std::declval<const A &>().last_text())>>
    : std::true_type {};

// An accumulator that knows when the answer ended (finished()): its provider sends no terminal
// marker, so a clean end after the answer completes the stream (Gemini).
template <typename A, typename = void> struct knows_answer_end : std::false_type {};
template <typename A>
struct knows_answer_end<A, std::void_t<decltype(std::declval<const A &>().finished())>>
    : std::true_type {};

/** Whether the provider documents an error code as worth trying again later. */
inline bool transient(const std::string &code) {
  // An HTTP status as the code (OpenRouter's): a timeout, a rate limit, a server's failure.
  if (code == "408" || code == "429" || (code.size() == 3 && code[0] == '5')) return true;
  // Google's status names for 429, 503, 500 and 504.
  if (code == "RESOURCE_EXHAUSTED" || code == "UNAVAILABLE" || code == "INTERNAL" ||
      code == "DEADLINE_EXCEEDED")
    return true;
  return code == "overloaded_error" || code == "api_error" || code == "rate_limit_error" ||
         code == "server_error" || code == "rate_limit_exceeded";
}

/**
 * Decodes an event's data as a `T` into `value` (whose storage is reused): a tagged union by
 * the event's name or its `type`, refusing an unknown tag when the union is closed.
 */
template <typename T>
std::optional<decode_error> decode_event(const event &ev, T &value, const decode_options &options) {
  if constexpr (is_tagged<T>::value) {
    auto error = decode_tagged_into(ev.type, ev.data, value, options);
    if (!error && closed_union<T>::value && value.template get<raw_json>() != nullptr)
      error = decode_error{"type", "a known type", "\"" + value.tag + "\""};
    return error;
  } else {
    return decode_into(ev.data, value, options);
  }
}

/**
 * One schema's events in, its message out: the text each event added and, for a provider's
 * error event, its code and words. Without an accumulator (a schema of the caller's own) the
 * text is empty and there is no message.
 */
template <typename T> class answer {
public:
  using accumulator = typename llm_traits<T>::accumulator;
  static constexpr bool rebuilds = !std::is_same_v<accumulator, std::monostate>;
  /** The provider sends no terminal marker: the answer says when it ended (ended()). */
  static constexpr bool tells_end = knows_answer_end<accumulator>::value;

  /** Adds a decoded event; returns the text it added, valid until the next call. */
  std::string_view add(const T &value) {
    if constexpr (rebuilds) {
      const std::size_t before = message_.current().text.size();
      message_.add(value);
      if constexpr (tells_last_text<accumulator>::value) {
        return message_.last_text();
      } else {
        return std::string_view(message_.current().text).substr(before);
      }
    } else {
      static_cast<void>(value);
      return {};
    }
  }

  /** The provider's words for its error event just added (its code is in_band_code()). */
  std::string_view said() const {
    if constexpr (rebuilds) {
      const auto &failure = message_.current().error;
      if (failure) return failure->message;
    }
    return {};
  }

  /** Whether the events so far ended the answer, for a provider without a terminal marker. */
  bool ended() const {
    if constexpr (tells_end) {
      return message_.finished();
    } else {
      return false;
    }
  }

  /** The message so far; null for a schema without an accumulator. */
  const llm::message *message() const {
    if constexpr (rebuilds) {
      return &message_.current();
    } else {
      return nullptr;
    }
  }

private:
  accumulator message_;
};

/**
 * One schema's events read in turn, as the typed modules and the C++ client read them: a data
 * marker such as [DONE] is no payload; a payload is decoded into one value reused from event to
 * event (its strings keep their storage) and added to the answer; a provider's error event is
 * named by its code, unless its errors are events like any other.
 */
template <typename T> class event_reader {
public:
  struct reading {
    const T *payload = nullptr; ///< null for a marker, and after an error
    std::optional<decode_error> error;
    std::string_view text;              ///< the text the event added to the answer
    std::optional<std::string> in_band; ///< the provider's error code
  };

  explicit event_reader(decode_options options) : options_(options) {}

  reading next(const event &ev, bool errors_as_events) {
    reading out;
    if (llm_traits<T>::is_marker(ev.data)) return out;
    out.error = decode_event(ev, value_, options_);
    if (out.error) return out;
    out.payload = &value_;
    out.text = answer_.add(value_);
    if (!errors_as_events) out.in_band = llm_traits<T>::in_band_code(value_);
    return out;
  }

  /** The answer the events so far rebuilt. */
  const answer<T> &rebuilt() const noexcept { return answer_; }

private:
  decode_options options_;
  T value_{};
  answer<T> answer_;
};

} // namespace sse
