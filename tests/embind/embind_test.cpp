// A program that hands decoded payloads to its own JavaScript through sse::embind, and streams
// with a RequestInit and an AbortSignal: tests/embind/embind.test.js calls what it binds.

#include "sse/decoders.hpp"
#include "sse/embind.hpp"

#include <boost/describe/enum.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sample {

BOOST_DEFINE_ENUM_CLASS(mood, calm, stormy)

struct place {
  std::string city;
  std::optional<std::string> country;
};
BOOST_DESCRIBE_STRUCT(place, (), (city, country))

struct reading {
  std::int64_t at = 0;
  std::uint64_t count = 0;
  double celsius = 0;
  bool windy = false;
  mood sky = mood::calm;
  place where;
  std::vector<place> nearby;
  std::optional<std::int32_t> gust;
  std::variant<std::string, std::vector<std::string>> note;
  sse::raw_json extra;
};
BOOST_DESCRIBE_STRUCT(reading, (),
                      (at, count, celsius, windy, sky, where, nearby, gust, note, extra))

} // namespace sample

namespace {

using emscripten::val;
namespace schemas = sse::schemas;

// An event's data decoded as `T`, as connect() decodes it; what does not fit is a TypeError.
template <typename T> T decoded(const std::string &type, const std::string &data) {
  sse::event ev;
  ev.type = type;
  ev.data = data;
  T value{};
  if (const auto error = sse::decode_event(ev, value, {}))
    val::global("TypeError").new_(error->message()).throw_();
  return value;
}

// Across and back: from_val, then to_val.
template <typename T> T echo(T value) { return value; }

sample::reading a_reading() {
  sample::reading r;
  r.at = 1700000000123;
  r.count = (std::uint64_t{1} << 53) - 1;
  r.celsius = -3.5;
  r.windy = true;
  r.sky = sample::mood::stormy;
  r.where = {"Oslo", std::string("NO")};
  r.nearby = {{"Bergen", std::nullopt}, {"Lund", std::string("SE")}};
  r.note = std::vector<std::string>{"a", "b"};
  r.extra.text = R"({"k":[1,{"x":null}]})";
  return r;
}

// The cheapest call there is, for the per-call cost of Embind's invokers (bench/embind.js).
double sum(double a, double b) { return a + b; }

// The error from_val gives `value` read as a reading, or "" when it fits.
std::string reading_error(val value) {
  const auto read = sse::embind::from_val<sample::reading>(value);
  return read.error ? read.error->message() : std::string();
}

std::map<std::uint32_t, sse::client::stream> streams;

// Streams `url` as fetch(url, init) would; each event and the result go to the callbacks.
std::uint32_t start(std::string url, val init, val on_event, val on_finish) {
  sse::client::callbacks on;
  on.on_event = [on_event](const sse::event &e) {
    on_event(std::string(e.type), std::string(e.data), std::string(e.last_event_id));
  };
  on.on_finish = [on_finish](const sse::client::result &r) {
    on_finish(std::string(sse::client::name_of(r.state)),
              r.failure ? r.failure->message : std::string());
  };
  sse::client::stream s = sse::embind::connect(url, init, std::move(on));
  const std::uint32_t id = s.id();
  streams.emplace(id, std::move(s));
  return id;
}

} // namespace

EMSCRIPTEN_BINDINGS(embind_test) {
  using emscripten::function;
  sse::embind::register_type<schemas::openai_chat::chunk>("OpenAiChatChunk");
  sse::embind::register_type<schemas::openai_responses::event>("OpenAiResponsesEvent");
  sse::embind::register_type<schemas::anthropic::event>("AnthropicEvent");
  sse::embind::register_type<schemas::gemini::response>("GeminiResponse");
  sse::embind::register_type<schemas::ai_ui::chunk>("AiUiChunk");
  sse::embind::register_type<sample::reading>("Reading");
  function("openai_chat", &decoded<schemas::openai_chat::chunk>);
  function("openai_responses", &decoded<schemas::openai_responses::event>);
  function("anthropic", &decoded<schemas::anthropic::event>);
  function("gemini", &decoded<schemas::gemini::response>);
  function("ai_ui", &decoded<schemas::ai_ui::chunk>);
  function("echo_openai_chat", &echo<schemas::openai_chat::chunk>);
  function("echo_openai_responses", &echo<schemas::openai_responses::event>);
  function("echo_anthropic", &echo<schemas::anthropic::event>);
  function("echo_gemini", &echo<schemas::gemini::response>);
  function("echo_ai_ui", &echo<schemas::ai_ui::chunk>);
  function("reading", &a_reading);
  function("echo_reading", &echo<sample::reading>);
  function("reading_error", &reading_error);
  function("start", &start);
  function("sum", &sum);
}
