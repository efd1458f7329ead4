// sse::decode's fast path (wasm/include/sse/detail/typed_reader.hpp): it takes the providers'
// payloads, gives the value the walker gives, keeps nothing of an earlier payload in a reused
// value, and leaves every payload it is not sure of to the walker.

#include "../support/same_value.hpp"
#include "sse/schemas/ai_ui.hpp"
#include "sse/schemas/anthropic.hpp"
#include "sse/schemas/demo.hpp"
#include "sse/schemas/openai_chat.hpp"
#include "sse/schemas/openai_responses.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace sse::testing {
namespace {

namespace s = schemas;

template <typename T> T walked(std::string_view json, const decode_options &options = {}) {
  detail::scratch_json parsed;
  EXPECT_FALSE(parse_json(json, parsed.value, options.max_depth));
  const auto result = decode_value<T>(parsed.value, options);
  EXPECT_TRUE(result) << result.error->message();
  return result.value;
}

template <typename Union> Union walked_tagged(std::string_view name, std::string_view json) {
  detail::scratch_json parsed;
  EXPECT_FALSE(parse_json(json, parsed.value, 64));
  Union value;
  EXPECT_FALSE(detail::decode_alternative(name, parsed.value, {}, value));
  return value;
}

TEST(TypedFastPath, TakesEveryOpenAiChatChunk) {
  // Mistral's content switches between text and chunk arrays in one stream: the reused value
  // changes alternative and back.
  for (const char *fixture : {"openai-chat.sse", "mistral-thinking.sse"}) {
    std::size_t taken = 0;
    s::openai_chat::chunk reused;
    for (const entry &e : parse(typed_fixture(fixture))) {
      if (e.data == s::openai_chat::done) continue;
      ASSERT_TRUE(detail::read_fast(e.data, reused, {})) << e.data;
      EXPECT_TRUE(same(reused, walked<s::openai_chat::chunk>(e.data))) << e.data;
      ++taken;
    }
    EXPECT_GT(taken, 5u) << fixture;
  }
}

TEST(TypedFastPath, AVariantRefusesAKindNoAlternativeTakes) {
  s::openai_chat::chunk value;
  EXPECT_FALSE(
      detail::read_fast(R"({"id":"x","choices":[{"index":0,"delta":{"content":5}}]})", value, {}));
  EXPECT_FALSE(detail::read_fast(
      R"({"id":"x","choices":[{"index":0,"delta":{"content":{"type":"text"}}}]})", value, {}));
  ASSERT_TRUE(detail::read_fast(R"({"id":"x","choices":[{"index":0,"delta":{"content":null}}]})",
                                value, {}));
  EXPECT_FALSE(value.choices[0].delta.content.has_value());
}

// Every event a schema describes takes the fast path; only the unknown ones, kept as raw JSON,
// go to the walker.
template <typename Union> void takes_every_described_event(const char *fixture) {
  std::size_t taken = 0;
  Union reused;
  for (const entry &e : parse(typed_fixture(fixture))) {
    const Union expected = walked_tagged<Union>(e.type, e.data);
    if (!detail::read_tagged_fast(e.type, e.data, {}, reused)) {
      EXPECT_TRUE(expected.template get<raw_json>() != nullptr) << e.data;
      continue;
    }
    EXPECT_TRUE(same(reused, expected)) << e.data;
    ++taken;
  }
  EXPECT_GT(taken, 2u);
}

TEST(TypedFastPath, TakesEveryDescribedAnthropicEvent) {
  takes_every_described_event<s::anthropic::event>("anthropic.sse");
  takes_every_described_event<s::anthropic::event>("anthropic-overloaded.sse");
}

TEST(TypedFastPath, TakesEveryAiUiChunkDataPartsByTheirPrefix) {
  std::size_t data_parts = 0;
  for (const char *fixture :
       {"ai-ui-text.sse", "ai-ui-reasoning-tools.sse", "ai-ui-data-sources.sse",
        "ai-ui-steps-misc.sse", "ai-ui-error-written.sse"}) {
    s::ai_ui::chunk reused;
    for (const entry &e : parse(typed_fixture(fixture))) {
      if (e.what != entry::kind::event || e.data == s::ai_ui::done) continue;
      ASSERT_TRUE(detail::read_tagged_fast(e.type, e.data, {}, reused)) << e.data;
      EXPECT_EQ(reused.get<raw_json>(), nullptr) << e.data;
      EXPECT_TRUE(same(reused, walked_tagged<s::ai_ui::chunk>(e.type, e.data))) << e.data;
      if (const auto *part = reused.get<s::ai_ui::data_part>()) {
        EXPECT_EQ(reused.tag.rfind("data-", 0), 0u);
        EXPECT_FALSE(part->data.text.empty());
        ++data_parts;
      }
    }
  }
  EXPECT_EQ(data_parts, 5u);
}

TEST(TypedFastPath, TakesEveryDescribedOpenAiResponsesEvent) {
  takes_every_described_event<s::openai_responses::event>("openai-responses.sse");
}

TEST(TypedFastPath, TakesTheTypeFieldWhenTheEventHasNoName) {
  const std::string json = R"({"type":"content_block_delta","index":1,)"
                           R"("delta":{"type":"text_delta","text":"Hi"}})";
  s::anthropic::event value;
  ASSERT_TRUE(detail::read_tagged_fast("", json, {}, value));
  EXPECT_EQ(value.tag, "content_block_delta");
  EXPECT_TRUE(same(value, walked_tagged<s::anthropic::event>("", json)));
}

TEST(TypedFastPath, StrictModeKnowsTheTag) {
  const decode_options strict{true};
  s::anthropic::event value;
  for (const std::string_view name : {"content_block_stop", ""}) {
    EXPECT_TRUE(detail::read_tagged_fast(name, R"({"type":"content_block_stop","index":0})", strict,
                                         value));
    EXPECT_FALSE(detail::read_tagged_fast(
        name, R"({"type":"content_block_stop","index":0,"added":1})", strict, value));
  }
}

TEST(TypedFastPath, AReusedValueKeepsNothingOfTheLastPayload) {
  const std::string dense =
      R"({"id":"c","object":"chat.completion.chunk","model":"m","choices":[)"
      R"({"index":0,"delta":{"role":"assistant","content":"x","tool_calls":[{"index":0,"id":"t",)"
      R"("function":{"name":"n","arguments":"{"}},{"index":1}]},"finish_reason":"stop"},)"
      R"({"index":1,"delta":{"content":"y"}}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})";
  const std::string sparse = R"({"id":"d","choices":[{"index":0,"delta":{"tool_calls":[)"
                             R"({"index":0,"function":{"arguments":"}"}}]}}]})";
  s::openai_chat::chunk value;
  ASSERT_TRUE(detail::read_fast(dense, value, {}));
  ASSERT_TRUE(detail::read_fast(sparse, value, {}));
  EXPECT_TRUE(same(value, walked<s::openai_chat::chunk>(sparse)));
  ASSERT_EQ(value.choices.size(), 1u);
  EXPECT_FALSE(value.choices[0].delta.content.has_value());
  EXPECT_FALSE(value.choices[0].delta.tool_calls->at(0).function->name.has_value());
  EXPECT_FALSE(value.usage.has_value());
}

// The parser is reused from payload to payload; memory one payload's raw value needed must
// not make the next payload's larger (a released monotonic_resource doubles its next block).
TEST(TypedFastPath, ManyRawValuesInARowStaySmall) {
  s::anthropic::event event;
  const std::string json =
      R"({"type":"content_block_start","index":1,"content_block":)"
      R"({"type":"tool_use","id":"t","name":"f","input":{"a":[1,2,{"b":"c"}]}}})";
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(detail::read_tagged_fast("content_block_start", json, {}, event)) << i;
  }
  const auto *start = event.get<s::anthropic::content_block_start>();
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->content_block.input->text, R"({"a":[1,2,{"b":"c"}]})");
}

