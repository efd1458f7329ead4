import { createDiagnosingParser, DEFAULT_MAX_EVENT_SIZE, MAX_EVENT_SIZE_LIMIT } from './parser.js';
import { after } from './timers.js';
import { init } from './wasm.js';

// sse-wasm doctor: an SSE endpoint met as a browser's client meets it, and what in it will break
// a client, a proxy or a reconnection. The module's parser reads the bytes (with its diagnostics
// on); this file times them, asks again with Last-Event-ID, and says what it saw. Every finding
// id is public (README, "sse-wasm doctor").

const KEPT_EVENTS = 1000; // events kept for the result and the resume check; the rest are counted
const KEPT_DATA = 1024; // characters of each kept event's data
const RESUME_WINDOW_MS = 2000;

// The findings' hints: for FastAPI/Starlette, nginx, and any server.
const HINTS = {
  status: 'Answer 200 with the stream. 204 tells an EventSource to stop for good; any other status fails it.',
  'content-type':
    'Send Content-Type: text/event-stream (FastAPI: StreamingResponse(events(), media_type="text/event-stream")).',
  charset: 'Send text/event-stream with no charset, or charset=utf-8: the stream is always decoded as UTF-8.',
  cache:
    'Send Cache-Control: no-cache (FastAPI: headers={"Cache-Control": "no-cache"}; nginx: add_header Cache-Control no-cache;).',
  compression:
    'Do not compress the stream: Starlette\'s GZipMiddleware and nginx "gzip on" hold events until a block fills (exclude text/event-stream, or gzip off for the location).',
  'content-length': 'Send no Content-Length: a stream is open-ended (let the server use chunked encoding).',
  buffering:
    'Flush each event as it is written. nginx: proxy_buffering off, or the header X-Accel-Buffering: no; FastAPI/uvicorn: yield each event, no middleware that reads the whole body; other proxies: disable response buffering for text/event-stream.',
  ids: 'Give each event an id (id: 42) and honour Last-Event-ID, so that a client that reconnects gets the rest of the stream.',
  resume:
    'On a request with Last-Event-ID, send only the events after that id (FastAPI: read request.headers["last-event-id"]).',
  retry: 'Write retry: with ASCII digits only, in milliseconds (retry: 3000).',
  unterminated: 'End every event with a blank line (\\n\\n) before the body ends.',
  'invalid-utf8': 'Write the stream as UTF-8 (encode text with .encode("utf-8"); do not cut a character between writes of bytes you made).',
  'line-endings': 'Use one line end throughout, LF (\\n) preferably.',
  bom: 'Write a byte order mark at most once, at the very start of the body, or not at all.',
  'event-too-large': 'Send large payloads in several events, or by reference (a URL to fetch).',
  heartbeat:
    'Send a comment line (: ping) every 15-30 s while there is nothing to say; proxies and load balancers close connections idle for 60 s or less.',
  cors: 'Answer the origin with Access-Control-Allow-Origin (and Access-Control-Allow-Credentials: true for credentialed clients), and a preflight that allows Last-Event-ID and the request\'s headers.',
  connect: 'Check the URL, that the server listens on it, and that every proxy in between forwards it.',
};

function fail(message) {
  throw new TypeError(`doctor(): ${message}`);
}

