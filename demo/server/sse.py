"""A small Server-Sent Events encoder: events and comments as text, and the response that
streams them. Each seed's server writes its own wire format with it."""

import asyncio
import re
from typing import AsyncIterator, Optional

from fastapi.responses import StreamingResponse

HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def event(
    data: str,
    *,
    event: Optional[str] = None,
    id: Optional[str] = None,
    retry: Optional[int] = None,
    newline: str = "\n",
) -> str:
    """One event; each line of `data` is a `data:` line of its own."""
    lines = []
    if event is not None:
        lines.append(f"event: {event}")
    lines.extend(f"data: {line}" for line in _LINE_BREAK.split(data))
    if id is not None:
        lines.append(f"id: {id}")
    if retry is not None:
        lines.append(f"retry: {retry}")
    return newline.join(lines) + newline + newline


def comment(text: str, newline: str = "\n") -> str:
    return f": {text}{newline}{newline}"


async def keepalive(events: AsyncIterator[str], every: float) -> AsyncIterator[str]:
    """Passes `events` on, with a `: ping` comment after each `every` seconds of silence."""
    iterator = events.__aiter__()
    pending = asyncio.ensure_future(iterator.__anext__())
    try:
        while True:
            done, _ = await asyncio.wait({pending}, timeout=every)
            if not done:
                yield comment("ping")
                continue
            try:
                yield pending.result()
            except StopAsyncIteration:
                return
            pending = asyncio.ensure_future(iterator.__anext__())
    finally:
        pending.cancel()


def response(body: AsyncIterator[bytes]) -> StreamingResponse:
    return StreamingResponse(body, media_type="text/event-stream", headers=HEADERS)
