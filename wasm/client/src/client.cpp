#include "sse/client.hpp"

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

namespace sse::client {

retry_policy default_retry() {
  retry_policy policy;
  policy.statuses = {429, 502, 503, 504};
  policy.attempts = 3;
  policy.initial_delay_ms = 1000;
  policy.max_delay_ms = 30000;
  policy.jitter = 0.2;
  policy.growth = 2;
  return policy;
}

std::string_view name_of(failure kind) noexcept {
  switch (kind) {
  case failure::none:
    return "none";
  case failure::network:
    return "network";
  case failure::status:
    return "status";
  case failure::content_type:
    return "content-type";
  case failure::ended:
    return "ended";
  case failure::idle_timeout:
    return "idle-timeout";
  case failure::aborted:
    return "aborted";
  case failure::in_band:
    return "in-band";
  case failure::response_timeout:
    return "response-timeout";
  case failure::stale:
    return "stale";
  }
  return "none";
}

std::string_view name_of(outcome state) noexcept {
  switch (state) {
  case outcome::completed:
    return "completed";
  case outcome::incomplete:
    return "incomplete";
  case outcome::failed:
    return "failed";
  case outcome::aborted:
    return "aborted";
  }
  return "failed";
}

namespace {

// The messages of js/session.js, so that a stream fails in the same words in either language.
std::string_view reason_text(failure kind) noexcept {
  switch (kind) {
  case failure::network:
    return "the connection failed";
  case failure::status:
    return "the server answered with an error status";
  case failure::content_type:
    return "the response is not text/event-stream";
  case failure::ended:
    return "the response body ended";
  case failure::idle_timeout:
    return "no data arrived within idleTimeout";
  case failure::aborted:
    return "the stream was aborted";
  case failure::in_band:
    return "the provider reported an error inside the stream";
  case failure::response_timeout:
    return "no response arrived within responseTimeout";
  case failure::stale:
    return "the connection had said nothing since the page went away";
  case failure::none:
    break;
  }
  return {};
}

// What the response said, kept for the error of a decision that refused it.
struct refused {
  std::uint16_t status = 0;
  std::string status_text;
  std::string content_type;
  std::string body_preview;
};

class driver;

std::unordered_map<std::uint32_t, std::unique_ptr<driver>> &streams() {
  static std::unordered_map<std::uint32_t, std::unique_ptr<driver>> live;
  return live;
}

std::uint32_t last_id = 0;

// Forwards the session's events to the sink, and runs the caller's terminal test on each.
class relay final : public handler {
public:
  relay(sink &to, session &of, const std::function<bool(const event &)> &match)
      : to_(to), of_(of), match_(match) {}

  void on_event(const event &ev) override {
    to_.on_event(ev);
    if (match_ && !of_.finished() && match_(ev)) of_.on_terminal();
  }
  void on_retry(std::uint64_t milliseconds) override { to_.on_retry(milliseconds); }
  void on_comment(std::string_view text) override { to_.on_comment(text); }
  void on_error(parse_error error) override { to_.on_error(error); }
  void on_last_event_id(std::string_view id) override { to_.on_last_event_id(id); }
  void on_block_id(std::string_view id) override { to_.on_block_id(id); }

private:
  sink &to_;
  session &of_;
  const std::function<bool(const event &)> &match_;
};

session_options options_of(const request &r, const sink &events) {
  session_options o;
  o.end_after_answer = events.end_after_answer;
  o.api = stream_api::connect;
  o.plain_get = r.method == "GET" && !r.body;
  o.resume = r.resume;
  if (r.retry) o.retry = *r.retry;
  o.max_event_size = r.max_event_size;
  o.idle_timeout_ms = r.idle_timeout_ms;
  o.response_timeout_ms = r.response_timeout_ms;
  if (r.terminal) {
    o.terminal_data = r.terminal->data;
    o.terminal_types = r.terminal->event;
    o.terminal_by_caller = static_cast<bool>(r.terminal->match);
  }
  return o;
}

/**
 * One stream: performs the session's decisions over the transport. Reports reach it through
 * the registry by id, so that one for a stream that is gone finds nothing; while one of its
 * callbacks runs, its destruction waits for the callback to return.
 */
class driver {
public:
  driver(std::uint32_t id, transport &through, request what, std::unique_ptr<sink> events,
         session_options options)
      : id_(id), transport_(through), request_(std::move(what)), sink_(std::move(events)),
        session_(std::move(options)), url_(request_.url) {
    sink_->owner = &session_;
    if (!request_.last_event_id.empty()) session_.seed_last_event_id(request_.last_event_id);
  }

  void start() {
    session_.start(transport_.now());
    send();
  }

