import { connect, SESSION } from './connect.js';
import { SseError } from './errors.js';
import { PROGRESS_NEEDS_DATA, RESUME_BACKOFF, RESUME_WITHOUT_ID, TERMINAL_BY_CALLER } from './resume.js';
import { reasonText } from './session.js';
import { after } from './timers.js';
import { init } from './wasm.js';

// The MCP Streamable HTTP client transport (specification 2025-11-25), shaped as the class of
// that name in @modelcontextprotocol/sdk so that its Client takes it. Every SSE stream is a
// connect() stream, so the parsing, the waits and the resumption are the C++ session's: this
// file sends the JSON-RPC messages, keeps the session's headers and hands messages over.

const DEFAULT_RECONNECTION = {
  initialReconnectionDelay: 1000,
  maxReconnectionDelay: 30_000,
  reconnectionDelayGrowFactor: 1.5,
  maxRetries: 2,
};


const MAX_REDIRECTS = 5;
const REDIRECTS = [301, 302, 303, 307, 308];

/** A refused request, with the HTTP status as `code` (-1 for a response of the wrong type). */
export class StreamableHTTPError extends Error {
  constructor(code, message) {
    super(`Streamable HTTP error: ${message}`);
    this.name = 'StreamableHTTPError';
    this.code = code;
  }
}

const isObject = (value) => value !== null && typeof value === 'object';
const isResponse = (message) => isObject(message) && 'id' in message && ('result' in message || 'error' in message);
const isRequest = (message) => isObject(message) && 'method' in message && 'id' in message && message.id !== undefined;

