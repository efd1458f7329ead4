#pragma once

// Plain JavaScript values from described structs, written as a tape that JavaScript reads
// once per chunk (js/tape.js): a member becomes a key of its JSON name, an empty std::optional
// an absent key, a vector an array, raw JSON its parsed value, an enum its name, and a tagged
// union its alternative with the tag as `type`.
//
// Embind's emscripten::val would make the same objects one property at a time, each a call
// into JavaScript; measured on the OpenAI workload that ran at a quarter of JSON.parse's
// speed, most of it in the calls. The tape is three arrays (operations, numbers, one UTF-8
// text decoded with one TextDecoder call), and member names become JavaScript strings once.

#include "sse/detail/buffer.hpp"
#include "sse/typed.hpp"
#include "sse/utf8.hpp"

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

namespace sse::bindings {

// The operations; the layout is read by js/tape.js.
enum tape_op : std::uint32_t {
  op_object = 1, // count of members that follow, each a key then a value
  op_array = 2,  // count of values that follow
  op_string = 3, // length in UTF-16 code units of the next piece of text
  op_number = 4, // the next number
  op_true = 5,
  op_false = 6,
  op_null = 7,
  op_key = 8,           // id of a key defined earlier on this module's tapes
  op_define_key = 9,    // id, length: a new key, its text next in the text, used at once
  op_key_text = 10,     // length: a key of raw JSON, its text next in the text
  op_kept = 11,         // key id, length: a string member's value, kept for op_repeat
  op_repeat = 12,       // key id: the value the member had last on this tape, again
  op_shape = 13,        // id of a shape defined earlier: an object, the values of its keys follow
  op_define_shape = 14, // id, count, that many keys (op_key or op_define_key), then as op_shape
  op_item = 15,         // what a typed event's result has (item_*), then those values in order
  op_last = 16,         // the string value written last, again
};

// The parts of a typed event's result (typed_module.hpp), in the order their values follow.
enum item_part : std::uint32_t {
  item_payload = 1,
  item_error = 2,
  item_in_band = 4, // the provider's error type, then what it said (may be empty)
  item_text = 8,
};

/** The values of one chunk, in the order they were written. */
class tape {
public:
  void clear() {
    ops.clear();
    numbers.clear();
    text.clear();
    kept_.clear();
    last_ = {};
  }

  void string(std::string_view value) {
    last_ = {text.size(), value.size()};
    ops.push_back(op_string);
    ops.push_back(static_cast<std::uint32_t>(utf8::utf16_length(value)));
    text.append(value);
  }

  /**
   * A string that is often the string value written just before, as an event's text delta is
   * the text member of its payload: then it is sent as a reference to that one.
   */
  void string_again(std::string_view value) {
    if (detail::same(text.view().substr(last_.at, last_.size), value)) {
      ops.push_back(op_last);
    } else {
      string(value);
    }
  }
  void number(double value) {
    ops.push_back(op_number);
    numbers.push_back(value);
  }
  void boolean(bool value) { ops.push_back(value ? op_true : op_false); }
  void null() { ops.push_back(op_null); }

  /** A typed event's result, with the parts `item_part` bits name; their values follow. */
  void item(std::uint32_t parts) {
    ops.push_back(op_item);
    ops.push_back(parts);
  }

  /** Starts an object; members are counted as they are written, until end_object(). */
  std::size_t begin_object() {
    ops.push_back(op_object);
    ops.push_back(0);
    return ops.size() - 1;
  }
  void end_object(std::size_t at, std::uint32_t members) { ops[at] = members; }

  /**
   * A key whose name is known when the module is built: `id` is the call site's own, 0 until
   * the first use defines the key on the tape JavaScript reads next.
   */
  void key(std::uint32_t &id, std::string_view name) {
    if (id != 0) {
      ops.push_back(op_key);
      ops.push_back(id);
      return;
    }
    id = ++keys_defined();
    ops.push_back(op_define_key);
    ops.push_back(id);
    ops.push_back(static_cast<std::uint32_t>(utf8::utf16_length(name)));
    text.append(name);
  }

  /**
   * A string member's value. Providers repeat most of them in every event (ids, model names,
   * object kinds), so within a tape a value equal to the member's last one is sent as a
   * reference to it: less text to decode, fewer strings to make.
   */
  void member_string(std::uint32_t key, std::string_view value) {
    if (key >= kept_.size()) kept_.resize(key + 1);
    kept &last = kept_[key];
    if (last.size != 0 && detail::same(text.view().substr(last.at, last.size), value)) {
      last_ = last;
      ops.push_back(op_repeat);
      ops.push_back(key);
      return;
    }
    last = {text.size(), value.size()};
    last_ = last;
    ops.push_back(op_kept);
    ops.push_back(key);
    ops.push_back(static_cast<std::uint32_t>(utf8::utf16_length(value)));
    text.append(value);
  }

  void value(const boost::json::value &json);
  template <typename T> void value(const T &value);
  template <typename... A> void value(const tagged<A...> &value);

  std::vector<std::uint32_t> ops;
  std::vector<double> numbers;
  detail::buffer text;

private:
  struct kept {
    std::size_t at = 0;
    std::size_t size = 0;
  };
  std::vector<kept> kept_; // by key id: where the member's last value is in `text`
  kept last_;              // where the last string value written is in `text`

  static std::uint32_t &keys_defined() {
    static std::uint32_t count = 0;
    return count;
  }

