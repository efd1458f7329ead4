"""The demo server: each seed's FastAPI SSE server, in its own wire format, LLM-shaped
endpoints with a simulated model, the demo page and the package it imports. 127.0.0.1 only.

Every endless or slow stream takes `?count=` and `?interval=` so that tests can bound it, and
every stream takes the fault and control parameters of control.py."""

import asyncio
import json
import mimetypes
from pathlib import Path
from typing import AsyncIterator, Optional

from fastapi import Body, Depends, FastAPI, Header, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from . import control, sse
from .model import ai_ui_chunks, anthropic_events, gemini_responses, openai_chunks

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "demo" / "web"
# The page's policy: scripts from this origin only, WebAssembly compiled from bytes allowed,
# nothing evaluated. The package must work under it.
CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"

mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".js")

app = FastAPI(title="sse-wasm demo", docs_url=None, redoc_url=None)


class Faults:
    """The fault and control parameters every stream takes. Besides control.py's, the server
    mistakes `sse-wasm doctor` finds (README, "sse-wasm doctor"): `gzip=1` compresses the body,
    `buffer=BYTES` holds it back in blocks of that size, `buffer_all=1` until its end,
    `content_length=1` sends it whole with its length, `no_ids=1` drops the `id:` lines,
    `ignore_last_event_id=1` starts over on a resumption, `bad_retry=1` writes a `retry:` that is
    not a number, and `cut_mid_event=1` ends the body inside a last event."""

    def __init__(
        self,
        tag: Optional[str] = None,
        gate: Optional[str] = None,
        drop_after: Optional[int] = Query(None, ge=0),
        stall: float = Query(0, ge=0, le=600),
        invalid_utf8: bool = False,
        ping: float = Query(15, gt=0, le=600),
        gzip: bool = False,
        buffer: Optional[int] = Query(None, ge=1),
        buffer_all: bool = False,
        content_length: bool = False,
        no_ids: bool = False,
        ignore_last_event_id: bool = False,
        bad_retry: bool = False,
        cut_mid_event: bool = False,
    ):
        self.options = dict(tag=tag, gate=gate, drop_after=drop_after, stall=stall, invalid_utf8=invalid_utf8)
        self.ping = ping
        self.gzip = gzip
        self.buffer = buffer
        self.buffer_all = buffer_all or content_length
        self.content_length = content_length
        self.no_ids = no_ids
        self.ignore_last_event_id = ignore_last_event_id
        self.bad_retry = bad_retry
        self.cut_mid_event = cut_mid_event

    def stream(self, events: AsyncIterator[str], *, keepalive: bool = False):
        events = self._wire(events)
        if keepalive:
            events = sse.keepalive(events, self.ping)
        body = control.body(events, **self.options)
        if self.buffer is not None:
            body = sse.blocks(body, self.buffer)
        headers = {}
        if self.gzip:
            body = sse.gzipped(body)
            headers["Content-Encoding"] = "gzip"
        if self.buffer_all:
            return sse.Whole(body, headers, self.content_length)
        return sse.response(body, headers)

    async def _wire(self, events: AsyncIterator[str]) -> AsyncIterator[str]:
        if self.bad_retry:
            yield "retry: soon\n\n"
        async for text in events:
            yield sse.without_ids(text) if self.no_ids else text
        if self.cut_mid_event:
            yield "data: a last event, never ended"


def numbers(count: Optional[int], start: int = 0):
    n = start
    while count is None or n < start + count:
        yield n
        n += 1


# 1. sse-starlette's echo bot: one character per `message` event, CRLF line ends.
@app.get("/echo")
async def echo(
    sent: str = "你好,今天天氣不錯~",
    count: Optional[int] = Query(None, ge=0),
    interval: float = Query(0.2, ge=0),
    faults: Faults = Depends(),
):
    async def events():
        for char in sent[:count]:
            yield sse.event(char, event="message", newline="\r\n")
            await asyncio.sleep(interval)

    return faults.stream(events())


