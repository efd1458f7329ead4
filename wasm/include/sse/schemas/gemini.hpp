#pragma once

// Google Gemini `…:streamGenerateContent?alt=sse`: each event's data is a whole
// GenerateContentResponse, and no event marks the end; the last candidate carries its
// `finishReason`, or a blocked prompt its `promptFeedback`. An event may instead be an error,
// `{"error": {code, message, status}}`, after the response's 200. The API spells its keys in
// camelCase, and the members are named as the keys they read.

#include "sse/typed.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sse::schemas::gemini {

struct function_call {
  std::optional<std::string> id; // sent by some models; never made up
  std::string name;
  std::optional<raw_json> args; // an object
};
BOOST_DESCRIBE_STRUCT(function_call, (), (id, name, args))

/** Bytes sent inline, base64 (an image may make an event of several megabytes). */
struct blob {
  std::string mimeType;
  std::string data;
};
BOOST_DESCRIBE_STRUCT(blob, (), (mimeType, data))

struct file_data {
  std::optional<std::string> mimeType;
  std::string fileUri;
};
BOOST_DESCRIBE_STRUCT(file_data, (), (mimeType, fileUri))

struct executable_code {
  std::string language;
  std::string code;
};
BOOST_DESCRIBE_STRUCT(executable_code, (), (language, code))

struct code_execution_result {
  std::string outcome;
  std::optional<std::string> output;
};
BOOST_DESCRIBE_STRUCT(code_execution_result, (), (outcome, output))

/** One part of a candidate's content; `thought: true` marks the model's thinking. */
struct part {
  std::optional<std::string> text;
  std::optional<bool> thought;
  std::optional<std::string> thoughtSignature;
  std::optional<function_call> functionCall;
  std::optional<raw_json> functionResponse;
  std::optional<blob> inlineData;
  std::optional<file_data> fileData;
  std::optional<executable_code> executableCode;
  std::optional<code_execution_result> codeExecutionResult;
};
BOOST_DESCRIBE_STRUCT(part, (),
                      (text, thought, thoughtSignature, functionCall, functionResponse, inlineData,
                       fileData, executableCode, codeExecutionResult))

struct candidate_content {
  std::optional<std::string> role;
  std::optional<std::vector<part>> parts; // absent in a last event that only finishes
};
BOOST_DESCRIBE_STRUCT(candidate_content, (), (role, parts))

struct candidate {
  std::optional<candidate_content> content;
  std::optional<std::string> finishReason; // STOP, MAX_TOKENS, SAFETY, RECITATION, ...
  std::optional<std::string> finishMessage;
  std::optional<std::uint32_t> index;
  std::optional<raw_json> safetyRatings;
  std::optional<raw_json> citationMetadata;
  std::optional<raw_json> groundingMetadata;
  std::optional<raw_json> urlContextMetadata;
};
BOOST_DESCRIBE_STRUCT(candidate, (),
                      (content, finishReason, finishMessage, index, safetyRatings, citationMetadata,
                       groundingMetadata, urlContextMetadata))

struct prompt_feedback {
  std::optional<std::string> blockReason; // SAFETY, OTHER, BLOCKLIST, PROHIBITED_CONTENT, ...
  std::optional<raw_json> safetyRatings;
};
BOOST_DESCRIBE_STRUCT(prompt_feedback, (), (blockReason, safetyRatings))

/** Token counts so far: each event repeats the running totals. */
struct usage_metadata {
  std::optional<std::uint64_t> promptTokenCount;
  std::optional<std::uint64_t> candidatesTokenCount;
  std::optional<std::uint64_t> thoughtsTokenCount;
  std::optional<std::uint64_t> toolUsePromptTokenCount;
  std::optional<std::uint64_t> cachedContentTokenCount;
  std::optional<std::uint64_t> totalTokenCount;
};
BOOST_DESCRIBE_STRUCT(usage_metadata, (),
                      (promptTokenCount, candidatesTokenCount, thoughtsTokenCount,
                       toolUsePromptTokenCount, cachedContentTokenCount, totalTokenCount))

struct error_info {
  std::optional<std::int64_t> code; // the HTTP status it stands for
  std::string message;
  std::optional<std::string> status; // UNAVAILABLE, RESOURCE_EXHAUSTED, INTERNAL, ...
};
BOOST_DESCRIBE_STRUCT(error_info, (), (code, message, status))

struct response {
  std::optional<std::vector<candidate>> candidates; // none in a blocked prompt's event
  std::optional<prompt_feedback> promptFeedback;
  std::optional<usage_metadata> usageMetadata;
  std::optional<std::string> modelVersion;
  std::optional<std::string> responseId;
  std::optional<error_info> error;
};
BOOST_DESCRIBE_STRUCT(response, (),
                      (candidates, promptFeedback, usageMetadata, modelVersion, responseId, error))

/** The error's code as the stream's: its status name, else its number as text. */
inline std::string code_of(const error_info &error) {
  if (error.status) return *error.status;
  return error.code ? std::to_string(*error.code) : std::string("error");
}

} // namespace sse::schemas::gemini
