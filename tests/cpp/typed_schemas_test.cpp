// The built-in schemas against example streams written from the providers' documentation
// (tests/fixtures/typed/), and the accumulators that rebuild the message from their deltas.

#include "sse/llm.hpp"
#include "sse/schemas/demo.hpp"
#include "sse/schemas/gemini.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace sse::testing {
namespace {

// The stream's events, split in two at `at` so that every test also crosses a chunk border.
std::vector<entry> events_of(const char *name, std::size_t at = 0) {
  const std::string stream = typed_fixture(name);
  return parse_split(stream, at % (stream.size() + 1));
}

llm::message chat_message(const std::vector<entry> &events) {
  llm::openai_chat_accumulator message;
  for (const entry &e : events) {
    if (e.what != entry::kind::event || e.data == schemas::openai_chat::done) continue;
    const auto chunk = decode<schemas::openai_chat::chunk>(e.data);
    EXPECT_TRUE(chunk) << chunk.error->message();
    message.add(chunk.value);
  }
  return message.current();
}

template <typename Union, typename Accumulator>
llm::message tagged_message(const std::vector<entry> &events,
                            std::vector<std::string> *unknown = nullptr) {
  Accumulator message;
  for (const entry &e : events) {
    const auto event = decode_tagged<Union>(e.type, e.data);
    EXPECT_TRUE(event) << e.type << ": " << event.error->message();
    if (unknown != nullptr && event.value.template get<raw_json>() != nullptr)
      unknown->push_back(event.value.tag);
    message.add(event.value);
  }
  return message.current();
}

TEST(TypedSchemas, OpenAiChatRebuildsTextToolCallsFinishAndUsage) {
  const auto events = events_of("openai-chat.sse");
  ASSERT_EQ(events.size(), 12u);
  const llm::message m = chat_message(events);
  EXPECT_EQ(m.text, "Hello wörld 😀");
  EXPECT_FALSE(m.refusal.has_value());
  ASSERT_EQ(m.tool_calls.size(), 2u);
  EXPECT_EQ(m.tool_calls[0].id, "call_a");
  EXPECT_EQ(m.tool_calls[0].name, "get_weather");
  EXPECT_EQ(m.tool_calls[0].arguments, R"({"location": "Paris"})");
  EXPECT_EQ(m.tool_calls[1].id, "call_b");
  EXPECT_EQ(m.tool_calls[1].arguments, R"({"tz":"CET"})");
  EXPECT_EQ(m.stop_reason, "tool_calls");
  EXPECT_EQ(m.usage.input_tokens, 20u);
  EXPECT_EQ(m.usage.output_tokens, 31u);
}

TEST(TypedSchemas, OpenAiChatChunkFields) {
  const auto first = decode<schemas::openai_chat::chunk>(events_of("openai-chat.sse")[0].data);
  ASSERT_TRUE(first);
  EXPECT_EQ(first.value.id, "chatcmpl-1");
  EXPECT_EQ(first.value.object, "chat.completion.chunk");
  EXPECT_EQ(first.value.created, 1700000000);
  EXPECT_EQ(first.value.choices.at(0).delta.role, "assistant");
  EXPECT_FALSE(first.value.choices.at(0).finish_reason.has_value());
  EXPECT_FALSE(first.value.usage.has_value());
}

TEST(TypedSchemas, OpenAiChatMismatchHasItsPath) {
  const auto bad = decode<schemas::openai_chat::chunk>(
      R"({"id":"x","choices":[{"index":0,"delta":{"content":5}}]})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error->message(), "choices[0].delta.content: expected string|array, got number");
}

TEST(TypedSchemas, AnthropicRebuildsThinkingTextToolUseStopAndUsage) {
  const auto m = tagged_message<schemas::anthropic::event, llm::anthropic_accumulator>(
      events_of("anthropic.sse"));
  EXPECT_EQ(m.text, "Hello, Zoë!");
  EXPECT_EQ(m.thinking, "Let me think.");
  ASSERT_EQ(m.tool_calls.size(), 2u);
  EXPECT_EQ(m.tool_calls[0].id, "toolu_1");
  EXPECT_EQ(m.tool_calls[0].name, "get_weather");
  EXPECT_EQ(m.tool_calls[0].arguments, R"({"location": "San Francisco"})");
  // An input that came whole at the block's start, with no delta, is kept.
  EXPECT_EQ(m.tool_calls[1].arguments, R"({"tz":"PST"})");
  EXPECT_EQ(m.stop_reason, "tool_use");
  EXPECT_EQ(m.usage.input_tokens, 25u);
  EXPECT_EQ(m.usage.output_tokens, 89u);
  EXPECT_FALSE(m.error.has_value());
}

TEST(TypedSchemas, AnthropicServerToolsAreNotToolCallsAndUsageIsTheLastCount) {
  const auto m = tagged_message<schemas::anthropic::event, llm::anthropic_accumulator>(
      events_of("anthropic-web-search.sse"));
  // The web search's input streams as input_json_delta, but it is the provider's call.
  EXPECT_TRUE(m.tool_calls.empty());
  // message_delta counts the input again once the server's searches are in.
  EXPECT_EQ(m.usage.input_tokens, 10682u);
}

TEST(TypedSchemas, AnthropicInBandErrorKeepsTheMessageSoFar) {
  const auto m = tagged_message<schemas::anthropic::event, llm::anthropic_accumulator>(
      events_of("anthropic-overloaded.sse"));
  EXPECT_EQ(m.text, "Partial answer");
  ASSERT_TRUE(m.error.has_value());
  EXPECT_EQ(m.error->code, "overloaded_error");
  EXPECT_EQ(m.error->message, "Overloaded");
}

TEST(TypedSchemas, AnthropicEventsAreRoutedByName) {
  const auto ping = decode_tagged<schemas::anthropic::event>("ping", R"({"type":"ping"})");
  ASSERT_TRUE(ping);
  EXPECT_NE(ping.value.get<schemas::anthropic::ping>(), nullptr);
  // Without an event name the `type` field routes it.
  const auto stop = decode_tagged<schemas::anthropic::event>(
      "message", R"({"type":"content_block_stop","index":3})");
  ASSERT_NE(stop.value.get<schemas::anthropic::content_block_stop>(), nullptr);
  EXPECT_EQ(stop.value.get<schemas::anthropic::content_block_stop>()->index, 3u);
}

TEST(TypedSchemas, UnknownEventsAreKeptAsRawJson) {
  const auto later =
      decode_tagged<schemas::anthropic::event>("", R"({"type":"citation_added","x":[1]})");
  ASSERT_TRUE(later);
  EXPECT_EQ(later.value.tag, "citation_added");
  ASSERT_NE(later.value.get<raw_json>(), nullptr);
  EXPECT_EQ(later.value.get<raw_json>()->text, R"({"type":"citation_added","x":[1]})");
}

TEST(TypedSchemas, StrictUnionsKnowTheirTag) {
  namespace a = schemas::anthropic;
  const decode_options strict{true};
  for (const std::string_view name : {"content_block_stop", ""}) {
    const auto known =
        decode_tagged<a::event>(name, R"({"type":"content_block_stop","index":0})", strict);
    EXPECT_TRUE(known) << known.error->message();
    const auto added = decode_tagged<a::event>(
        name, R"({"type":"content_block_stop","index":0,"added":1})", strict);
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error->message(), "added: expected no such key, got an unknown key");
  }
}

TEST(TypedSchemas, TaggedMismatchHasItsPath) {
  const auto bad = decode_tagged<schemas::anthropic::event>(
      "content_block_delta",
      R"({"type":"content_block_delta","index":"0","delta":{"type":"text_delta"}})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error->message(), "index: expected integer, got string");
  EXPECT_EQ(bad.value.tag, "content_block_delta");
}

TEST(TypedSchemas, OpenAiResponsesRebuildsTextArgumentsStatusAndUsage) {
  std::vector<std::string> unknown;
  const auto m =
      tagged_message<schemas::openai_responses::event, llm::openai_responses_accumulator>(
          events_of("openai-responses.sse"), &unknown);
  EXPECT_EQ(m.text, "Hi thère");
  ASSERT_EQ(m.tool_calls.size(), 1u);
  EXPECT_EQ(m.tool_calls[0].id, "call_1");
  EXPECT_EQ(m.tool_calls[0].name, "get_weather");
  EXPECT_EQ(m.tool_calls[0].arguments, R"({"city":"Oslo"})");
  EXPECT_EQ(m.stop_reason, "completed");
  EXPECT_EQ(m.usage.input_tokens, 12u);
  EXPECT_EQ(m.usage.output_tokens, 20u);
  // Events this schema does not describe still arrive, as raw JSON.
  EXPECT_EQ(unknown,
            (std::vector<std::string>{"response.content_part.added", "response.output_text.done"}));
}

TEST(TypedSchemas, OpenAiResponsesThinkingIsTheReasoningSummariesAndTexts) {
  const auto m =
      tagged_message<schemas::openai_responses::event, llm::openai_responses_accumulator>(
          events_of("openai-responses-reasoning.sse"), nullptr);
  EXPECT_EQ(m.thinking, "Weighing options.The user said hi.");
  EXPECT_EQ(m.text, "Hello, Zoë");
  ASSERT_EQ(m.tool_calls.size(), 1u);
  EXPECT_EQ(m.tool_calls[0].arguments, R"({"q":"Zoë"})");
  EXPECT_EQ(m.usage.output_tokens, 41u);
}

TEST(TypedSchemas, OpenAiCompatibleReasoningIsThinking) {
  const llm::message m = chat_message(events_of("openai-compat-reasoning.sse"));
  EXPECT_EQ(m.thinking, "The user greets; answer briefly.(check tone) ");
  EXPECT_EQ(m.text, "Hi there 👋");
  EXPECT_FALSE(m.error.has_value());
}

TEST(TypedSchemas, MistralContentArraysGiveTextAndThinking) {
  const auto events = events_of("mistral-thinking.sse");
  const auto thinking = decode<schemas::openai_chat::chunk>(events[1].data);
  ASSERT_TRUE(thinking);
  const auto &chunks = std::get<std::vector<schemas::openai_chat::content_chunk>>(
      *thinking.value.choices.at(0).delta.content);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].type, "thinking");
  EXPECT_EQ(chunks[0].thinking->at(0).text, "The user asks for 6 × 7. ");
  EXPECT_EQ(
      std::get<std::string>(
          *decode<schemas::openai_chat::chunk>(events[5].data).value.choices.at(0).delta.content),
      "**42**.");