  static std::uint32_t &shapes_defined() {
    static std::uint32_t count = 0;
    return count;
  }

  static std::uint32_t &type_key_id() {
    static std::uint32_t id = 0;
    return id;
  }

  template <typename Member> static std::uint32_t &member_key_id() {
    static std::uint32_t id = 0;
    return id;
  }

  template <bool Tagged, typename T> void object(const T &value, std::string_view tag = {});
};

inline void tape::value(const boost::json::value &json) {
  switch (json.kind()) {
  case boost::json::kind::null:
    null();
    return;
  case boost::json::kind::bool_:
    boolean(json.get_bool());
    return;
  case boost::json::kind::int64:
  case boost::json::kind::uint64:
  case boost::json::kind::double_:
    number(json.to_number<double>());
    return;
  case boost::json::kind::string:
    string(json.get_string());
    return;
  case boost::json::kind::array:
    ops.push_back(op_array);
    ops.push_back(static_cast<std::uint32_t>(json.get_array().size()));
    for (const auto &item : json.get_array()) value(item);
    return;
  case boost::json::kind::object: {
    const auto &object = json.get_object();
    ops.push_back(op_object);
    ops.push_back(static_cast<std::uint32_t>(object.size()));
    for (const auto &entry : object) {
      ops.push_back(op_key_text);
      ops.push_back(static_cast<std::uint32_t>(utf8::utf16_length(entry.key())));
      text.append(entry.key());
      value(entry.value());
    }
    return;
  }
  }
}

// The members of a described struct that an object of it has: all but its empty optionals.
template <typename T> std::uint64_t present_members(const T &value) {
  std::uint64_t present = 0;
  std::uint64_t bit = 1;
  boost::mp11::mp_for_each<detail::described_members<T>>([&](auto member) {
    const auto &field = value.*member.pointer;
    if constexpr (detail::is_optional<std::decay_t<decltype(field)>>::value) {
      if (field) present |= bit;
    } else {
      present |= bit;
    }
    bit <<= 1;
  });
  return present;
}

// A struct's object is of a shape, its keys in order: defined on a tape once per module and
// named by its id after that, so an object costs one operation besides its values, and
// JavaScript makes the objects of a shape alike. A tagged union's alternative has the tag as a
// `type` key first, so its shapes are counted apart (Tagged).
template <bool Tagged, typename T> void tape::object(const T &value, std::string_view tag) {
  const std::uint64_t present = present_members(value);
  static std::vector<std::pair<std::uint64_t, std::uint32_t>> shapes; // by the members present
  std::uint32_t id = 0;
  for (const auto &[members, known] : shapes) {
    if (members == present) id = known;
  }
  if (id != 0) {
    ops.push_back(op_shape);
    ops.push_back(id);
  } else {
    id = ++shapes_defined();
    shapes.emplace_back(present, id);
    ops.push_back(op_define_shape);
    ops.push_back(id);
    ops.push_back(static_cast<std::uint32_t>(Tagged) +
                  static_cast<std::uint32_t>(__builtin_popcountll(present)));
    if constexpr (Tagged) key(type_key_id(), "type");
    std::uint64_t bit = 1;
    boost::mp11::mp_for_each<detail::described_members<T>>([&](auto member) {
      if (present & bit) key(member_key_id<decltype(member)>(), member.name);
      bit <<= 1;
    });
  }
  if constexpr (Tagged) member_string(type_key_id(), tag);
  boost::mp11::mp_for_each<detail::described_members<T>>([&](auto member) {
    const auto &field = value.*member.pointer;
    const auto &present_value = [&]() -> const auto & {
      if constexpr (detail::is_optional<std::decay_t<decltype(field)>>::value) {
        return *field;
      } else {
        return field;
      }
    };
    if constexpr (detail::is_optional<std::decay_t<decltype(field)>>::value) {
      if (!field) return;
    }
    if constexpr (std::is_same_v<std::decay_t<decltype(present_value())>, std::string>) {
      member_string(member_key_id<decltype(member)>(), present_value());
    } else {
      this->value(present_value());
    }
  });
}

template <typename T> void tape::value(const T &value) {
  if constexpr (std::is_same_v<T, bool>) {
    boolean(value);
  } else if constexpr (std::is_arithmetic_v<T>) {
    number(static_cast<double>(value));
  } else if constexpr (std::is_same_v<T, std::string>) {
    string(value);
  } else if constexpr (std::is_same_v<T, raw_json>) {
    boost::json::value parsed;
    if (parse_json(value.text, parsed, 64)) {
      null();
    } else {
      this->value(parsed);
    }
  } else if constexpr (detail::is_variant<T>::value) {
    std::visit([&](const auto &alternative) { this->value(alternative); }, value);
  } else if constexpr (detail::is_vector<T>::value) {
    ops.push_back(op_array);
    ops.push_back(static_cast<std::uint32_t>(value.size()));
    for (const auto &item : value) this->value(item);
  } else if constexpr (boost::describe::has_describe_enumerators<T>::value) {
    string(boost::describe::enum_to_string(value, ""));
  } else {
    object<false>(value);
  }
}

template <typename... A> void tape::value(const tagged<A...> &value) {
  std::visit(
      [&](const auto &alternative) {
        using T = std::decay_t<decltype(alternative)>;
        if constexpr (std::is_same_v<T, raw_json>) {
          this->value(alternative);
        } else {
          object<true>(alternative, value.tag);
        }
      },
      value.value);
}

} // namespace sse::bindings