function headerRecord(headers) {
  if (!headers) return {};
  if (typeof Headers === 'function' && headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return { ...headers };
}

// The message an event carries, or an Error for one that is not JSON-RPC.
function messageOf(event) {
  try {
    const message = JSON.parse(event.data);
    if (isObject(message) && message.jsonrpc === '2.0') return message;
  } catch (error) {
    return new Error(`an SSE event is not JSON: ${error.message}`);
  }
  return new Error(`an SSE event is not a JSON-RPC 2.0 message: ${event.data.slice(0, 200)}`);
}

/**
 * A client transport for MCP's Streamable HTTP, with the constructor options and members of
 * the SDK's `StreamableHTTPClientTransport`: `requestInit`, `fetch`, `sessionId`,
 * `reconnectionOptions`, `redirectPolicy`; and `idleTimeout`, `responseTimeout` and
 * `reconnectOnWake` (as in connect()). `authProvider` is not taken: send credentials in `requestInit.headers` or
 * through `fetch`.
 */
export class StreamableHTTPClientTransport {
  #url;
  #requestInit;
  #fetch;
  #followRedirects;
  #sessionId;
  #protocolVersion;
  #reconnection;
  #idleTimeout;
  #responseTimeout;
  #reconnectOnWake;
  #stop; // from start() to close(): ends every request and stream
  #crossOrigin = false; // a response came through CORS, whose headers a server must expose
  onclose;
  onerror;
  onmessage;

  constructor(url, options = {}) {
    const { requestInit, fetch, sessionId, reconnectionOptions, authProvider, redirectPolicy, idleTimeout, responseTimeout, reconnectOnWake } =
      options;
    if (authProvider !== undefined) {
      throw new TypeError(
        'StreamableHTTPClientTransport (sse-wasm/mcp) takes no authProvider: send the token in ' +
          "requestInit.headers (e.g. { Authorization: 'Bearer …' }), or pass a fetch that adds it",
      );
    }
    if (redirectPolicy !== undefined && redirectPolicy !== 'follow' && redirectPolicy !== 'same-origin') {
      throw new TypeError("StreamableHTTPClientTransport: redirectPolicy must be 'follow' or 'same-origin'");
    }
    this.#url = new URL(url);
    this.#requestInit = requestInit;
    this.#fetch = fetch;
    this.#followRedirects = redirectPolicy === 'follow';
    this.#sessionId = sessionId;
    this.#reconnection = { ...DEFAULT_RECONNECTION, ...reconnectionOptions };
    const { initialReconnectionDelay, maxReconnectionDelay, reconnectionDelayGrowFactor, maxRetries } = this.#reconnection;
    if (![initialReconnectionDelay, maxReconnectionDelay].every((ms) => ms >= 0 && Number.isFinite(ms))) {
      throw new TypeError('StreamableHTTPClientTransport: reconnection delays must be numbers of ms ≥ 0');
    }
    if (!(reconnectionDelayGrowFactor >= 1 && Number.isFinite(reconnectionDelayGrowFactor))) {
      throw new TypeError('StreamableHTTPClientTransport: reconnectionDelayGrowFactor must be a number ≥ 1');
    }
    if (!(Number.isInteger(maxRetries) || maxRetries === Infinity) || maxRetries < 0) {
      throw new TypeError('StreamableHTTPClientTransport: maxRetries must be an integer ≥ 0, or Infinity');
    }
    this.#idleTimeout = idleTimeout;
    if (responseTimeout !== undefined && !(responseTimeout >= 0 && Number.isFinite(responseTimeout))) {
      throw new TypeError('StreamableHTTPClientTransport: responseTimeout must be a number of ms ≥ 0');
    }
    this.#responseTimeout = responseTimeout;
    if (reconnectOnWake !== undefined && typeof reconnectOnWake !== 'boolean') {
      throw new TypeError('StreamableHTTPClientTransport: reconnectOnWake must be a boolean');
    }
    this.#reconnectOnWake = reconnectOnWake;
  }

  get sessionId() {
    return this.#sessionId;
  }

  get protocolVersion() {
    return this.#protocolVersion;
  }

  setProtocolVersion(version) {
    this.#protocolVersion = version;
  }

  async start() {
    if (this.#stop) {
      throw new Error(
        'StreamableHTTPClientTransport already started! If using Client class, note that connect() calls start() automatically.',
      );
    }
    this.#stop = new AbortController();
    await init();
  }

  /** Ends every request and stream; nothing is sent after this. */
  async close() {
    this.#stop?.abort();
    this.onclose?.();
  }

  /**
   * Sends one JSON-RPC message in its own POST. With `resumptionToken`, nothing is sent: the
   * stream of an earlier request is asked for again from that event ID (GET, Last-Event-ID).
   */
  async send(message, { resumptionToken, onresumptiontoken } = {}) {
    try {
      if (resumptionToken) {
        this.#listen({ lastEventId: resumptionToken, onresumptiontoken, replayId: isRequest(message) ? message.id : undefined });
        return;
      }
      const headers = this.#headers();
      headers.set('content-type', 'application/json');
      headers.set('accept', 'application/json, text/event-stream');
      const response = await this.#request({ method: 'POST', headers, body: JSON.stringify(message) });
      const sessionId = response.headers.get('mcp-session-id');
      if (sessionId) this.#sessionId = sessionId;
      if (!response.ok) {
        const text = await response.text().catch(() => null);
        throw new StreamableHTTPError(response.status, `Error POSTing to endpoint: ${this.#refusal(response, text)}`);
      }
      if (response.status === 202) {
        await response.body?.cancel();
        // The server may now offer its own stream of requests and notifications.
        if (message.method === 'notifications/initialized') this.#listen({ standalone: true });
        return;
      }
      const requests = (Array.isArray(message) ? message : [message]).filter(isRequest);
      const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (requests.length === 0) {
        await response.body?.cancel();
      } else if (type === 'text/event-stream') {
        this.#listen({ response, onresumptiontoken, requestIds: new Set(requests.map((r) => r.id)) });
      } else if (type === 'application/json') {
        const data = await response.json();
        for (const item of Array.isArray(data) ? data : [data]) this.onmessage?.(item);
      } else {
        await response.body?.cancel();
        throw new StreamableHTTPError(-1, `Unexpected content type: ${response.headers.get('content-type')}`);
      }
    } catch (error) {
      this.onerror?.(error);
      throw error;
    }
  }

  /** Asks for a stream again from `lastEventId`, as a request's stream after a cut. */
  async resumeStream(lastEventId, { onresumptiontoken } = {}) {
    this.#listen({ lastEventId, onresumptiontoken });
  }

  /** Ends the session on the server (DELETE); a 405 says the server does not allow it. */
  async terminateSession() {
    if (!this.#sessionId) return;
    try {
      const response = await this.#request({ method: 'DELETE', headers: this.#headers() });
      await response.body?.cancel();
      if (!response.ok && response.status !== 405) {
        throw new StreamableHTTPError(response.status, `Failed to terminate session: ${this.#refusal(response, response.statusText)}`);
      }
      this.#sessionId = undefined;
    } catch (error) {
      this.onerror?.(error);
      throw error;
    }
  }

  async finishAuth() {
    throw new TypeError('StreamableHTTPClientTransport (sse-wasm/mcp) takes no authProvider, so it has no auth to finish');
  }

  #headers() {
    const headers = {};
    if (this.#sessionId) headers['mcp-session-id'] = this.#sessionId;
    if (this.#protocolVersion) headers['mcp-protocol-version'] = this.#protocolVersion;
    return new Headers({ ...headers, ...headerRecord(this.#requestInit?.headers) });
  }

  // Why a response was refused, with what a browser hides when a server forgets CORS.
  #refusal(response, text) {
    let reason = REDIRECTS.includes(response.status) || response.type === 'opaqueredirect'
      ? "a redirect was not followed (redirectPolicy 'same-origin' follows one only within the server's origin)"
      : text;
    if ((response.status === 400 || response.status === 404) && !this.#sessionId && this.#crossOrigin) {
      reason +=
        ' (no Mcp-Session-Id header could be read from the server: a server on another origin must ' +
        'name it in Access-Control-Expose-Headers)';
    }
    return reason;
  }

  /** A request with the transport's requestInit, signal, redirect policy and responseTimeout. */
  async #request(init) {
    const limit = this.#responseTimeout;
    const stop = this.#stop?.signal;
    if (!(limit > 0)) return this.#fetchFollowing(this.#url, { ...this.#requestInit, ...init, signal: stop });
    const attempt = new AbortController();
    const onStop = () => attempt.abort(stop.reason);
    stop?.addEventListener('abort', onStop, { once: true });
    if (stop?.aborted) onStop();
    const late = new SseError(reasonText['response-timeout'], { kind: 'response-timeout', retryable: true });
    const cancel = after(limit, () => attempt.abort(late));
    try {
      return await this.#fetchFollowing(this.#url, { ...this.#requestInit, ...init, signal: attempt.signal });
    } finally {
      // A long-lived transport keeps no listener per request; a stream's reader stops on close().
      cancel();
      stop?.removeEventListener('abort', onStop);
    }
  }

  // Follows redirects only within the origin unless redirectPolicy is 'follow', as the SDK's
  // transport does: a message or a token is never sent to another origin.
  #fetchFollowing = async (url, init) => {
    const fetchImpl = this.#fetch ?? globalThis.fetch;
    if (this.#followRedirects) return this.#note(await fetchImpl(url, { ...init, redirect: 'follow' }));
    let target = new URL(url);
    for (let followed = 0; ; followed++) {
      const response = this.#note(await fetchImpl(target, { ...init, redirect: 'manual' }));
      const location = REDIRECTS.includes(response.status) ? response.headers.get('location') : null;
      const next = location ? new URL(location, target) : undefined;
      const keepsMethod = response.status === 307 || response.status === 308 || (init.method ?? 'GET') === 'GET';
      const sameOrigin = next && next.origin === target.origin && !next.username && !next.password;
      if (!sameOrigin || !keepsMethod || followed === MAX_REDIRECTS) return response;
      await response.body?.cancel();
      target = next;
    }
  };

  #note(response) {
    if (response.type === 'cors') this.#crossOrigin = true;
    return response;
  }

  /**
   * Reads one SSE stream: a POST's answer (`response`), the standalone GET stream, or a
   * stream asked for again from `lastEventId`. Messages go to onmessage one at a time, each
   * after the promise jobs of the one before: the SDK's Client handles a notification a
   * microtask after it arrives, and a response handed over in the same loop would remove its
   * progress handler first.
   */
  #listen({ response, standalone = false, lastEventId, onresumptiontoken, requestIds, replayId }) {
    const { initialReconnectionDelay, maxReconnectionDelay, reconnectionDelayGrowFactor, maxRetries } = this.#reconnection;
    // A request's stream is over with its response, the standalone stream never: an end is a
    // cut for both, and the standalone stream may be asked for again before it had an ID.
    let resumeHow = RESUME_BACKOFF | PROGRESS_NEEDS_DATA | TERMINAL_BY_CALLER;
    if (standalone) resumeHow |= RESUME_WITHOUT_ID;
    const stream = connect(response ?? this.#url.href, {
      headers: () => this.#headers(),
      credentials: this.#requestInit?.credentials,
      fetch: this.#fetchFollowing,
      signal: this.#stop?.signal,
      lastEventId,
      idleTimeout: this.#idleTimeout,
      responseTimeout: this.#responseTimeout,
      reconnectOnWake: this.#reconnectOnWake,
      resume: maxRetries > 0 ? 'last-event-id' : undefined,
      // The backoff of a resumption; a failure before any event is not tried again.
      retry: {
        statuses: [],
        attempts: 0,
        initialDelay: initialReconnectionDelay,
        maxDelay: maxReconnectionDelay,
        growth: reconnectionDelayGrowFactor,
        jitter: 0,
      },
      // The stream is over once every request it answers has its response.
      terminal: (event) => {
        if (standalone || !event.data || event.type !== 'message') return false;
        const message = messageOf(event);
        event.message = message;
        if (!isResponse(message)) return false;
        if (replayId !== undefined || requestIds === undefined) return true;
        requestIds.delete(message.id);
        return requestIds.size === 0;
      },
      [SESSION]: { resumeHow, resumeAttempts: Math.min(maxRetries, 0xffffffff) },
    });
    this.#deliver(stream, lastEventId, onresumptiontoken, replayId, standalone).catch((error) => this.onerror?.(error));
  }

  async #deliver(stream, lastEventId, onresumptiontoken, replayId, standalone) {
    let token = lastEventId;
    try {
      for await (const event of stream) {
        // A callback that throws is reported, and the stream goes on: it still owes responses.
        try {
          if (event.lastEventId && event.lastEventId !== token) {
            token = event.lastEventId;
            onresumptiontoken?.(token);
          }
          if (event.error) this.onerror?.(event.error);
          if (!event.data || event.type !== 'message') continue;
          const message = event.message ?? messageOf(event);
          if (message instanceof Error) {
            this.onerror?.(message);
            continue;
          }
          if (replayId !== undefined && isResponse(message)) message.id = replayId;
          this.onmessage?.(message);
        } catch (error) {
          this.onerror?.(error);
        }
      }
    } catch {
      // A failed stream: its result says why, below.
    }
    const { state, error } = await stream.result;
    if (state === 'failed' && standalone && error.status === 405) return; // the server offers no stream
    if (state === 'failed' || state === 'incomplete') {
      this.onerror?.(new StreamableHTTPError(error.status ?? -1, `SSE stream ${state === 'failed' ? 'failed' : 'disconnected'}: ${error.message}`));
    }
  }
}
