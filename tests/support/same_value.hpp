#pragma once

// Whether two decoded payloads are the same value, member by member, for the tests that hold
// sse::decode's fast path to the walker.

#include "sse/typed.hpp"

#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include <variant>

namespace sse::testing {

template <typename T> bool same(const T &a, const T &b);

template <typename... A> bool same(const tagged<A...> &a, const tagged<A...> &b) {
  if (a.tag != b.tag || a.value.index() != b.value.index()) return false;
  return std::visit(
      [&](const auto &x) { return same(x, std::get<std::decay_t<decltype(x)>>(b.value)); },
      a.value);
}

template <typename T> bool same(const T &a, const T &b) {
  namespace d = boost::describe;
  if constexpr (detail::is_optional<T>::value) {
    return a.has_value() == b.has_value() && (!a || same(*a, *b));
  } else if constexpr (detail::is_variant<T>::value) {
    if (a.index() != b.index()) return false;
    return std::visit(
        [&](const auto &x) { return same(x, std::get<std::decay_t<decltype(x)>>(b)); }, a);
  } else if constexpr (detail::is_vector<T>::value) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  } else if constexpr (d::has_describe_members<T>::value) {
    bool equal = true;
    boost::mp11::mp_for_each<d::describe_members<T, d::mod_public | d::mod_inherited>>(
        [&](auto m) { equal = equal && same(a.*m.pointer, b.*m.pointer); });
    return equal;
  } else {
    return a == b;
  }
}

} // namespace sse::testing
