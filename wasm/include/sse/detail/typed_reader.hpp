#pragma once

// The fast path of sse::decode: Boost.JSON's event parser fills the struct while it reads the
// text, with no DOM in between and no second walk. It answers only "decoded" or "not like
// this". Any mismatch, missing member, duplicate key, unknown key in strict mode or malformed
// text sends decode() back to the walker over a parsed value (typed.hpp), which is the one
// that explains errors. Whatever the fast path accepts, the walker decodes to the same value;
// the typed fuzz target holds the two to that.
//
// Included at the end of typed.hpp, whose declarations it uses.

#include "sse/detail/buffer.hpp"

#include <boost/describe/members.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value_stack.hpp>
#include <boost/mp11/algorithm.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace sse::detail {

struct value_reader;

/** Where a value goes and how values of its type are read; no reader means skip it. */
struct slot {
  const value_reader *read = nullptr;
  void *target = nullptr;
};

/** A described member: its JSON name, its reader, and where it is in its struct. */
struct member_entry {
  std::string_view name;
  const value_reader *read;
  void *(*at)(void *object);
};

// How the values of one C++ type are read from the parser's events. An empty entry is a kind
// of JSON value the type does not take. The target is reused from one payload to the next:
// a value read overwrites what it finds, so strings and vectors keep their storage.
struct value_reader {
  bool (*string)(void *target, std::string_view text) = nullptr;
  bool (*int64)(void *target, std::int64_t value) = nullptr;
  bool (*uint64)(void *target, std::uint64_t value) = nullptr;
  bool (*number)(void *target, double value) = nullptr;
  bool (*boolean)(void *target, bool value) = nullptr;
  // std::optional: null empties it, any other value goes to the value it holds.
  const value_reader *inner = nullptr;
  void *(*emplace)(void *target) = nullptr;
  void (*reset)(void *target) = nullptr;
  // raw_json: takes any value, kept as its text.
  raw_json *(*raw)(void *target) = nullptr;
  // boost::json::value: takes any value, in the target's storage (parse_json()).
  boost::json::value *(*whole)(void *target) = nullptr;
  // A described struct: its members, in order (bit i of a mask is member i), and the mask of
  // those that must be present.
  bool is_struct = false;
  const member_entry *members = nullptr;
  std::size_t member_count = 0;
  std::uint64_t required = 0;
  // std::vector: its index-th item, made when missing, and its length once all are read.
  slot (*item)(void *target, std::size_t index) = nullptr;
  void (*resize)(void *target, std::size_t size) = nullptr;
  // std::variant: the alternative that takes a value of this kind, made current.
  slot (*choose)(void *target, json_kind kind) = nullptr;
};

// The slot of a variant that no alternative of takes the value: every kind is refused.
inline constexpr value_reader takes_nothing{};

template <typename T> constexpr value_reader make_reader();

template <typename T> inline constexpr value_reader reader_of = make_reader<T>();

template <typename T, typename Member>
using member_type = std::remove_reference_t<decltype(std::declval<T &>().*Member::pointer)>;

template <typename T>
using described_members = boost::describe::describe_members<T, boost::describe::mod_public |
                                                                   boost::describe::mod_inherited>;

template <typename T, template <typename...> class List, typename... Members>
constexpr auto member_table(List<Members...> *) {
  static_assert(sizeof...(Members) <= 64, "a payload struct may describe 64 members at most");
  return std::array<member_entry, sizeof...(Members)>{
      member_entry{Members::name, &reader_of<member_type<T, Members>>,
                   [](void *t) -> void * { return &(static_cast<T *>(t)->*Members::pointer); }}...};
}

template <typename T>
inline constexpr auto members_of = member_table<T>(static_cast<described_members<T> *>(nullptr));

template <typename T, template <typename...> class List, typename... Members>
constexpr std::uint64_t required_bits(List<Members...> *) {
  std::uint64_t bits = 0;
  std::uint64_t bit = 1;
  ((bits |= is_optional<member_type<T, Members>>::value ? 0 : bit, bit <<= 1), ...);
  return bits;
}

template <typename T> bool in_range(std::int64_t v) {
  using limits = std::numeric_limits<T>;
  if constexpr (std::is_signed_v<T>) {
    return v >= static_cast<std::int64_t>(limits::min()) &&
           v <= static_cast<std::int64_t>(limits::max());
  } else {
    return v >= 0 && static_cast<std::uint64_t>(v) <= static_cast<std::uint64_t>(limits::max());
  }
}

