import { DecodeError, SseError } from './errors.js';
import { Parser } from './parser.js';
import { after, now } from './timers.js';
import { decodeJson } from './typed.js';
import { loadedCore } from './wasm.js';

// The module's session (wasm/include/sse/session.hpp) decides; this file performs: it fetches,
// reads bodies, arms timers and reports what happened back to the session.

const WHAT = ['none', 'open', 'reconnect', 'finish', 'send-now'];
const STATES = ['completed', 'incomplete', 'failed', 'aborted'];
// sse::failure's names, in its order.
const REASONS = [undefined, 'network', 'status', 'content-type', 'ended', 'idle-timeout', 'aborted', 'in-band', 'response-timeout', 'stale'];

// What a wait for the response or a chunk gives when the session's watchdog fires first.
const SILENCE = Symbol('silence');

/** The provider text delta a typed event carries, for `stream.text()`, under a key of its own. */
export const TEXT = Symbol('text');

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// When the chunk being fed arrived; set just before each feed, which is synchronous.
let chunkTime = 0;

// How a plain session's reader drives the module, one per module instance: an idle stream
// costs no closures of its own.
const plainEngines = new WeakMap();

function plainEngine(core) {
  let engine = plainEngines.get(core);
  if (engine === undefined) {
    const x = core.exports;
    engine = {
      feed: (handle, size) => x.sse_session_chunk(handle, size, chunkTime),
      // A reset stops the delivery of a chunk's events; the session itself never rewinds.
      reset: () => {},
      free: x.sse_session_free,
      seed: x.sse_session_set_last_event_id,
    };
    plainEngines.set(core, engine);
  }
  return engine;
}

/** The module's session for one logical stream, and the reader of its bodies. */
class Session {
  #core;
  #reader;

  #readTape; // a typed session's reader of its module's tapes (js/tape.js)
  #payloads; // what the typed module decoded from the slice being delivered
  #nextPayload = 0;

  /**
   * @param {object} callbacks the reader's onEvent/onRetry/onComment/onError, and onInBand
   *   for a provider's error event (typed sessions only)
   * @param {{ api: 'event-source' | 'connect', plainGet: boolean, resume: boolean,
   *   resumeHow?: number, resumeAttempts?: number (sse_options_resume's), reconnectionTime: number,
   *   idleTimeout?: number, responseTimeout?: number, maxEventSize: number, retry?: object,
   *   terminalData?: string, terminalType?: string, lastEventId?: string, json?: boolean,
   *   strict?: boolean,
   *   errorsAsEvents?: boolean (a provider's error events do not end the stream),
   *   typed?: { core, kind, readTape } }}
   *   options, validated
   */
  constructor(callbacks, options) {
    const core = options.typed?.core ?? loadedCore();
    if (core.broken) throw core.broken;
    const x = core.exports;
    this.#core = core;
    x.sse_options_reset(
      options.api === 'connect' ? 1 : 0,
      options.plainGet ? 1 : 0,
      options.resume ? 1 : 0,
      options.reconnectionTime,
      options.maxEventSize,
    );
    const { retry } = options;
    if (retry) {
      x.sse_options_retry(retry.attempts, retry.initialDelay, retry.maxDelay, retry.jitter, retry.growth);
      for (const status of retry.statuses) x.sse_options_retry_status(status);
    }
    if (options.resumeHow) x.sse_options_resume(options.resumeHow, options.resumeAttempts ?? 0);
    x.sse_options_timeouts(options.idleTimeout ?? 0, options.responseTimeout ?? 0);
    const [dataSize, typeSize] = this.#write(options.terminalData ?? '', options.terminalType ?? '');
    x.sse_options_terminal(dataSize, typeSize);
    let engine = plainEngine(core);
    const { typed } = options;
    if (options.json) {
      const given = callbacks;
      callbacks = { ...given, onEvent: (event) => given.onEvent(decodeJson(event)) };
    } else if (typed) {
      this.#readTape = typed.readTape;
      core.tables ??= { keys: [], shapes: [] };
      engine = {
        ...engine,
        free: x.sse_typed_session_free,
        feed: (handle, size) => {
          x.sse_typed_session_chunk(handle, size, chunkTime);
          // Read at once, every time: a tape may define member names later tapes use.
          this.#payloads = this.#readTape(core, core.tables);
          this.#nextPayload = 0;
        },
      };
      const given = callbacks;
      callbacks = { ...given, onEvent: (event) => this.#typedEvent(event, given) };
    }
    const how = (options.strict ? 1 : 0) | (options.errorsAsEvents ? 2 : 0);
    const handle = typed ? x.sse_typed_session_new(typed.kind, how) : x.sse_session_new();
    // Freed by the stream's driver when it finishes, never left to the garbage collector.
    this.#reader = new Parser(core, callbacks, engine, handle, options.lastEventId, false, false);
  }

  // The module decoded each event of the slice in order; its result joins the event.
  #typedEvent(event, callbacks) {
    const decoded = this.#payloads[this.#nextPayload++];
    if (decoded.error) {
      const { message, path, expected, got } = decoded.error;
      event.error = new DecodeError(message, { path, expected, got });
    } else {
      event.payload = decoded.payload;
    }
    if (decoded.text !== undefined) event[TEXT] = decoded.text;
    callbacks.onEvent(event);
    if (decoded.inBand !== undefined) callbacks.onInBand?.(event, decoded.inBand, decoded.said);
  }

