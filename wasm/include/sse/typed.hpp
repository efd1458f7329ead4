#pragma once

// Typed payloads: JSON decoded into structs described with BOOST_DESCRIBE_STRUCT, by one walker
// that follows the description. Boost.JSON's own value_to is too strict for provider payloads
// (it refuses an object with keys the struct lacks); this walker ignores unknown keys unless
// asked not to, treats a missing or null key as an empty std::optional, and reports the first
// mismatch with its JSON path. Errors are values: malformed JSON, deep nesting, numbers out of
// range and invalid UTF-8 never throw and never crash.

#include <boost/describe/enum.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace sse {

/** A member that keeps whatever JSON arrived, as its text, e.g. a free-form object. */
struct raw_json {
  std::string text;
  friend bool operator==(const raw_json &a, const raw_json &b) { return a.text == b.text; }
};

/** Where a payload did not fit its type, and how. */
struct decode_error {
  std::string path;     ///< e.g. `choices[0].delta.content`; empty for the payload itself
  std::string expected; ///< e.g. `string`
  std::string got;      ///< e.g. `number`

  /** `choices[0].delta.content: expected string, got number`. */
  std::string message() const;
};

struct decode_options {
  /** Refuse keys the struct does not describe (providers add fields all the time, so off). */
  bool strict = false;
  /** Deeper JSON is refused before it is walked. */
  std::size_t max_depth = 64;
  /**
   * The text is valid UTF-8 already, as the data of an sse::parser event always is, so the
   * fast path does not check it again. Invalid text given with this set is not refused.
   */
  bool valid_utf8 = false;
};

template <typename T> struct decoded {
  T value{};
  std::optional<decode_error> error;
  explicit operator bool() const noexcept { return !error.has_value(); }
};

/** Parses `json`, then decodes it as a `T`. */
template <typename T> decoded<T> decode(std::string_view json, const decode_options &options = {});

/**
 * As decode(), into `out`, whose strings and vectors keep their storage from one payload to
 * the next; after an error `out` holds no particular value.
 */
template <typename T>
std::optional<decode_error> decode_into(std::string_view json, T &out,
                                        const decode_options &options = {});

/** Decodes an already parsed value as a `T`. */
template <typename T>
decoded<T> decode_value(const boost::json::value &json, const decode_options &options = {});

/**
 * One of several described structs, chosen by a tag: the SSE event name when it names one of
 * them, or else the payload's `type` field. Each alternative names its tag in a static
 * `tag`, or the start of its tags with `tag_prefix` set (the AI SDK's `data-*` parts). A tag
 * no alternative claims keeps the payload as raw JSON, so an event that a newer API adds is
 * never dropped.
 */
template <typename... Alternatives> struct tagged {
  std::string tag;
  std::variant<raw_json, Alternatives...> value;

  template <typename T> const T *get() const noexcept { return std::get_if<T>(&value); }
};

template <typename T> struct is_tagged : std::false_type {};
template <typename... A> struct is_tagged<tagged<A...>> : std::true_type {};

/** Parses `json` and decodes it as the alternative of `Union` (a `tagged`) its tag names. */
template <typename Union>
decoded<Union> decode_tagged(std::string_view event_name, std::string_view json,
                             const decode_options &options = {});

/** As decode_tagged(), into `out`, as decode_into() does. */
template <typename Union>
std::optional<decode_error> decode_tagged_into(std::string_view event_name, std::string_view json,
                                               Union &out, const decode_options &options = {});

/**
 * Parses JSON text without exceptions, into `out` and its storage; on failure `error` says why
 * at the root.
 */
std::optional<decode_error> parse_json(std::string_view text, boost::json::value &out,
                                       std::size_t max_depth);

namespace detail {
// A payload is parsed, decoded and dropped: its nodes come from one block on the stack,
// growing onto the heap only for large payloads, and are freed at once.
struct scratch_json {
  unsigned char block[4096];
  boost::json::monotonic_resource nodes{block, sizeof block};
  boost::json::value value = boost::json::value(boost::json::storage_ptr(&nodes));
};
} // namespace detail

