#pragma once

// The client's typed form: each event's data decoded as a described struct `T` (or a tagged
// union of them) while its chunk is parsed, and for the built-in LLM schemas the message
// rebuilt as it streams, exactly as connect() with `decode` does in JavaScript:
//
//   namespace chat = sse::schemas::openai_chat;
//   auto s = sse::client::connect<chat::chunk>(request, {
//       .on_text = [](std::string_view delta) { append(delta); },
//       .on_finish = [](const sse::client::result &r, const sse::llm::message *m) { ... }});

#include "sse/client.hpp"
#include "sse/decoders.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sse::client {

/** One event and what it decoded to. Valid during the call. */
template <typename T> struct typed_event {
  const event &raw;
  const T *payload = nullptr;            // null after an error, and for a data marker ([DONE])
  const decode_error *error = nullptr;   // where the payload did not fit `T`
  std::string_view text;                 // the text delta it added (LLM schemas)
  const llm::message *message = nullptr; // the message so far (LLM schemas), else null
};

template <typename T> struct typed_callbacks {
  std::function<void(const response_head &)> on_open;
  std::function<void(const typed_event<T> &)> on_event;
  /** Each text delta, as the provider split it (LLM schemas). */
  std::function<void(std::string_view)> on_text;
  std::function<void(std::string_view)> on_comment;
  std::function<void(parse_error)> on_error;
  std::function<void(const error &, double delay_ms)> on_reconnecting;
  /** The message rebuilt from the whole stream (LLM schemas), else null. */
  std::function<void(const result &, const llm::message *)> on_finish;
};

struct decoding {
  /** Refuse keys the schema does not describe. */
  bool strict = false;
  /** A provider's error events are events like any other, and do not end the stream. */
  bool errors_as_events = false;
};

template <typename T> class typed_sink final : public sink {
public:
  typed_sink(typed_callbacks<T> on, decoding how)
      : on_(std::move(on)), how_(how), reader_(options_of(how)) {
    end_after_answer = answer<T>::tells_end;
  }

  void on_event(const event &ev) override {
    const auto read = reader_.next(ev, how_.errors_as_events);
    const typed_event<T> out{ev, read.payload, read.error ? &*read.error : nullptr, read.text,
                             reader_.rebuilt().message()};
    if (on_.on_event) on_.on_event(out);
    if (!out.text.empty() && on_.on_text) on_.on_text(out.text);
    if (read.in_band && owner != nullptr) {
      in_band(*read.in_band, std::string(reader_.rebuilt().said()));
      owner->on_in_band_error(transient(*read.in_band));
    }
  }
  void on_comment(std::string_view text) override {
    if (on_.on_comment) on_.on_comment(text);
  }
  void on_error(parse_error error) override {
    if (on_.on_error) on_.on_error(error);
  }
  void after_chunk() override {
    if (reader_.rebuilt().ended() && owner != nullptr) owner->on_answer_end();
  }
  void open(const response_head &head) override {
    if (on_.on_open) on_.on_open(head);
  }
  void reconnecting(const error &e, double delay_ms) override {
    if (on_.on_reconnecting) on_.on_reconnecting(e, delay_ms);
  }
  void finish(const result &r) override {
    if (on_.on_finish) on_.on_finish(r, reader_.rebuilt().message());
  }

private:
  static decode_options options_of(decoding how) {
    decode_options options;
    options.strict = how.strict;
    // The parser made every event's data valid UTF-8.
    options.valid_utf8 = true;
    return options;
  }

  typed_callbacks<T> on_;
  decoding how_;
  event_reader<T> reader_;
};

/** The schema's own terminal markers when the request names none. */
template <typename T> request with_markers(request what) {
  if (!what.terminal &&
      (!llm_traits<T>::terminal_data.empty() || !llm_traits<T>::terminal_types.empty())) {
    what.terminal = terminal_marker{
        std::string(llm_traits<T>::terminal_data), std::string(llm_traits<T>::terminal_types), {}};
  }
  return what;
}

/** Starts a stream whose events decode as `T`, over `through`. */
template <typename T>
stream connect(transport &through, request what, typed_callbacks<T> on, decoding how = {}) {
  return connect(through, with_markers<T>(std::move(what)),
                 std::make_unique<typed_sink<T>>(std::move(on), how));
}

#ifdef __EMSCRIPTEN__
/** Starts a stream whose events decode as `T`, over fetch(). */
template <typename T> stream connect(request what, typed_callbacks<T> on, decoding how = {}) {
  return connect<T>(browser(), std::move(what), std::move(on), how);
}
#endif

} // namespace sse::client
