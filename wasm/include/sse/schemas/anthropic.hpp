#pragma once

// Anthropic Messages streaming: named events whose data repeats the name in `type`. A message
// is message_start, then for each content block content_block_start, content_block_delta...,
// content_block_stop, then message_delta and message_stop; `ping` may come anywhere, and an
// `error` event (such as overloaded_error) may arrive after HTTP 200.

#include "sse/typed.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sse::schemas::anthropic {

struct token_usage {
  std::optional<std::uint64_t> input_tokens;
  std::optional<std::uint64_t> output_tokens;
  std::optional<std::uint64_t> cache_creation_input_tokens;
  std::optional<std::uint64_t> cache_read_input_tokens;
};
BOOST_DESCRIBE_STRUCT(token_usage, (),
                      (input_tokens, output_tokens, cache_creation_input_tokens,
                       cache_read_input_tokens))

struct message_info {
  std::string id;
  std::optional<std::string> model;
  std::optional<std::string> role;
  std::optional<std::string> stop_reason;
  std::optional<std::string> stop_sequence;
  std::optional<token_usage> usage;
};
BOOST_DESCRIBE_STRUCT(message_info, (), (id, model, role, stop_reason, stop_sequence, usage))

/** A content block as it starts: text, tool_use, thinking, redacted_thinking, ... */
struct block {
  std::string type;
  std::optional<std::string> text;
  std::optional<std::string> id;   // tool_use
  std::optional<std::string> name; // tool_use
  std::optional<raw_json> input;   // tool_use: empty here, then built by input_json_delta
  std::optional<std::string> thinking;
  std::optional<std::string> signature;
};
BOOST_DESCRIBE_STRUCT(block, (), (type, text, id, name, input, thinking, signature))

/** A piece of a block: text_delta, input_json_delta, thinking_delta or signature_delta. */
struct block_delta {
  std::string type;
  std::optional<std::string> text;
  std::optional<std::string> partial_json;
  std::optional<std::string> thinking;
  std::optional<std::string> signature;
};
BOOST_DESCRIBE_STRUCT(block_delta, (), (type, text, partial_json, thinking, signature))

struct message_start {
  static constexpr std::string_view tag = "message_start";
  message_info message;
};
BOOST_DESCRIBE_STRUCT(message_start, (), (message))

struct content_block_start {
  static constexpr std::string_view tag = "content_block_start";
  std::uint32_t index = 0;
  block content_block;
};
BOOST_DESCRIBE_STRUCT(content_block_start, (), (index, content_block))

struct content_block_delta {
  static constexpr std::string_view tag = "content_block_delta";
  std::uint32_t index = 0;
  block_delta delta;
};
BOOST_DESCRIBE_STRUCT(content_block_delta, (), (index, delta))

struct content_block_stop {
  static constexpr std::string_view tag = "content_block_stop";
  std::uint32_t index = 0;
};
BOOST_DESCRIBE_STRUCT(content_block_stop, (), (index))

struct stop_info {
  std::optional<std::string> stop_reason; // end_turn, max_tokens, stop_sequence, tool_use, ...
  std::optional<std::string> stop_sequence;
};
BOOST_DESCRIBE_STRUCT(stop_info, (), (stop_reason, stop_sequence))

struct message_delta {
  static constexpr std::string_view tag = "message_delta";
  stop_info delta;
  std::optional<token_usage> usage;
};
BOOST_DESCRIBE_STRUCT(message_delta, (), (delta, usage))

struct message_stop {
  static constexpr std::string_view tag = "message_stop";
};
BOOST_DESCRIBE_STRUCT(message_stop, (), ())

struct ping {
  static constexpr std::string_view tag = "ping";
};
BOOST_DESCRIBE_STRUCT(ping, (), ())

struct error_info {
  std::string type; // overloaded_error, api_error, rate_limit_error, ...
  std::string message;
};
BOOST_DESCRIBE_STRUCT(error_info, (), (type, message))

struct error_event {
  static constexpr std::string_view tag = "error";
  error_info error;
};
BOOST_DESCRIBE_STRUCT(error_event, (), (error))

using event = tagged<message_start, content_block_start, content_block_delta, content_block_stop,
                     message_delta, message_stop, ping, error_event>;

} // namespace sse::schemas::anthropic