TEST(TypedFastPath, LeavesWhatItIsNotSureOfToTheWalker) {
  const auto left = [](std::string_view json, const decode_options &options = {}) {
    s::demo::progress value;
    return !detail::read_fast(json, value, options);
  };
  // Duplicate keys: the walker keeps the last one.
  EXPECT_TRUE(left(R"({"step":1,"step":2,"total":3,"message":"m","percentage":1})"));
  EXPECT_EQ(
      decode<s::demo::progress>(R"({"step":1,"step":2,"total":3,"message":"m","percentage":1})")
          .value.step,
      2);
  EXPECT_TRUE(left(R"({"step":1,"total":3,"message":"m","percentage":1,"x":1})", {true}));
  EXPECT_TRUE(left(R"({"step":"1","total":3,"message":"m","percentage":1})"));
  EXPECT_TRUE(left(R"({"total":3,"message":"m","percentage":1})"));
  EXPECT_TRUE(left(R"({"step":1,"total":3,"message":"m","percentage":1} x)"));
  EXPECT_FALSE(left(" {\"step\":1,\"total\":3,\"message\":\"m\",\"percentage\":1}\r\n "));
  EXPECT_TRUE(left(R"({"step":1,"total":3,"message":"m","percentage":1,"x":[[[1]]]})", {false, 3}));
  EXPECT_FALSE(
      left(R"({"step":1,"total":3,"message":"m","percentage":1,"x":[[[1]]]})", {false, 4}));
  // Invalid UTF-8 goes to the walker, which refuses it, unless the caller vouches for the
  // text (event data, which the parser made valid): then it is not looked at again.
  const char *const invalid = "{\"step\":1,\"total\":3,\"message\":\"\xFF\",\"percentage\":1}";
  EXPECT_TRUE(left(invalid));
  EXPECT_FALSE(decode<s::demo::progress>(invalid));
  EXPECT_FALSE(left(invalid, {false, 64, true}));

  s::anthropic::event event;
  // The tag is not the first key, or comes twice.
  EXPECT_FALSE(
      detail::read_tagged_fast("", R"({"index":0,"type":"content_block_stop"})", {}, event));
  EXPECT_FALSE(detail::read_tagged_fast(
      "", R"({"type":"content_block_stop","index":0,"type":"message_stop"})", {}, event));
  EXPECT_EQ(decode_tagged<s::anthropic::event>(
                "", R"({"type":"content_block_stop","index":0,"type":"message_stop"})")
                .value.tag,
            "message_stop");
}

} // namespace
} // namespace sse::testing