  const llm::message m = chat_message(events);
  EXPECT_EQ(m.thinking, "The user asks for 6 × 7. That is 42; no tricks.");
  EXPECT_EQ(m.text, "6 × 7 = **42**.");
  EXPECT_EQ(m.stop_reason, "stop");
  EXPECT_EQ(m.usage.output_tokens, 47u);
}

TEST(TypedSchemas, AContentThatIsNeitherTextNorChunksHasItsPath) {
  const auto bad = decode<schemas::openai_chat::chunk>(
      R"({"id":"x","choices":[{"index":0,"delta":{"content":{"type":"text"}}}]})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error->message(), "choices[0].delta.content: expected string|array, got object");
  const auto inner = decode<schemas::openai_chat::chunk>(
      R"({"id":"x","choices":[{"index":0,"delta":{"content":[{"type":"text","text":7}]}}]})");
  ASSERT_FALSE(inner);
  EXPECT_EQ(inner.error->message(),
            "choices[0].delta.content[0].text: expected string, got number");
}

llm::gemini_accumulator gemini_message(const char *fixture) {
  llm::gemini_accumulator message;
  for (const entry &e : events_of(fixture)) {
    const auto response = decode<schemas::gemini::response>(e.data);
    EXPECT_TRUE(response) << response.error->message();
    message.add(response.value);
  }
  return message;
}

TEST(TypedSchemas, GeminiRebuildsTextThinkingStopAndRunningUsage) {
  const auto message = gemini_message("gemini-thinking.sse");
  const llm::message &m = message.current();
  EXPECT_EQ(m.thinking.value_or("").find("**Calculating the product**"), 0u);
  EXPECT_EQ(m.thinking.value_or("").find("Both agree."), m.thinking.value_or("").size() - 11);
  EXPECT_EQ(m.text.find("17 × 24 = **408**.\n\nSplit 24"), 0u);
  EXPECT_EQ(m.stop_reason, "STOP");
  // The last usageMetadata, not a sum: output counts the thinking tokens too.
  EXPECT_EQ(m.usage.input_tokens, 14u);
  EXPECT_EQ(m.usage.output_tokens, 43u + 112u);
  EXPECT_TRUE(message.finished());
}

TEST(TypedSchemas, GeminiFunctionCallsAreWholeWithTheirIdOnlyWhenSent) {
  const llm::message m = gemini_message("gemini-function-calls.sse").current();
  ASSERT_EQ(m.tool_calls.size(), 2u);
  EXPECT_EQ(m.tool_calls[0].id, "fc_7f3a2c9e");
  EXPECT_EQ(m.tool_calls[0].name, "get_weather");
  EXPECT_EQ(m.tool_calls[0].arguments, R"({"location":"Paris, FR","unit":"celsius"})");
  EXPECT_FALSE(m.tool_calls[1].id.has_value());
  EXPECT_EQ(m.tool_calls[1].name, "get_forecast");
}

TEST(TypedSchemas, GeminiBlockedPromptAndSafetyStopEndTheAnswer) {
  const auto blocked = gemini_message("gemini-prompt-blocked.sse");
  EXPECT_EQ(blocked.current().stop_reason, "SAFETY");
  EXPECT_EQ(blocked.current().text, "");
  EXPECT_TRUE(blocked.finished());
  const auto safety = gemini_message("gemini-safety.sse");
  EXPECT_EQ(safety.current().stop_reason, "SAFETY");
  EXPECT_TRUE(safety.finished());
  EXPECT_FALSE(gemini_message("gemini-cut.sse").finished());
}

TEST(TypedSchemas, GeminiErrorEventIsAnInBandErrorNamedByItsStatus) {
  const auto message = gemini_message("gemini-error.sse");
  ASSERT_TRUE(message.current().error.has_value());
  EXPECT_EQ(message.current().error->code, "UNAVAILABLE");
  EXPECT_EQ(message.current().error->message, "The model is overloaded. Please try again later.");
  EXPECT_EQ(message.current().text, "The three primary colors of light are red, green and");
  EXPECT_FALSE(message.finished());
}

llm::message ai_ui_message(const char *fixture) {
  llm::ai_ui_accumulator message;
  for (const entry &e : events_of(fixture)) {
    if (e.data == schemas::ai_ui::done) continue;
    const auto chunk = decode_tagged<schemas::ai_ui::chunk>(e.type, e.data);
    EXPECT_TRUE(chunk) << chunk.error->message();
    message.add(chunk.value);
  }
  return message.current();
}

TEST(TypedSchemas, AiUiJoinsPartsInTheOrderTheyStartedAndDropsAResetStep) {
  const llm::message m = ai_ui_message("ai-ui-steps-misc.sse");
  // t-a and t-b stream at once; the draft before reset-step is gone.
  EXPECT_EQ(m.text, "A1 A2B1 B2Cited.");
  // Provider-executed tools are not the caller's tool calls.
  for (const auto &call : m.tool_calls) EXPECT_NE(call.name, "codeInterpreter");
}

TEST(TypedSchemas, AiUiToolCallsReasoningAndStop) {
  const llm::message m = ai_ui_message("ai-ui-reasoning-tools.sse");
  EXPECT_TRUE(m.thinking.has_value());
  ASSERT_GE(m.tool_calls.size(), 3u);
  EXPECT_EQ(m.tool_calls[0].name, "getWeather");
  EXPECT_EQ(m.tool_calls[0].arguments.front(), '{');
  EXPECT_EQ(m.stop_reason, "tool-calls");
}

TEST(TypedSchemas, AiUiErrorChunkIsAnInBandErrorWithItsText) {
  const llm::message m = ai_ui_message("ai-ui-error.sse");
  ASSERT_TRUE(m.error.has_value());
  EXPECT_EQ(m.error->code, "error");
  EXPECT_EQ(m.error->message, "An error occurred.");
  EXPECT_EQ(m.text, "Partial answer");
}

TEST(TypedSchemas, OpenRouterStreamErrorIsAnInBandErrorWithItsCodeAsText) {
  const llm::message m = chat_message(events_of("openrouter-error.sse"));
  ASSERT_TRUE(m.error.has_value());
  EXPECT_EQ(m.error->code, "502");
  EXPECT_EQ(m.error->message, "Provider disconnected unexpectedly");
  EXPECT_EQ(m.text, "Partial answer");
  EXPECT_EQ(m.stop_reason, "error");
}

TEST(TypedSchemas, OpenAiResponsesCustomToolCallsAreToolCallsAndBuiltInToolsAreNot) {
  const auto m =
      tagged_message<schemas::openai_responses::event, llm::openai_responses_accumulator>(
          events_of("openai-responses-tools.sse"), nullptr);
  ASSERT_EQ(m.tool_calls.size(), 2u);
  EXPECT_EQ(m.tool_calls[0].id, "call_c");
  EXPECT_EQ(m.tool_calls[0].name, "run_sql");
  EXPECT_EQ(m.tool_calls[0].arguments, "SELECT city FROM t WHERE t.c < 0");
  EXPECT_EQ(m.tool_calls[1].id, "call_f");
  EXPECT_EQ(m.text, "Cold in Oslo ❄️.");
}

TEST(TypedSchemas, OpenAiResponsesErrorEvent) {
  llm::openai_responses_accumulator message;
  const auto failure = decode_tagged<schemas::openai_responses::event>(
      "error",
      R"({"type":"error","code":"server_error","message":"Something went wrong","param":null})");
  ASSERT_TRUE(failure);
  message.add(failure.value);
  ASSERT_TRUE(message.current().error.has_value());
  EXPECT_EQ(message.current().error->code, "server_error");
  EXPECT_EQ(message.current().error->message, "Something went wrong");

  // The form the API has been seen to send: the fields inside `error`.
  llm::openai_responses_accumulator nested;
  const auto inside = decode_tagged<schemas::openai_responses::event>(
      "error", R"({"type":"error","sequence_number":6,"error":{"type":"too_many_requests",)"
               R"("code":"too_many_requests","message":"Too Many Requests","param":null}})");
  ASSERT_TRUE(inside) << inside.error->message();
  nested.add(inside.value);
  ASSERT_TRUE(nested.current().error.has_value());
  EXPECT_EQ(nested.current().error->code, "too_many_requests");
  EXPECT_EQ(nested.current().error->message, "Too Many Requests");
}

TEST(TypedSchemas, DemoProgress) {
  const auto events = events_of("demo-progress.sse");
  ASSERT_EQ(events.size(), 4u);
  const auto last = decode<schemas::demo::progress>(events[3].data);
  ASSERT_TRUE(last);
  EXPECT_EQ(last.value.step, 4);
  EXPECT_EQ(last.value.total, 4);
  EXPECT_EQ(last.value.message, "Complete");
  EXPECT_EQ(last.value.percentage, 100.0);
}

TEST(TypedSchemas, EveryChunkingGivesTheSameMessage) {
  const std::size_t size = typed_fixture("openai-chat.sse").size();
  const llm::message whole = chat_message(events_of("openai-chat.sse"));
  for (std::size_t at = 1; at < size; at += 13) {
    const llm::message split = chat_message(events_of("openai-chat.sse", at));
    ASSERT_EQ(split.text, whole.text) << at;
    ASSERT_EQ(split.tool_calls.size(), whole.tool_calls.size()) << at;
    ASSERT_EQ(split.tool_calls[0].arguments, whole.tool_calls[0].arguments) << at;
  }
}

} // namespace
} // namespace sse::testing
