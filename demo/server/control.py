"""What a test or the page can do to a running stream, and the faults a query injects.

Every streaming endpoint passes its events through `body()`, which takes:
  tag          a name to ask about the stream by: how it ended, and to cut it
  gate         hold each event after the first until `release(gate)` (tests use it to see the
               page show event N before the server sends event N+1)
  drop_after   close the connection, without ending the response, after this many bytes
  stall        seconds of silence after the first event
  invalid_utf8 put bytes that are not UTF-8 into the first event's data
"""

import asyncio
from typing import AsyncIterator, Dict, Optional, Set


class Dropped(Exception):
    """Raised in a response body: the server closes the connection mid-response."""


outcomes: Dict[str, str] = {}  # tag -> running | completed | disconnected | dropped
_gates: Dict[str, asyncio.Semaphore] = {}
_cuts: Set[str] = set()


def _gate(name: str) -> asyncio.Semaphore:
    return _gates.setdefault(name, asyncio.Semaphore(0))


def release(name: str) -> None:
    _gate(name).release()


def cut(tag: str) -> None:
    """The stream tagged so drops its connection before its next event."""
    _cuts.add(tag)


def _spoil(data: bytes) -> bytes:
    """The first data value gets a byte that can start no UTF-8 sequence in its middle."""
    at = data.find(b"data: ")
    if at < 0:
        return data
    middle = at + 6 + max(1, (data.find(b"\n", at) - at - 6) // 2)
    return data[:middle] + b"\xff" + data[middle:]


async def body(
    events: AsyncIterator[str],
    *,
    tag: Optional[str] = None,
    gate: Optional[str] = None,
    drop_after: Optional[int] = None,
    stall: float = 0,
    invalid_utf8: bool = False,
) -> AsyncIterator[bytes]:
    sent = 0
    first = True
    if tag:
        outcomes[tag] = "running"
        _cuts.discard(tag)
    try:
        async for text in events:
            if not first and gate:
                await _gate(gate).acquire()
            if tag in _cuts:
                _cuts.discard(tag)
                raise Dropped(f"cut {tag}")
            data = text.encode()
            if first and invalid_utf8:
                data = _spoil(data)
            if drop_after is not None and sent + len(data) > drop_after:
                yield data[: drop_after - sent]
                raise Dropped(f"dropped after {drop_after} bytes")
            yield data
            sent += len(data)
            if first and stall:
                await asyncio.sleep(stall)
            first = False
        if tag:
            outcomes[tag] = "completed"
    except Dropped:
        if tag:
            outcomes[tag] = "dropped"
        raise
    except (asyncio.CancelledError, GeneratorExit):
        if tag:
            outcomes[tag] = "disconnected"
        raise