# 2. The StreamingResponse counter: `data: Message N` every second, for ever by default.
@app.get("/sse")
async def counter(count: Optional[int] = Query(None, ge=0), interval: float = Query(1, ge=0), faults: Faults = Depends()):
    async def events():
        for n in numbers(count):
            yield f"data: Message {n}\n\n"
            await asyncio.sleep(interval)

    return faults.stream(events())


# 3. FastAPI's native SSE (0.135+): data JSON-encoded, and `: ping` after 15 s of silence.
def native(data, *, event: Optional[str] = None, id: Optional[str] = None, retry: Optional[int] = None) -> str:
    value = data.dict() if isinstance(data, BaseModel) else data
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return sse.event(text, event=event, id=id, retry=retry)


@app.get("/stream")
async def stream(count: int = Query(10, ge=0), interval: float = Query(0.5, ge=0), faults: Faults = Depends()):
    async def events():
        for i in range(count):
            yield native(f"Message {i}", event="update", id=str(i))
            await asyncio.sleep(interval)
        yield native("[DONE]", event="complete")

    return faults.stream(events(), keepalive=True)


class ChatRequest(BaseModel):
    message: str
    conversation_id: Optional[str] = None


@app.post("/chat/stream")
async def chat_stream(
    request: ChatRequest,
    count: Optional[int] = Query(None, ge=0),
    interval: float = Query(0.05, ge=0),
    faults: Faults = Depends(),
):
    async def events():
        for token in f"Based on your question about {request.message}, here is my answer.".split()[:count]:
            yield native(token + " ", event="token")
            await asyncio.sleep(interval)
        yield native("[DONE]", event="done")

    return faults.stream(events(), keepalive=True)


class ProgressUpdate(BaseModel):
    step: int
    total: int
    message: str
    percentage: float


@app.get("/progress")
async def progress(count: int = Query(4, ge=1, le=100), interval: float = Query(1, ge=0), faults: Faults = Depends()):
    named = ["Validating input", "Querying database", "Generating report"]
    steps = [named[i] if i < len(named) else f"Step {i + 1}" for i in range(count - 1)] + ["Complete"]

    async def events():
        for i, step in enumerate(steps):
            update = ProgressUpdate(step=i + 1, total=len(steps), message=step, percentage=(i + 1) / len(steps) * 100)
            yield native(update, event="progress")
            await asyncio.sleep(interval)

    return faults.stream(events(), keepalive=True)


@app.get("/stream/resilient")
async def resilient(
    count: int = Query(100, ge=0),
    interval: float = Query(1, ge=0),
    retry: int = Query(5000, ge=0),
    last_event_id: Optional[str] = Header(None),
    faults: Faults = Depends(),
):
    # Resumes after the last event the client saw; an ID it cannot read starts over.
    start = int(last_event_id) + 1 if last_event_id and last_event_id.isdigit() else 0
    if faults.ignore_last_event_id:
        start = 0

    async def events():
        for i in range(start, count):
            yield native(f"Event {i}", id=str(i), retry=retry)
            await asyncio.sleep(interval)

    return faults.stream(events(), keepalive=True)


# 4. The HTML example: five messages, and its page with the browser's own EventSource.
@app.get("/events")
async def five(count: int = Query(5, ge=0), interval: float = Query(1, ge=0), faults: Faults = Depends()):
    async def events():
        for n in numbers(count, start=1):
            yield f"data: Message {n}\n\n"
            await asyncio.sleep(interval)

    return faults.stream(events())


