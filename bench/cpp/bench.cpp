// npm run bench -- --cpp: the C++ client in Chromium (bench/cpp.html), on the same streams as
// connect(): `run(url, typed, done)` reads the stream, plain or decoded as OpenAI chat chunks,
// and calls done(events) at its end.

#include "sse/embind.hpp"
#include "sse/schemas/openai_chat.hpp"
#include "sse/typed_client.hpp"

#include <optional>
#include <string>
#include <utility>

namespace {

using emscripten::val;
namespace chat = sse::schemas::openai_chat;

std::optional<sse::client::stream> running;
unsigned events = 0;

void run(std::string url, bool typed, val done) {
  events = 0;
  sse::client::request r;
  r.url = std::move(url);
  if (typed) {
    sse::client::typed_callbacks<chat::chunk> on;
    // Every payload is read, as a program would: the text of each choice's delta.
    on.on_event = [](const sse::client::typed_event<chat::chunk> &e) {
      if (e.payload != nullptr && !e.payload->choices.empty()) ++events;
    };
    on.on_finish = [done](const sse::client::result &, const sse::llm::message *) { done(events); };
    running = sse::client::connect<chat::chunk>(std::move(r), std::move(on));
  } else {
    sse::client::callbacks on;
    on.on_event = [](const sse::event &) { ++events; };
    on.on_finish = [done](const sse::client::result &) { done(events); };
    running = sse::client::connect(std::move(r), std::move(on));
  }
}

} // namespace

EMSCRIPTEN_BINDINGS(bench_cpp) { emscripten::function("run", &run); }
