// sse::decode<T>: the Describe-driven walker, every kind of member and every error path.

#include "sse/typed.hpp"

#include <boost/describe/class.hpp>
#include <gtest/gtest.h>

#include <string>

namespace sse::testing {
namespace {

enum class finish { stop, length, tool_calls };
BOOST_DESCRIBE_ENUM(finish, stop, length, tool_calls)

struct function_call {
  std::optional<std::string> name;
  std::optional<std::string> arguments;
};
BOOST_DESCRIBE_STRUCT(function_call, (), (name, arguments))

struct tool_call {
  int index = 0;
  std::optional<std::string> id;
  std::optional<function_call> function;
};
BOOST_DESCRIBE_STRUCT(tool_call, (), (index, id, function))

struct choice {
  std::uint32_t index = 0;
  std::optional<std::string> content;
  std::vector<tool_call> tool_calls;
  std::optional<finish> finish_reason;
};
BOOST_DESCRIBE_STRUCT(choice, (), (index, content, tool_calls, finish_reason))

struct chunk {
  std::string id;
  bool final = false;
  double score = 0;
  std::int64_t created = 0;
  std::vector<choice> choices;
  std::optional<raw_json> extra;
};
BOOST_DESCRIBE_STRUCT(chunk, (), (id, final, score, created, choices, extra))

const char *const full = R"({
  "id": "c1", "final": true, "score": 0.5, "created": 1700000000,
  "choices": [{"index": 0, "content": "Hi", "tool_calls": [], "finish_reason": "stop"},
              {"index": 1, "content": null, "finish_reason": null,
               "tool_calls": [{"index": 0, "id": "t", "function": {"name": "f", "arguments": "{\"a"}}]}],
  "extra": {"b": [1, 2]},
  "added_by_the_provider_later": {"x": 1}
})";

TEST(TypedDecode, EveryKindOfMember) {
  const auto result = decode<chunk>(full);
  ASSERT_TRUE(result) << result.error->message();
  const chunk &c = result.value;
  EXPECT_EQ(c.id, "c1");
  EXPECT_TRUE(c.final);
  EXPECT_EQ(c.score, 0.5);
  EXPECT_EQ(c.created, 1700000000);
  ASSERT_EQ(c.choices.size(), 2u);
  EXPECT_EQ(c.choices[0].content, "Hi");
  EXPECT_EQ(c.choices[0].finish_reason, finish::stop);
  EXPECT_FALSE(c.choices[1].content.has_value());
  EXPECT_FALSE(c.choices[1].finish_reason.has_value());
  ASSERT_EQ(c.choices[1].tool_calls.size(), 1u);
  EXPECT_EQ(c.choices[1].tool_calls[0].function->name, "f");
  EXPECT_EQ(c.choices[1].tool_calls[0].function->arguments, "{\"a");
  EXPECT_EQ(c.extra->text, R"({"b":[1,2]})");
}

TEST(TypedDecode, MissingOptionalsAreEmpty) {
  const auto result = decode<function_call>("{}");
  ASSERT_TRUE(result);
  EXPECT_FALSE(result.value.name.has_value());
  EXPECT_FALSE(result.value.arguments.has_value());
}

decode_error error_of(std::string_view json, const decode_options &options = {}) {
  auto result = decode<chunk>(json, options);
  EXPECT_FALSE(result) << json;
  return result.error.value_or(decode_error{});
}

TEST(TypedDecode, MismatchSaysWhereAndWhat) {
  const auto e = error_of(R"({"id":"c","final":false,"score":1,"created":1,
                             "choices":[{"index":0,"tool_calls":[]},{"index":1,"content":5,"tool_calls":[]}]})");
  EXPECT_EQ(e.path, "choices[1].content");
  EXPECT_EQ(e.message(), "choices[1].content: expected string, got number");
}

TEST(TypedDecode, MissingRequiredMember) {
  EXPECT_EQ(error_of(R"({"final":true})").message(), "id: expected a value, got nothing");
}

TEST(TypedDecode, WrongKinds) {
  const std::string base = R"("id":"c","score":1,"created":1,"choices":[])";
  EXPECT_EQ(error_of("{" + base + R"(,"final":"yes"})").message(),
            "final: expected boolean, got string");
  EXPECT_EQ(error_of(R"([1])").message(), "payload: expected object, got array");
  EXPECT_EQ(error_of(R"({"id":"c","final":true,"score":"x","created":1,"choices":[]})").message(),
            "score: expected number, got string");
  EXPECT_EQ(error_of(R"({"id":"c","final":true,"score":1,"created":1,"choices":{}})").message(),
            "choices: expected array, got object");
}

TEST(TypedDecode, IntegersMustFitTheirType) {
  const auto index = [](const char *value) {
    return decode<choice>(std::string(R"({"index":)") + value + R"(,"tool_calls":[]})");
  };
  EXPECT_TRUE(index("4294967295"));
  EXPECT_EQ(index("4294967296").error->message(),
            "index: expected integer in range, got integer out of range");
  EXPECT_EQ(index("-1").error->message(),
            "index: expected integer in range, got integer out of range");
  EXPECT_EQ(index("1.5").error->message(),
            "index: expected integer, got number that is not a 64-bit integer");
  EXPECT_EQ(index("1e300").error->got, "number that is not a 64-bit integer");
  EXPECT_EQ(index("123456789012345678901234567890").error->path, "index");
}

TEST(TypedDecode, EnumsByName) {
  const auto e = decode<choice>(R"({"index":0,"tool_calls":[],"finish_reason":"bored"})");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error->message(),
            "finish_reason: expected one of stop|length|tool_calls, got \"bored\"");
}

TEST(TypedDecode, StrictModeRefusesUnknownKeys) {
  EXPECT_TRUE(decode<function_call>(R"({"name":"f","other":1})"));
  const auto strict = decode<function_call>(R"({"name":"f","other":1})", {true});
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error->message(), "other: expected no such key, got an unknown key");
}

TEST(TypedDecode, MalformedJsonIsAnErrorValue) {
  for (const char *bad : {"", "{", "{\"id\":}", "nul", "[1,]", "{\"a\":1}}", "\"unterminated"}) {
    const auto e = error_of(bad);
    EXPECT_EQ(e.path, "") << bad;
    EXPECT_EQ(e.expected, "JSON") << bad;
    EXPECT_FALSE(e.got.empty()) << bad;
  }
}

TEST(TypedDecode, DeepNestingIsRefusedBeforeTheWalk) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  EXPECT_EQ(error_of(deep).expected, "JSON");
  const std::string ok = "{\"extra\":" + std::string(30, '[') + std::string(30, ']') + "}";
  EXPECT_EQ(error_of(ok).path, "id"); // parsed, then the walk stops at the first missing member
  EXPECT_EQ(error_of(ok, {false, 16}).expected, "JSON");
}

TEST(TypedDecode, InvalidUtf8AndHugeNumbersAreErrorValues) {
  EXPECT_EQ(error_of("{\"id\":\"\xC3\x28\"}").expected, "JSON");
  EXPECT_EQ(error_of("{\"id\":\"\xED\xA0\x80\"}").expected, "JSON");
  EXPECT_EQ(error_of(R"({"id":"c","final":true,"score":1e999,"created":1,"choices":[]})").message(),
            "score: expected finite number, got number too large");
  EXPECT_EQ(error_of(R"({"id":"c","final":true,"score":-1e400,"created":1,"choices":[]})").path,
            "score");
}

} // namespace
} // namespace sse::testing
