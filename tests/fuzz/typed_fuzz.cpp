// The typed decoders and accumulators against arbitrary payloads: whatever the bytes, decoding
// returns a value or an error with a path, and never crashes; and whatever the fast path
// accepts, the walker over the parsed value decodes to the same value. The first byte picks the
// schema (bit 6 for the later providers, Gemini or the AI SDK UI stream by the low bit; else
// the low two bits), the depth limit (low six) and strict mode (high bit); for the tagged unions
// but the AI SDK's, which are data-only, the first line is the SSE event name.

#include "../support/same_value.hpp"
#include "sse/llm.hpp"
#include "sse/schemas/demo.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

template <typename T> void check(const sse::decoded<T> &result) {
  // An error always says what was expected; a value has none.
  if (!result && result.error->expected.empty()) std::abort();
}

// Payloads with many members set, decoded first into the value the fuzzed payload then reuses,
// so that what one payload leaves behind must not show through the next.
constexpr std::string_view dense[] = {
    R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"f",)"
    R"("choices":[{"index":0,"delta":{"role":"assistant","content":"x","refusal":"r","tool_calls":)"
    R"([{"index":0,"id":"t","type":"function","function":{"name":"n","arguments":"{}"}},{"index":1}]},)"
    R"("finish_reason":"stop"},{"index":1,"delta":{}}],)"
    R"("usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})",
    R"({"type":"message_start","message":{"id":"msg","type":"message","role":"assistant",)"
    R"("content":[],"model":"c","stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":2}}})",
    R"({"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"t",)"
    R"("name":"n","input":{"a":[1,2.5,"x",null,true]},"text":"t","thinking":"h","signature":"s"}})",
    R"({"type":"response.completed","sequence_number":1,"response":{"id":"r","object":"response",)"
    R"("created_at":1,"status":"completed","model":"g","output":[{"id":"i","type":"message"}],)"
    R"("usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}})",
    R"({"type":"response.output_item.added","sequence_number":7,"output_index":1,"item":{"id":"f",)"
    R"("type":"function_call","status":"in_progress","call_id":"c","name":"n","arguments":"{}"}})",
    R"({"step":1,"total":2,"message":"m","percentage":50.5})",
    R"({"id":"m","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":)"
    R"([{"type":"text","text":"t"}]},{"type":"text","text":"x"}]}}]})",
    R"({"candidates":[{"content":{"role":"model","parts":[{"text":"t","thought":true},)"
    R"({"functionCall":{"id":"f","name":"n","args":{"a":1}}},{"inlineData":{"mimeType":"i",)"
    R"("data":"AA=="}}]},"finishReason":"STOP","index":0,"safetyRatings":[]}],)"
    R"("promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":1,)"
    R"("candidatesTokenCount":2,"thoughtsTokenCount":3},"error":{"code":503,"message":"m"}})",
    R"({"type":"tool-input-error","toolCallId":"t","toolName":"n","input":{"a":[1]},)"
    R"("providerExecuted":false,"providerMetadata":{"p":{}},"toolMetadata":{},"dynamic":true,)"
    R"("errorText":"e","title":"t"})",
};

// The fast path against the walker: a payload the fast path takes is valid JSON that the walker
// decodes to the same value, whatever the value held before.
template <typename T> void agree(std::string_view json, const sse::decode_options &options) {
  for (const std::string_view before : dense) {
    T fast{};
    sse::detail::read_fast(before, fast, {});
    if (!sse::detail::read_fast(json, fast, options)) continue;
    sse::detail::scratch_json parsed;
    if (sse::parse_json(json, parsed.value, options.max_depth)) std::abort();
    const auto slow = sse::decode_value<T>(parsed.value, options);
    if (!slow || !sse::testing::same(fast, slow.value)) std::abort();
  }
}

template <typename Union>
void agree_tagged(std::string_view name, std::string_view json,
                  const sse::decode_options &options) {
  for (const std::string_view before : dense) {
    Union fast;
    sse::detail::read_tagged_fast("", before, {}, fast);
    if (!sse::detail::read_tagged_fast(name, json, options, fast)) continue;
    sse::detail::scratch_json parsed;
    if (sse::parse_json(json, parsed.value, options.max_depth)) std::abort();
    Union slow;
    if (sse::detail::decode_alternative(name, parsed.value, options, slow) ||
        !sse::testing::same(fast, slow))
      std::abort();
  }
}

// A tagged union's payload: decoded on both paths, then added to its accumulator `adds` times
// (an event repeated, such as a block restarted, must be safe too).
template <typename Union, typename Accumulator>
void tagged_case(std::string_view name, std::string_view json, const sse::decode_options &options,
                 int adds) {
  agree_tagged<Union>(name, json, options);
  const auto event = sse::decode_tagged<Union>(name, json, options);
  check(event);
  Accumulator message;
  for (int i = 0; i < adds; ++i) message.add(event.value);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0) return 0;
  namespace s = sse::schemas;
  const std::uint8_t pick = data[0];
  std::string_view rest(reinterpret_cast<const char *>(data + 1), size - 1);
  const sse::decode_options options{(pick & 0x80) != 0, std::size_t{1} + (pick & 0x3Fu)};
  if ((pick & 0x40) != 0 && (pick & 1) != 0) {
    tagged_case<s::ai_ui::chunk, sse::llm::ai_ui_accumulator>("", rest, options, 2);
    return 0;
  }
  if ((pick & 0x40) != 0) {
    agree<s::gemini::response>(rest, options);
    const auto response = sse::decode<s::gemini::response>(rest, options);
    check(response);
    sse::llm::gemini_accumulator message;
    if (response) message.add(response.value);
    return 0;
  }
  const auto line_end = rest.find('\n');
  const std::string_view name =
      line_end == std::string_view::npos ? std::string_view() : rest.substr(0, line_end);
  const std::string_view json =
      line_end == std::string_view::npos ? rest : rest.substr(line_end + 1);
  switch (pick % 4) {
  case 0: {
    agree<s::openai_chat::chunk>(json, options);
    const auto chunk = sse::decode<s::openai_chat::chunk>(json, options);
    check(chunk);
    sse::llm::openai_chat_accumulator message;
    if (chunk) message.add(chunk.value);
    break;
  }
  case 1:
    tagged_case<s::anthropic::event, sse::llm::anthropic_accumulator>(name, json, options, 2);
    break;
  case 2:
    tagged_case<s::openai_responses::event, sse::llm::openai_responses_accumulator>(name, json,
                                                                                    options, 1);
    break;
  default:
    agree<s::demo::progress>(json, options);
    check(sse::decode<s::demo::progress>(json, options));
  }
  return 0;
}
