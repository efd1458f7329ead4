#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <ostream>

namespace sse::testing {

entry ev(std::string type, std::string data, std::string id) {
  return {entry::kind::event, std::move(type), std::move(data), std::move(id)};
}
entry retry(std::uint64_t milliseconds) { return {entry::kind::retry, "", "", "", milliseconds}; }
entry comment(std::string text) { return {entry::kind::comment, "", std::move(text), ""}; }
entry too_large() { return {entry::kind::error, "event-too-large", "", ""}; }

std::ostream &operator<<(std::ostream &out, const entry &e) {
  switch (e.what) {
  case entry::kind::event:
    return out << "event{type=\"" << e.type << "\", data=\"" << e.data << "\", id=\"" << e.id
               << "\"}";
  case entry::kind::retry:
    return out << "retry{" << e.retry << "}";
  case entry::kind::comment:
    return out << "comment{\"" << e.data << "\"}";
  case entry::kind::error:
    return out << "error{" << e.type << "}";
  }
  return out;
}

void recorder::on_event(const event &e) {
  entries.push_back(ev(std::string(e.type), std::string(e.data), std::string(e.last_event_id)));
}
void recorder::on_retry(std::uint64_t milliseconds) { entries.push_back(retry(milliseconds)); }
void recorder::on_comment(std::string_view text) { entries.push_back(comment(std::string(text))); }
void recorder::on_error(parse_error error) {
  if (error == parse_error::event_too_large) entries.push_back(too_large());
}

std::vector<entry> parse(std::string_view stream, std::size_t max_event_size) {
  parser p(max_event_size);
  recorder out;
  p.feed(stream, out);
  return out.entries;
}

std::vector<entry> parse_in_pieces(std::string_view stream, std::size_t size,
                                   std::size_t max_event_size) {
  parser p(max_event_size);
  recorder out;
  for (std::size_t at = 0; at < stream.size(); at += size) p.feed(stream.substr(at, size), out);
  return out.entries;
}

std::vector<entry> parse_split(std::string_view stream, std::size_t at,
                               std::size_t max_event_size) {
  parser p(max_event_size);
  recorder out;
  p.feed(stream.substr(0, at), out);
  p.feed(stream.substr(at), out);
  return out.entries;
}

std::string typed_fixture(const char *name) {
  std::ifstream in(std::string(SSE_FIXTURES_DIR) + "/typed/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace sse::testing