# 5. LLM-shaped endpoints with a simulated model (demo/server/model.py).
@app.post("/v1/chat/completions")
async def chat_completions(body: dict = Body(...), interval: float = Query(0.03, ge=0), faults: Faults = Depends()):
    if not body.get("stream"):
        return JSONResponse({"error": {"message": "this demo model only streams: set stream: true"}}, status_code=400)

    async def events():
        for chunk in openai_chunks(body):
            yield f"data: {json.dumps(chunk, ensure_ascii=False, separators=(',', ':'))}\n\n"
            await asyncio.sleep(interval)
        yield "data: [DONE]\n\n"

    return faults.stream(events())


@app.post("/v1/messages")
async def messages(
    body: dict = Body(...),
    interval: float = Query(0.03, ge=0),
    overloaded_after: Optional[int] = Query(None, ge=0),
    faults: Faults = Depends(),
):
    async def events():
        for name, payload in anthropic_events(body, overloaded_after=overloaded_after):
            yield sse.event(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), event=name)
            await asyncio.sleep(interval)

    return faults.stream(events())


# Gemini's streamGenerateContent, under /v1beta/ and /v1/ as SDK versions differ: whole
# responses, CRLF framed, and no marker at the end.
async def _gemini(target: str, body: dict, interval: float, faults: Faults):
    model, _, method = target.partition(":")
    if method != "streamGenerateContent":
        return JSONResponse({"error": {"code": 404, "message": f"no method {method}", "status": "NOT_FOUND"}}, status_code=404)

    async def events():
        for response in gemini_responses({**body, "model": model}):
            yield sse.event(json.dumps(response, ensure_ascii=False, separators=(",", ":")), newline="\r\n")
            await asyncio.sleep(interval)

    return faults.stream(events())


@app.post("/v1beta/models/{target}")
async def gemini_beta(target: str, body: dict = Body(...), interval: float = Query(0.03, ge=0), faults: Faults = Depends()):
    return await _gemini(target, body, interval, faults)


@app.post("/v1/models/{target}")
async def gemini_v1(target: str, body: dict = Body(...), interval: float = Query(0.03, ge=0), faults: Faults = Depends()):
    return await _gemini(target, body, interval, faults)


# The Vercel AI SDK's UI message stream, as its useChat reads it from a backend: data-only
# events of JSON chunks, the protocol's header, and [DONE] at the end.
@app.post("/api/chat")
async def ai_chat(body: dict = Body(...), interval: float = Query(0.03, ge=0), faults: Faults = Depends()):
    async def events():
        for chunk in ai_ui_chunks(body):
            yield sse.event(json.dumps(chunk, ensure_ascii=False, separators=(",", ":")))
            await asyncio.sleep(interval)
        yield "data: [DONE]\n\n"

    response = faults.stream(events())
    response.headers["x-vercel-ai-ui-message-stream"] = "v1"
    return response


# Controls of the page and the tests.
@app.post("/control/cut/{tag}")
async def cut(tag: str):
    control.cut(tag)
    return {"cut": tag}


@app.post("/control/release/{gate}")
async def release(gate: str):
    control.release(gate)
    return {"released": gate}


@app.get("/control/outcome/{tag}")
async def outcome(tag: str):
    return {"tag": tag, "outcome": control.outcomes.get(tag)}


@app.middleware("http")
async def policy(request: Request, call_next):
    response: Response = await call_next(request)
    if response.headers.get("content-type", "").startswith("text/html"):
        response.headers["Content-Security-Policy"] = CSP
    return response


@app.get("/")
async def index():
    return FileResponse(WEB / "index.html")


@app.get("/reference")
async def reference():
    return FileResponse(WEB / "reference.html")


app.mount("/web", StaticFiles(directory=WEB), name="web")
app.mount("/js", StaticFiles(directory=ROOT / "js"), name="js")
app.mount("/dist", StaticFiles(directory=ROOT / "dist", check_dir=False), name="dist")
app.mount("/ai", StaticFiles(directory=ROOT / "build" / "demo-ai", check_dir=False), name="ai")
app.mount("/cpp", StaticFiles(directory=ROOT / "build" / "demo-cpp", check_dir=False), name="cpp")
