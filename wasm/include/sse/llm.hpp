#pragma once

// Accumulators: each provider's decoded events in, the message so far out, in one shape for
// every provider. No delta that arrived is lost: text and arguments are appended as they come,
// tool calls are matched to their deltas by the provider's own key (OpenAI chat `index`,
// Anthropic content block `index`, Responses `item_id`).

#include "sse/schemas/ai_ui.hpp"
#include "sse/schemas/anthropic.hpp"
#include "sse/schemas/gemini.hpp"
#include "sse/schemas/openai_chat.hpp"
#include "sse/schemas/openai_responses.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sse::llm {

struct tool_call {
  // chat tool_calls[].id, Responses call_id, Anthropic tool_use id, Gemini's functionCall id
  // (which only some models send: none when absent)
  std::optional<std::string> id;
  std::string name;
  std::string arguments; // the JSON text as assembled from its pieces
};
BOOST_DESCRIBE_STRUCT(tool_call, (), (id, name, arguments))

struct token_usage {
  std::optional<std::uint64_t> input_tokens;
  std::optional<std::uint64_t> output_tokens;
};
BOOST_DESCRIBE_STRUCT(token_usage, (), (input_tokens, output_tokens))

/** An error the provider reported inside a stream that had answered 200. */
struct in_band_error {
  std::string code; // overloaded_error, server_error, ...
  std::string message;
};
BOOST_DESCRIBE_STRUCT(in_band_error, (), (code, message))

struct message {
  std::string text;
  std::optional<std::string> refusal;
  std::optional<std::string> thinking;
  std::vector<tool_call> tool_calls;
  std::optional<std::string> stop_reason; // the provider's own value
  token_usage usage;
  std::optional<in_band_error> error;
};
BOOST_DESCRIBE_STRUCT(message, (), (text, refusal, thinking, tool_calls, stop_reason, usage, error))

/** Chat Completions chunks; the first choice is the message (requests with n = 1). */
class openai_chat_accumulator {
public:
  void add(const schemas::openai_chat::chunk &chunk);
  const message &current() const noexcept { return message_; }

private:
  void add_content(const schemas::openai_chat::delta_content &content);

  message message_;
  std::map<std::uint32_t, std::size_t> calls_; // tool call index → position in tool_calls
};

class anthropic_accumulator {
public:
  void add(const schemas::anthropic::event &event);
  const message &current() const noexcept { return message_; }

private:
  message message_;
  std::map<std::uint32_t, std::size_t> calls_;  // content block index → position in tool_calls
  std::map<std::uint32_t, std::string> inputs_; // a tool_use block's input as it started
};

class openai_responses_accumulator {
public:
  void add(const schemas::openai_responses::event &event);
  const message &current() const noexcept { return message_; }

private:
  message message_;
  std::map<std::string, std::size_t> calls_; // output item id → position in tool_calls
};

/**
 * Gemini responses; the first candidate is the message. Each event's parts are whole: text
 * appended, thought parts as thinking, function calls as they come.
 */
class gemini_accumulator {
public:
  void add(const schemas::gemini::response &response);
  const message &current() const noexcept { return message_; }
  /** A candidate's finishReason or a blocked prompt's feedback arrived: the answer is over. */
  bool finished() const noexcept { return finished_; }

private:
  message message_;
  bool finished_ = false;
};

/**
 * The AI SDK UI message stream. Its text and reasoning come in parts named by id, several of
 * which may stream at once: the message joins them in the order they started, as the SDK's
 * message keeps them; each event's text delta is the text-delta's own. A reset-step drops
 * what its step added, a start with another message id starts the message again, and the
 * provider's own tools (`providerExecuted`) are not the caller's tool calls.
 */
class ai_ui_accumulator {
public:
  void add(const schemas::ai_ui::chunk &chunk);
  const message &current() const noexcept { return message_; }
  /** The text the last chunk added. */
  std::string_view last_text() const noexcept { return last_text_; }

private:
  // Parts by id in the order they started; `joined` is their text, one after the other.
  struct parts {
    std::vector<std::pair<std::string, std::string>> list;
    void append(const std::string &id, std::string_view piece, std::string &joined);
    void truncate(std::size_t size, std::string &joined);
  };
  struct step_start {
    std::size_t texts = 0, reasonings = 0, calls = 0;
  };

  void reset();
  tool_call *call(const std::string &id);
  tool_call &add_call(const std::string &id, const std::string &name);

  message message_;
  parts texts_, reasonings_;
  std::map<std::string, std::size_t> calls_; // toolCallId → position in tool_calls
  step_start step_;
  std::optional<std::string> message_id_;
  std::string_view last_text_;
};

} // namespace sse::llm
