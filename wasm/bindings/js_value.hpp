#pragma once

// Plain JavaScript values from described structs, by the same walk as the decoder: a member
// becomes a key of its JSON name, an empty std::optional an absent key, a vector an array,
// raw JSON its parsed value, an enum its name, and a tagged union its alternative with the tag
// as `type`. Embind 3.1.6 binds neither std::optional nor vectors as arrays, so this walker
// is how every schema reaches JavaScript without a binding of its own.

#include "sse/typed.hpp"

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/parse.hpp>
#include <emscripten/val.h>

namespace sse::bindings {

inline emscripten::val to_js(const boost::json::value &json) {
  using emscripten::val;
  switch (json.kind()) {
  case boost::json::kind::null:
    return val::null();
  case boost::json::kind::bool_:
    return val(json.get_bool());
  case boost::json::kind::int64:
  case boost::json::kind::uint64:
  case boost::json::kind::double_:
    return val(json.to_number<double>());
  case boost::json::kind::string:
    return val(std::string(json.get_string()));
  case boost::json::kind::array: {
    val items = val::array();
    std::size_t index = 0;
    for (const auto &item : json.get_array()) items.set(index++, to_js(item));
    return items;
  }
  case boost::json::kind::object: {
    val object = val::object();
    for (const auto &entry : json.get_object())
      object.set(val(std::string(entry.key())), to_js(entry.value()));
    return object;
  }
  }
  return val::undefined();
}

template <typename T> emscripten::val to_js(const T &value);

// A member's name as a JavaScript string, made once: a key given as a C string would be
// decoded from UTF-8 again on every set.
template <typename Descriptor> const emscripten::val &key_of(Descriptor) {
  static const emscripten::val key(Descriptor::name);
  return key;
}

template <typename T> void set_members(emscripten::val &object, const T &value) {
  using members = boost::describe::describe_members<T, boost::describe::mod_public |
                                                           boost::describe::mod_inherited>;
  boost::mp11::mp_for_each<members>([&](auto member) {
    const auto &field = value.*member.pointer;
    if constexpr (detail::is_optional<std::decay_t<decltype(field)>>::value) {
      if (field) object.set(key_of(member), to_js(*field));
    } else {
      object.set(key_of(member), to_js(field));
    }
  });
}

template <typename T> emscripten::val to_js(const T &value) {
  using emscripten::val;
  if constexpr (std::is_same_v<T, bool> || std::is_arithmetic_v<T>) {
    return val(static_cast<std::conditional_t<std::is_same_v<T, bool>, bool, double>>(value));
  } else if constexpr (std::is_same_v<T, std::string>) {
    return val(value);
  } else if constexpr (std::is_same_v<T, raw_json>) {
    boost::json::error_code ec;
    return to_js(boost::json::parse(value.text, ec));
  } else if constexpr (detail::is_vector<T>::value) {
    val items = val::array();
    for (std::size_t i = 0; i < value.size(); ++i) items.set(i, to_js(value[i]));
    return items;
  } else if constexpr (boost::describe::has_describe_enumerators<T>::value) {
    return val(boost::describe::enum_to_string(value, ""));
  } else {
    val object = val::object();
    set_members(object, value);
    return object;
  }
}

template <typename... A> emscripten::val to_js(const tagged<A...> &value) {
  return std::visit(
      [&](const auto &alternative) {
        emscripten::val object = to_js(alternative);
        if constexpr (!std::is_same_v<std::decay_t<decltype(alternative)>, raw_json>)
          object.set("type", emscripten::val(value.tag));
        return object;
      },
      value.value);
}

} // namespace sse::bindings