  void response(std::uint16_t status, std::string_view status_text, std::string_view content_type,
                std::string_view retry_after, std::string_view url) {
    if (phase_ != phase::fetching) return;
    transport_.clear_timer(id_, timer::idle);
    const decision d =
        session_.on_response({status, content_type, retry_after}, transport_.now(), random());
    if (d.what != decision::kind::open) {
      // The error waits for the start of the body, which often says why (a JSON error).
      phase_ = phase::previewing;
      refused_ = {status, std::string(status_text), std::string(content_type), {}};
      refusal_ = d;
      transport_.preview(id_);
      return;
    }
    // [spec] Redirects are followed, and reconnections go to the final URL.
    if (!url.empty()) url_ = url;
    phase_ = phase::reading;
    sink_->open({status, url_, content_type});
    if (phase_ == phase::reading) read();
  }

  void preview(std::string_view text) {
    if (phase_ != phase::previewing) return;
    transport_.cancel(id_);
    refused_.body_preview = text;
    act(refusal_);
  }

  void chunk(std::string_view bytes) {
    if (phase_ != phase::reading) return;
    relay forward(*sink_, session_, match());
    const decision d = session_.on_chunk(bytes, transport_.now(), forward);
    if (phase_ != phase::reading) return; // a callback aborted the stream
    sink_->after_chunk();
    if (d.what == decision::kind::none) {
      read();
    } else {
      transport_.cancel(id_);
      act(d);
    }
  }

  void end() {
    if (phase_ != phase::reading) return;
    transport_.clear_timer(id_, timer::idle);
    act(session_.on_end(transport_.now(), random()));
  }

  void network_error(std::string_view message) {
    if (phase_ != phase::fetching && phase_ != phase::reading) return;
    transport_.clear_timer(id_, timer::idle);
    cause_ = message;
    act(session_.on_network_error(transport_.now(), random()));
  }

  void fired(timer which) {
    if (which == timer::reconnect && phase_ == phase::waiting) {
      send();
    } else if (which == timer::idle && (phase_ == phase::fetching || phase_ == phase::reading)) {
      transport_.cancel(id_);
      act(session_.on_watchdog(transport_.now(), random()));
    }
  }

  void abort() {
    if (phase_ == phase::finished) return;
    const decision d = session_.on_abort();
    // A refusal the session had finished the stream with ends it now, without its body's start;
    // one it was to retry ends as aborted.
    if (phase_ == phase::previewing && d.what == decision::kind::none) {
      preview({});
    } else {
      act(d);
    }
  }

  // The handle is gone: stop everything, call nothing.
  void release() {
    if (phase_ != phase::finished) {
      session_.on_abort();
      stop_io();
    }
    released_ = true;
  }

  bool running() const noexcept { return phase_ != phase::finished; }
  std::string last_event_id() const { return std::string(session_.last_event_id()); }
  stream_timing timing() const noexcept { return session_.timing(); }

  // Entered by each report and call on the handle; see visit().
  std::uint32_t depth = 0;
  bool released_ = false;

private:
  enum class phase : std::uint8_t { fetching, previewing, reading, waiting, finished };

  const std::function<bool(const event &)> &match() const {
    static const std::function<bool(const event &)> none;
    return request_.terminal ? request_.terminal->match : none;
  }

  double random() { return transport_.random(); }

  void send() {
    phase_ = phase::fetching;
    cause_.clear();
    sink_->in_band({}, {});
    session_.on_sent(transport_.now());
    watch();
    transport_.fetch(id_, {request_.method, url_, request_.headers, request_.body,
                           request_.credentials, session_.request_last_event_id()});
  }

  void read() {
    watch();
    transport_.read(id_);
  }

  // Arms the watchdog the session asks for while the response or the next chunk is awaited.
  void watch() {
    if (const double ms = session_.watchdog_ms(); ms > 0)
      transport_.set_timer(id_, timer::idle, ms);
  }

  void act(const decision &d) {
    switch (d.what) {
    case decision::kind::none:
    case decision::kind::open:
    case decision::kind::send_now: // the client has no wake input
      return;
    case decision::kind::reconnect: {
      phase_ = phase::waiting;
      transport_.clear_timer(id_, timer::idle);
      transport_.set_timer(id_, timer::reconnect, d.delay_ms);
      sink_->reconnecting(error_of(d), d.delay_ms);
      return;
    }
    case decision::kind::finish:
      break;
    }
    if (phase_ == phase::finished) return;
    stop_io();
    result r;
    r.state = d.result;
    if (d.result != outcome::completed) r.failure = error_of(d);
    r.last_event_id = std::string(session_.last_event_id());
    r.timing = session_.timing();
    sink_->finish(r);
  }

  void stop_io() {
    phase_ = phase::finished;
    transport_.cancel(id_);
    transport_.clear_timer(id_, timer::idle);
    transport_.clear_timer(id_, timer::reconnect);
    transport_.done(id_);
  }

