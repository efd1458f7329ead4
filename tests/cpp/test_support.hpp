#pragma once

#include "sse/parser.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sse::testing {

/** What the parser reported, one entry per callback, in order. */
struct entry {
  enum class kind { event, retry, comment, error } what;
  std::string type;
  std::string data;
  std::string id;
  std::uint64_t retry = 0;

  friend bool operator==(const entry &a, const entry &b) {
    return a.what == b.what && a.type == b.type && a.data == b.data && a.id == b.id &&
           a.retry == b.retry;
  }
};

entry ev(std::string type, std::string data, std::string id = "");
entry retry(std::uint64_t milliseconds);
entry comment(std::string text);
entry too_large();

std::ostream &operator<<(std::ostream &out, const entry &e);

class recorder : public handler {
public:
  void on_event(const event &e) override;
  void on_retry(std::uint64_t milliseconds) override;
  void on_comment(std::string_view text) override;
  void on_error(parse_error error) override;
  std::vector<entry> entries;
};

/** Feeds `stream` whole. */
std::vector<entry> parse(std::string_view stream,
                         std::size_t max_event_size = parser::default_max_event_size);

/** Feeds `stream` in pieces of `size` bytes. */
std::vector<entry> parse_in_pieces(std::string_view stream, std::size_t size,
                                   std::size_t max_event_size = parser::default_max_event_size);

/** Feeds `stream` split in two at `at`. */
std::vector<entry> parse_split(std::string_view stream, std::size_t at,
                               std::size_t max_event_size = parser::default_max_event_size);

/** The text of tests/fixtures/typed/`name`. */
std::string typed_fixture(const char *name);

} // namespace sse::testing
