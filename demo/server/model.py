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
