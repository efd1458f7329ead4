"""A small Server-Sent Events encoder: events and comments as text, and the response that
streams them. Each seed's server writes its own wire format with it."""

import asyncio
import re
import zlib
from typing import AsyncIterator, Optional

from fastapi.responses import Response, StreamingResponse

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


def response(body: AsyncIterator[bytes], headers: Optional[dict] = None) -> StreamingResponse:
    return StreamingResponse(body, media_type="text/event-stream", headers={**HEADERS, **(headers or {})})


_ID_LINE = re.compile(r"^id:[^\r\n]*(\r\n|\r|\n)", re.MULTILINE)


def without_ids(text: str) -> str:
    return _ID_LINE.sub("", text)


async def blocks(body: AsyncIterator[bytes], size: int) -> AsyncIterator[bytes]:
    """The body held back and written in blocks of `size` bytes, as a buffering proxy does."""
    held = b""
    async for data in body:
        held += data
        while len(held) >= size:
            yield held[:size]
            held = held[size:]
    if held:
        yield held


async def gzipped(body: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """The body gzip-compressed, flushed after each write so that events still stream."""
    compressor = zlib.compressobj(wbits=31)
    async for data in body:
        yield compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)
    yield compressor.flush()


class Whole(Response):
    """The body held back until its end, then sent at once: with its Content-Length when asked."""

    def __init__(self, body: AsyncIterator[bytes], headers: dict, with_length: bool):
        super().__init__(media_type="text/event-stream")
        self._parts = body
        self._headers = {**HEADERS, **headers, "Content-Type": "text/event-stream"}
        self._with_length = with_length

    async def __call__(self, scope, receive, send):
        data = b"".join([part async for part in self._parts])
        headers = dict(self._headers)
        if self._with_length:
            headers["Content-Length"] = str(len(data))
        raw = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
        await send({"type": "http.response.start", "status": 200, "headers": raw})
        await send({"type": "http.response.body", "body": data})
