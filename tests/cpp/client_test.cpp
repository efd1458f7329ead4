// The C++ client over a transport that the test plays: every request, read, cancel and timer
// is recorded, and the test answers as a server and a clock would.

#include "sse/client.hpp"
#include "sse/typed_client.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace client = sse::client;
namespace report = sse::client::report;
using sse::failure;
using sse::outcome;

class played_transport final : public client::transport {
public:
  struct sent {
    std::string method, url, last_event_id, credentials;
    std::optional<std::string> body;
    std::vector<std::pair<std::string, std::string>> headers;
  };

  void fetch(std::uint32_t stream, const client::outgoing &r) override {
    id = stream;
    requests.push_back({std::string(r.method), std::string(r.url), std::string(r.last_event_id),
                        std::string(r.credentials), r.body, r.headers});
    in_flight = true;
  }
  void read(std::uint32_t) override { ++reads; }
  void preview(std::uint32_t) override { ++previews; }
  void cancel(std::uint32_t) override {
    ++cancels;
    in_flight = false;
  }
  void set_timer(std::uint32_t, client::timer which, double ms) override { timers[which] = ms; }
  void clear_timer(std::uint32_t, client::timer which) override { timers.erase(which); }
  void done(std::uint32_t) override { ++dones; }
  double now() override { return clock; }
  double random() override { return 0.5; }

  /** A refused response, then the start of its body as the transport previews it. */
  void refuse(std::uint16_t status, std::string_view text, std::string_view type,
              std::string_view body = "") {
    report::response(id, status, text, type, "", "");
    report::preview(id, body);
  }

  /** A 200 text/event-stream response to the request in flight. */
  void open(std::string_view url = "") {
    report::response(id, 200, "OK", "text/event-stream", "", url);
  }
  void send(std::string_view bytes) {
    clock += 1;
    report::chunk(id, bytes);
  }
  /** Fires a timer that is armed, as the event loop would. */
  void fire(client::timer which) {
    ASSERT_TRUE(timers.count(which)) << "no such timer is armed";
    timers.erase(which);
    clock += 1;
    report::timer(id, which);
  }

  std::uint32_t id = 0;
  std::vector<sent> requests;
  std::map<client::timer, double> timers;
  int reads = 0, previews = 0, cancels = 0, dones = 0;
  bool in_flight = false;
  double clock = 1.7e12;
};

// What the callbacks saw, in order.
struct seen {
  std::vector<std::string> log;
  std::optional<client::result> result;
  int finishes = 0;

  client::callbacks callbacks() {
    client::callbacks on;
    on.on_open = [this](const client::response_head &head) {
      log.push_back("open " + std::to_string(head.status) + " " + std::string(head.url));
    };
    on.on_event = [this](const sse::event &e) {
      log.push_back(std::string(e.type) + ":" + std::string(e.data) + "#" +
                    std::string(e.last_event_id));
    };
    on.on_comment = [this](std::string_view text) { log.push_back("comment" + std::string(text)); };
    on.on_error = [this](sse::parse_error) { log.push_back("too large"); };
    on.on_reconnecting = [this](const client::error &e, double delay) {
      log.push_back("reconnecting " + std::string(client::name_of(e.kind)) + " " +
                    std::to_string(static_cast<long long>(delay)));
    };
    on.on_finish = [this](const client::result &r) {
      ++finishes;
      result = r;
    };
    return on;
  }
};

client::request get(std::string url = "http://127.0.0.1/events") {
  client::request r;
  r.url = std::move(url);
  return r;
}

/** An LLM-style request: a POST that the `[DONE]` marker completes. */
client::request post() {
  client::request r = get();
  r.method = "POST";
  r.body = "{}";
  r.terminal = client::terminal_marker{"[DONE]", "", {}};
  return r;
}