template <typename T> slot choose_alternative(T &out, json_kind kind) {
  slot at{&takes_nothing, nullptr};
  boost::mp11::mp_with_index<std::variant_size_v<T> + 1>(alternative_for<T>(kind), [&](auto i) {
    if constexpr (i < std::variant_size_v<T>) {
      using A = std::variant_alternative_t<i, T>;
      if (!std::holds_alternative<A>(out)) out.template emplace<A>();
      at = {&reader_of<A>, &std::get<i>(out)};
    }
  });
  return at;
}

template <typename T> constexpr value_reader make_reader() {
  value_reader r;
  if constexpr (std::is_same_v<T, bool>) {
    r.boolean = [](void *t, bool v) {
      *static_cast<T *>(t) = v;
      return true;
    };
  } else if constexpr (std::is_integral_v<T>) {
    r.int64 = [](void *t, std::int64_t v) {
      *static_cast<T *>(t) = static_cast<T>(v);
      return in_range<T>(v);
    };
    r.uint64 = [](void *t, std::uint64_t v) {
      *static_cast<T *>(t) = static_cast<T>(v);
      return v <= static_cast<std::uint64_t>(std::numeric_limits<T>::max());
    };
  } else if constexpr (std::is_floating_point_v<T>) {
    r.number = [](void *t, double v) {
      *static_cast<T *>(t) = static_cast<T>(v);
      return std::isfinite(v) && std::abs(v) <= static_cast<double>(std::numeric_limits<T>::max());
    };
    r.int64 = [](void *t, std::int64_t v) {
      return reader_of<T>.number(t, static_cast<double>(v));
    };
    r.uint64 = [](void *t, std::uint64_t v) {
      return reader_of<T>.number(t, static_cast<double>(v));
    };
  } else if constexpr (std::is_same_v<T, std::string>) {
    r.string = [](void *t, std::string_view v) {
      static_cast<T *>(t)->assign(v.data(), v.size());
      return true;
    };
  } else if constexpr (std::is_same_v<T, raw_json>) {
    r.raw = [](void *t) { return static_cast<raw_json *>(t); };
  } else if constexpr (std::is_same_v<T, boost::json::value>) {
    r.whole = [](void *t) { return static_cast<boost::json::value *>(t); };
  } else if constexpr (is_optional<T>::value) {
    using U = typename T::value_type;
    r.inner = &reader_of<U>;
    r.emplace = [](void *t) -> void * {
      T &optional = *static_cast<T *>(t);
      if (!optional) optional.emplace();
      return &*optional;
    };
    r.reset = [](void *t) { static_cast<T *>(t)->reset(); };
  } else if constexpr (is_variant<T>::value) {
    r.choose = [](void *t, json_kind kind) {
      return choose_alternative(*static_cast<T *>(t), kind);
    };
  } else if constexpr (is_vector<T>::value) {
    using U = typename T::value_type;
    r.item = [](void *t, std::size_t index) {
      T &items = *static_cast<T *>(t);
      return slot{&reader_of<U>, index < items.size() ? &items[index] : &items.emplace_back()};
    };
    r.resize = [](void *t, std::size_t size) { static_cast<T *>(t)->resize(size); };
  } else if constexpr (boost::describe::has_describe_enumerators<T>::value) {
    r.string = [](void *t, std::string_view v) {
      bool found = false;
      boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
        if (!found && v == e.name) {
          *static_cast<T *>(t) = e.value;
          found = true;
        }
      });
      return found;
    };
  } else {
    static_assert(boost::describe::has_describe_members<T>::value,
                  "a payload type must be described with BOOST_DESCRIBE_STRUCT");
    r.is_struct = true;
    r.members = members_of<T>.data();
    r.member_count = members_of<T>.size();
    r.required = required_bits<T>(static_cast<described_members<T> *>(nullptr));
  }
  return r;
}

/** The handler of Boost.JSON's basic_parser that fills a slot as the events arrive. */
class typed_reader {
public:
  static constexpr std::size_t max_array_size = boost::json::array::max_size();
  static constexpr std::size_t max_object_size = boost::json::object::max_size();
  static constexpr std::size_t max_string_size = boost::json::string::max_size();
  static constexpr std::size_t max_key_size = boost::json::string::max_size();

  /**
   * `tagged`: the root is a tagged union's alternative, whose `type` key is the tag, known even
   * in strict mode. `tag_key`: the tag was read from the first `type` key, so another one
   * (where the walker would take the last) is not for this path.
   */
  typed_reader(slot root, bool strict, bool tagged, bool tag_key)
      : pending_(root), strict_(strict), tagged_(tagged), tag_key_(tag_key) {}