  error error_of(const decision &d) const {
    const refused &response = refused_;
    error e;
    e.kind = d.reason;
    e.retryable = d.retryable;
    e.message = std::string(reason_text(d.reason));
    if (d.reason == failure::in_band) {
      e.code = sink_->in_band_code;
      e.message = sink_->in_band_said.empty() ? e.message + ": " + e.code : sink_->in_band_said;
    } else if (d.reason == failure::status || d.reason == failure::content_type) {
      e.status = response.status;
      e.status_text = response.status_text;
      e.content_type = response.content_type;
      e.body_preview = response.body_preview;
      e.message += " (" + std::to_string(response.status);
      if (!response.status_text.empty()) e.message += " " + response.status_text;
      if (d.reason == failure::content_type)
        e.message += ", " + (response.content_type.empty() ? std::string("no Content-Type")
                                                           : response.content_type);
      e.message += ")";
    } else if (!cause_.empty()) {
      e.message += ": " + cause_;
    }
    return e;
  }

  std::uint32_t id_;
  transport &transport_;
  request request_;
  std::unique_ptr<sink> sink_;
  session session_;
  std::string url_;
  std::string cause_; // the network error's words
  refused refused_;   // the response the session refused last, with its body's start
  decision refusal_;  // and what the session decided of it
  phase phase_ = phase::fetching;
};

// Runs `f` on the stream's driver if it is still there; a driver released meanwhile is
// destroyed once the outermost call on it returns.
template <typename F> void visit(std::uint32_t id, F &&f) {
  auto &live = streams();
  const auto found = live.find(id);
  if (found == live.end()) return;
  driver &d = *found->second;
  if (d.released_) return;
  ++d.depth;
  f(d);
  if (--d.depth == 0 && d.released_) live.erase(id);
}

// The plain form: events as they are, to the caller's callbacks.
class plain_sink final : public sink {
public:
  explicit plain_sink(callbacks on) : on_(std::move(on)) {}

  void on_event(const event &ev) override {
    if (on_.on_event) on_.on_event(ev);
  }
  void on_comment(std::string_view text) override {
    if (on_.on_comment) on_.on_comment(text);
  }
  void on_error(parse_error error) override {
    if (on_.on_error) on_.on_error(error);
  }
  void open(const response_head &head) override {
    if (on_.on_open) on_.on_open(head);
  }
  void reconnecting(const error &e, double delay_ms) override {
    if (on_.on_reconnecting) on_.on_reconnecting(e, delay_ms);
  }
  void finish(const result &r) override {
    if (on_.on_finish) on_.on_finish(r);
  }

private:
  callbacks on_;
};

} // namespace

namespace report {

void response(std::uint32_t stream, std::uint16_t status, std::string_view status_text,
              std::string_view content_type, std::string_view retry_after, std::string_view url) {
  visit(stream,
        [&](driver &d) { d.response(status, status_text, content_type, retry_after, url); });
}

void chunk(std::uint32_t stream, std::string_view bytes) {
  visit(stream, [&](driver &d) { d.chunk(bytes); });
}

void preview(std::uint32_t stream, std::string_view text) {
  visit(stream, [&](driver &d) { d.preview(text); });
}

void end(std::uint32_t stream) {
  visit(stream, [](driver &d) { d.end(); });
}

void network_error(std::uint32_t stream, std::string_view message) {
  visit(stream, [&](driver &d) { d.network_error(message); });
}

void timer(std::uint32_t stream, client::timer which) {
  visit(stream, [&](driver &d) { d.fired(which); });
}

void abort(std::uint32_t stream) {
  visit(stream, [](driver &d) { d.abort(); });
}

} // namespace report

stream &stream::operator=(stream &&other) noexcept {
  if (this != &other) {
    const stream gone(std::exchange(id_, std::exchange(other.id_, 0)));
  }
  return *this;
}

stream::~stream() {
  if (id_ == 0) return;
  auto &live = streams();
  const auto found = live.find(id_);
  if (found == live.end()) return;
  driver &d = *found->second;
  d.release();
  if (d.depth == 0) live.erase(found);
}

void stream::abort() { report::abort(id_); }

bool stream::running() const {
  bool running = false;
  visit(id_, [&](driver &d) { running = d.running(); });
  return running;
}

std::string stream::last_event_id() const {
  std::string id;
  visit(id_, [&](driver &d) { id = d.last_event_id(); });
  return id;
}

stream_timing stream::timing() const {
  stream_timing timing;
  visit(id_, [&](driver &d) { timing = d.timing(); });
  return timing;
}

stream connect(transport &through, request what, std::unique_ptr<sink> events) {
  const std::uint32_t id = ++last_id;
  session_options options = options_of(what, *events);
  streams().emplace(id, std::make_unique<driver>(id, through, std::move(what), std::move(events),
                                                 std::move(options)));
  visit(id, [](driver &started) { started.start(); });
  return stream(id);
}

stream connect(transport &through, request what, callbacks on) {
  return connect(through, std::move(what), std::make_unique<plain_sink>(std::move(on)));
}

std::size_t live_streams() { return streams().size(); }

} // namespace sse::client