TEST(Client, AGetStreamsItsEventsAndCompletesAtTheCleanEnd) {
  played_transport net;
  seen s;
  client::request r = get();
  r.headers = {{"Authorization", "Bearer k"}};
  client::stream stream = client::connect(net, r, s.callbacks());
  ASSERT_EQ(net.requests.size(), 1U);
  EXPECT_EQ(net.requests[0].method, "GET");
  EXPECT_EQ(net.requests[0].url, "http://127.0.0.1/events");
  EXPECT_EQ(net.requests[0].headers, r.headers);
  EXPECT_EQ(net.requests[0].last_event_id, "");
  EXPECT_FALSE(net.requests[0].body);
  net.open();
  EXPECT_EQ(net.reads, 1);
  net.send(": hi\nid: 1\ndata: a\n\nevent: b\nda");
  net.send("ta: c\n\n");
  EXPECT_EQ(net.reads, 3);
  EXPECT_TRUE(stream.running());
  report::end(net.id);
  EXPECT_EQ(s.log, (std::vector<std::string>{"open 200 http://127.0.0.1/events", "comment hi",
                                             "message:a#1", "b:c#1"}));
  ASSERT_TRUE(s.result);
  EXPECT_EQ(s.result->state, outcome::completed);
  EXPECT_FALSE(s.result->failure);
  EXPECT_EQ(s.result->last_event_id, "1");
  EXPECT_GE(s.result->timing.first_byte_ms, 0);
  EXPECT_FALSE(stream.running());
  EXPECT_EQ(net.dones, 1);
}

TEST(Client, ARefusedStatusFailsWithTheStatusInItsError) {
  played_transport net;
  seen s;
  client::request r = get();
  r.method = "POST";
  r.body = R"({"q":1})";
  client::stream stream = client::connect(net, r, s.callbacks());
  EXPECT_EQ(*net.requests[0].body, R"({"q":1})");
  report::response(net.id, 401, "Unauthorized", "application/json", "", "");
  EXPECT_FALSE(s.result); // until the start of the body is read
  EXPECT_EQ(net.previews, 1);
  report::preview(net.id, R"({"error":{"message":"bad key"}})");
  ASSERT_TRUE(s.result);
  EXPECT_EQ(s.result->state, outcome::failed);
  const client::error &e = *s.result->failure;
  EXPECT_EQ(e.kind, failure::status);
  EXPECT_EQ(e.status, 401);
  EXPECT_EQ(e.message, "the server answered with an error status (401 Unauthorized)");
  EXPECT_EQ(e.body_preview, R"({"error":{"message":"bad key"}})");
  EXPECT_EQ(net.cancels, 2); // the refused body, then the stream's end
  EXPECT_TRUE(s.log.empty());
}

TEST(Client, AnAbortWhileTheRefusedBodyIsReadEndsTheStreamAtOnce) {
  for (const bool retried : {false, true}) {
    played_transport net;
    seen s;
    client::request r = get();
    if (retried) r.retry = client::default_retry();
    client::stream stream = client::connect(net, r, s.callbacks());
    report::response(net.id, 503, "Service Unavailable", "text/plain", "", "");
    stream.abort();
    report::preview(net.id, "late");
    ASSERT_TRUE(s.result);
    EXPECT_EQ(s.finishes, 1);
    // The refusal had failed the stream already, unless the policy was to try again.
    EXPECT_EQ(s.result->state, retried ? outcome::aborted : outcome::failed);
    EXPECT_EQ(s.result->failure->body_preview, "");
    EXPECT_TRUE(net.timers.empty());
  }
}

TEST(Client, AResponseThatIsNotAnEventStreamFailsNamingItsType) {
  played_transport net;
  seen s;
  client::stream stream = client::connect(net, get(), s.callbacks());
  net.refuse(200, "OK", "text/html; charset=utf-8", "<p>login</p>");
  ASSERT_TRUE(s.result);
  EXPECT_EQ(s.result->failure->kind, failure::content_type);
  EXPECT_EQ(s.result->failure->message,
            "the response is not text/event-stream (200 OK, text/html; charset=utf-8)");
  EXPECT_EQ(s.result->failure->body_preview, "<p>login</p>");
}