  /** From the next chunk on, typed events carry only their text, for `stream.text()`. */
  textOnly() {
    this.#core.exports.sse_typed_session_payloads?.(this.#reader.handle, 0);
  }

  /** The message a typed session has rebuilt from its events so far; null otherwise. */
  snapshot() {
    const core = this.#core;
    if (!this.#readTape || !core.exports.sse_typed_snapshot) return null;
    core.exports.sse_typed_snapshot(this.#reader.handle);
    return this.#readTape(core, core.tables)[0];
  }

  get lastEventId() {
    return this.#reader.lastEventId;
  }

  /**
   * The Last-Event-ID header the session wants on the next request, or undefined. [spec] The
   * value is the ID encoded as UTF-8; header values are byte strings, one character per byte.
   */
  get lastEventIdHeader() {
    const core = this.#core;
    const at = core.exports.sse_session_request_header(this.#reader.handle) >>> 2;
    const size = core.words[at + 1];
    if (size === 0) return undefined;
    const bytes = core.bytes.subarray(core.words[at], core.words[at] + size);
    let value = '';
    for (let i = 0; i < bytes.length; i += 4096) value += String.fromCharCode(...bytes.subarray(i, i + 4096));
    return value;
  }

  get timing() {
    const core = this.#core;
    const at = core.exports.sse_session_timing(this.#reader.handle) >>> 3;
    const doubles = new Float64Array(core.memory.buffer, at * 8, 3);
    const milestone = (value) => (value < 0 ? null : value);
    return { firstByte: milestone(doubles[0]), firstEvent: milestone(doubles[1]), largestGap: doubles[2] };
  }

  start() {
    this.#core.exports.sse_session_start(this.#reader.handle, now());
  }

  response(response) {
    const type = response.headers.get('content-type') ?? '';
    const retryAfter = response.headers.get('retry-after') ?? '';
    const [typeSize, retryAfterSize] = this.#write(type, retryAfter);
    return this.#decide((x, h) => x.sse_session_response(h, response.status, typeSize, retryAfterSize, now(), Math.random()));
  }

  /** Delivers the chunk's events to the callbacks, then says what the session decided. */
  chunk(bytes) {
    chunkTime = now();
    // The reader reports a failure of the module itself; what else it throws is not the module's.
    return this.#decide(() => this.#reader.feed(bytes), false);
  }

  end() {
    return this.#decide((x, h) => x.sse_session_end(h, now(), Math.random()));
  }

  sent() {
    this.#core.exports.sse_session_sent(this.#reader.handle, now());
  }

  wake(awaySince) {
    return this.#decide((x, h) => x.sse_session_wake(h, now(), awaySince));
  }

  networkError() {
    return this.#decide((x, h) => x.sse_session_network_error(h, now(), Math.random()));
  }

  /** How long the response or the next chunk may now be waited for; 0: no limit. */
  get watchdogMs() {
    return this.#core.exports.sse_session_watchdog_ms(this.#reader.handle);
  }

  watchdog() {
    return this.#decide((x, h) => x.sse_session_watchdog(h, now(), Math.random()));
  }

  /** Stops the delivery of the current chunk's events too. */
  abort() {
    this.#reader.reset();
    return this.#decide((x, h) => x.sse_session_abort(h));
  }

  terminal() {
    this.#reader.reset();
    return this.#decide((x, h) => x.sse_session_terminal(h));
  }

  free() {
    this.#reader.free();
  }

  /** The module instance this session runs on. */
  get core() {
    return this.#core;
  }

  #decide(call, intoModule = true) {
    const core = this.#core;
    if (core.broken) throw core.broken;
    const at = core.exports.sse_decision() >>> 2;
    core.words[at] = 0;
    try {
      call(core.exports, this.#reader.handle);
    } catch (error) {
      throw intoModule ? core.fail(error) : error;
    }
    // Memory may have grown during the call, which replaces the views.
    const words = core.words;
    return {
      what: WHAT[words[at]],
      state: STATES[words[at + 1]],
      reason: REASONS[words[at + 2]],
      retryable: words[at + 3] === 1,
      delayMs: new Float64Array(core.memory.buffer, (at + 4) * 4, 1)[0],
    };
  }

  // Writes strings one after the other at the start of the module's input buffer.
  #write(...texts) {
    const core = this.#core;
    const room = texts.reduce((sum, text) => sum + text.length * 3, 0);
    let at = core.input(room);
    return texts.map((text) => {
      const { written } = encoder.encodeInto(text, core.bytes.subarray(at, at + text.length * 3));
      at += written;
      return written;
    });
  }
}

// A body preview is kept for errors a program may want to show or parse (401, 429, 500 JSON).
const PREVIEW_BYTES = 4096;
const PREVIEW_WAIT_MS = 1000;

async function bodyPreview(response) {
  const type = response.headers.get('content-type') ?? '';
  if (!response.body || !/json|text|xml/i.test(type)) return undefined;
  const reader = response.body.getReader();
  const parts = [];
  let size = 0;
  let cancel;
  const late = new Promise((resolve) => {
    cancel = after(PREVIEW_WAIT_MS, () => resolve({ done: true }));
  });
  try {
    while (size < PREVIEW_BYTES) {
      const { done, value } = await Promise.race([reader.read(), late]);
      if (done) break;
      parts.push(value);
      size += value.length;
    }
  } catch {
    // A preview is a courtesy: a body that breaks leaves what was read.
  } finally {
    cancel();
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, PREVIEW_BYTES));
  let at = 0;
  for (const part of parts) {
    const take = part.subarray(0, bytes.length - at);
    bytes.set(take, at);
    at += take.length;
  }
  return decoder.decode(bytes);
}

export const reasonText = {
  network: 'the connection failed',
  status: 'the server answered with an error status',
  'content-type': 'the response is not text/event-stream',
  ended: 'the response body ended',
  'idle-timeout': 'no data arrived within idleTimeout',
  aborted: 'the stream was aborted',
  'in-band': 'the provider reported an error inside the stream',
  'response-timeout': 'no response arrived within responseTimeout',
  stale: 'the connection had said nothing since the page went away',
};

// How a fetch error is told in a stream's error; the Node entry names its HTTP client's limits.
let causeText = (cause) => cause.message;

export function describeFetchErrorsWith(describe) {
  causeText = describe;
}

// The error a decision reports, or undefined for a stream that completed or carries on.
// `inBand`: the provider's error event that ended the stream, whose words are the message.
async function errorOf(decision, { response, cause, inBand } = {}) {
  if (decision.what === 'none' || (decision.what === 'finish' && decision.state === 'completed')) return undefined;
  const details = { kind: decision.reason, retryable: decision.retryable, cause };
  let message = reasonText[decision.reason];
  if (decision.reason === 'in-band' && inBand) {
    Object.assign(details, { code: inBand.code, payload: inBand.event.payload });
    message = inBand.said || `${message}: ${inBand.code}`;
  } else if (response && (decision.reason === 'status' || decision.reason === 'content-type')) {
    const type = response.headers.get('content-type') ?? 'no Content-Type';
    Object.assign(details, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      bodyPreview: await bodyPreview(response),
    });
    message += ` (${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    message += decision.reason === 'content-type' ? `, ${type})` : ')';
  } else if (cause?.message) {
    message += `: ${causeText(cause)}`;
  }
  return new SseError(message, details);
}

/**
 * Runs one logical stream: requests, responses, bodies and waits, as the session decides.
 * `hooks.open(response)`, `hooks.reconnecting(error, delayMs)`, `hooks.finish(state, error)`
 * are called in that order of life; events go to `callbacks` as the reader finds them, and
 * `hooks.drain()` (optional) is awaited after each chunk, which is how a consumer holds the
 * reading back.
 */
export class StreamDriver {
  #session;
  #options;
  #hooks;
  #url;
  #signal;
  #attempt; // the AbortController of the request in flight
  #endWait; // ends the wait before a reconnection, while there is one
  #finished = false;
  #snapshot = null;
  #inBand; // the provider's error event that ended the stream
  #woken; // the decision of a wake that cut the body being read

  /**
   * @param {string} url
   * @param {object} options validated: method, body, headers, credentials, fetch, signal, and
   *   the session's options
   */
  constructor(url, options, callbacks, hooks) {
    this.#url = url;
    this.#options = options;
    this.#hooks = hooks;
    this.#signal = options.signal;
    const onInBand = options.typed && ((event, code, said) => this.inBandError(event, code, said));
    this.#session = new Session(onInBand ? { ...callbacks, onInBand } : callbacks, options);
  }

  get lastEventId() {
    return this.#session.lastEventId;
  }

  get timing() {
    return this.#session.timing;
  }

  /** The message rebuilt so far by an LLM decoder, kept as it was when the stream ended. */
  textOnly() {
    this.#session.textOnly();
  }

  snapshot() {
    return this.#finished ? this.#snapshot : this.#session.snapshot();
  }

  /** Stops the stream for good: no request, no event, no reconnection after this. */
  abort(reason) {
    if (this.#finished) return;
    const decision = this.#session.abort();
    this.#attempt?.abort(reason);
    if (decision.what === 'finish') {
      this.#finish(decision, new SseError(reasonText.aborted, { kind: 'aborted', cause: reason }));
    }
  }

  /**
   * A decoder met the provider's error event `event` with this `code`; the module's session
   * ended the stream there, and the chunk's decision says so. The error is the provider's: its
   * message is what the provider said, when it said something.
   */
  inBandError(event, code, said) {
    this.#inBand = { event, code, said };
  }

  /** The page came back after it went away at `awaySince` (reconnectOnWake). */
  wake(awaySince) {
    if (this.#finished) return;
    const decision = this.#session.wake(awaySince);
    if (decision.what === 'send-now') {
      this.#endWait?.();
    } else if (decision.what === 'reconnect') {
      this.#woken = decision;
      this.#attempt?.abort();
    }
  }

  /** The page goes into the back-forward cache: the connection is closed as a cut is. */
  sleep(reason) {
    if (!this.#finished) this.#attempt?.abort(reason);
  }

  /** A terminal marker of the caller's own matcher was delivered. */
  terminal() {
    if (this.#finished) return;
    const decision = this.#session.terminal();
    this.#attempt?.abort();
    if (decision.what === 'finish') this.#finish(decision, undefined);
  }

  /** Runs until the stream finishes; never rejects. `response` is a first answer already had. */
  async run(response) {
    this.#session.start();
    const signal = this.#signal;
    const onAbort = signal && (() => this.abort(signal.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    // Another stream may find the module broken while this one waits.
    const { core } = this.#session;
    core.watch(this);
    let lifecycle;
    try {
      // Loaded by the streams that ask for it only.
      if (this.#options.reconnectOnWake) ({ lifecycle } = await import('./wake.js'));
      if (!lifecycle?.watch(this)) lifecycle = undefined;
      if (signal?.aborted) onAbort();
      let answer = response;
      while (!this.#finished) {
        const { decision, error } = await this.#connect(answer);
        answer = undefined;
        if (this.#finished) break;
        if (decision.what === 'finish') {
          this.#finish(decision, error);
        } else if (decision.what === 'reconnect') {
          this.#hooks.reconnecting?.(error, decision.delayMs);
          await this.#wait(decision.delayMs);
        }
      }
    } catch (error) {
      // Only the module stopping can land here; the stream fails with its error.
      this.lost(error);
    } finally {
      core.unwatch(this);
      lifecycle?.unwatch(this);
      signal?.removeEventListener('abort', onAbort);
      this.#session.free();
    }
  }

  /** The module instance failed: nothing more can be asked of it, not even the message so far. */
  lost(error) {
    if (!this.#finished) this.#stop('failed', error, error);
  }

  #finish(decision, error) {
    if (this.#finished) return;
    this.#snapshot = this.#session.snapshot();
    this.#stop(decision.state, error);
  }

  // Ends the stream for good: its request, its wait, and then its report.
  #stop(state, error, reason) {
    this.#finished = true;
    this.#attempt?.abort(reason);
    this.#endWait?.();
    this.#hooks.finish(state, error);
  }

  async #connect(given) {
    const attempt = new AbortController();
    this.#attempt = attempt;
    let response = given;
    if (response === undefined) {
      this.#session.sent();
      try {
        response = await this.#watched(this.#fetch(attempt.signal));
      } catch (cause) {
        if (this.#finished) return { decision: { what: 'none' } };
        return this.#ended(this.#session.networkError(), cause);
      }
      if (response === SILENCE) {
        attempt.abort();
        return this.#ended(this.#session.watchdog());
      }
    }
    if (this.#finished) {
      response.body?.cancel().catch(() => {});
      return { decision: { what: 'none' } };
    }
    const decision = this.#session.response(response);
    if (decision.what !== 'open') {
      const error = await errorOf(decision, { response });
      response.body?.cancel().catch(() => {});
      return { decision, error };
    }
    // [spec] Redirects are followed, and reconnections go to the final URL.
    if (response.url) this.#url = response.url;
    this.#hooks.open?.(response);
    return this.#read(response, attempt);
  }

  async #fetch(signal) {
    const o = this.#options;
    const headers = new Headers({ Accept: 'text/event-stream' });
    const given = typeof o.headers === 'function' ? await o.headers() : o.headers;
    if (given) new Headers(given).forEach((value, name) => headers.set(name, value));
    const lastEventId = this.#session.lastEventIdHeader;
    if (lastEventId !== undefined) headers.set('Last-Event-ID', lastEventId);
    if (signal.aborted) throw signal.reason;
    const init = { method: o.method, headers, body: o.body, cache: 'no-store', credentials: o.credentials, signal, redirect: 'follow' };
    // Called on its own: browsers refuse a fetch whose `this` is not the global object.
    const fetchImpl = o.fetch;
    return fetchImpl(this.#url, init);
  }

  async #read(response, attempt) {
    if (!response.body) return this.#ended(this.#session.end());
    const reader = response.body.getReader();
    try {
      for (;;) {
        let next;
        try {
          next = await this.#watched(reader.read());
        } catch (cause) {
          if (this.#finished) return { decision: { what: 'none' } };
          if (this.#woken) return this.#wokenUp();
          return this.#ended(this.#session.networkError(), cause);
        }
        if (this.#finished) return { decision: { what: 'none' } };
        if (this.#woken) return this.#wokenUp();
        if (next === SILENCE) {
          attempt.abort();
          return this.#ended(this.#session.watchdog());
        }
        if (next.done) return this.#ended(this.#session.end());
        const decision = this.#session.chunk(next.value);
        if (decision.what !== 'none') return this.#ended(decision);
        if (this.#hooks.drain) await this.#hooks.drain();
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }

  // The session took the body for dead on a wake, and decided the reconnection already.
  #wokenUp() {
    const decision = this.#woken;
    this.#woken = undefined;
    return this.#ended(decision);
  }

  async #ended(decision, cause) {
    return { decision, error: await errorOf(decision, { cause, inBand: this.#inBand }) };
  }

  // The response or the next read, or SILENCE when the session's watchdog (responseTimeout
  // before the head, idleTimeout after it) passes first; any byte, a comment's included, counts.
  async #watched(promise) {
    // Without either limit the session watches nothing: no call into the module per read.
    const { idleTimeout, responseTimeout } = this.#options;
    const limit = idleTimeout > 0 || responseTimeout > 0 ? this.#session.watchdogMs : 0;
    if (!(limit > 0)) return promise;
    let cancel;
    const silence = new Promise((resolve) => {
      cancel = after(limit, () => resolve(SILENCE));
    });
    try {
      return await Promise.race([promise, silence]);
    } finally {
      cancel();
    }
  }

  // The wait before the next request. Finishing the stream ends it at once: its timer must not
  // keep a Node process running, nor the session's memory held, until it would have fired.
  #wait(ms) {
    return new Promise((resolve) => {
      if (this.#finished) return resolve();
      const cancel = after(ms, () => this.#endWait());
      this.#endWait = () => {
        cancel();
        this.#endWait = undefined;
        resolve();
      };
    });
  }
}
