import { SseError } from './errors.js';
import { resolveUrl, streamOptions } from './options.js';
import { StreamDriver } from './session.js';
import { loadFor } from './typed.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

// The DOM's error event carries nothing; ours says why, and when a reconnection is coming,
// how long the session decided to wait before it.
function errorEvent(error, delayMs) {
  const event = new Event('error');
  Object.defineProperty(event, 'error', { value: error, enumerable: true });
  if (delayMs !== undefined) Object.defineProperty(event, 'delayMs', { value: delayMs, enumerable: true });
  return event;
}

/**
 * The DOM's EventSource over fetch, spec-exact for GET, with the extensions of the second
 * argument: method, body, headers, credentials, signal, fetch, lastEventId, retry, resume,
 * idleTimeout, responseTimeout, reconnectOnWake, maxEventSize, decode (each MessageEvent then
 * carries `payload`, or `error`).
 */
export class EventSource extends EventTarget {
  static CONNECTING = CONNECTING;
  static OPEN = OPEN;
  static CLOSED = CLOSED;
  CONNECTING = CONNECTING;
  OPEN = OPEN;
  CLOSED = CLOSED;

  #url;
  #withCredentials;
  #readyState = CONNECTING;
  #origin = '';
  #driver;
  #handlers = new Map(); // event handler attributes: type → { handler, listener }

  constructor(url, init_ = {}) {
    super();
    try {
      this.#url = resolveUrl(url);
    } catch {
      throw new DOMException(`EventSource: '${url}' is not a valid URL`, 'SyntaxError');
    }
    const options = init_ ?? {};
    this.#withCredentials = Boolean(options.withCredentials);
    const settings = streamOptions('EventSource', 'event-source', {
      ...options,
      credentials: options.credentials ?? (this.#withCredentials ? 'include' : 'same-origin'),
    });
    const callbacks = {
      onEvent: (event) => this.#dispatch(event),
      // Error events carry an SseError whatever happened; a discarded event's names its type.
      onError: (error) => {
        if (this.#readyState === CLOSED) return;
        this.dispatchEvent(errorEvent(new SseError(error.message, { kind: error.type, cause: error })));
      },
    };
    const hooks = {
      open: (response) => {
        this.#origin = new URL(response.url || this.#url).origin;
        // [spec] Announce the connection: set readyState to OPEN and fire open.
        if (this.#readyState === CLOSED) return;
        this.#readyState = OPEN;
        this.dispatchEvent(new Event('open'));
      },
      reconnecting: (error, delayMs) => {
        // [spec] Reestablish the connection: set readyState to CONNECTING and fire error.
        if (this.#readyState === CLOSED) return;
        this.#readyState = CONNECTING;
        this.dispatchEvent(errorEvent(error, delayMs));
      },
      finish: (state, error) => {
        // [spec] Fail the connection: set readyState to CLOSED and fire error. An abort is a
        // close() by the caller's signal, which fires nothing.
        if (this.#readyState === CLOSED) return;
        this.#readyState = CLOSED;
        if (state !== 'aborted') this.dispatchEvent(errorEvent(error));
      },
    };
    loadFor(settings.decoder)
      .then((typed) => {
        settings.typed = typed;
        if (this.#readyState === CLOSED) return;
        this.#driver = new StreamDriver(this.#url, settings, callbacks, hooks);
        // Not returned: run() never rejects, and this chain ends at once.
        this.#driver.run();
      })
      .catch((error) => hooks.finish('failed', error));
  }

  get url() {
    return this.#url;
  }

  get withCredentials() {
    return this.#withCredentials;
  }

  get readyState() {
    return this.#readyState;
  }

  /** Aborts the request; no event of any kind is dispatched after this. */
  close() {
    if (this.#readyState === CLOSED) return;
    this.#readyState = CLOSED;
    this.#driver?.abort();
  }

  get onopen() {
    return this.#handler('open');
  }
  set onopen(handler) {
    this.#setHandler('open', handler);
  }
  get onmessage() {
    return this.#handler('message');
  }
  set onmessage(handler) {
    this.#setHandler('message', handler);
  }
  get onerror() {
    return this.#handler('error');
  }
  set onerror(handler) {
    this.#setHandler('error', handler);
  }

  #dispatch({ type, data, lastEventId, payload, error }) {
    // [spec] Dispatch only if readyState is not CLOSED, even for events of the same chunk.
    if (this.#readyState === CLOSED) return;
    const event = new MessageEvent(type, { data, origin: this.#origin, lastEventId });
    // With `decode`: the decoded data, or why it does not fit.
    if (payload !== undefined) Object.defineProperty(event, 'payload', { value: payload, enumerable: true });
    if (error !== undefined) Object.defineProperty(event, 'error', { value: error, enumerable: true });
    this.dispatchEvent(event);
  }

  #handler(type) {
    return this.#handlers.get(type)?.handler ?? null;
  }

  // As an event handler attribute does: registered in place when first set, removed by null.
  #setHandler(type, handler) {
    const current = this.#handlers.get(type);
    if (typeof handler !== 'function') {
      if (current) this.removeEventListener(type, current.listener);
      this.#handlers.delete(type);
      return;
    }
    if (current) {
      current.handler = handler;
      return;
    }
    const entry = { handler, listener: (event) => entry.handler.call(this, event) };
    this.#handlers.set(type, entry);
    this.addEventListener(type, entry.listener);
  }
}