  /**
   * Ready for the next payload, as if made anew with these arguments. Memory a large payload
   * needed (a raw value, a string in pieces) is given back, so an idle reader stays small.
   */
  void start(slot root, bool strict, bool tagged, bool tag_key) {
    pending_ = root;
    depth_ = 0;
    skipped_ = 0;
    raw_depth_ = 0;
    raw_text_ = nullptr;
    raw_value_ = nullptr;
    // Made anew, not released: a released monotonic_resource still doubles its next block.
    raw_.reset();
    raw_nodes_.reset();
    if (parts_.capacity() > kept_capacity) std::string().swap(parts_);
    parts_.clear();
    strict_ = strict;
    tagged_ = tagged;
    tag_key_ = tag_key;
    tag_seen_ = false;
  }

  bool on_document_begin(boost::json::error_code &) { return true; }
  bool on_document_end(boost::json::error_code &) { return true; }
  bool on_comment_part(boost::json::string_view, boost::json::error_code &) { return true; }
  bool on_comment(boost::json::string_view, boost::json::error_code &) { return true; }
  bool on_number_part(boost::json::string_view, boost::json::error_code &) { return true; }

  bool on_object_begin(boost::json::error_code &ec) { return begin(false, ec); }
  bool on_array_begin(boost::json::error_code &ec) { return begin(true, ec); }
  bool on_object_end(std::size_t n, boost::json::error_code &ec) { return end(false, n, ec); }
  bool on_array_end(std::size_t n, boost::json::error_code &ec) { return end(true, n, ec); }

  bool on_key_part(boost::json::string_view s, std::size_t, boost::json::error_code &) {
    return part(s);
  }
  bool on_key(boost::json::string_view s, std::size_t, boost::json::error_code &ec) {
    if (skipped_ > 0) return true;
    if (raw_depth_ > 0) {
      raw_->push_key(s);
      return true;
    }
    const std::string_view key = whole(s);
    frame &top = frames_[depth_ - 1];
    const value_reader &object = *top.container.read;
    // Providers write their keys in the same order every time: try the member after the last
    // one found first.
    std::size_t found = object.member_count;
    for (std::size_t tried = 0, i = top.next; tried < object.member_count; ++tried, ++i) {
      if (i == object.member_count) i = 0;
      if (same(object.members[i].name, key)) {
        found = i;
        break;
      }
    }
    pending_ = {};
    bool ok = true;
    if (found < object.member_count) {
      const member_entry &member = object.members[found];
      const std::uint64_t bit = std::uint64_t{1} << found;
      pending_ = {member.read, member.at(top.container.target)};
      ok = (top.seen & bit) == 0;
      top.seen |= bit;
      top.next = found + 1;
    } else if (tagged_ && depth_ == 1 && same(key, "type")) {
      ok = !(tag_key_ && tag_seen_);
      tag_seen_ = true;
    } else if (strict_) {
      ok = false;
    }
    parts_.clear();
    return ok || refuse(ec);
  }

  bool on_string_part(boost::json::string_view s, std::size_t, boost::json::error_code &) {
    return part(s);
  }
  bool on_string(boost::json::string_view s, std::size_t, boost::json::error_code &ec) {
    const std::string_view text = whole(s);
    const bool ok = scalar(
        json_kind::string, ec,
        [&](slot at) { return at.read->string && at.read->string(at.target, text); },
        [&](boost::json::value_stack &raw) {
          raw.push_string({text.data(), text.size()});
        });
    parts_.clear();
    return ok;
  }
  bool on_int64(std::int64_t v, boost::json::string_view, boost::json::error_code &ec) {
    return scalar(
        json_kind::number, ec,
        [&](slot at) { return at.read->int64 && at.read->int64(at.target, v); },
        [&](boost::json::value_stack &raw) { raw.push_int64(v); });
  }
  bool on_uint64(std::uint64_t v, boost::json::string_view, boost::json::error_code &ec) {
    return scalar(
        json_kind::number, ec,
        [&](slot at) { return at.read->uint64 && at.read->uint64(at.target, v); },
        [&](boost::json::value_stack &raw) { raw.push_uint64(v); });
  }
  bool on_double(double v, boost::json::string_view, boost::json::error_code &ec) {
    return scalar(
        json_kind::number, ec,
        [&](slot at) { return at.read->number && at.read->number(at.target, v); },
        [&](boost::json::value_stack &raw) { raw.push_double(v); });
  }
  bool on_bool(bool v, boost::json::error_code &ec) {
    return scalar(
        json_kind::boolean, ec,
        [&](slot at) { return at.read->boolean && at.read->boolean(at.target, v); },
        [&](boost::json::value_stack &raw) { raw.push_bool(v); });
  }
  bool on_null(boost::json::error_code &ec) {
    // Only an optional (emptied on the way) or a raw value takes a null.
    return scalar(
        json_kind::null, ec, [](slot) { return false; },
        [](boost::json::value_stack &raw) { raw.push_null(); });
  }

private:
  // A struct or vector being filled; skipped and raw values need no frame.
  struct frame {
    slot container;
    std::uint64_t seen = 0; // a struct's members read; a vector's items
    std::size_t next = 0;   // a struct's member after the last one read
  };