function checked(options) {
  if (options === null || typeof options !== 'object') fail('options must be an object');
  const { watchMs = 10_000, heartbeatMs = 30_000, maxEventSize = DEFAULT_MAX_EVENT_SIZE } = options;
  for (const [name, value] of Object.entries({ watchMs, heartbeatMs })) {
    if (!(value > 0) || !Number.isFinite(value)) fail(`${name} must be a number of ms > 0`);
  }
  if (!Number.isInteger(maxEventSize) || maxEventSize < 1 || maxEventSize > MAX_EVENT_SIZE_LIMIT) {
    fail('maxEventSize must be an integer from 1 to 2^28 (256 MiB)');
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') fail('no fetch: pass options.fetch');
  if (options.origin !== undefined && typeof options.origin !== 'string') fail('origin must be a string');
  return {
    method: (options.method ?? 'GET').toUpperCase(),
    headers: new Headers(options.headers ?? {}),
    body: options.body,
    origin: options.origin,
    resend: options.resend === true,
    watchMs,
    // The silence worth a warning: heartbeatMs, or half the window when that is shorter.
    heartbeatMs: Math.min(heartbeatMs, watchMs / 2),
    maxEventSize,
    fetch: fetchImpl,
    signal: options.signal,
  };
}

const since = (start) => performance.now() - start;
const seconds = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const essence = (type) => type.split(';')[0].trim().toLowerCase();

/**
 * One request, read until its body ends or `windowMs` passes (a cut the doctor made, which is
 * never a finding). What was seen, with times in ms from the request.
 */
async function look(url, o, extraHeaders, windowMs) {
  const controller = new AbortController();
  let watchEnded = false;
  const stopWatch = after(windowMs, () => {
    watchEnded = true;
    controller.abort();
  });
  const onAbort = () => controller.abort(o.signal.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const headers = new Headers({ Accept: 'text/event-stream', 'Accept-Encoding': 'gzip, deflate, br' });
  o.headers.forEach((value, name) => headers.set(name, value));
  if (o.origin) headers.set('Origin', o.origin);
  for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value);
  const start = performance.now();
  let at = 0; // when the chunk being parsed arrived
  const seen = { chunks: [], events: [], count: 0, withId: 0, comments: 0, invalidRetries: [], tooLarge: 0, end: 'watch' };
  try {
    let response;
    try {
      response = await o.fetch(url, { method: o.method, headers, body: o.body, signal: controller.signal, redirect: 'follow' });
    } catch (error) {
      if (o.signal?.aborted) throw o.signal.reason;
      seen.failure = watchEnded ? `no response within ${seconds(windowMs)}` : `the request failed: ${error.cause?.message ?? error.message}`;
      return seen;
    }
    seen.headAt = since(start);
    seen.response = response;
    if (response.status !== 200 || essence(response.headers.get('content-type') ?? '') !== 'text/event-stream' || !response.body) {
      response.body?.cancel().catch(() => {});
      seen.end = 'refused';
      return seen;
    }
    let inChunk = 0;
    const { parser, wire } = createDiagnosingParser(
      {
        onEvent: (event) => {
          inChunk++;
          seen.count++;
          if (event.id !== undefined) seen.withId++;
          if (seen.events.length < KEPT_EVENTS) {
            seen.events.push({ type: event.event ?? 'message', id: event.id, data: event.data.slice(0, KEPT_DATA), at });
          }
        },
        onComment: () => seen.comments++,
        onError: () => seen.tooLarge++,
        onIgnored: (type, field, value) => {
          if (type === 'invalid-retry' && seen.invalidRetries.length < 5) seen.invalidRetries.push(value.slice(0, 40));
        },
      },
      o.maxEventSize,
    );
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          seen.end = 'clean';
          break;
        }
        inChunk = 0;
        at = since(start);
        parser.feed(value);
        seen.chunks.push({ at, size: value.length, events: inChunk, midEvent: wire().midEvent });
      }
    } catch (error) {
      if (o.signal?.aborted) throw o.signal.reason;
      if (!watchEnded) {
        seen.end = 'error';
        seen.failure = error.cause?.message ?? error.message;
      }
    } finally {
      reader.cancel().catch(() => {});
      seen.wire = wire();
      seen.endAt = since(start);
      parser.free();
    }
    return seen;
  } finally {
    stopWatch();
    o.signal?.removeEventListener('abort', onAbort);
  }
}

