// sse::parser against a reference written straight from the words of the WHATWG HTML standard's
// "Parsing an event stream" and "Interpreting an event stream", with nothing of the parser's
// own: the whole stream decoded first, split into lines, each line processed, events
// dispatched. The parser is fed the same bytes in chunks the first input byte chooses; every
// event, retry and comment must be the reference's.

#include "sse/parser.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

// [Encoding] UTF-8 decode: a leading BOM is removed once; each maximal invalid subpart is U+FFFD.
std::string utf8_decode(std::string_view in) {
  if (in.substr(0, 3) == "\xEF\xBB\xBF") in.remove_prefix(3);
  std::string out;
  std::size_t needed = 0, seen = 0;
  unsigned lower = 0x80, upper = 0xBF;
  std::string pending;
  const std::string replacement = "\xEF\xBF\xBD";
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto b = static_cast<unsigned char>(in[i]);
    if (needed == 0) {
      if (b <= 0x7F) {
        out += static_cast<char>(b);
      } else if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
        pending.assign(1, static_cast<char>(b));
      } else if (b >= 0xE0 && b <= 0xEF) {
        if (b == 0xE0) lower = 0xA0;
        if (b == 0xED) upper = 0x9F;
        needed = 2;
        pending.assign(1, static_cast<char>(b));
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (b == 0xF0) lower = 0x90;
        if (b == 0xF4) upper = 0x8F;
        needed = 3;
        pending.assign(1, static_cast<char>(b));
      } else {
        out += replacement;
      }
      continue;
    }
    if (b < lower || b > upper) {
      needed = seen = 0;
      lower = 0x80;
      upper = 0xBF;
      out += replacement;
      --i; // the byte is processed again
      continue;
    }
    lower = 0x80;
    upper = 0xBF;
    pending += static_cast<char>(b);
    if (++seen == needed) {
      out += pending;
      needed = seen = 0;
    }
  }
  if (needed != 0) out += replacement;
  return out;
}

struct entry {
  char kind; // E event, R retry, C comment
  std::string a, b, c;
  bool operator==(const entry &o) const {
    return kind == o.kind && a == o.a && b == o.b && c == o.c;
  }
};

// [HTML] The event stream interpretation, over the decoded text of a whole stream.
std::vector<entry> reference(std::string_view bytes) {
  const std::string text = utf8_decode(bytes);
  std::vector<entry> out;
  std::string data, type, last_event_id_buffer, last_event_id;
  const auto dispatch = [&] {
    last_event_id = last_event_id_buffer;
    if (data.empty()) {
      type.clear();
      return;
    }
    if (data.back() == '\n') data.pop_back();
    out.push_back({'E', type.empty() ? "message" : type, data, last_event_id});
    data.clear();
    type.clear();
  };
  const auto process = [&](std::string_view line) {
    if (line.empty()) return dispatch();
    if (line.front() == ':') {
      out.push_back({'C', std::string(line.substr(1)), {}, {}});
      return;
    }
    std::string_view name = line, value;
    if (const auto colon = line.find(':'); colon != std::string_view::npos) {
      name = line.substr(0, colon);
      value = line.substr(colon + 1);
      if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    }
    if (name == "event") {
      type.assign(value);
    } else if (name == "data") {
      data.append(value).push_back('\n');
    } else if (name == "id") {
      if (value.find('\0') == std::string_view::npos) last_event_id_buffer.assign(value);
    } else if (name == "retry") {
      bool digits = !value.empty();
      std::uint64_t ms = 0;
      for (const char c : value) {
        if (c < '0' || c > '9') digits = false;
        const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
        ms = ms > (UINT64_MAX - d) / 10 ? UINT64_MAX : ms * 10 + d;
      }
      if (digits) out.push_back({'R', std::to_string(ms), {}, {}});
    }
  };
  // Lines end with CRLF, LF or CR; what follows the last line end is no line (the end of the
  // stream discards it, and the incomplete event with it).
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r' && text[i] != '\n') continue;
    process(std::string_view(text).substr(start, i - start));
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
  return out;
}

struct recorder final : sse::handler {
  void on_event(const sse::event &ev) override {
    out.push_back({'E', std::string(ev.type), std::string(ev.data), std::string(ev.last_event_id)});
  }
  void on_retry(std::uint64_t ms) override { out.push_back({'R', std::to_string(ms), {}, {}}); }
  void on_comment(std::string_view text) override {
    out.push_back({'C', std::string(text), {}, {}});
  }
  std::vector<entry> out;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned seed = data[0];
  const std::string_view stream(reinterpret_cast<const char *>(data) + 1, size - 1);
  sse::parser parser;
  recorder got;
  std::size_t step = seed % 11 + 1;
  for (std::size_t at = 0; at < stream.size();) {
    const std::size_t n = std::min(step, stream.size() - at);
    parser.feed(stream.substr(at, n), got);
    at += n;
    step = (step * 7 + seed) % 17 + 1;
  }
  parser.end();
  if (got.out != reference(stream)) std::abort();
  return 0;
}
