#include "sse/embind.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <utility>

namespace sse::embind {

namespace {

// An AbortSignal's listener: a function of the module bound to the stream's id, as JavaScript
// can call no lambda. Embind counts arguments, and a listener is given the event.
void abort_stream(std::uint32_t id, const val &) { client::report::abort(id); }

std::string text_of(const val &value) { return value.as<std::string>(); }

// A string body as its UTF-8, bytes (a typed array, a DataView or an ArrayBuffer) as they are,
// copied in one call.
std::string body_of(const val &body) {
  if (body.isString()) return text_of(body);
  const val bytes =
      val::global("ArrayBuffer").call<bool>("isView", body)
          ? val::global("Uint8Array").new_(body["buffer"], body["byteOffset"], body["byteLength"])
          : val::global("Uint8Array").new_(body);
  std::string out(bytes["length"].as<std::size_t>(), '\0');
  val(emscripten::typed_memory_view(out.size(), reinterpret_cast<unsigned char *>(out.data())))
      .call<void>("set", bytes);
  return out;
}

retry_policy retry_of(const val &given) {
  retry_policy policy = client::default_retry();
  if (given.typeOf().as<std::string>() != "object") return policy;
  const auto number = [&](const char *name, double &out) {
    if (given[name].isNumber()) out = given[name].as<double>();
  };
  number("initialDelay", policy.initial_delay_ms);
  number("maxDelay", policy.max_delay_ms);
  number("jitter", policy.jitter);
  number("growth", policy.growth);
  if (given["attempts"].isNumber()) policy.attempts = given["attempts"].as<std::uint32_t>();
  if (given["statuses"].isArray()) {
    policy.statuses.clear();
    const auto count = given["statuses"]["length"].as<std::size_t>();
    for (std::size_t i = 0; i < count; ++i)
      policy.statuses.push_back(given["statuses"][i].as<std::uint16_t>());
  }
  return policy;
}

} // namespace

client::request request_of(const std::string &url, const val &init) {
  client::request r;
  r.url = url;
  if (init.isUndefined() || init.isNull()) return r;
  if (init["method"].isString()) {
    r.method = text_of(init["method"]);
    std::transform(r.method.begin(), r.method.end(), r.method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  }
  if (!init["headers"].isUndefined()) {
    const val pairs = val::global("Array").call<val>(
        "from", val::global("Headers").new_(init["headers"]).call<val>("entries"));
    const auto count = pairs["length"].as<std::size_t>();
    for (std::size_t i = 0; i < count; ++i)
      r.headers.emplace_back(text_of(pairs[i][0]), text_of(pairs[i][1]));
  }
  if (!init["body"].isUndefined() && !init["body"].isNull()) r.body = body_of(init["body"]);
  if (init["credentials"].isString()) r.credentials = text_of(init["credentials"]);
  r.resume = init["resume"].isString() && text_of(init["resume"]) == "last-event-id";
  if (init["idleTimeout"].isNumber()) r.idle_timeout_ms = init["idleTimeout"].as<double>();
  if (init["responseTimeout"].isNumber())
    r.response_timeout_ms = init["responseTimeout"].as<double>();
  if (init["lastEventId"].isString()) r.last_event_id = text_of(init["lastEventId"]);
  if (init["maxEventSize"].isNumber()) r.max_event_size = init["maxEventSize"].as<std::size_t>();
  const val retry = init["retry"];
  if (!retry.isUndefined() && !retry.isFalse()) r.retry = retry_of(retry);
  const val terminal = init["terminal"];
  if (terminal.isString()) {
    r.terminal = client::terminal_marker{text_of(terminal), "", {}};
  } else if (terminal.typeOf().as<std::string>() == "object" && !terminal.isNull()) {
    r.terminal =
        client::terminal_marker{terminal["data"].isString() ? text_of(terminal["data"]) : "",
                                terminal["event"].isString() ? text_of(terminal["event"]) : "",
                                {}};
  }
  return r;
}

client::stream connect(const std::string &url, const val &init, client::callbacks on) {
  const val signal = init.isUndefined() || init.isNull() ? val::undefined() : init["signal"];
  if (signal.isUndefined() || signal.isNull())
    return client::connect(request_of(url, init), std::move(on));
  // The listener goes when the stream finishes: a page's long-lived signal must not keep it.
  auto listener = std::make_shared<val>(val::undefined());
  auto finish = std::move(on.on_finish);
  on.on_finish = [signal, listener, finish](const client::result &r) {
    signal.call<void>("removeEventListener", std::string("abort"), *listener);
    if (finish) finish(r);
  };
  client::stream s = client::connect(request_of(url, init), std::move(on));
  *listener = val::module_property("sse_embind_abort").call<val>("bind", val::null(), s.id());
  if (signal["aborted"].as<bool>()) {
    // Not from inside connect(): on_finish runs from the event loop, as every callback does.
    val::global("queueMicrotask")(listener->call<val>("bind", val::null(), val::undefined()));
  } else {
    val once = val::object();
    once.set("once", true);
    signal.call<void>("addEventListener", std::string("abort"), *listener, once);
  }
  return s;
}

} // namespace sse::embind

EMSCRIPTEN_BINDINGS(sse_embind) {
  emscripten::function("sse_embind_abort", &sse::embind::abort_stream);
}