// Bursts: chunks that arrived within 20 ms of the one before.
function bursts(chunks) {
  const out = [];
  for (const chunk of chunks) {
    const last = out.at(-1);
    if (last && chunk.at - last.end <= 20) {
      last.end = chunk.at;
      last.events += chunk.events;
    } else {
      out.push({ start: chunk.at, end: chunk.at, events: chunk.events });
    }
  }
  return out;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Evidence that something between the server and the client holds events back, or null. */
function buffering(seen) {
  const { chunks, count } = seen;
  if (count < 4 || chunks.length === 0) return null;
  const firstEventChunk = chunks.find((chunk) => chunk.events > 0);
  const lastAt = chunks.at(-1).at;
  // Held back until its end: every event in one burst at the end of the body, long after the
  // request (the head may have come at once, or with the body).
  const all = bursts(chunks);
  if (all.length === 1 && firstEventChunk.at >= 500 && seen.end === 'clean') {
    const head = firstEventChunk.at - seen.headAt >= 250 ? `the head came after ${seconds(seen.headAt)}, then ` : '';
    return `${head}all ${count} events came in one burst ${seconds(firstEventChunk.at)} after the request, at the end of the body`;
  }
  // Flushed in fixed blocks: chunks of one size that end inside events.
  const sized = chunks.slice(0, -1);
  if (sized.length >= 3 && sized.every((chunk) => chunk.size === sized[0].size) && sized[0].size >= 256) {
    const inside = sized.filter((chunk) => chunk.midEvent).length;
    if (inside * 2 >= sized.length) {
      return `${sized.length} chunks of exactly ${sized[0].size} bytes, ${inside} of them ending inside an event`;
    }
  }
  // Bursts: several events at a time, with long pauses between, where a server that flushes
  // each event gives one event a chunk.
  if (all.length >= 2 && lastAt >= 500) {
    const perBurst = median(all.map((burst) => burst.events));
    const gaps = all.slice(1).map((burst, i) => burst.start - all[i].end);
    const gap = median(gaps);
    if (perBurst >= 3 && gap >= 250) {
      return `${count} events in ${all.length} bursts of ${perBurst} (median) with ${seconds(gap)} between them (median)`;
    }
  }
  return null;
}

// The longest time without a byte while the body was open, with where it was.
function longestSilence(seen) {
  let longest = 0;
  let previous = seen.headAt;
  for (const chunk of [...seen.chunks, { at: seen.endAt }]) {
    longest = Math.max(longest, chunk.at - previous);
    previous = chunk.at;
  }
  return longest;
}

const sameEvent = (a, b) => a && b && a.type === b.type && a.id === b.id && a.data === b.data;

/** What a resumption got: the rest, the start again, or the named event again. */
function judgeResume(first, named, again, windowMs) {
  const at = first.events.findIndex((event) => event.id === named);
  const got = again.events;
  if (got.length === 0) return { level: 'info', message: `after Last-Event-ID: ${named} the server sent no event within ${seconds(windowMs)}; not checked` };
  if (at > 0 && sameEvent(got[0], first.events[0])) {
    const whole = first.events.slice(0, got.length).every((event, i) => sameEvent(event, got[i]));
    return {
      level: 'fail',
      message: whole
        ? `Last-Event-ID: ${named} was ignored: the stream came again from its first event (a client that reconnects shows ${at + 1} events twice)`
        : `Last-Event-ID: ${named} replays from the start: the first event came again`,
    };
  }
  const before = new Set(first.events.slice(0, at + 1).map((event) => event.id).filter((id) => id !== undefined));
  const repeated = got.filter((event) => event.id !== undefined && before.has(event.id));
  if (repeated.length > 0) {
    const itself = repeated.some((event) => event.id === named);
    return {
      level: 'fail',
      message: `after Last-Event-ID: ${named} the server sent ${itself ? 'that event again' : 'earlier events again'} (ids ${repeated
        .slice(0, 5)
        .map((event) => event.id)
        .join(', ')}): a client that reconnects shows them twice`,
    };
  }
  return { level: 'info', message: `resumes after Last-Event-ID: ${named} (the next event had id ${got[0].id ?? 'none'})` };
}

// The CORS headers a browser on `origin` needs: the response's, and a preflight's for the
// requests that need one (and for Last-Event-ID, which fetch-based clients send).
async function judgeCors(url, o, response, findings) {
  const add = (level, message) => findings.push({ id: 'cors', level, message, hint: HINTS.cors });
  const allowed = response.headers.get('access-control-allow-origin');
  if (allowed !== '*' && allowed !== o.origin) {
    add('fail', `a page on ${o.origin} gets no stream: Access-Control-Allow-Origin is ${allowed === null ? 'absent' : `"${allowed}"`}`);
    return;
  }
  const credentials = response.headers.get('access-control-allow-credentials') === 'true';
  if (allowed === '*' || !credentials) {
    add(
      'warn',
      `a credentialed client on ${o.origin} (new EventSource(url, { withCredentials: true }), fetch with credentials: 'include') is refused: ` +
        (allowed === '*' ? 'Access-Control-Allow-Origin is "*"' : 'no Access-Control-Allow-Credentials: true'),
    );
  }
  const names = ['last-event-id'];
  o.headers.forEach((value, name) => {
    if (!['accept', 'accept-language', 'content-language'].includes(name) && !(name === 'content-type' && /^(text\/plain|multipart\/form-data|application\/x-www-form-urlencoded)/i.test(value))) {
      names.push(name);
    }
  });
  let preflight;
  try {
    preflight = await o.fetch(url, {
      method: 'OPTIONS',
      headers: { Origin: o.origin, 'Access-Control-Request-Method': o.method, 'Access-Control-Request-Headers': names.sort().join(',') },
      signal: AbortSignal.timeout(Math.min(o.watchMs, RESUME_WINDOW_MS)),
    });
    preflight.body?.cancel().catch(() => {});
  } catch {
    preflight = undefined;
  }
  const ok = preflight && preflight.status >= 200 && preflight.status < 300;
  const list = (name) => (preflight?.headers.get(name) ?? '').toLowerCase().split(',').map((item) => item.trim());
  const allows = (name) => ok && (list('access-control-allow-headers').includes(name) || list('access-control-allow-headers').includes('*'));
  const ownHeaders = names.filter((name) => name !== 'last-event-id');
  const methodNeeds = !['GET', 'HEAD', 'POST'].includes(o.method);
  const refused = ok ? ownHeaders.filter((name) => !allows(name)) : ownHeaders;
  if ((methodNeeds && !(ok && (list('access-control-allow-methods').includes(o.method.toLowerCase()) || list('access-control-allow-methods').includes('*')))) || refused.length > 0) {
    add('fail', `a page on ${o.origin} gets no stream: the preflight ${ok ? `does not allow ${refused.join(', ') || o.method}` : `failed (${preflight ? preflight.status : 'no answer'})`}`);
  } else if (!allows('last-event-id')) {
    add(
      'warn',
      `a fetch-based client on ${o.origin} (sse-wasm, @microsoft/fetch-event-source, the MCP SDK) cannot resume: the preflight ${ok ? 'does not allow the Last-Event-ID header' : `failed (${preflight ? preflight.status : 'no answer'})`}; the browser's own EventSource sends it without a preflight`,
    );
  }
}

/**
 * Checks an SSE endpoint as a browser's client meets it.
 * @returns {Promise<{ url: string, findings: { id: string, level: 'fail' | 'warn' | 'info', message: string, hint?: string }[], events: object[], timing: object }>}
 */
export async function doctor(url, options = {}) {
  const o = checked(options);
  await init();
  const findings = [];
  const add = (id, level, message) => findings.push(level === 'info' ? { id, level, message } : { id, level, message, hint: HINTS[id] });
  const first = await look(url, o, {}, o.watchMs);
  const result = { url, findings, events: first.events, timing: timingOf(first) };
  if (first.failure && !first.response) {
    add('connect', 'fail', `no stream: ${first.failure}`);
    return result;
  }
  const { response } = first;
  const headers = response.headers;
  const type = headers.get('content-type') ?? '';
  if (response.status !== 200) {
    add('status', 'fail', `the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}: every client fails the stream`);
  }
  if (essence(type) !== 'text/event-stream') {
    add('content-type', 'fail', `Content-Type is ${type ? `"${type}"` : 'absent'}, not text/event-stream: EventSource fails the connection`);
  }
  const charset = /;\s*charset\s*=\s*"?([^";]+)/i.exec(type)?.[1];
  if (charset && charset.toLowerCase() !== 'utf-8') {
    add('charset', 'warn', `charset=${charset}, but the stream is decoded as UTF-8 whatever it says: other clients may believe it`);
  }
  const cache = (headers.get('cache-control') ?? '').toLowerCase();
  if (!/\bno-(cache|store)\b/.test(cache)) {
    add('cache', 'warn', `Cache-Control is ${cache ? `"${cache}"` : 'absent'}: a cache or proxy may keep the stream and answer with it again`);
  }
  const encoding = (headers.get('content-encoding') ?? '').toLowerCase();
  if (encoding && encoding !== 'identity') {
    add('compression', 'warn', `Content-Encoding: ${encoding}: a compressor holds events back until its block fills, unless it flushes each one`);
  }
  if (headers.has('content-length')) {
    add('content-length', 'warn', `Content-Length: ${headers.get('content-length')}: proxies and clients may take the stream for a finite response and wait for all of it`);
  }
  if (first.end === 'refused') return result;
  if (o.origin) await judgeCors(url, o, response, findings);
  wireFindings(first, add);
  const evidence = buffering(first);
  if (evidence) add('buffering', 'warn', `events arrive held back: ${evidence}`);
  const silence = longestSilence(first);
  if (silence > o.heartbeatMs) {
    add('heartbeat', 'warn', `no byte for ${seconds(silence)} (threshold ${seconds(o.heartbeatMs)}) with the stream open and no comment or ping`);
  }
  await resumeFindings(url, o, first, add);
  result.timing = timingOf(first, silence);
  return result;
}