namespace detail {

template <typename T> struct is_optional : std::false_type {};
template <typename T> struct is_optional<std::optional<T>> : std::true_type {};
template <typename T> struct is_vector : std::false_type {};
template <typename T, typename A> struct is_vector<std::vector<T, A>> : std::true_type {};
template <typename T> struct is_variant : std::false_type {};
template <typename... A> struct is_variant<std::variant<A...>> : std::true_type {};

/** The kinds of JSON value a C++ type takes, so a std::variant can choose its alternative. */
enum class json_kind : std::uint8_t { null, boolean, number, string, array, object };

template <typename T> constexpr bool takes_kind(json_kind kind) {
  if constexpr (std::is_same_v<T, raw_json>) {
    return true;
  } else if constexpr (std::is_same_v<T, bool>) {
    return kind == json_kind::boolean;
  } else if constexpr (std::is_arithmetic_v<T>) {
    return kind == json_kind::number;
  } else if constexpr (std::is_same_v<T, std::string> || std::is_enum_v<T>) {
    return kind == json_kind::string;
  } else if constexpr (is_vector<T>::value) {
    return kind == json_kind::array;
  } else {
    return kind == json_kind::object;
  }
}

inline json_kind kind_of(const boost::json::value &json) noexcept {
  switch (json.kind()) {
  case boost::json::kind::null:
    return json_kind::null;
  case boost::json::kind::bool_:
    return json_kind::boolean;
  case boost::json::kind::string:
    return json_kind::string;
  case boost::json::kind::array:
    return json_kind::array;
  case boost::json::kind::object:
    return json_kind::object;
  default:
    return json_kind::number;
  }
}

/** The index of the first alternative of `Variant` that takes `kind`; its size for none. */
template <typename Variant> std::size_t alternative_for(json_kind kind);
template <typename... A> std::size_t alternative_for_impl(std::variant<A...> *, json_kind kind) {
  std::size_t at = 0;
  ((takes_kind<A>(kind) || (++at, false)) || ...);
  return at;
}
template <typename Variant> std::size_t alternative_for(json_kind kind) {
  return alternative_for_impl(static_cast<Variant *>(nullptr), kind);
}

/** What a variant's alternatives take, for its errors: `string|array`. */
template <typename... A> std::string kinds_taken(std::variant<A...> *) {
  constexpr const char *spelled[] = {"null", "boolean", "number", "string", "array", "object"};
  std::string names;
  for (json_kind kind : {json_kind::boolean, json_kind::number, json_kind::string, json_kind::array,
                         json_kind::object}) {
    if (!(takes_kind<A>(kind) || ...)) continue;
    names += names.empty() ? "" : "|";
    names += spelled[static_cast<int>(kind)];
  }
  return names;
}

/** The JSON kind of a value as the error messages name it. */
const char *kind_name(const boost::json::value &value) noexcept;

// The walk keeps the path as a stack of views into the JSON being read, and spells it out only
// when something does not fit.
class walker {
public:
  explicit walker(const decode_options &options) : options_(options) {}

  template <typename T> bool read(const boost::json::value &json, T &out);

  decode_error error;

  /** A tagged union's alternative: its `type` key is the tag, known even in strict mode. */
  bool tagged_root = false;

private:
  struct step {
    std::string_view key;
    std::size_t index;
    bool is_index;
  };

  bool fail(std::string expected, std::string got);
  template <typename T> bool read_integer(const boost::json::value &json, T &out);
  template <typename T> bool read_enum(const boost::json::value &json, T &out);
  template <typename T> bool read_variant(const boost::json::value &json, T &out);
  template <typename T> bool read_struct(const boost::json::value &json, T &out);
  template <typename T>
  bool read_member(const boost::json::object &object, std::string_view name, T &out);