TEST(Client, ANetworkErrorSaysItsCause) {
  played_transport net;
  seen s;
  client::stream stream = client::connect(net, get(), s.callbacks());
  report::network_error(net.id, "ECONNREFUSED");
  ASSERT_TRUE(s.result);
  EXPECT_EQ(s.result->state, outcome::failed);
  EXPECT_EQ(s.result->failure->kind, failure::network);
  EXPECT_EQ(s.result->failure->message, "the connection failed: ECONNREFUSED");
}

TEST(Client, RetryTriesAFailedStartAgainAfterItsBackoff) {
  played_transport net;
  seen s;
  client::request r = get();
  r.retry = client::default_retry();
  client::stream stream = client::connect(net, r, s.callbacks());
  net.refuse(503, "Service Unavailable", "text/plain", "busy");
  ASSERT_FALSE(s.result);
  // 1000 ms varied by a jitter of 0.2 with random() = 0.5: no change.
  EXPECT_EQ(s.log, (std::vector<std::string>{"reconnecting status 1000"}));
  ASSERT_EQ(net.timers.count(client::timer::reconnect), 1U);
  EXPECT_EQ(net.timers[client::timer::reconnect], 1000);
  net.fire(client::timer::reconnect);
  ASSERT_EQ(net.requests.size(), 2U);
  net.open();
  net.send("data: x\n\n");
  report::end(net.id);
  EXPECT_EQ(s.result->state, outcome::completed);
  EXPECT_EQ(s.log.back(), "message:x#");
}

TEST(Client, ResumeAsksForTheRestWithTheLastEventIdAtTheRedirectedUrl) {
  played_transport net;
  seen s;
  client::request r = post();
  r.resume = true;
  client::stream stream = client::connect(net, r, s.callbacks());
  net.open("http://127.0.0.1/moved");
  net.send("retry: 2500\nid: 7\ndata: a\n\n");
  report::network_error(net.id, "reset");
  EXPECT_EQ(s.log.back(), "reconnecting network 2500");
  net.fire(client::timer::reconnect);
  ASSERT_EQ(net.requests.size(), 2U);
  EXPECT_EQ(net.requests[1].url, "http://127.0.0.1/moved");
  EXPECT_EQ(net.requests[1].last_event_id, "7");
  EXPECT_EQ(*net.requests[1].body, "{}");
  net.open();
  net.send("id: 8\ndata: b\n\ndata: [DONE]\n\ndata: after\n\n");
  ASSERT_TRUE(s.result);
  EXPECT_EQ(s.result->state, outcome::completed);
  EXPECT_EQ(s.result->last_event_id, "8");
  EXPECT_EQ(s.log.back(), "message:b#8");
}

TEST(Client, APostCutWithoutResumeIsIncompleteAndNeverSentAgain) {
  played_transport net;
  seen s;
  client::request r = post();
  r.retry = client::default_retry();
  client::stream stream = client::connect(net, r, s.callbacks());
  net.open();
  net.send("data: a\n\n");
  report::end(net.id);
  ASSERT_TRUE(s.result);
  EXPECT_EQ(s.result->state, outcome::incomplete);
  EXPECT_EQ(s.result->failure->kind, failure::ended);
  EXPECT_EQ(s.result->failure->message, "the response body ended");
  EXPECT_EQ(net.requests.size(), 1U);
}

TEST(Client, TheIdleTimeoutCutsASilentBodyAndIsArmedAgainByEachChunk) {
  played_transport net;
  seen s;
  client::request r = get();
  r.idle_timeout_ms = 5000;
  r.terminal = client::terminal_marker{"[DONE]", "", {}};
  client::stream stream = client::connect(net, r, s.callbacks());
  EXPECT_EQ(net.timers[client::timer::idle], 5000);
  net.open();
  net.send(":\n");
  EXPECT_EQ(net.timers.count(client::timer::idle), 1U);
  net.fire(client::timer::idle);
  ASSERT_TRUE(s.result);
  EXPECT_EQ(s.result->state, outcome::incomplete);
  EXPECT_EQ(s.result->failure->kind, failure::idle_timeout);
  EXPECT_FALSE(net.in_flight);
  EXPECT_TRUE(net.timers.empty());
}

