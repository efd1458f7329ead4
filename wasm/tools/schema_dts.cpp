// Writes the TypeScript declarations of the built-in schemas from their Boost.Describe
// descriptions, so that the C++ structs, the JavaScript objects made from them and the types
// cannot drift: `schema_dts --write js/schemas.d.ts` regenerates the committed file, and
// `schema_dts --check js/schemas.d.ts` (a ctest) fails when it is out of date.
//
// The mapping is the one the JavaScript walker follows: members keep their JSON names, an
// empty std::optional is an absent key, a vector is an array, raw JSON is the parsed value,
// an enum is its names, and an alternative of a tagged union carries its tag as `type`.

#include "sse/schemas/ai_ui.hpp"
#include "sse/schemas/anthropic.hpp"
#include "sse/schemas/gemini.hpp"
#include "sse/schemas/openai_chat.hpp"
#include "sse/schemas/openai_responses.hpp"

#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <typeindex>

namespace {

using sse::detail::is_optional;
using sse::detail::is_vector;

class writer {
public:
  /** Declares `T` under `name`; later references to `T` use the name. */
  template <typename T> void declare(const std::string &name, const std::string &doc) {
    names_[typeid(T)] = name;
    out_ << "\n/** " << doc << " */\n";
    if constexpr (sse::is_tagged<T>::value) {
      out_ << "export type " << name << " =" << alternatives(static_cast<T *>(nullptr)) << ";\n";
    } else {
      out_ << "export interface " << name << " " << members<T>("") << "\n";
    }
  }

  std::string text() const { return out_.str(); }

private:
  template <typename T> std::string type() {
    if constexpr (std::is_same_v<T, bool>) {
      return "boolean";
    } else if constexpr (std::is_arithmetic_v<T>) {
      return "number";
    } else if constexpr (std::is_same_v<T, std::string>) {
      return "string";
    } else if constexpr (std::is_same_v<T, sse::raw_json>) {
      return "unknown";
    } else if constexpr (is_vector<T>::value) {
      return type<typename T::value_type>() + "[]";
    } else if constexpr (sse::detail::is_variant<T>::value) {
      return one_of(static_cast<T *>(nullptr));
    } else if constexpr (boost::describe::has_describe_enumerators<T>::value) {
      std::string names;
      boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
        names += names.empty() ? "" : " | ";
        names += std::string("'") + e.name + "'";
      });
      return "(" + names + ")";
    } else {
      const auto named = names_.find(typeid(T));
      return named != names_.end() ? named->second : members<T>("");
    }
  }

  template <typename T> std::string members(const std::string &first) {
    using all = boost::describe::describe_members<T, boost::describe::mod_public |
                                                         boost::describe::mod_inherited>;
    std::string body = "{" + first;
    boost::mp11::mp_for_each<all>([&](auto member) {
      using M =
          std::remove_cv_t<std::remove_reference_t<decltype(std::declval<T &>().*member.pointer)>>;
      body += body.size() > 1 ? "; " : " ";
      if constexpr (is_optional<M>::value) {
        body += std::string(member.name) + "?: " + type<typename M::value_type>();
      } else {
        body += std::string(member.name) + ": " + type<M>();
      }
    });
    return body + (body.size() > 1 ? " }" : "}");
  }

  template <typename A> static std::string tag_type() {
    if constexpr (sse::detail::has_tag_prefix<A>::value) {
      return "`" + std::string(A::tag) + "${string}`";
    } else {
      return "'" + std::string(A::tag) + "'";
    }
  }

  template <typename... A> std::string one_of(std::variant<A...> *) {
    std::string text;
    ((text += (text.empty() ? "(" : " | ") + type<A>()), ...);
    return text + ")";
  }

  template <typename... A> std::string alternatives(sse::tagged<A...> *) {
    std::string text;
    ((text += "\n  | " + members<A>(" type: " + tag_type<A>())), ...);
    return text;
  }

  std::map<std::type_index, std::string> names_;
  std::ostringstream out_;
};

std::string declarations() {
  namespace chat = sse::schemas::openai_chat;
  namespace responses = sse::schemas::openai_responses;
  namespace anthropic = sse::schemas::anthropic;
  namespace gemini = sse::schemas::gemini;
  writer w;
  w.declare<chat::tool_call_delta>("OpenAIChatToolCallDelta",
                                   "A piece of a tool call; `index` says which.");
  w.declare<chat::chunk>(
      "OpenAIChatChunk",
      "OpenAI Chat Completions: the data of each event, a chat.completion.chunk.");
  w.declare<responses::response_info>(
      "OpenAIResponse", "OpenAI Responses: the response as its lifecycle events carry it.");
  w.declare<responses::output_item>("OpenAIResponseItem", "OpenAI Responses: an output item.");
  w.declare<responses::event>("OpenAIResponsesEvent",
                              "OpenAI Responses: the stream's events, by `type`.");
  w.declare<anthropic::token_usage>("AnthropicUsage", "Anthropic: token counts.");
  w.declare<anthropic::block>("AnthropicContentBlock", "Anthropic: a content block as it starts.");
  w.declare<anthropic::block_delta>("AnthropicBlockDelta",
                                    "Anthropic: a piece of a content block.");
  w.declare<anthropic::event>("AnthropicEvent",
                              "Anthropic Messages: the stream's events, by `type`.");
  w.declare<gemini::part>("GeminiPart", "Gemini: a part of a candidate's content.");
  w.declare<gemini::candidate>("GeminiCandidate", "Gemini: a candidate answer.");
  w.declare<gemini::usage_metadata>("GeminiUsage", "Gemini: token counts so far (running totals).");
  w.declare<gemini::response>(
      "GeminiResponse", "Google Gemini: the data of each event, a whole GenerateContentResponse.");
  w.declare<sse::schemas::ai_ui::chunk>(
      "AiUiChunk", "The Vercel AI SDK's UI message stream: each event's chunk, by `type`.");
  return "// Generated by wasm/tools/schema_dts.cpp from the schemas' Boost.Describe "
         "descriptions;\n"
         "// regenerate with `npm run schemas`, never edit by hand.\n" +
         w.text();
}

} // namespace

int main(int argc, char **argv) {
  const std::string mode = argc == 3 ? argv[1] : "";
  if (mode != "--write" && mode != "--check") {
    std::cerr << "usage: schema_dts --write|--check FILE\n";
    return 2;
  }
  const std::string expected = declarations();
  if (mode == "--write") {
    std::ofstream(argv[2], std::ios::binary) << expected;
    return 0;
  }
  std::ifstream in(argv[2], std::ios::binary);
  const std::string committed{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (committed == expected) return 0;
  std::cerr << argv[2] << " is out of date with the schemas; run `npm run schemas`.\n";
  return 1;
}