  const decode_options &options_;
  std::vector<step> path_;
};

bool read_string(const boost::json::value &json, std::string &out);
void write_raw(const boost::json::value &json, raw_json &out);

template <typename T> bool walker::read(const boost::json::value &json, T &out) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!json.is_bool()) return fail("boolean", kind_name(json));
    out = json.get_bool();
    return true;
  } else if constexpr (std::is_integral_v<T>) {
    return read_integer(json, out);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!json.is_number()) return fail("number", kind_name(json));
    // Boost.JSON reads 1e999 as infinity, which no payload means.
    const double number = json.to_number<double>();
    if (!std::isfinite(number) ||
        std::abs(number) > static_cast<double>(std::numeric_limits<T>::max()))
      return fail("finite number", "number too large");
    out = static_cast<T>(number);
    return true;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return read_string(json, out) || fail("string", kind_name(json));
  } else if constexpr (std::is_same_v<T, raw_json>) {
    write_raw(json, out);
    return true;
  } else if constexpr (is_optional<T>::value) {
    if (json.is_null()) {
      out.reset();
      return true;
    }
    return read(json, out.emplace());
  } else if constexpr (is_variant<T>::value) {
    return read_variant(json, out);
  } else if constexpr (is_vector<T>::value) {
    if (!json.is_array()) return fail("array", kind_name(json));
    const boost::json::array &items = json.get_array();
    out.clear();
    out.resize(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      path_.push_back({{}, i, true});
      if (!read(items[i], out[i])) return false;
      path_.pop_back();
    }
    return true;
  } else if constexpr (boost::describe::has_describe_enumerators<T>::value) {
    return read_enum(json, out);
  } else {
    static_assert(boost::describe::has_describe_members<T>::value,
                  "a payload type must be described with BOOST_DESCRIBE_STRUCT");
    return read_struct(json, out);
  }
}

template <typename T> bool walker::read_integer(const boost::json::value &json, T &out) {
  using limits = std::numeric_limits<T>;
  if (json.is_int64()) {
    const std::int64_t v = json.get_int64();
    if constexpr (std::is_signed_v<T>) {
      if (v >= static_cast<std::int64_t>(limits::min()) &&
          v <= static_cast<std::int64_t>(limits::max())) {
        out = static_cast<T>(v);
        return true;
      }
    } else if (v >= 0 &&
               static_cast<std::uint64_t>(v) <= static_cast<std::uint64_t>(limits::max())) {
      out = static_cast<T>(v);
      return true;
    }
    return fail("integer in range", "integer out of range");
  }
  if (json.is_uint64()) {
    if (json.get_uint64() <= static_cast<std::uint64_t>(limits::max())) {
      out = static_cast<T>(json.get_uint64());
      return true;
    }
    return fail("integer in range", "integer out of range");
  }
  return fail("integer",
              json.is_double() ? "number that is not a 64-bit integer" : kind_name(json));
}

template <typename T> bool walker::read_enum(const boost::json::value &json, T &out) {
  std::string name;
  if (!read_string(json, name)) return fail("string", kind_name(json));
  bool found = false;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
    if (!found && name == e.name) {
      out = e.value;
      found = true;
    }
  });
  if (found) return true;
  std::string names;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
    names += names.empty() ? "one of " : "|";
    names += e.name;
  });
  return fail(names, "\"" + name + "\"");
}

template <typename T> bool walker::read_variant(const boost::json::value &json, T &out) {
  const std::size_t index = alternative_for<T>(kind_of(json));
  bool ok = false;
  boost::mp11::mp_with_index<std::variant_size_v<T> + 1>(index, [&](auto i) {
    if constexpr (i < std::variant_size_v<T>) {
      using A = std::variant_alternative_t<i, T>;
      if (!std::holds_alternative<A>(out)) out.template emplace<A>();
      ok = read(json, std::get<i>(out));
    } else {
      ok = fail(kinds_taken(static_cast<T *>(nullptr)), kind_name(json));
    }
  });
  return ok;
}

template <typename T> bool walker::read_struct(const boost::json::value &json, T &out) {
  using members = boost::describe::describe_members<T, boost::describe::mod_public |
                                                           boost::describe::mod_inherited>;
  if (!json.is_object()) return fail("object", kind_name(json));
  const boost::json::object &object = json.get_object();
  bool ok = true;
  boost::mp11::mp_for_each<members>([&](auto member) {
    if (ok) ok = read_member(object, member.name, out.*member.pointer);
  });
  if (!ok || !options_.strict) return ok;
  for (const auto &entry : object) {
    bool known = tagged_root && path_.empty() && entry.key() == "type";
    boost::mp11::mp_for_each<members>(
        [&](auto member) { known = known || entry.key() == member.name; });
    if (!known) {
      path_.push_back({entry.key(), 0, false});
      return fail("no such key", "an unknown key");
    }
  }
  return true;
}