TEST(Client, TheResponseTimeoutWatchesTheHeadAndTheIdleTimeoutTheBody) {
  played_transport net;
  seen s;
  client::request r = get();
  r.idle_timeout_ms = 30000;
  r.response_timeout_ms = 5000;
  client::stream stream = client::connect(net, r, s.callbacks());
  EXPECT_EQ(net.timers[client::timer::idle], 5000);
  net.open();
  EXPECT_EQ(net.timers[client::timer::idle], 30000);

  played_transport late;
  seen refused;
  client::stream never = client::connect(late, r, refused.callbacks());
  late.fire(client::timer::idle);
  ASSERT_TRUE(refused.result);
  EXPECT_EQ(refused.result->state, outcome::failed);
  EXPECT_EQ(refused.result->failure->kind, failure::response_timeout);
  EXPECT_EQ(refused.result->failure->message, "no response arrived within responseTimeout");
  EXPECT_EQ(client::name_of(refused.result->failure->kind), "response-timeout");
  EXPECT_TRUE(refused.result->failure->retryable);
  EXPECT_FALSE(late.in_flight);
}

/** A GET whose stream the caller's own matcher completes, at an `end` event. */
client::request until_end() {
  client::request r = get();
  r.terminal = client::terminal_marker{};
  r.terminal->match = [](const sse::event &e) { return e.type == "end"; };
  return r;
}

TEST(Client, TheCallersMatcherEndsTheStreamAtItsEvent) {
  played_transport net;
  seen s;
  client::stream stream = client::connect(net, until_end(), s.callbacks());
  net.open();
  net.send("data: a\n\nevent: end\ndata: b\n\ndata: c\n\n");
  ASSERT_TRUE(s.result);
  EXPECT_EQ(s.result->state, outcome::completed);
  EXPECT_EQ(s.log.back(), "end:b#");
}

TEST(Client, AnIdAfterTheMatchedEventInItsChunkIsNotTheStreamsLast) {
  played_transport net;
  seen s;
  client::stream stream = client::connect(net, until_end(), s.callbacks());
  net.open();
  net.send("id: 1\ndata: a\n\nevent: end\ndata: b\n\nid: 9\ndata: c\n\n");
  ASSERT_TRUE(s.result);
  EXPECT_EQ(s.result->last_event_id, "1");
  EXPECT_EQ(stream.last_event_id(), "1");
}

TEST(Client, WithAMatcherACleanEndBeforeAMatchIsACut) {
  played_transport net;
  seen s;
  client::stream stream = client::connect(net, until_end(), s.callbacks());
  net.open();
  net.send("data: a\n\n");
  report::end(net.id);
  EXPECT_EQ(s.result->state, outcome::incomplete);
}

TEST(Client, AHugeEventIsDroppedWithItsErrorAndTheStreamGoesOn) {
  played_transport net;
  seen s;
  client::request r = get();
  r.max_event_size = 64;
  client::stream stream = client::connect(net, r, s.callbacks());
  net.open();
  net.send("data: " + std::string(200, 'x') + "\n\ndata: small\n\n");
  report::end(net.id);
  EXPECT_EQ(s.log, (std::vector<std::string>{"open 200 http://127.0.0.1/events", "too large",
                                             "message:small#"}));
  EXPECT_EQ(s.result->state, outcome::completed);
}

TEST(Client, AbortFinishesOnceAndLaterReportsAreDropped) {
  played_transport net;
  seen s;
  client::stream stream = client::connect(net, get(), s.callbacks());
  net.open();
  stream.abort();
  stream.abort();
  ASSERT_TRUE(s.result);
  EXPECT_EQ(s.finishes, 1);
  EXPECT_EQ(s.result->state, outcome::aborted);
  EXPECT_EQ(s.result->failure->kind, failure::aborted);
  net.send("data: late\n\n");
  report::end(net.id);
  EXPECT_EQ(s.log.size(), 1U);
  EXPECT_EQ(s.finishes, 1);
}

