#pragma once

// OpenAI Chat Completions streaming: each event's data is a `chat.completion.chunk`, and the
// stream ends with the data `[DONE]`. Only the fields a client acts on are described; the
// walker ignores the others, so new provider fields never break decoding.

#include "sse/typed.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sse::schemas::openai_chat {

struct function_delta {
  std::optional<std::string> name;
  std::optional<std::string> arguments; // a piece of the JSON text, split anywhere
};
BOOST_DESCRIBE_STRUCT(function_delta, (), (name, arguments))

struct tool_call_delta {
  std::uint32_t index = 0; // which call of the message this piece belongs to
  std::optional<std::string> id;
  std::optional<std::string> type;
  std::optional<function_delta> function;
};
BOOST_DESCRIBE_STRUCT(tool_call_delta, (), (index, id, type, function))

/** A piece of text in Mistral's content arrays, also inside a thinking chunk. */
struct text_chunk {
  std::string type; // text
  std::optional<std::string> text;
};
BOOST_DESCRIBE_STRUCT(text_chunk, (), (type, text))

/**
 * One chunk of Mistral's `content` array: `text` (its `text`), `thinking` (reasoning models:
 * its text chunks), or another type such as `reference`.
 */
struct content_chunk {
  std::string type;
  std::optional<std::string> text;
  std::optional<std::vector<text_chunk>> thinking;
};
BOOST_DESCRIBE_STRUCT(content_chunk, (), (type, text, thinking))

/** Text, or (Mistral's reasoning models) an array of chunks. */
using delta_content = std::variant<std::string, std::vector<content_chunk>>;

struct message_delta {
  std::optional<std::string> role;
  std::optional<delta_content> content;
  std::optional<std::string> refusal;
  std::optional<std::vector<tool_call_delta>> tool_calls;
  // OpenAI-compatible servers' reasoning: `reasoning` (vLLM, OpenRouter, Ollama) and
  // `reasoning_content` (DeepSeek, older vLLM).
  std::optional<std::string> reasoning;
  std::optional<std::string> reasoning_content;
};
BOOST_DESCRIBE_STRUCT(message_delta, (),
                      (role, content, refusal, tool_calls, reasoning, reasoning_content))

struct chunk_choice {
  std::uint32_t index = 0;
  message_delta delta;
  std::optional<std::string> finish_reason; // stop, length, tool_calls, content_filter, ...
};
BOOST_DESCRIBE_STRUCT(chunk_choice, (), (index, delta, finish_reason))

struct token_usage {
  std::uint64_t prompt_tokens = 0;
  std::uint64_t completion_tokens = 0;
  std::uint64_t total_tokens = 0;
};
BOOST_DESCRIBE_STRUCT(token_usage, (), (prompt_tokens, completion_tokens, total_tokens))

/** An error a server reports inside a stream it answered with 200 (OpenRouter). */
struct stream_error {
  std::optional<raw_json> code; // a number or a string, as the server sends it
  std::string message;
};
BOOST_DESCRIBE_STRUCT(stream_error, (), (code, message))

/** The error's code as text: `502` for a number, `rate_limited` for a string, else `error`. */
inline std::string code_of(const stream_error &error) {
  if (!error.code) return "error";
  const std::string &text = error.code->text;
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    return text.substr(1, text.size() - 2);
  return text;
}

struct chunk {
  std::string id;
  std::optional<std::string> object;
  std::optional<std::int64_t> created;
  std::optional<std::string> model;
  std::optional<std::string> system_fingerprint;
  std::vector<chunk_choice> choices; // empty in the last chunk, which carries `usage`
  std::optional<token_usage> usage;
  std::optional<stream_error> error;
};
BOOST_DESCRIBE_STRUCT(chunk, (),
                      (id, object, created, model, system_fingerprint, choices, usage, error))

/** The data that ends the stream. */
inline constexpr std::string_view done = "[DONE]";

} // namespace sse::schemas::openai_chat
