// The fetch() transport: the js-library sse_client.js performs each call, and reports through
// the hooks below. The hooks are exported (EMSCRIPTEN_KEEPALIVE) from this file, which
// connect() over fetch() pulls into every program that streams: 3.1.6 cannot make a library's
// JavaScript depend on native symbols, and a hook in an object file nothing references would
// be dropped with it.

#include "sse/client.hpp"

#include <emscripten/emscripten.h>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" {
void sse_client_js_fetch(std::uint32_t id, const char *method, std::size_t method_size,
                         const char *url, std::size_t url_size, const char *headers,
                         std::size_t headers_size, const char *body, std::size_t body_size,
                         int has_body, const char *credentials, std::size_t credentials_size,
                         const char *last_event_id, std::size_t last_event_id_size);
void sse_client_js_read(std::uint32_t id);
void sse_client_js_preview(std::uint32_t id);
void sse_client_js_cancel(std::uint32_t id);
void sse_client_js_set_timer(std::uint32_t id, int which, double ms);
void sse_client_js_clear_timer(std::uint32_t id, int which);
void sse_client_js_done(std::uint32_t id);
double sse_client_js_now();
double sse_client_js_random();
}

namespace sse::client {

namespace {

// Where JavaScript copies what it reports: one buffer for every stream, since each report is
// taken in full before the next one is copied.
std::string inbox;

// A chunk this large is rare (Node joins what the socket holds); its room is not kept.
constexpr std::size_t kept_inbox = std::size_t{1} << 20;

class fetch_transport final : public transport {
public:
  void fetch(std::uint32_t stream, const outgoing &r) override {
    // Name, value, name, value, each ended by NUL, which neither may hold.
    std::string headers;
    for (const auto &[name, value] : r.headers) {
      headers += name;
      headers += '\0';
      headers += value;
      headers += '\0';
    }
    const std::string_view body = r.body ? std::string_view(*r.body) : std::string_view();
    sse_client_js_fetch(stream, r.method.data(), r.method.size(), r.url.data(), r.url.size(),
                        headers.data(), headers.size(), body.data(), body.size(), r.body ? 1 : 0,
                        r.credentials.data(), r.credentials.size(), r.last_event_id.data(),
                        r.last_event_id.size());
  }
  void read(std::uint32_t stream) override { sse_client_js_read(stream); }
  void preview(std::uint32_t stream) override { sse_client_js_preview(stream); }
  void cancel(std::uint32_t stream) override { sse_client_js_cancel(stream); }
  void set_timer(std::uint32_t stream, timer which, double ms) override {
    sse_client_js_set_timer(stream, static_cast<int>(which), ms);
  }
  void clear_timer(std::uint32_t stream, timer which) override {
    sse_client_js_clear_timer(stream, static_cast<int>(which));
  }
  void done(std::uint32_t stream) override { sse_client_js_done(stream); }
  double now() override { return sse_client_js_now(); }
  double random() override { return sse_client_js_random(); }
};

} // namespace

transport &browser() {
  static fetch_transport fetch;
  return fetch;
}

stream connect(request what, callbacks on) {
  return connect(browser(), std::move(what), std::move(on));
}

} // namespace sse::client

extern "C" {

EMSCRIPTEN_KEEPALIVE char *sse_client_buffer(std::uint32_t, std::size_t size) {
  if (sse::client::inbox.capacity() > sse::client::kept_inbox && size <= sse::client::kept_inbox)
    std::string().swap(sse::client::inbox);
  sse::client::inbox.resize(size);
  return sse::client::inbox.data();
}

EMSCRIPTEN_KEEPALIVE void sse_client_response(std::uint32_t id, std::uint32_t status,
                                              std::size_t status_text, std::size_t type,
                                              std::size_t retry_after, std::size_t url) {
  const std::string_view all = sse::client::inbox;
  sse::client::report::response(id, static_cast<std::uint16_t>(status), all.substr(0, status_text),
                                all.substr(status_text, type),
                                all.substr(status_text + type, retry_after),
                                all.substr(status_text + type + retry_after, url));
}

EMSCRIPTEN_KEEPALIVE void sse_client_chunk(std::uint32_t id, std::size_t size) {
  sse::client::report::chunk(id, std::string_view(sse::client::inbox).substr(0, size));
}

EMSCRIPTEN_KEEPALIVE void sse_client_preview(std::uint32_t id, std::size_t size) {
  sse::client::report::preview(id, std::string_view(sse::client::inbox).substr(0, size));
}

EMSCRIPTEN_KEEPALIVE void sse_client_end(std::uint32_t id) { sse::client::report::end(id); }

EMSCRIPTEN_KEEPALIVE void sse_client_network_error(std::uint32_t id, std::size_t size) {
  sse::client::report::network_error(id, std::string_view(sse::client::inbox).substr(0, size));
}

EMSCRIPTEN_KEEPALIVE void sse_client_timer(std::uint32_t id, int which) {
  sse::client::report::timer(id, static_cast<sse::client::timer>(which));
}
}
