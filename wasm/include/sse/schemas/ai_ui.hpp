#pragma once

// The Vercel AI SDK's UI message stream (`ai` 7), what its chat hooks read from their backend:
// data-only events, each a chunk whose `type` says what it is, ending with the data `[DONE]`.
// Every chunk type of the pinned version is described with the fields the SDK's schema gives
// it; values the SDK types as `unknown` (tool inputs and outputs, metadata, data parts) are kept
// as their JSON. Members are named as the camelCase keys they read.

#include "sse/typed.hpp"

#include <boost/describe/class.hpp>

#include <optional>
#include <string>

namespace sse::schemas::ai_ui {

struct text_start {
  static constexpr std::string_view tag = "text-start";
  std::string id;
  std::optional<raw_json> providerMetadata;
};
BOOST_DESCRIBE_STRUCT(text_start, (), (id, providerMetadata))

struct text_delta {
  static constexpr std::string_view tag = "text-delta";
  std::string id;
  std::string delta;
  std::optional<raw_json> providerMetadata;
};
BOOST_DESCRIBE_STRUCT(text_delta, (), (id, delta, providerMetadata))

struct text_end {
  static constexpr std::string_view tag = "text-end";
  std::string id;
  std::optional<raw_json> citations;
  std::optional<raw_json> providerMetadata;
};
BOOST_DESCRIBE_STRUCT(text_end, (), (id, citations, providerMetadata))

struct reasoning_start {
  static constexpr std::string_view tag = "reasoning-start";
  std::string id;
  std::optional<raw_json> providerMetadata;
};
BOOST_DESCRIBE_STRUCT(reasoning_start, (), (id, providerMetadata))

struct reasoning_delta {
  static constexpr std::string_view tag = "reasoning-delta";
  std::string id;
  std::string delta;
  std::optional<raw_json> providerMetadata;
};
BOOST_DESCRIBE_STRUCT(reasoning_delta, (), (id, delta, providerMetadata))

struct reasoning_end {
  static constexpr std::string_view tag = "reasoning-end";
  std::string id;
  std::optional<raw_json> providerMetadata;
};
BOOST_DESCRIBE_STRUCT(reasoning_end, (), (id, providerMetadata))

/** The stream's error: the server's `onError` text. */
struct error_chunk {
  static constexpr std::string_view tag = "error";
  std::string errorText;
};
BOOST_DESCRIBE_STRUCT(error_chunk, (), (errorText))

struct tool_input_start {
  static constexpr std::string_view tag = "tool-input-start";
  std::string toolCallId;
  std::string toolName;
  std::optional<std::string> inputEncoding; // json or text
  std::optional<bool> providerExecuted;
  std::optional<raw_json> providerMetadata;
  std::optional<raw_json> toolMetadata;
  std::optional<bool> dynamic;
  std::optional<std::string> title;
};
BOOST_DESCRIBE_STRUCT(tool_input_start, (),
                      (toolCallId, toolName, inputEncoding, providerExecuted, providerMetadata,
                       toolMetadata, dynamic, title))

struct tool_input_delta {
  static constexpr std::string_view tag = "tool-input-delta";
  std::string toolCallId;
  std::string inputTextDelta;
};
BOOST_DESCRIBE_STRUCT(tool_input_delta, (), (toolCallId, inputTextDelta))

struct tool_input_available {
  static constexpr std::string_view tag = "tool-input-available";
  std::string toolCallId;
  std::string toolName;
  raw_json input;
  std::optional<bool> providerExecuted;
  std::optional<raw_json> providerMetadata;
  std::optional<raw_json> toolMetadata;
  std::optional<bool> dynamic;
  std::optional<std::string> title;
};
BOOST_DESCRIBE_STRUCT(tool_input_available, (),
                      (toolCallId, toolName, input, providerExecuted, providerMetadata,
                       toolMetadata, dynamic, title))

struct tool_input_error {
  static constexpr std::string_view tag = "tool-input-error";
  std::string toolCallId;
  std::string toolName;
  raw_json input;
  std::optional<bool> providerExecuted;
  std::optional<raw_json> providerMetadata;
  std::optional<raw_json> toolMetadata;
  std::optional<bool> dynamic;
  std::string errorText;
  std::optional<std::string> title;
};
BOOST_DESCRIBE_STRUCT(tool_input_error, (),
                      (toolCallId, toolName, input, providerExecuted, providerMetadata,
                       toolMetadata, dynamic, errorText, title))

struct tool_approval_request {
  static constexpr std::string_view tag = "tool-approval-request";
  std::string approvalId;
  std::string toolCallId;
  std::optional<raw_json> approvalDescriptor;
  std::optional<raw_json> inputSchemaInput;
  std::optional<std::string> reason;
  std::optional<bool> isAutomatic;
  std::optional<std::string> signature;
};
BOOST_DESCRIBE_STRUCT(tool_approval_request, (),
                      (approvalId, toolCallId, approvalDescriptor, inputSchemaInput, reason,
                       isAutomatic, signature))

struct tool_approval_response {
  static constexpr std::string_view tag = "tool-approval-response";
  std::string approvalId;
  bool approved = false;
  std::optional<std::string> reason;
  std::optional<bool> providerExecuted;
  std::optional<raw_json> providerMetadata;
};
BOOST_DESCRIBE_STRUCT(tool_approval_response, (),
                      (approvalId, approved, reason, providerExecuted, providerMetadata))

struct tool_output_available {
  static constexpr std::string_view tag = "tool-output-available";
  std::string toolCallId;
  raw_json output;
  std::optional<bool> providerExecuted;
  std::optional<raw_json> providerMetadata;
  std::optional<raw_json> toolMetadata;
  std::optional<bool> dynamic;
  std::optional<bool> preliminary;
};
BOOST_DESCRIBE_STRUCT(tool_output_available, (),
                      (toolCallId, output, providerExecuted, providerMetadata, toolMetadata,
                       dynamic, preliminary))

struct tool_output_error {
  static constexpr std::string_view tag = "tool-output-error";
  std::string toolCallId;
  std::string errorText;
  std::optional<bool> providerExecuted;
  std::optional<raw_json> providerMetadata;
  std::optional<raw_json> toolMetadata;
  std::optional<bool> dynamic;
};
BOOST_DESCRIBE_STRUCT(tool_output_error, (),
                      (toolCallId, errorText, providerExecuted, providerMetadata, toolMetadata,
                       dynamic))

struct tool_output_denied {
  static constexpr std::string_view tag = "tool-output-denied";
  std::string toolCallId;
};
BOOST_DESCRIBE_STRUCT(tool_output_denied, (), (toolCallId))

struct custom {
  static constexpr std::string_view tag = "custom";
  std::string kind;
  std::optional<raw_json> providerMetadata;
};
BOOST_DESCRIBE_STRUCT(custom, (), (kind, providerMetadata))

struct source_url {
  static constexpr std::string_view tag = "source-url";
  std::string sourceId;
  std::string url;
  std::optional<std::string> title;
  std::optional<raw_json> providerMetadata;
};
BOOST_DESCRIBE_STRUCT(source_url, (), (sourceId, url, title, providerMetadata))

struct source_document {
  static constexpr std::string_view tag = "source-document";
  std::string sourceId;
  std::string mediaType;
  std::string title;
  std::optional<std::string> filename;
  std::optional<raw_json> providerMetadata;
};
BOOST_DESCRIBE_STRUCT(source_document, (), (sourceId, mediaType, title, filename, providerMetadata))

struct file {
  static constexpr std::string_view tag = "file";
  std::string url;
  std::string mediaType;
  std::optional<raw_json> providerMetadata;
};
BOOST_DESCRIBE_STRUCT(file, (), (url, mediaType, providerMetadata))

struct reasoning_file {
  static constexpr std::string_view tag = "reasoning-file";
  std::string url;
  std::string mediaType;
  std::optional<raw_json> providerMetadata;
};
BOOST_DESCRIBE_STRUCT(reasoning_file, (), (url, mediaType, providerMetadata))

struct steering_message {
  static constexpr std::string_view tag = "steering-message";
  std::string id;
  raw_json parts; // text and file parts
};
BOOST_DESCRIBE_STRUCT(steering_message, (), (id, parts))

/** A `data-NAME` part of the application's own; `transient` ones are not kept in the message. */
struct data_part {
  static constexpr std::string_view tag = "data-";
  static constexpr bool tag_prefix = true;
  std::optional<std::string> id;
  raw_json data;
  std::optional<bool> transient;
};
BOOST_DESCRIBE_STRUCT(data_part, (), (id, data, transient))

struct start_step {
  static constexpr std::string_view tag = "start-step";
};
BOOST_DESCRIBE_STRUCT(start_step, (), ())

struct finish_step {
  static constexpr std::string_view tag = "finish-step";
};
BOOST_DESCRIBE_STRUCT(finish_step, (), ())

/** Drops what the current step added. */
struct reset_step {
  static constexpr std::string_view tag = "reset-step";
};
BOOST_DESCRIBE_STRUCT(reset_step, (), ())

struct start {
  static constexpr std::string_view tag = "start";
  std::optional<std::string> messageId;
  std::optional<raw_json> messageMetadata;
};
BOOST_DESCRIBE_STRUCT(start, (), (messageId, messageMetadata))

struct finish {
  static constexpr std::string_view tag = "finish";
  // stop, length, content-filter, tool-calls, error, interrupted, other
  std::optional<std::string> finishReason;
  std::optional<raw_json> messageMetadata;
};
BOOST_DESCRIBE_STRUCT(finish, (), (finishReason, messageMetadata))

struct abort {
  static constexpr std::string_view tag = "abort";
  std::optional<std::string> reason;
};
BOOST_DESCRIBE_STRUCT(abort, (), (reason))

struct message_metadata {
  static constexpr std::string_view tag = "message-metadata";
  raw_json messageMetadata;
};
BOOST_DESCRIBE_STRUCT(message_metadata, (), (messageMetadata))

using chunk =
    tagged<text_start, text_delta, text_end, reasoning_start, reasoning_delta, reasoning_end,
           error_chunk, tool_input_start, tool_input_delta, tool_input_available, tool_input_error,
           tool_approval_request, tool_approval_response, tool_output_available, tool_output_error,
           tool_output_denied, custom, source_url, source_document, file, reasoning_file,
           steering_message, data_part, start_step, finish_step, reset_step, start, finish, abort,
           message_metadata>;

/** The data that ends the stream. */
inline constexpr std::string_view done = "[DONE]";

} // namespace sse::schemas::ai_ui