function wireFindings(first, add) {
  const { wire } = first;
  if (first.invalidRetries.length > 0) {
    add('retry', 'warn', `retry: ${first.invalidRetries.map((value) => `"${value}"`).join(', ')} is not all ASCII digits: every client ignores it`);
  }
  const serverEnded = first.end === 'clean' || first.end === 'error';
  if (serverEnded && wire.midEvent) {
    add('unterminated', 'fail', `the body ${first.end === 'clean' ? 'ended' : 'broke'} inside an event: every spec-following client loses that event`);
  }
  const invalid = wire.invalidUtf8 + (serverEnded && wire.utf8Incomplete ? 1 : 0);
  if (invalid > 0) {
    add('invalid-utf8', 'fail', `${invalid} invalid UTF-8 sequence${invalid === 1 ? '' : 's'} (the first at byte ${wire.firstInvalidUtf8}): clients show U+FFFD in their place`);
  }
  const kinds = [
    ['LF', wire.lf],
    ['CRLF', wire.crlf],
    ['CR', wire.cr],
  ].filter(([, count]) => count > 0);
  if (kinds.length > 1) {
    add('line-endings', 'warn', `mixed line ends (${kinds.map(([name, count]) => `${count} ${name}`).join(', ')}): spec clients cope, line-based ones split or join lines wrongly`);
  }
  if (wire.bomLines > 0) {
    add('bom', 'warn', `${wire.bomLines} line${wire.bomLines === 1 ? '' : 's'} after the start begin with a byte order mark: the field after it is ignored`);
  }
  if (first.tooLarge > 0) {
    add('event-too-large', 'warn', `${first.tooLarge} event${first.tooLarge === 1 ? '' : 's'} over maxEventSize: dropped, as a client with that limit drops them`);
  }
}