TEST(Client, DestroyingTheHandleStopsTheStreamAndCallsNothing) {
  played_transport net;
  seen s;
  const std::size_t before = client::live_streams();
  std::uint32_t id = 0;
  {
    client::stream stream = client::connect(net, get(), s.callbacks());
    id = stream.id();
    net.open();
    EXPECT_EQ(client::live_streams(), before + 1);
  }
  EXPECT_EQ(client::live_streams(), before);
  EXPECT_FALSE(net.in_flight);
  EXPECT_EQ(net.dones, 1);
  report::chunk(id, "data: late\n\n");
  report::timer(id, client::timer::reconnect);
  EXPECT_EQ(s.log.size(), 1U);
  EXPECT_EQ(s.finishes, 0);
}

TEST(Client, ACallbackMayDestroyItsOwnStream) {
  played_transport net;
  seen s;
  const std::size_t before = client::live_streams();
  std::optional<client::stream> stream;
  client::callbacks on = s.callbacks();
  on.on_event = [&](const sse::event &e) {
    s.log.emplace_back(e.data);
    stream.reset();
  };
  stream.emplace(client::connect(net, get(), on));
  net.open();
  net.send("data: a\n\ndata: b\n\n");
  EXPECT_EQ(s.log, (std::vector<std::string>{"open 200 http://127.0.0.1/events", "a"}));
  EXPECT_EQ(s.finishes, 0);
  EXPECT_EQ(client::live_streams(), before);
  EXPECT_EQ(net.reads, 1);
}

TEST(Client, ACallbackMayAbortItsOwnStream) {
  played_transport net;
  seen s;
  client::stream stream;
  client::callbacks on = s.callbacks();
  on.on_event = [&](const sse::event &e) {
    s.log.emplace_back(e.data);
    stream.abort();
  };
  stream = client::connect(net, get(), on);
  net.open();
  net.send("data: a\n\ndata: b\n\n");
  EXPECT_EQ(s.log, (std::vector<std::string>{"open 200 http://127.0.0.1/events", "a"}));
  EXPECT_EQ(s.finishes, 1);
  EXPECT_EQ(s.result->state, outcome::aborted);
}

TEST(Client, AMovedHandleKeepsTheStreamAndAnAssignedOneStopsItsOld) {
  played_transport net;
  seen first, second;
  client::stream a = client::connect(net, get(), first.callbacks());
  const std::uint32_t first_id = a.id();
  client::stream b = std::move(a);
  EXPECT_EQ(a.id(), 0U);
  EXPECT_TRUE(b.running());
  b = client::connect(net, get(), second.callbacks());
  report::response(first_id, 200, "OK", "text/event-stream", "", "");
  EXPECT_TRUE(first.log.empty());
  net.open();
  EXPECT_EQ(second.log.size(), 1U);
}

TEST(Client, ARetryFieldPastTwoToThe31MillisecondsIsTheDelayAsked) {
  played_transport net;
  seen s;
  client::request r = get();
  r.resume = true;
  r.terminal = client::terminal_marker{"[DONE]", "", {}};
  client::stream stream = client::connect(net, r, s.callbacks());
  net.open();
  net.send("retry: 4294967296\nid: 1\ndata: a\n\n");
  report::end(net.id);
  EXPECT_EQ(net.timers[client::timer::reconnect], 4294967296.0);
  EXPECT_FALSE(s.result);
}

namespace chat = sse::schemas::openai_chat;