  // Deeper typed nesting than this is left to the walker.
  static constexpr std::size_t max_frames = 32;
  static constexpr std::size_t kept_capacity = std::size_t{64} << 10;

  // A piece of a key or string the parser delivers in several: kept until its last piece.
  bool part(boost::json::string_view s) {
    if (skipped_ > 0) return true;
    if (raw_depth_ > 0) {
      raw_->push_chars(s);
    } else {
      parts_.append(s.data(), s.size());
    }
    return true;
  }

  // The whole key or string whose last piece is `s`.
  std::string_view whole(boost::json::string_view s) {
    if (parts_.empty()) return {s.data(), s.size()};
    parts_.append(s.data(), s.size());
    return parts_;
  }

  static bool refuse(boost::json::error_code &ec) {
    ec = boost::json::error::test_failure;
    return false;
  }

  // The slot the next value, of this kind, goes to, past any std::optional and to a variant's
  // alternative: none when the value is a null that emptied an optional, a slot without reader
  // when no member takes the value.
  std::optional<slot> next(json_kind kind) {
    slot at = pending_;
    pending_ = {};
    if (depth_ > 0 && frames_[depth_ - 1].container.read->item != nullptr) {
      frame &vector = frames_[depth_ - 1];
      at = vector.container.read->item(vector.container.target,
                                       static_cast<std::size_t>(vector.seen++));
    }
    while (at.read != nullptr && at.read->inner != nullptr) {
      if (kind == json_kind::null) {
        at.read->reset(at.target);
        return std::nullopt;
      }
      at = {at.read->inner, at.read->emplace(at.target)};
    }
    if (at.read != nullptr && at.read->choose != nullptr) at = at.read->choose(at.target, kind);
    return at;
  }

  // A scalar: skipped, pushed onto a raw value with `raw`, or given to `read` with its slot.
  template <typename Read, typename Raw>
  bool scalar(json_kind kind, boost::json::error_code &ec, Read read, Raw raw) {
    if (skipped_ > 0) return true;
    if (raw_depth_ > 0) {
      raw(*raw_);
      return true;
    }
    const std::optional<slot> at = next(kind);
    if (!at || at->read == nullptr) return true;
    if (start_raw(*at)) {
      raw(*raw_);
      finish_raw();
      return true;
    }
    return read(*at) || refuse(ec);
  }

  bool begin(bool array, boost::json::error_code &ec) {
    if (skipped_ > 0) {
      ++skipped_;
      return true;
    }
    if (raw_depth_ > 0) {
      ++raw_depth_;
      return true;
    }
    const std::optional<slot> at = next(array ? json_kind::array : json_kind::object);
    if (at->read == nullptr) {
      skipped_ = 1;
      return true;
    }
    if (start_raw(*at)) {
      raw_depth_ = 1;
      return true;
    }
    const bool fits = array ? at->read->item != nullptr : at->read->is_struct;
    if (!fits || depth_ == max_frames) return refuse(ec);
    frames_[depth_++] = {*at};
    return true;
  }

  bool end(bool array, std::size_t n, boost::json::error_code &ec) {
    if (skipped_ > 0) {
      --skipped_;
      return true;
    }
    if (raw_depth_ > 0) {
      if (array) {
        raw_->push_array(n);
      } else {
        raw_->push_object(n);
      }
      if (--raw_depth_ == 0) finish_raw();
      return true;
    }
    const frame &done = frames_[--depth_];
    const value_reader &read = *done.container.read;
    if (array) {
      read.resize(done.container.target, static_cast<std::size_t>(done.seen));
      return true;
    }
    if ((done.seen & read.required) != read.required) return refuse(ec);
    // What the previous payload left in members this one lacks: all optional, now empty.
    for (std::size_t i = 0; i < read.member_count; ++i) {
      if ((done.seen >> i & 1) == 0)
        read.members[i].read->reset(read.members[i].at(done.container.target));
    }
    return true;
  }

