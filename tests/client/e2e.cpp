// The C++ client over fetch(), as an Emscripten program under Node: `e2e SCENARIO URL`.
// tests/client/e2e.test.js serves URL and reads what this prints, one JSON object a line.
// main() returns at once, as a browser program's does; the streams run from the event loop.

#include "sse/client.hpp"
#include "sse/schemas/openai_chat.hpp"
#include "sse/typed_client.hpp"

#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace client = sse::client;

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Prints {"what": WHAT, key: value, ...}; values are already JSON.
void say(std::string_view what, std::vector<std::pair<std::string, std::string>> fields = {}) {
  std::string line = "{\"what\":" + quoted(what);
  for (const auto &[key, value] : fields) line += "," + quoted(key) + ":" + value;
  std::puts((line + "}").c_str());
  std::fflush(stdout);
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

void say_result(const client::result &r) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"state", quoted(client::name_of(r.state))},
      {"lastEventId", quoted(r.last_event_id)},
      {"firstByte", number(r.timing.first_byte_ms)},
      {"firstEvent", number(r.timing.first_event_ms)}};
  if (r.failure) {
    fields.emplace_back("kind", quoted(client::name_of(r.failure->kind)));
    fields.emplace_back("message", quoted(r.failure->message));
    fields.emplace_back("status", number(r.failure->status));
    fields.emplace_back("code", quoted(r.failure->code));
    fields.emplace_back("bodyPreview", quoted(r.failure->body_preview));
  }
  say("finish", std::move(fields));
}

std::optional<client::stream> running;

client::callbacks printing() {
  client::callbacks on;
  on.on_open = [](const client::response_head &head) {
    say("open", {{"status", number(head.status)}, {"url", quoted(head.url)}});
  };
  on.on_event = [](const sse::event &e) {
    say("event",
        {{"type", quoted(e.type)}, {"data", quoted(e.data)}, {"id", quoted(e.last_event_id)}});
  };
  on.on_error = [](sse::parse_error) { say("too-large"); };
  on.on_reconnecting = [](const client::error &e, double delay) {
    say("reconnecting", {{"kind", quoted(client::name_of(e.kind))}, {"delay", number(delay)}});
  };
  on.on_finish = [](const client::result &r) { say_result(r); };
  return on;
}

void later(double ms, void (*then)()) {
  emscripten_set_timeout([](void *f) { reinterpret_cast<void (*)()>(f)(); }, ms,
                         reinterpret_cast<void *>(then));
}

void chat(const std::string &base) {
  namespace chat = sse::schemas::openai_chat;
  client::request r;
  r.url = base + "/v1/chat/completions";
  r.method = "POST";
  r.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer test-key"}};
  r.body = R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})";
  client::typed_callbacks<chat::chunk> on;
  on.on_text = [](std::string_view delta) { say("text", {{"delta", quoted(delta)}}); };
  on.on_event = [](const client::typed_event<chat::chunk> &e) {
    if (e.error != nullptr) say("decode-error", {{"message", quoted(e.error->message())}});
  };
  on.on_finish = [](const client::result &r, const sse::llm::message *m) {
    std::string calls = "[";
    for (const auto &call : m->tool_calls) {
      if (calls.size() > 1) calls += ",";
      calls += "{\"id\":" + quoted(call.id.value_or("")) + ",\"name\":" + quoted(call.name) +
               ",\"arguments\":" + quoted(call.arguments) + "}";
    }
    say("message", {{"text", quoted(m->text)},
                    {"toolCalls", calls + "]"},
                    {"stopReason", quoted(m->stop_reason.value_or(""))}});
    say_result(r);
  };
  running = client::connect<chat::chunk>(std::move(r), std::move(on));
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fputs("usage: e2e SCENARIO URL\n", stderr);
    return 2;
  }
  const std::string scenario = argv[1];
  const std::string base = argv[2];
  client::request r;
  r.url = base + "/" + scenario;
  client::callbacks on = printing();
  if (scenario == "events") {
    r.headers = {{"X-Test", "yes"}};
  } else if (scenario == "chat") {
    chat(base);
    return 0;
  } else if (scenario == "resume") {
    r.method = "POST";
    r.body = "{\"resume\":true}";
    r.resume = true;
    r.terminal = client::terminal_marker{"[DONE]", "", {}};
  } else if (scenario == "abort") {
    on.on_event = [](const sse::event &e) {
      say("event", {{"data", quoted(e.data)}});
      running->abort();
      later(300, [] { say("later"); });
    };
  } else if (scenario == "destroy") {
    on.on_event = [](const sse::event &e) {
      say("event", {{"data", quoted(e.data)}});
      running.reset();
      say("destroyed", {{"live", number(static_cast<double>(client::live_streams()))}});
      later(100, [] {
        say("after", {{"live", number(static_cast<double>(client::live_streams()))}});
      });
    };
  } else if (scenario == "idle") {
    r.idle_timeout_ms = 300;
    r.terminal = client::terminal_marker{"[DONE]", "", {}};
  } else if (scenario == "huge") {
    r.max_event_size = 1000;
  } else if (scenario == "long-retry") {
    r.resume = true;
    r.terminal = client::terminal_marker{"[DONE]", "", {}};
    later(500, [] { running->abort(); });
  } else if (scenario == "refused") {
    r.retry = client::default_retry();
    r.retry->initial_delay_ms = 50;
  } else if (scenario == "exit") {
    running = client::connect(std::move(r), std::move(on));
    say("exiting");
    emscripten_force_exit(0);
    return 0;
  } else if (scenario == "bad-header") {
    r.headers = {{"X-Bad", "two\nlines"}};
  } else if (scenario == "unreachable") {
    r.url = "http://127.0.0.1:9/nothing";
  } else {
    std::fprintf(stderr, "no scenario %s\n", scenario.c_str());
    return 2;
  }
  running = client::connect(std::move(r), std::move(on));
  return 0;
}
