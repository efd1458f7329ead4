// The parser against arbitrary bytes. The first byte seeds the chunk sizes, so the fuzzer also
// explores where chunk boundaries fall; the events must not depend on them. A 0x1D byte ends
// one body and starts the next (end() between them), so bodies after an unfinished event, a
// pending CR or a partial BOM are explored too. With an odd seed both parsers diagnose, which
// must change no event, and count the same wherever the chunks end.

#include "sse/parser.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct recorder final : sse::handler {
  void on_event(const sse::event &ev) override {
    // A consumer trusts `ascii` and skips its own look at the text.
    if (ev.ascii) {
      for (const char c : ev.data) {
        if (static_cast<unsigned char>(c) >= 0x80) std::abort();
      }
    }
    log.append("E").append(ev.type).append("\x1f").append(ev.data).append("\x1f");
    log.append(ev.last_event_id).append(ev.named ? "N" : "").append(ev.with_id ? "D" : "");
    log.append("\x1e");
    // Only a block's own fields may set its flags; "message" is what an unnamed block is.
    if (!ev.named && ev.type != "message") std::abort();
  }
  void on_block_id(std::string_view id) override { log.append("B").append(id).append("\x1e"); }
  // As received, so kept apart from the log whose text must be valid UTF-8.
  void on_ignored_field(sse::ignored_field kind, std::string_view line, std::string_view name,
                        std::string_view value) override {
    if (name.data() != line.data() || name.size() > line.size() ||
        value.data() + value.size() != line.data() + line.size())
      std::abort();
    ignored.append(std::to_string(static_cast<int>(kind))).append(line).append("\x1e");
  }
  void on_retry(std::uint64_t milliseconds) override {
    log.append("R").append(std::to_string(milliseconds)).append("\x1e");
  }
  void on_comment(std::string_view text) override { log.append("C").append(text).append("\x1e"); }
  void on_error(sse::parse_error) override { log.append("X\x1e"); }
  void on_last_event_id(std::string_view id) override { log.append("I").append(id).append("\x1e"); }
  std::string log;
  std::string ignored;
};

bool valid_utf8(const std::string &text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (lead >= 0x80 && lead < 0xC2) return false;
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned seed = data[0];
  const std::string_view stream(reinterpret_cast<const char *>(data) + 1, size - 1);
  // A small limit so that the size limit's paths are reached too.
  const std::size_t limit = 16 + seed * 4;

  sse::parser whole(limit);
  recorder expected;
  sse::parser pieces(limit);
  recorder actual;
  const bool diagnosing = (seed & 1) != 0;
  if (diagnosing) {
    whole.diagnose();
    pieces.diagnose();
  }
  std::size_t step = seed % 7 + 1;
  for (std::size_t begin = 0; begin <= stream.size();) {
    const std::size_t boundary = std::min(stream.find('\x1d', begin), stream.size());
    const std::string_view body = stream.substr(begin, boundary - begin);
    whole.feed(body, expected);
    const bool inside = whole.mid_event();
    whole.end();
    for (std::size_t at = 0; at < body.size();) {
      const std::size_t n = std::min(step, body.size() - at);
      pieces.feed(body.substr(at, n), actual);
      at += n;
      step = (step * 5 + seed) % 13 + 1;
    }
    if (pieces.mid_event() != inside) std::abort();
    pieces.end();
    begin = boundary + 1;
  }
  const sse::wire_report a = whole.wire();
  const sse::wire_report b = pieces.wire();
  if (a.bytes != b.bytes || a.lf != b.lf || a.cr != b.cr || a.crlf != b.crlf ||
      a.invalid_utf8 != b.invalid_utf8 || a.first_invalid_utf8 != b.first_invalid_utf8 ||
      a.utf8_incomplete != b.utf8_incomplete || a.bom_lines != b.bom_lines)
    std::abort();
  // Every byte but the bodies' separators, and each line end once.
  const std::size_t separators =
      static_cast<std::size_t>(std::count(stream.begin(), stream.end(), '\x1d'));
  if (diagnosing && a.bytes != stream.size() - separators) std::abort();
  if (diagnosing && a.lf + a.crlf * 2 + a.cr !=
                        static_cast<std::size_t>(std::count(stream.begin(), stream.end(), '\n') +
                                                 std::count(stream.begin(), stream.end(), '\r')))
    std::abort();
  if (expected.log != actual.log || expected.ignored != actual.ignored) std::abort();
  if (!valid_utf8(expected.log)) std::abort();
  if (whole.last_event_id() != pieces.last_event_id()) std::abort();
  return 0;
}
