"""A simulated model, so that the demo needs no download: it answers what it was asked, one
word per event, and calls the weather tool when it is offered one and asked about the
weather. It writes the chunks of OpenAI's Chat Completions stream and the events of
Anthropic's Messages stream exactly as the providers document them."""

import json
import re
import time
from typing import Iterator, Optional, Tuple


def _last_user_text(messages) -> str:
    for message in reversed(messages or []):
        if message.get("role") != "user":
            continue
        content = message.get("content")
        if isinstance(content, str):
            return content
        return " ".join(part.get("text", "") for part in content or [] if isinstance(part, dict))
    return ""


def _tool(body) -> Optional[str]:
    """The tool the model calls: the first one offered, when asked about the weather."""
    text = _last_user_text(body.get("messages")).lower()
    tools = body.get("tools") or []
    if "weather" not in text or not tools:
        return None
    tool = tools[0]
    return (tool.get("function") or tool).get("name")


def _arguments(body) -> str:
    found = re.search(r"\bin ([A-Z][\w-]*(?: [A-Z][\w-]*)*)", _last_user_text(body.get("messages")))
    return json.dumps({"city": found.group(1) if found else "Paris", "unit": "celsius"})


def _words(text: str):
    return re.findall(r"\s*\S+", text)


def _answer(body) -> str:
    question = _last_user_text(body.get("messages")).strip() or "nothing"
    return f"You asked: “{question}”. This answer streams one word per event — café, 日本語, 🎉 included."


def _pieces(text: str, size: int = 7):
    return [text[i : i + size] for i in range(0, len(text), size)]


def openai_chunks(body) -> Iterator[dict]:
    base = {
        "id": "chatcmpl-demo",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model") or "demo-1",
        "system_fingerprint": "fp_demo",
    }

    def chunk(delta, finish=None):
        return {**base, "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}

    yield chunk({"role": "assistant", "content": ""})
    tool = _tool(body)
    completion = 0
    if tool:
        # As models often do, a sentence before the call.
        for word in _words("Let me look that up."):
            completion += 1
            yield chunk({"content": word})
        yield chunk({"tool_calls": [{"index": 0, "id": "call_demo", "type": "function", "function": {"name": tool, "arguments": ""}}]})
        for piece in _pieces(_arguments(body)):
            completion += 1
            yield chunk({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]})
        finish = "tool_calls"
    else:
        for word in _words(_answer(body)):
            completion += 1
            yield chunk({"content": word})
        finish = "stop"
    yield chunk({}, finish)
    if (body.get("stream_options") or {}).get("include_usage"):
        prompt = len(_words(_last_user_text(body.get("messages"))))
        yield {**base, "choices": [], "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}}


def anthropic_events(body, overloaded_after: Optional[int] = None) -> Iterator[Tuple[str, dict]]:
    """(event name, payload) pairs; with `overloaded_after`, an `overloaded_error` after that
    many text deltas ends the stream, as Anthropic's API does under load after HTTP 200."""
    prompt = len(_words(_last_user_text(body.get("messages"))))
    yield "message_start", {
        "type": "message_start",
        "message": {
            "id": "msg_demo",
            "type": "message",
            "role": "assistant",
            "content": [],
            "model": body.get("model") or "demo-1",
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": prompt, "output_tokens": 1},
        },
    }
    yield "content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}
    yield "ping", {"type": "ping"}
    words = _words(_answer(body))
    for i, word in enumerate(words):
        if overloaded_after is not None and i == overloaded_after:
            yield "error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
            return
        yield "content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": word}}
    yield "content_block_stop", {"type": "content_block_stop", "index": 0}
    tool = _tool(body)
    if tool:
        block = {"type": "tool_use", "id": "toolu_demo", "name": tool, "input": {}}
        yield "content_block_start", {"type": "content_block_start", "index": 1, "content_block": block}
        for piece in _pieces(_arguments(body)):
            delta = {"type": "input_json_delta", "partial_json": piece}
            yield "content_block_delta", {"type": "content_block_delta", "index": 1, "delta": delta}
        yield "content_block_stop", {"type": "content_block_stop", "index": 1}
    yield "message_delta", {
        "type": "message_delta",
        "delta": {"stop_reason": "tool_use" if tool else "end_turn", "stop_sequence": None},
        "usage": {"output_tokens": len(words)},
    }
    yield "message_stop", {"type": "message_stop"}


def _as_chat(messages, parts_key: str, tools) -> dict:
    """A Gemini or AI SDK request as the chat body the model reads: its messages' text parts,
    and the tools it offers."""
    return {
        "messages": [{"role": "user" if m.get("role") == "user" else "assistant", "content": m.get(parts_key) or []} for m in messages or []],
        "tools": tools,
    }


def gemini_responses(body) -> Iterator[dict]:
    """Whole GenerateContentResponses, one per word, as Gemini's `streamGenerateContent?alt=sse`
    streams them: usage as running totals, the last candidate with its finishReason, and a whole
    function call (no id, as the Gemini API sends none) when a function is offered."""
    declarations = [d for tool in body.get("tools") or [] for d in tool.get("functionDeclarations") or []]
    chat = _as_chat(body.get("contents"), "parts", [{"name": d.get("name")} for d in declarations])
    prompt = len(_words(_last_user_text(chat["messages"])))
    model = body.get("model") or "demo-1"
    tool = _tool(chat)
    words = _words("Let me look that up." if tool else _answer(chat))

    def response(parts, count, finish=None):
        candidate = {"content": {"parts": parts, "role": "model"}, "index": 0}
        if finish:
            candidate["finishReason"] = finish
        usage = {"promptTokenCount": prompt, "candidatesTokenCount": count, "totalTokenCount": prompt + count}
        return {"candidates": [candidate], "usageMetadata": usage, "modelVersion": model, "responseId": "demo-response"}

    for i, word in enumerate(words):
        last = i == len(words) - 1 and not tool
        yield response([{"text": word}], i + 1, "STOP" if last else None)
    if tool:
        call = {"functionCall": {"name": tool, "args": json.loads(_arguments(chat))}}
        yield response([call], len(words) + 1, "STOP")


def ai_ui_chunks(body) -> Iterator[dict]:
    """The chunks of the AI SDK's UI message stream for one answer: a step of text, or, when
    the weather is asked with tools on, a step with the weather tool's call and result and a
    step of text."""
    chat = _as_chat(body.get("messages"), "parts", [{"name": "weather"}] if body.get("tools") else [])
    tool = _tool(chat)
    yield {"type": "start", "messageId": "msg-demo"}
    if tool:
        yield {"type": "start-step"}
        yield {"type": "tool-input-start", "toolCallId": "call-demo", "toolName": tool}
        arguments = _arguments(chat)
        for piece in _pieces(arguments):
            yield {"type": "tool-input-delta", "toolCallId": "call-demo", "inputTextDelta": piece}
        yield {"type": "tool-input-available", "toolCallId": "call-demo", "toolName": tool, "input": json.loads(arguments)}
        yield {"type": "tool-output-available", "toolCallId": "call-demo", "output": {"celsius": 21, "sky": "clear"}}
        yield {"type": "finish-step"}
    yield {"type": "start-step"}
    yield {"type": "text-start", "id": "text-demo"}
    text = "It is 21 °C and clear." if tool else _answer(chat)
    for word in _words(text):
        yield {"type": "text-delta", "id": "text-demo", "delta": word}
    yield {"type": "text-end", "id": "text-demo"}
    yield {"type": "finish-step"}
    yield {"type": "finish", "finishReason": "stop"}
