// The typed decoders and accumulators against arbitrary payloads: whatever the bytes, decoding
// returns a value or an error with a path, and never crashes. The first byte picks the schema
// (low two bits), the depth limit (low six) and strict mode (high bit); for the tagged unions
// the first line is the SSE event name.

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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0) return 0;
  namespace s = sse::schemas;
  const std::uint8_t pick = data[0];
  std::string_view rest(reinterpret_cast<const char *>(data + 1), size - 1);
  const sse::decode_options options{(pick & 0x80) != 0, std::size_t{1} + (pick & 0x3Fu)};
  const auto line_end = rest.find('\n');
  const std::string_view name =
      line_end == std::string_view::npos ? std::string_view() : rest.substr(0, line_end);
  const std::string_view json =
      line_end == std::string_view::npos ? rest : rest.substr(line_end + 1);
  switch (pick % 4) {
  case 0: {
    const auto chunk = sse::decode<s::openai_chat::chunk>(json, options);
    check(chunk);
    sse::llm::openai_chat_accumulator message;
    if (chunk) message.add(chunk.value);
    break;
  }
  case 1: {
    const auto event = sse::decode_tagged<s::anthropic::event>(name, json, options);
    check(event);
    sse::llm::anthropic_accumulator message;
    message.add(event.value);
    message.add(event.value); // a repeated event (a block restarted) must be safe too
    break;
  }
  case 2: {
    const auto event = sse::decode_tagged<s::openai_responses::event>(name, json, options);
    check(event);
    sse::llm::openai_responses_accumulator message;
    message.add(event.value);
    break;
  }
  default:
    check(sse::decode<s::demo::progress>(json, options));
  }
  return 0;
}
