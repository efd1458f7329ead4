// The demo's C++ program: the chat over POST as a C++ front-end streams it. sse::client sends
// the request through fetch(), the openai.chat decoder and its accumulator run in C++, and the
// page section is drawn from C++ through Embind's val; the finished message goes to the page's
// JavaScript as a plain object (sse::embind::to_val), in a `cpp-message` event. Linked with
// -sDYNAMIC_EXECUTION=0, it runs under the demo's `script-src 'self' 'wasm-unsafe-eval'`.

#include "sse/embind.hpp"
#include "sse/schemas/openai_chat.hpp"
#include "sse/typed_client.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <utility>

namespace {

using emscripten::val;
namespace chat = sse::schemas::openai_chat;

val element(const char *id) {
  return val::global("document").call<val>("getElementById", std::string(id));
}

void show(const char *id, const std::string &text) { element(id).set("textContent", text); }

std::optional<sse::client::stream> running;
unsigned tokens = 0;

// A call's arguments as compact JSON, as the JavaScript panel shows them; as sent if not JSON.
void add_call(const sse::llm::tool_call &call) {
  boost::json::value parsed;
  const bool json = !sse::parse_json(call.arguments, parsed, 64);
  val item = val::global("document").call<val>("createElement", std::string("li"));
  item.set("textContent",
           call.name + "(" + (json ? boost::json::serialize(parsed) : call.arguments) + ")");
  element("cpp-tools-list").call<void>("append", item);
}

void finished(const sse::client::result &r, const sse::llm::message *m) {
  for (const auto &call : m->tool_calls) add_call(call);
  std::string outcome = "state: " + std::string(sse::client::name_of(r.state));
  if (r.failure) outcome += " (" + r.failure->message + ")";
  if (m->stop_reason) outcome += " · stop: " + *m->stop_reason;
  show("cpp-outcome", outcome);
  element("cpp-outcome")["dataset"].set("state", std::string(sse::client::name_of(r.state)));
  element("cpp-send").set("disabled", false);
  element("cpp-stop").set("disabled", true);
  val detail = val::object();
  detail.set("detail", sse::embind::to_val(*m));
  element("cpp").call<void>("dispatchEvent",
                            val::global("CustomEvent").new_(std::string("cpp-message"), detail));
}

std::string request_body(const std::string &question, bool tools) {
  boost::json::object body{
      {"model", "demo"},
      {"stream", true},
      {"messages", boost::json::array{{{"role", "user"}, {"content", question}}}}};
  if (tools) {
    body["tools"] = boost::json::array{
        {{"type", "function"},
         {"function", {{"name", "get_weather"}, {"parameters", {{"type", "object"}}}}}}};
  }
  return boost::json::serialize(body);
}

void send(val event) {
  event.call<void>("preventDefault");
  sse::client::request r;
  // The page's query (the demo's `?interval=`) goes to the server with the request.
  r.url = "/v1/chat/completions" + val::global("location")["search"].as<std::string>();
  r.method = "POST";
  r.headers = {{"Content-Type", "application/json"}};
  r.body = request_body(element("cpp-input")["value"].as<std::string>(),
                        element("cpp-tools")["checked"].as<bool>());
  tokens = 0;
  show("cpp-text", "");
  show("cpp-tools-list", "");
  show("cpp-outcome", "streaming…");
  element("cpp-outcome")["dataset"].delete_("state");
  element("cpp-send").set("disabled", true);
  element("cpp-stop").set("disabled", false);
  sse::client::typed_callbacks<chat::chunk> on;
  on.on_text = [](std::string_view delta) {
    val text = element("cpp-text");
    text.call<void>("append", std::string(delta));
    text["dataset"].set("tokens", std::to_string(++tokens));
  };
  on.on_finish = finished;
  // A new question replaces the stream before it, which stops without a word.
  running = sse::client::connect<chat::chunk>(std::move(r), std::move(on));
}

void stop(val) {
  if (running) running->abort();
}

} // namespace

EMSCRIPTEN_BINDINGS(demo_cpp) {
  emscripten::function("send", &send);
  emscripten::function("stop", &stop);
}

int main() {
  element("cpp-form")
      .call<void>("addEventListener", std::string("submit"), val::module_property("send"));
  element("cpp-stop")
      .call<void>("addEventListener", std::string("click"), val::module_property("stop"));
  element("cpp-send").set("disabled", false);
  return 0;
}
