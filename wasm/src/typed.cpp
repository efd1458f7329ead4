#include "sse/typed.hpp"

#include <boost/json/serialize.hpp>

namespace sse {

std::string decode_error::message() const {
  std::string text = path.empty() ? std::string("payload") : path;
  text += ": expected ";
  text += expected;
  text += ", got ";
  text += got;
  return text;
}

std::optional<decode_error> parse_json(std::string_view text, boost::json::value &out,
                                       std::size_t max_depth) {
  // The fast path's parser, reading the value whole: one parser in the module, not two.
  boost::json::parse_options options;
  options.max_depth = max_depth;
  boost::json::basic_parser<detail::typed_reader> parser(
      options, detail::slot{&detail::reader_of<boost::json::value>, &out}, false, false, false);
  boost::json::error_code ec;
  const std::size_t read = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && read != text.size()) ec = boost::json::error::extra_data;
  if (!ec) return std::nullopt;
  // The parser says what went wrong (too deep, invalid UTF-8, a number too large, ...).
  return decode_error{"", "JSON", ec.message()};
}

namespace detail {

const char *kind_name(const boost::json::value &value) noexcept {
  switch (value.kind()) {
  case boost::json::kind::null:
    return "null";
  case boost::json::kind::bool_:
    return "boolean";
  case boost::json::kind::int64:
  case boost::json::kind::uint64:
  case boost::json::kind::double_:
    return "number";
  case boost::json::kind::string:
    return "string";
  case boost::json::kind::array:
    return "array";
  case boost::json::kind::object:
    return "object";
  }
  return "unknown";
}

bool read_string(const boost::json::value &json, std::string &out) {
  if (!json.is_string()) return false;
  const boost::json::string &text = json.get_string();
  out.assign(text.data(), text.size());
  return true;
}

void write_raw(const boost::json::value &json, raw_json &out) {
  out.text = boost::json::serialize(json);
}

std::string_view payload_tag(std::string_view event_name, const boost::json::value &json,
                             std::initializer_list<std::string_view> tags) {
  for (const std::string_view tag : tags) {
    if (tag == event_name) return event_name;
  }
  if (const auto *object = json.if_object()) {
    if (const auto *type = object->if_contains("type"); type != nullptr && type->is_string())
      return {type->get_string().data(), type->get_string().size()};
  }
  return event_name;
}

std::string_view leading_type(std::string_view json) {
  std::size_t at = 0;
  const auto space = [&] {
    while (at < json.size() &&
           (json[at] == ' ' || json[at] == '\t' || json[at] == '\n' || json[at] == '\r'))
      ++at;
  };
  const auto take = [&](std::string_view text) {
    space();
    if (json.substr(at, text.size()) != text) return false;
    at += text.size();
    return true;
  };
  if (!take("{") || !take("\"type\"") || !take(":") || !take("\"")) return {};
  const std::size_t begin = at;
  while (at < json.size() && json[at] != '"') {
    // Escapes and control characters are the parser's to judge.
    if (json[at] == '\\' || static_cast<unsigned char>(json[at]) < 0x20) return {};
    ++at;
  }
  if (at == json.size()) return {};
  return json.substr(begin, at - begin);
}

bool walker::fail(std::string expected, std::string got) {
  error.path.clear();
  for (const step &s : path_) {
    if (s.is_index) {
      error.path += '[';
      error.path += std::to_string(s.index);
      error.path += ']';
    } else {
      if (!error.path.empty()) error.path += '.';
      error.path += s.key;
    }
  }
  error.expected = std::move(expected);
  error.got = std::move(got);
  return false;
}

} // namespace detail
} // namespace sse