  // Starts reading a value whole when `at` takes it so; false for any other slot.
  bool start_raw(slot at) {
    if (at.read->raw == nullptr && at.read->whole == nullptr) return false;
    raw_text_ = at.read->raw ? at.read->raw(at.target) : nullptr;
    raw_value_ = at.read->whole ? at.read->whole(at.target) : nullptr;
    if (!raw_) raw_.emplace();
    if (!raw_nodes_) raw_nodes_.emplace();
    raw_->reset(raw_value_ ? raw_value_->storage() : boost::json::storage_ptr(&*raw_nodes_));
    return true;
  }

  void finish_raw() {
    if (raw_value_ != nullptr) {
      *raw_value_ = raw_->release();
    } else {
      write_raw(raw_->release(), *raw_text_);
    }
  }

  slot pending_;
  std::array<frame, max_frames> frames_{};
  std::size_t depth_ = 0;
  std::size_t skipped_ = 0;                 // depth inside a value no member takes
  std::size_t raw_depth_ = 0;               // depth inside a raw value
  raw_json *raw_text_ = nullptr;            // where a raw value's text goes
  boost::json::value *raw_value_ = nullptr; // or the value itself
  std::optional<boost::json::monotonic_resource> raw_nodes_;
  std::optional<boost::json::value_stack> raw_;
  std::string parts_; // a key or string the parser delivered in pieces
  bool strict_;
  bool tagged_;
  bool tag_key_;
  bool tag_seen_ = false;
};

} // namespace sse::detail

namespace sse::detail {

/**
 * The fast path's parser, one per thread and reused from payload to payload: made anew for
 * each, it took a tenth of a small payload's time. Made again when the options change.
 */
inline boost::json::basic_parser<typed_reader> &fast_parser(const decode_options &options) {
  struct kept {
    std::optional<boost::json::basic_parser<typed_reader>> parser;
    std::size_t max_depth = 0;
    bool valid_utf8 = false;
  };
  static thread_local kept made;
  if (!made.parser || made.max_depth != options.max_depth ||
      made.valid_utf8 != options.valid_utf8) {
    boost::json::parse_options parse;
    parse.max_depth = options.max_depth;
    parse.allow_invalid_utf8 = options.valid_utf8;
    made.parser.emplace(parse, slot{}, false, false, false);
    made.max_depth = options.max_depth;
    made.valid_utf8 = options.valid_utf8;
  }
  made.parser->reset();
  return *made.parser;
}

/**
 * Decodes `json` into `out`, which may hold an earlier payload, on the fast path; false leaves
 * the payload to the walker, and `out` unspecified. `tagged`, `tag_key`: see typed_reader.
 */
template <typename T>
bool read_fast(std::string_view json, T &out, const decode_options &options, bool tagged = false,
               bool tag_key = false) {
  boost::json::basic_parser<typed_reader> &parser = fast_parser(options);
  parser.handler().start(slot{&reader_of<T>, &out}, options.strict, tagged, tag_key);
  boost::json::error_code ec;
  // As boost::json::parse does, text after the value (other than whitespace) is an error.
  return parser.write_some(false, json.data(), json.size(), ec) == json.size() && !ec;
}

/**
 * The tag of a payload that begins `{"type":"name"`, as the providers write it; empty for any
 * other, which the walker then reads.
 */
std::string_view leading_type(std::string_view json);

/** decode_tagged's fast path: false leaves the payload to the walker. */
template <typename... Alternatives>
bool read_tagged_fast(std::string_view event_name, std::string_view json,
                      const decode_options &options, tagged<Alternatives...> &out) {
  constexpr std::size_t none = sizeof...(Alternatives);
  const auto find = [](std::string_view tag) {
    std::size_t at = 0;
    ((claims_tag<Alternatives>(tag) || (++at, false)) || ...);
    return at;
  };
  std::size_t index = find(event_name);
  const bool named = index != none;
  const std::string_view tag = named ? event_name : leading_type(json);
  if (!named) index = find(tag);
  if (index == none) return false;
  bool ok = false;
  std::size_t at = 0;
  const auto take = [&](auto *type) {
    if (at++ != index) return false;
    using T = std::remove_pointer_t<decltype(type)>;
    if (!std::holds_alternative<T>(out.value)) out.value.template emplace<T>();
    ok = read_fast(json, std::get<T>(out.value), options, true, !named);
    return true;
  };
  (take(static_cast<Alternatives *>(nullptr)) || ...);
  if (ok) out.tag.assign(tag);
  return ok;
}

} // namespace sse::detail