TEST(ClientTyped, AnOpenAiStreamDecodesToTextAndToolCalls) {
  played_transport net;
  std::vector<std::string> texts;
  int payloads = 0;
  std::optional<sse::llm::message> message;
  client::typed_callbacks<chat::chunk> on;
  on.on_event = [&](const client::typed_event<chat::chunk> &e) {
    EXPECT_EQ(e.error, nullptr) << e.error->message();
    if (e.payload != nullptr) ++payloads;
  };
  on.on_text = [&](std::string_view delta) { texts.emplace_back(delta); };
  on.on_finish = [&](const client::result &r, const sse::llm::message *m) {
    EXPECT_EQ(r.state, outcome::completed);
    ASSERT_NE(m, nullptr);
    message = *m;
  };
  client::stream stream = client::connect<chat::chunk>(net, post(), on);
  net.open();
  const std::string body = sse::testing::typed_fixture("openai-chat.sse");
  for (std::size_t at = 0; at < body.size() && !message; at += 13) net.send(body.substr(at, 13));
  ASSERT_TRUE(message);
  EXPECT_EQ(message->text, "Hello wörld 😀");
  EXPECT_EQ(texts, (std::vector<std::string>{"Hello", " wörld 😀"}));
  ASSERT_EQ(message->tool_calls.size(), 2U);
  EXPECT_EQ(message->tool_calls[0].name, "get_weather");
  EXPECT_EQ(message->tool_calls[0].arguments, R"({"location": "Paris"})");
  EXPECT_GT(payloads, 3);
}

TEST(ClientTyped, AProvidersErrorEventFailsTheStreamInItsWords) {
  played_transport net;
  std::optional<client::result> result;
  client::typed_callbacks<sse::schemas::anthropic::event> on;
  on.on_finish = [&](const client::result &r, const sse::llm::message *) { result = r; };
  client::stream stream = client::connect<sse::schemas::anthropic::event>(net, get(), on);
  net.open();
  net.send(sse::testing::typed_fixture("anthropic-overloaded.sse"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->state, outcome::failed);
  EXPECT_EQ(result->failure->kind, failure::in_band);
  EXPECT_EQ(result->failure->code, "overloaded_error");
  EXPECT_EQ(result->failure->message, "Overloaded");
  EXPECT_TRUE(result->failure->retryable);
}

TEST(ClientTyped, GeminiCompletesAtACleanEndAfterTheAnswerAndIsCutBefore) {
  for (const char *name : {"gemini-text.sse", "gemini-cut.sse"}) {
    played_transport net;
    std::optional<client::result> result;
    client::typed_callbacks<sse::schemas::gemini::response> on;
    on.on_finish = [&](const client::result &r, const sse::llm::message *) { result = r; };
    client::request r = get();
    r.method = "POST";
    client::stream stream = client::connect<sse::schemas::gemini::response>(net, r, on);
    net.open();
    net.send(sse::testing::typed_fixture(name));
    report::end(net.id);
    ASSERT_TRUE(result) << name;
    EXPECT_EQ(result->state,
              std::string(name) == "gemini-text.sse" ? outcome::completed : outcome::incomplete)
        << name;
  }
}

struct reading {
  std::string city;
  double celsius = 0;
};
BOOST_DESCRIBE_STRUCT(reading, (), (city, celsius))

TEST(ClientTyped, APayloadThatDoesNotFitHasItsErrorWithPathAndTheStreamGoesOn) {
  played_transport net;
  std::vector<std::string> seen;
  client::typed_callbacks<reading> on;
  on.on_event = [&](const client::typed_event<reading> &e) {
    seen.push_back(e.payload != nullptr ? e.payload->city : e.error->message());
    EXPECT_EQ(e.message, nullptr);
  };
  client::request r = get();
  client::stream stream = client::connect<reading>(net, r, on, {true, false});
  net.open();
  net.send("data: {\"city\":\"Oslo\",\"celsius\":\"cold\"}\n\n"
           "data: {\"city\":\"Rome\",\"celsius\":21,\"wind\":3}\n\n"
           "data: {\"city\":\"Lima\",\"celsius\":18}\n\n");
  EXPECT_EQ(seen,
            (std::vector<std::string>{"celsius: expected number, got string",
                                      "wind: expected no such key, got an unknown key", "Lima"}));
}

} // namespace
