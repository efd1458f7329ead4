#include "sse/llm.hpp"

namespace sse::llm {

namespace {

void append(std::optional<std::string> &to, const std::string &piece) {
  if (!to) to.emplace();
  *to += piece;
}

// The tool call that `key` names, made when its first piece arrives.
template <typename Key>
tool_call &call_for(message &m, std::map<Key, std::size_t> &calls, const Key &key) {
  const auto [at, added] = calls.try_emplace(key, m.tool_calls.size());
  if (added) m.tool_calls.emplace_back();
  return m.tool_calls[at->second];
}

} // namespace

void openai_chat_accumulator::add(const schemas::openai_chat::chunk &chunk) {
  using schemas::openai_chat::code_of;
  if (chunk.error) message_.error = in_band_error{code_of(*chunk.error), chunk.error->message};
  if (chunk.usage) {
    message_.usage.input_tokens = chunk.usage->prompt_tokens;
    message_.usage.output_tokens = chunk.usage->completion_tokens;
  }
  for (const auto &choice : chunk.choices) {
    if (choice.index != 0) continue;
    const auto &delta = choice.delta;
    if (delta.content) add_content(*delta.content);
    if (delta.refusal) append(message_.refusal, *delta.refusal);
    if (delta.reasoning) append(message_.thinking, *delta.reasoning);
    if (delta.reasoning_content) append(message_.thinking, *delta.reasoning_content);
    if (delta.tool_calls) {
      for (const auto &piece : *delta.tool_calls) {
        tool_call &call = call_for(message_, calls_, piece.index);
        if (piece.id) call.id = *piece.id;
        if (piece.function && piece.function->name) call.name += *piece.function->name;
        if (piece.function && piece.function->arguments)
          call.arguments += *piece.function->arguments;
      }
    }
    if (choice.finish_reason) message_.stop_reason = choice.finish_reason;
  }
}

void openai_chat_accumulator::add_content(const schemas::openai_chat::delta_content &content) {
  if (const auto *text = std::get_if<std::string>(&content)) {
    message_.text += *text;
    return;
  }
  for (const auto &chunk : std::get<std::vector<schemas::openai_chat::content_chunk>>(content)) {
    if (chunk.type == "text" && chunk.text) {
      message_.text += *chunk.text;
    } else if (chunk.type == "thinking" && chunk.thinking) {
      for (const auto &piece : *chunk.thinking) {
        if (piece.type == "text" && piece.text) append(message_.thinking, *piece.text);
      }
    }
  }
}

void anthropic_accumulator::add(const schemas::anthropic::event &event) {
  namespace a = schemas::anthropic;
  if (const auto *start = event.get<a::message_start>()) {
    if (const auto &usage = start->message.usage) {
      if (usage->input_tokens) message_.usage.input_tokens = usage->input_tokens;
      if (usage->output_tokens) message_.usage.output_tokens = usage->output_tokens;
    }
  } else if (const auto *block = event.get<a::content_block_start>()) {
    const a::block &b = block->content_block;
    if (b.type == "tool_use") {
      tool_call &call = call_for(message_, calls_, block->index);
      call.id = b.id;
      call.name = b.name.value_or("");
      if (b.input) inputs_[block->index] = b.input->text;
    } else if (b.text && !b.text->empty()) {
      message_.text += *b.text;
    } else if (b.thinking && !b.thinking->empty()) {
      append(message_.thinking, *b.thinking);
    }
  } else if (const auto *piece = event.get<a::content_block_delta>()) {
    const a::block_delta &d = piece->delta;
    if (d.type == "text_delta" && d.text) {
      message_.text += *d.text;
    } else if (d.type == "input_json_delta" && d.partial_json) {
      // Only a tool_use block is the caller's call; the input of the provider's own tools
      // (server_tool_use, mcp_tool_use) streams the same way.
      if (const auto call = calls_.find(piece->index); call != calls_.end())
        message_.tool_calls[call->second].arguments += *d.partial_json;
    } else if (d.type == "thinking_delta" && d.thinking) {
      append(message_.thinking, *d.thinking);
    }
  } else if (const auto *stop = event.get<a::content_block_stop>()) {
    // A tool call whose input came whole at its start, with no delta, keeps that input.
    const auto call = calls_.find(stop->index);
    const auto input = inputs_.find(stop->index);
    if (call != calls_.end() && input != inputs_.end() &&
        message_.tool_calls[call->second].arguments.empty())
      message_.tool_calls[call->second].arguments = input->second;
  } else if (const auto *delta = event.get<a::message_delta>()) {
    if (delta->delta.stop_reason) message_.stop_reason = delta->delta.stop_reason;
    // Running totals, input included when the server counted more (its own tools' calls).
    if (delta->usage && delta->usage->input_tokens)
      message_.usage.input_tokens = delta->usage->input_tokens;
    if (delta->usage && delta->usage->output_tokens)
      message_.usage.output_tokens = delta->usage->output_tokens;
  } else if (const auto *failure = event.get<a::error_event>()) {
    message_.error = in_band_error{failure->error.type, failure->error.message};
  }
}

void openai_responses_accumulator::add(const schemas::openai_responses::event &event) {
  namespace r = schemas::openai_responses;
  const auto finish = [this](const r::response_event &e) {
    if (e.response.status) message_.stop_reason = e.response.status;
    if (const auto &usage = e.response.usage) {
      if (usage->input_tokens) message_.usage.input_tokens = usage->input_tokens;
      if (usage->output_tokens) message_.usage.output_tokens = usage->output_tokens;
    }
    if (const auto &failure = e.response.error) {
      message_.error = in_band_error{failure->code.value_or(""), failure->message.value_or("")};
    }
  };
  if (const auto *added = event.get<r::output_item_added>()) {
    const r::output_item &item = added->item;
    // Custom tools take free-form text; it is the call's arguments, as a function's JSON is.
    if ((item.type == "function_call" || item.type == "custom_tool_call") && item.id) {
      tool_call &call = call_for(message_, calls_, *item.id);
      call.id = item.call_id;
      call.name = item.name.value_or("");
      if (item.arguments) call.arguments = *item.arguments;
      if (item.input) call.arguments = *item.input;
    }
  } else if (const auto *text = event.get<r::output_text_delta>()) {
    message_.text += text->delta;
  } else if (const auto *refusal = event.get<r::refusal_delta>()) {
    append(message_.refusal, refusal->delta);
  } else if (const auto *summary = event.get<r::reasoning_summary_text_delta>()) {
    append(message_.thinking, summary->delta);
  } else if (const auto *reasoning = event.get<r::reasoning_text_delta>()) {
    append(message_.thinking, reasoning->delta);
  } else if (const auto *arguments = event.get<r::function_call_arguments_delta>()) {
    call_for(message_, calls_, arguments->item_id).arguments += arguments->delta;
  } else if (const auto *done = event.get<r::function_call_arguments_done>()) {
    call_for(message_, calls_, done->item_id).arguments = done->arguments;
  } else if (const auto *input = event.get<r::custom_tool_call_input_delta>()) {
    call_for(message_, calls_, input->item_id).arguments += input->delta;
  } else if (const auto *whole = event.get<r::custom_tool_call_input_done>()) {
    call_for(message_, calls_, whole->item_id).arguments = whole->input;
  } else if (const auto *completed = event.get<r::response_completed>()) {
    finish(*completed);
  } else if (const auto *failed = event.get<r::response_failed>()) {
    finish(*failed);
  } else if (const auto *incomplete = event.get<r::response_incomplete>()) {
    finish(*incomplete);
  } else if (const auto *failure = event.get<r::error_event>()) {
    message_.error = in_band_error{failure->code_or(""), failure->text()};
  }
}

void gemini_accumulator::add(const schemas::gemini::response &response) {
  if (const auto &failure = response.error) {
    message_.error = in_band_error{schemas::gemini::code_of(*failure), failure->message};
  }
  // Running totals: the last ones are the message's. Output counts the thinking too, as the
  // other providers' output tokens do.
  if (const auto &usage = response.usageMetadata) {
    message_.usage.input_tokens = usage->promptTokenCount;
    message_.usage.output_tokens =
        usage->candidatesTokenCount.value_or(0) + usage->thoughtsTokenCount.value_or(0);
  }
  if (const auto &feedback = response.promptFeedback; feedback && feedback->blockReason) {
    message_.stop_reason = feedback->blockReason;
    finished_ = true;
  }
  if (!response.candidates) return;
  for (const auto &candidate : *response.candidates) {
    if (candidate.index.value_or(0) != 0) continue;
    if (candidate.content && candidate.content->parts) {
      for (const auto &p : *candidate.content->parts) {
        if (p.text && p.thought.value_or(false)) {
          append(message_.thinking, *p.text);
        } else if (p.text) {
          message_.text += *p.text;
        }
        if (const auto &call = p.functionCall) {
          message_.tool_calls.push_back(
              {call->id, call->name, call->args ? call->args->text : std::string("{}")});
        }
      }
    }
    if (candidate.finishReason) {
      message_.stop_reason = candidate.finishReason;
      finished_ = true;
    }
  }
}

void ai_ui_accumulator::parts::append(const std::string &id, std::string_view piece,
                                      std::string &joined) {
  auto found = list.end();
  for (auto at = list.begin(); at != list.end(); ++at) {
    if (at->first == id) found = at;
  }
  if (found == list.end()) found = list.emplace(list.end(), id, std::string());
  found->second += piece;
  // Parts streaming at once are rare: only then is the whole text joined again.
  if (found + 1 == list.end()) {
    joined += piece;
  } else if (!piece.empty()) {
    joined.clear();
    for (const auto &part : list) joined += part.second;
  }
}

void ai_ui_accumulator::parts::truncate(std::size_t size, std::string &joined) {
  if (size >= list.size()) return;
  list.resize(size);
  joined.clear();
  for (const auto &part : list) joined += part.second;
}

void ai_ui_accumulator::reset() {
  message_ = {};
  texts_ = {};
  reasonings_ = {};
  calls_.clear();
  step_ = {};
}

tool_call *ai_ui_accumulator::call(const std::string &id) {
  const auto found = calls_.find(id);
  return found == calls_.end() ? nullptr : &message_.tool_calls[found->second];
}

tool_call &ai_ui_accumulator::add_call(const std::string &id, const std::string &name) {
  tool_call &made = call_for(message_, calls_, id);
  made.id = id;
  made.name = name;
  return made;
}

void ai_ui_accumulator::add(const schemas::ai_ui::chunk &chunk) {
  namespace u = schemas::ai_ui;
  last_text_ = {};
  if (const auto *delta = chunk.get<u::text_delta>()) {
    texts_.append(delta->id, delta->delta, message_.text);
    last_text_ = delta->delta;
  } else if (const auto *start = chunk.get<u::text_start>()) {
    texts_.append(start->id, {}, message_.text);
  } else if (const auto *reasoning = chunk.get<u::reasoning_delta>()) {
    if (!message_.thinking) message_.thinking.emplace();
    reasonings_.append(reasoning->id, reasoning->delta, *message_.thinking);
  } else if (const auto *opened = chunk.get<u::reasoning_start>()) {
    if (!message_.thinking) message_.thinking.emplace();
    reasonings_.append(opened->id, {}, *message_.thinking);
  } else if (const auto *begun = chunk.get<u::tool_input_start>()) {
    if (!begun->providerExecuted.value_or(false)) add_call(begun->toolCallId, begun->toolName);
  } else if (const auto *piece = chunk.get<u::tool_input_delta>()) {
    if (tool_call *c = call(piece->toolCallId)) c->arguments += piece->inputTextDelta;
  } else if (const auto *input = chunk.get<u::tool_input_available>()) {
    if (!input->providerExecuted.value_or(false))
      add_call(input->toolCallId, input->toolName).arguments = input->input.text;
  } else if (const auto *refused = chunk.get<u::tool_input_error>()) {
    if (!refused->providerExecuted.value_or(false))
      add_call(refused->toolCallId, refused->toolName).arguments = refused->input.text;
  } else if (chunk.get<u::start_step>()) {
    step_ = {texts_.list.size(), reasonings_.list.size(), message_.tool_calls.size()};
  } else if (chunk.get<u::reset_step>()) {
    texts_.truncate(step_.texts, message_.text);
    if (message_.thinking) reasonings_.truncate(step_.reasonings, *message_.thinking);
    if (reasonings_.list.empty()) message_.thinking.reset();
    message_.tool_calls.resize(step_.calls);
    for (auto at = calls_.begin(); at != calls_.end();) {
      at = at->second >= step_.calls ? calls_.erase(at) : std::next(at);
    }
  } else if (const auto *begin = chunk.get<u::start>()) {
    if (begin->messageId) {
      if (message_id_ && *message_id_ != *begin->messageId) reset();
      message_id_ = begin->messageId;
    }
  } else if (const auto *end = chunk.get<u::finish>()) {
    if (end->finishReason) message_.stop_reason = end->finishReason;
  } else if (const auto *failure = chunk.get<u::error_chunk>()) {
    message_.error = in_band_error{"error", failure->errorText};
  }
}

} // namespace sse::llm
