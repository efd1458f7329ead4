#pragma once

// OpenAI Responses streaming: named events whose data repeats the name in `type`, from
// response.created to response.completed (or response.failed / response.incomplete), with
// output items, text deltas and function-call argument deltas between, and `error`.

#include "sse/typed.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sse::schemas::openai_responses {

struct token_usage {
  std::optional<std::uint64_t> input_tokens;
  std::optional<std::uint64_t> output_tokens;
  std::optional<std::uint64_t> total_tokens;
};
BOOST_DESCRIBE_STRUCT(token_usage, (), (input_tokens, output_tokens, total_tokens))

struct response_error {
  std::optional<std::string> code;
  std::optional<std::string> message;
};
BOOST_DESCRIBE_STRUCT(response_error, (), (code, message))

struct response_info {
  std::string id;
  std::optional<std::string> status; // in_progress, completed, failed, incomplete, ...
  std::optional<std::string> model;
  std::optional<token_usage> usage;
  std::optional<response_error> error;
};
BOOST_DESCRIBE_STRUCT(response_info, (), (id, status, model, usage, error))

/** An output item: a message, a function_call, a custom_tool_call, reasoning, ... */
struct output_item {
  std::string type;
  std::optional<std::string> id;
  std::optional<std::string> call_id; // function_call, custom_tool_call
  std::optional<std::string> name;    // function_call, custom_tool_call
  std::optional<std::string> arguments;
  std::optional<std::string> input; // custom_tool_call: free-form text, not JSON
  std::optional<std::string> role;
  std::optional<std::string> status;
};
BOOST_DESCRIBE_STRUCT(output_item, (), (type, id, call_id, name, arguments, input, role, status))

// The events that carry the whole response share their members.
struct response_event {
  response_info response;
  std::optional<std::uint64_t> sequence_number;
};
BOOST_DESCRIBE_STRUCT(response_event, (), (response, sequence_number))

struct response_created : response_event {
  static constexpr std::string_view tag = "response.created";
};
BOOST_DESCRIBE_STRUCT(response_created, (response_event), ())

struct response_in_progress : response_event {
  static constexpr std::string_view tag = "response.in_progress";
};
BOOST_DESCRIBE_STRUCT(response_in_progress, (response_event), ())

struct response_completed : response_event {
  static constexpr std::string_view tag = "response.completed";
};
BOOST_DESCRIBE_STRUCT(response_completed, (response_event), ())

struct response_failed : response_event {
  static constexpr std::string_view tag = "response.failed";
};
BOOST_DESCRIBE_STRUCT(response_failed, (response_event), ())

struct response_incomplete : response_event {
  static constexpr std::string_view tag = "response.incomplete";
};
BOOST_DESCRIBE_STRUCT(response_incomplete, (response_event), ())

struct item_event {
  std::uint32_t output_index = 0;
  output_item item;
};
BOOST_DESCRIBE_STRUCT(item_event, (), (output_index, item))

struct output_item_added : item_event {
  static constexpr std::string_view tag = "response.output_item.added";
};
BOOST_DESCRIBE_STRUCT(output_item_added, (item_event), ())

struct output_item_done : item_event {
  static constexpr std::string_view tag = "response.output_item.done";
};
BOOST_DESCRIBE_STRUCT(output_item_done, (item_event), ())

// A piece of text or of arguments for one output item.
struct delta_event {
  std::string item_id;
  std::uint32_t output_index = 0;
  std::optional<std::uint32_t> content_index;
  std::string delta;
};
BOOST_DESCRIBE_STRUCT(delta_event, (), (item_id, output_index, content_index, delta))

struct output_text_delta : delta_event {
  static constexpr std::string_view tag = "response.output_text.delta";
};
BOOST_DESCRIBE_STRUCT(output_text_delta, (delta_event), ())

struct refusal_delta : delta_event {
  static constexpr std::string_view tag = "response.refusal.delta";
};
BOOST_DESCRIBE_STRUCT(refusal_delta, (delta_event), ())

struct reasoning_summary_text_delta : delta_event {
  static constexpr std::string_view tag = "response.reasoning_summary_text.delta";
};
BOOST_DESCRIBE_STRUCT(reasoning_summary_text_delta, (delta_event), ())

// Reasoning as text (open-weight and reasoning models), beside the summaries of it.
struct reasoning_text_delta : delta_event {
  static constexpr std::string_view tag = "response.reasoning_text.delta";
};
BOOST_DESCRIBE_STRUCT(reasoning_text_delta, (delta_event), ())

struct function_call_arguments_delta : delta_event {
  static constexpr std::string_view tag = "response.function_call_arguments.delta";
};
BOOST_DESCRIBE_STRUCT(function_call_arguments_delta, (delta_event), ())

struct custom_tool_call_input_delta : delta_event {
  static constexpr std::string_view tag = "response.custom_tool_call_input.delta";
};
BOOST_DESCRIBE_STRUCT(custom_tool_call_input_delta, (delta_event), ())

struct custom_tool_call_input_done {
  static constexpr std::string_view tag = "response.custom_tool_call_input.done";
  std::string item_id;
  std::uint32_t output_index = 0;
  std::string input;
};
BOOST_DESCRIBE_STRUCT(custom_tool_call_input_done, (), (item_id, output_index, input))

struct function_call_arguments_done {
  static constexpr std::string_view tag = "response.function_call_arguments.done";
  std::string item_id;
  std::uint32_t output_index = 0;
  std::string arguments;
};
BOOST_DESCRIBE_STRUCT(function_call_arguments_done, (), (item_id, output_index, arguments))

struct error_detail {
  std::optional<std::string> type;
  std::optional<std::string> code;
  std::optional<std::string> message;
  std::optional<std::string> param;
};
BOOST_DESCRIBE_STRUCT(error_detail, (), (type, code, message, param))

/**
 * The stream's error, flat as the API reference writes it, or with its fields in `error` as
 * the API has been seen to send it (the SDK reads both).
 */
struct error_event {
  static constexpr std::string_view tag = "error";
  std::optional<std::string> code;
  std::optional<std::string> message;
  std::optional<std::string> param;
  std::optional<error_detail> error;

  std::string code_or(std::string_view fallback) const {
    if (code) return *code;
    if (error && error->code) return *error->code;
    if (error && error->type) return *error->type;
    return std::string(fallback);
  }
  std::string text() const {
    if (message) return *message;
    return error && error->message ? *error->message : std::string();
  }
};
BOOST_DESCRIBE_STRUCT(error_event, (), (code, message, param, error))

using event = tagged<response_created, response_in_progress, response_completed, response_failed,
                     response_incomplete, output_item_added, output_item_done, output_text_delta,
                     refusal_delta, reasoning_summary_text_delta, reasoning_text_delta,
                     function_call_arguments_delta, function_call_arguments_done,
                     custom_tool_call_input_delta, custom_tool_call_input_done, error_event>;

} // namespace sse::schemas::openai_responses
