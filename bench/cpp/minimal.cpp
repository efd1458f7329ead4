// The smallest programs that stream with sse-wasm, for the sizes `npm run bench -- --cpp`
// prints: plain events, or OpenAI chat chunks decoded (SSE_MINIMAL_TYPED); with Embind handing
// each result to JavaScript (SSE_MINIMAL_EMBIND).

#include "sse/client.hpp"

#include <cstdio>
#include <optional>

#ifdef SSE_MINIMAL_TYPED
#include "sse/schemas/openai_chat.hpp"
#include "sse/typed_client.hpp"
#endif
#ifdef SSE_MINIMAL_EMBIND
#include "sse/embind.hpp"
#endif

namespace {

std::optional<sse::client::stream> running;

#ifdef SSE_MINIMAL_EMBIND
void show(const emscripten::val &value) {
  emscripten::val::global("console").call<void>("log", value);
}
#endif

} // namespace

int main() {
  sse::client::request r;
  r.url = "/v1/chat/completions";
  r.method = "POST";
  r.body = R"({"stream":true})";
#ifdef SSE_MINIMAL_TYPED
  sse::client::typed_callbacks<sse::schemas::openai_chat::chunk> on;
  on.on_text = [](std::string_view delta) {
    std::printf("%.*s", static_cast<int>(delta.size()), delta.data());
  };
  on.on_finish = [](const sse::client::result &, const sse::llm::message *m) {
#ifdef SSE_MINIMAL_EMBIND
    show(sse::embind::to_val(*m));
#else
    std::printf("\n%zu tool calls\n", m->tool_calls.size());
#endif
  };
  running = sse::client::connect<sse::schemas::openai_chat::chunk>(std::move(r), std::move(on));
#else
  sse::client::callbacks on;
  on.on_event = [](const sse::event &e) {
#ifdef SSE_MINIMAL_EMBIND
    show(emscripten::val(std::string(e.data)));
#else
    std::printf("%.*s\n", static_cast<int>(e.data.size()), e.data.data());
#endif
  };
  running = sse::client::connect(std::move(r), std::move(on));
#endif
  return 0;
}