template <typename T>
bool walker::read_member(const boost::json::object &object, std::string_view name, T &out) {
  path_.push_back({name, 0, false});
  const auto found = object.find(name);
  if (found == object.end()) {
    if constexpr (is_optional<T>::value) {
      out.reset();
      path_.pop_back();
      return true;
    } else {
      return fail("a value", "nothing");
    }
  }
  if (!read(found->value(), out)) return false;
  path_.pop_back();
  return true;
}

template <typename T, typename = void> struct has_tag_prefix : std::false_type {};
template <typename T>
struct has_tag_prefix<T, std::void_t<decltype(T::tag_prefix)>> : std::bool_constant<T::tag_prefix> {
};

/** Whether the alternative `T` takes a payload of this tag. */
template <typename T> bool claims_tag(std::string_view tag) noexcept {
  if constexpr (has_tag_prefix<T>::value) {
    return tag.substr(0, T::tag.size()) == T::tag;
  } else {
    return tag == T::tag;
  }
}

// The tag of a payload: the event name when an alternative claims it, else the `type` field.
std::string_view payload_tag(std::string_view event_name, const boost::json::value &json,
                             std::initializer_list<std::string_view> tags);

template <typename... Alternatives>
std::optional<decode_error>
decode_alternative(std::string_view event_name, const boost::json::value &json,
                   const decode_options &options, tagged<Alternatives...> &out) {
  const std::string_view tag = payload_tag(event_name, json, {Alternatives::tag...});
  out.tag.assign(tag);
  std::optional<decode_error> error;
  const auto take = [&](auto *type) {
    using T = std::remove_pointer_t<decltype(type)>;
    if (!claims_tag<T>(tag)) return false;
    walker walk(options);
    walk.tagged_root = true;
    if (!walk.read(json, out.value.template emplace<T>())) error = std::move(walk.error);
    return true;
  };
  if (!(take(static_cast<Alternatives *>(nullptr)) || ...))
    write_raw(json, out.value.template emplace<raw_json>());
  return error;
}

} // namespace detail

} // namespace sse

#include "sse/detail/typed_reader.hpp"

namespace sse {

template <typename Union>
std::optional<decode_error> decode_tagged_into(std::string_view event_name, std::string_view json,
                                               Union &out, const decode_options &options) {
  if (detail::read_tagged_fast(event_name, json, options, out)) return std::nullopt;
  detail::scratch_json parsed;
  if (auto error = parse_json(json, parsed.value, options.max_depth)) return error;
  return detail::decode_alternative(event_name, parsed.value, options, out);
}

template <typename Union>
decoded<Union> decode_tagged(std::string_view event_name, std::string_view json,
                             const decode_options &options) {
  decoded<Union> result;
  result.error = decode_tagged_into(event_name, json, result.value, options);
  return result;
}

template <typename T>
decoded<T> decode_value(const boost::json::value &json, const decode_options &options) {
  decoded<T> result;
  detail::walker walk(options);
  if (!walk.read(json, result.value)) result.error = std::move(walk.error);
  return result;
}

template <typename T>
std::optional<decode_error> decode_into(std::string_view json, T &out,
                                        const decode_options &options) {
  if (detail::read_fast(json, out, options)) return std::nullopt;
  detail::scratch_json parsed;
  if (auto error = parse_json(json, parsed.value, options.max_depth)) return error;
  detail::walker walk(options);
  if (!walk.read(parsed.value, out)) return std::move(walk.error);
  return std::nullopt;
}

template <typename T> decoded<T> decode(std::string_view json, const decode_options &options) {
  decoded<T> result;
  result.error = decode_into(json, result.value, options);
  return result;
}

} // namespace sse