async function resumeFindings(url, o, first, add) {
  if (first.count === 0) return;
  if (first.withId < first.count) {
    const none = first.withId === 0;
    add('ids', 'warn', `${none ? `none of ${first.count} events has` : `${first.count - first.withId} of ${first.count} events have no`} an id: a client that reconnects cannot ask for the rest (Last-Event-ID)`);
  }
  // The id to resume after: the middle of what was seen, so that both sides of it are known.
  const withIds = first.events.filter((event) => event.id !== undefined && event.id !== '');
  if (withIds.length === 0) {
    add('resume', 'info', 'not checked: no event had an id to resume from');
    return;
  }
  if (o.method !== 'GET' && !o.resend) {
    add('resume', 'info', `not checked: it would send the ${o.method} again (pass resend: true, or --resend)`);
    return;
  }
  const named = withIds[Math.floor((withIds.length - 1) / 2)].id;
  const window = Math.min(o.watchMs, RESUME_WINDOW_MS);
  const again = await look(url, o, { 'Last-Event-ID': named }, window);
  if (!again.response || again.end === 'refused') {
    add('resume', 'fail', `the request with Last-Event-ID: ${named} got no stream (${again.failure ?? `${again.response.status}`}): a client that reconnects gets nothing`);
    return;
  }
  const { level, message } = judgeResume(first, named, again, window);
  add('resume', level, message);
}

function timingOf(seen, longestSilence) {
  return {
    head: seen.headAt ?? null,
    firstByte: seen.chunks[0]?.at ?? null,
    firstEvent: seen.events[0]?.at ?? null,
    end: seen.endAt ?? null,
    ended: seen.end,
    chunks: seen.chunks.length,
    bytes: seen.wire?.bytes ?? 0,
    events: seen.count,
    comments: seen.comments,
    longestSilence: longestSilence ?? null,
  };
}
