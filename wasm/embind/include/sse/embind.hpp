#pragma once

// Described structs to and from JavaScript values, for programs that hand decoded payloads to
// their own JavaScript through Embind (link with sse::embind). Including this header makes
// every Boost.Describe-described struct, and every sse::tagged union, cross an Embind boundary
// as a plain object, the same object connect() gives for the same payload in JavaScript:
//
//   EMSCRIPTEN_BINDINGS(app) {
//     sse::embind::register_type<my::reading>("Reading");
//     emscripten::function("latest", &latest); // my::reading latest() returns a plain object
//   }
//
// A member is a key of its name, an empty optional no key, a vector an array, an enum its
// name, a 64-bit integer a Number (as connect() gives it), raw JSON its parsed value, and a
// tagged union's alternative an object whose `type` is the tag. Back from JavaScript, a value
// is read by the same rules as an event's JSON payload: absent or null optional keys are
// empty, unknown keys ignored, and what does not fit is a TypeError naming its path.
//
// Embind 3.1.6 has no binding for std::optional, and its value_object demands every key, so
// the objects are built here with val's setters. Under a strict Content-Security-Policy
// (`script-src 'self' 'wasm-unsafe-eval'`) a program that uses Embind must link with
// -sDYNAMIC_EXECUTION=0: 3.1.6's Embind otherwise makes its invokers with `new Function`.

#include "sse/client.hpp"
#include "sse/typed.hpp"

#include <boost/describe/enum_to_string.hpp>
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace sse::embind {

using emscripten::val;

/** The types that cross as plain objects: described structs and tagged unions. */
template <typename T>
struct is_plain
    : std::bool_constant<boost::describe::has_describe_members<T>::value || is_tagged<T>::value> {};

template <typename T> val to_val(const T &value);

namespace detail {

template <typename T> void set_members(val &object, const T &value) {
  boost::mp11::mp_for_each<sse::detail::described_members<T>>([&](auto member) {
    const auto &field = value.*member.pointer;
    if constexpr (sse::detail::is_optional<std::decay_t<decltype(field)>>::value) {
      if (field) object.set(member.name, to_val(*field));
    } else {
      object.set(member.name, to_val(field));
    }
  });
}

} // namespace detail

/** The plain JavaScript value of `value`. */
template <typename T> val to_val(const T &value) {
  if constexpr (std::is_same_v<T, bool>) {
    return val(value);
  } else if constexpr (std::is_arithmetic_v<T>) {
    return val(static_cast<double>(value));
  } else if constexpr (std::is_same_v<T, std::string>) {
    return val(value);
  } else if constexpr (std::is_same_v<T, raw_json>) {
    boost::json::value parsed;
    if (parse_json(value.text, parsed, 64)) return val::null();
    return val::global("JSON").call<val>("parse", value.text);
  } else if constexpr (sse::detail::is_optional<T>::value) {
    return value ? to_val(*value) : val::undefined();
  } else if constexpr (sse::detail::is_variant<T>::value) {
    return std::visit([](const auto &alternative) { return to_val(alternative); }, value);
  } else if constexpr (sse::detail::is_vector<T>::value) {
    val array = val::array();
    for (std::size_t i = 0; i < value.size(); ++i) array.set(i, to_val(value[i]));
    return array;
  } else if constexpr (boost::describe::has_describe_enumerators<T>::value) {
    return val(std::string(boost::describe::enum_to_string(value, "")));
  } else if constexpr (is_tagged<T>::value) {
    return std::visit(
        [&](const auto &alternative) {
          if constexpr (std::is_same_v<std::decay_t<decltype(alternative)>, raw_json>) {
            return to_val(alternative);
          } else {
            val object = val::object();
            object.set("type", value.tag);
            detail::set_members(object, alternative);
            return object;
          }
        },
        value.value);
  } else {
    static_assert(boost::describe::has_describe_members<T>::value,
                  "to_val takes described structs and the types their members may have");
    val object = val::object();
    detail::set_members(object, value);
    return object;
  }
}

/**
 * `value` read as a `T`, by the rules of an event's payload (sse::decode): its error names
 * the path of what did not fit. One crossing: the value comes over as its JSON text.
 */
template <typename T> decoded<T> from_val(const val &value, const decode_options &options = {}) {
  const std::string text = val::global("JSON").call<std::string>("stringify", value);
  if constexpr (is_tagged<T>::value) {
    return decode_tagged<T>("", text, options);
  } else {
    return decode<T>(text, options);
  }
}

/**
 * Registers `T` for Embind under `name`, so bound functions and `val::as<T>()` take and give
 * it as a plain object. Once per type, as Embind refuses a type registered twice.
 */
template <typename T> void register_type(const char *name) {
  static_assert(is_plain<T>::value, "register_type takes described structs and tagged unions");
  emscripten::internal::_embind_register_emval(emscripten::internal::TypeID<T>::get(), name);
}

/**
 * Starts a stream as fetch(url, init) would send it: `init` is a RequestInit (method,
 * headers as an object, a Headers or pairs, a string or bytes body, credentials, and a
 * `signal` whose abort stops the stream), plus connect()'s options of the same names
 * (resume: 'last-event-id', idleTimeout, lastEventId, maxEventSize, retry: true).
 */
client::stream connect(const std::string &url, const val &init, client::callbacks on);

/** The request `init` describes, as connect() reads it. */
client::request request_of(const std::string &url, const val &init);

} // namespace sse::embind

namespace emscripten::internal {

template <typename T> struct BindingType<T, std::enable_if_t<sse::embind::is_plain<T>::value>> {
  using WireType = EM_VAL;
  static WireType toWireType(const T &value) {
    return BindingType<val>::toWireType(sse::embind::to_val(value));
  }
  static T fromWireType(WireType handle) {
    auto read = sse::embind::from_val<T>(BindingType<val>::fromWireType(handle));
    if (read.error) val::global("TypeError").new_(read.error->message()).throw_();
    return std::move(read.value);
  }
};

} // namespace emscripten::internal
