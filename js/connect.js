import { SseError } from './errors.js';
import { TERMINAL_BY_CALLER } from './resume.js';
import { resolveUrl, streamOptions } from './options.js';
import { StreamDriver, TEXT } from './session.js';
import { loadFor } from './typed.js';

const DEFAULT_QUEUE = 256;

/**
 * Settings of the session that connect() does not offer its callers, merged over the validated
 * options: the MCP transport's (js/mcp.js) way of resuming.
 */
export const SESSION = Symbol('session settings');

// `result` starts draining a stream nobody iterates once it is awaited (or then'd), not when
// it is merely read, so `const { result } = stream` before a `for await` loses nothing.
class ResultPromise extends Promise {
  static get [Symbol.species]() {
    return Promise;
  }
  then(onFulfilled, onRejected) {
    this.observed?.();
    return super.then(onFulfilled, onRejected);
  }
}

function terminalOptions(where, terminal) {
  if (terminal === undefined) return {};
  if (typeof terminal === 'string') return { terminalData: terminal };
  // The module cannot run the function: it is told that a clean end before a match is a cut.
  if (typeof terminal === 'function') return { terminalMatch: terminal, resumeHow: TERMINAL_BY_CALLER };
  if (terminal && typeof terminal === 'object' && (typeof terminal.data === 'string' || typeof terminal.event === 'string')) {
    return { terminalData: terminal.data, terminalType: terminal.event };
  }
  throw new TypeError(`${where}: terminal must be a data string, { data }, { event } or a function`);
}

/**
 * One logical event stream, read into a bounded queue as soon as it is created.
 * @param {string | URL | Response} target
 */
export function connect(target, options = {}) {
  return new EventStream(target, options);
}

class EventStream {
  // Items from #head on wait for the consumer. Taking one moves #head instead of shifting the
  // array: one chunk of tiny events queues thousands, and shift() would copy them all each time.
  #queue = [];
  #head = 0;
  #capacity;
  #wakeConsumer;
  #wakeReader;
  #iterating = false;
  #draining = false;
  #outcome;
  #driver;
  #terminalMatch;
  #settle;
  #abortedWith; // { reason } of an abort before the driver was there
  #thrown = false;
  #textOnly = false;
  #unlisten; // removes the listener on the caller's signal
  /** Settles once with { state, lastEventId, error, timing }; never rejects. */
  result;

  constructor(target, options) {
    const where = 'connect()';
    const isResponse = typeof Response === 'function' && target instanceof Response;
    const url = isResponse ? target.url : resolveUrl(target);
    const settings = streamOptions(where, 'connect', options);
    const terminal = options.terminal === undefined ? settings.decoder?.terminal : terminalOptions(where, options.terminal);
    Object.assign(settings, terminal, options[SESSION]);
    this.#terminalMatch = settings.terminalMatch;
    // The caller's signal, abort() and break all end in abort(): a stream keeps no
    // AbortController of its own beyond its request's.
    const given = settings.signal;
    settings.signal = undefined;
    if (given?.aborted) this.abort(given.reason);
    else if (given) {
      // Removed when the stream finishes: a long-lived signal (a page's, an MCP transport's)
      // must not keep every stream it ever served.
      const onAbort = () => this.abort(given.reason);
      given.addEventListener('abort', onAbort, { once: true });
      this.#unlisten = () => given.removeEventListener('abort', onAbort);
    }
    const { queueSize = DEFAULT_QUEUE } = options;
    if (!Number.isInteger(queueSize) || queueSize < 1) throw new TypeError(`${where}: queueSize must be an integer ≥ 1`);
    this.#capacity = queueSize;
    this.result = new ResultPromise((resolve) => {
      this.#settle = resolve;
    });
    this.result.observed = () => {
      if (!this.#iterating) this.#drain();
    };
    loadFor(settings.decoder)
      .then((typed) => {
        settings.typed = typed;
        this.#driver = new StreamDriver(url, settings, this.#callbacks(), {
          finish: (state, error) => this.#finish(state, error),
          drain: () => this.#room(),
        });
        if (this.#textOnly) this.#driver.textOnly();
        if (this.#abortedWith) this.#driver.abort(this.#abortedWith.reason);
        // Not returned: run() never rejects, and this chain ends at once instead of holding
        // its promises for the stream's life.
        this.#driver.run(isResponse ? target : undefined);
      })
      .catch((error) => this.#finish('failed', error));
  }

  [Symbol.asyncIterator]() {
    return this.#consume(undefined);
  }

  // The stream's one consumer: each item, or only the `pick` of the items that have one.
  #consume(pick) {
    if (this.#iterating) throw new TypeError('connect(): a stream has one consumer, and it is iterated already');
    this.#iterating = true;
    return {
      next: () => this.#next(pick),
      return: async () => {
        this.abort();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /**
   * Each text delta of an LLM decoder's stream, as the provider split it: chat
   * `choices[0].delta.content`, Responses `response.output_text.delta`, Anthropic `text_delta`.
   * It is the stream's one consumer, as iterating the events would be.
   */
  text() {
    const texts = this.#consume(TEXT);
    // Nobody sees the events' payloads now, so the module stops making them.
    this.#textOnly = true;
    this.#driver?.textOnly();
    return texts;
  }

  /** The message an LLM decoder has rebuilt from the events read so far; null otherwise. */
  snapshot() {
    return this.#driver?.snapshot() ?? null;
  }

  /**
   * The whole message once the stream has ended; reads the stream to its end when nobody
   * iterates. Rejects with `result.error` only when the stream failed.
   */
  async message() {
    const { state, error } = await this.result;
    if (state === 'failed') throw error;
    return this.snapshot();
  }

  /** Stops reading and aborts the request; the result settles as `aborted`. */
  abort(reason) {
    if (this.#driver) this.#driver.abort(reason);
    else this.#abortedWith ??= { reason };
  }

  #callbacks() {
    return {
      onEvent: (event) => {
        this.#push(event);
        if (this.#terminalMatch === undefined) return;
        let matched;
        try {
          matched = this.#terminalMatch(event);
        } catch (error) {
          // A matcher that throws cannot say where the stream ends: it ends here.
          this.#driver.abort(error);
          return;
        }
        if (matched) this.#driver.terminal();
      },
      onError: (error) => this.#push({ type: '', data: '', lastEventId: this.#driver.lastEventId, error }),
    };
  }

  #push(item) {
    if (this.#draining) return;
    this.#queue.push(item);
    this.#wakeConsumer?.();
  }

  // Resolves when the consumer has made room; the reader awaits it after each chunk.
  #room() {
    if (this.#draining || this.#waiting < this.#capacity) return undefined;
    return new Promise((resolve) => {
      this.#wakeReader = resolve;
    });
  }

  #drain() {
    this.#draining = true;
    this.#queue = [];
    this.#head = 0;
    this.#release();
  }

  #release() {
    const wake = this.#wakeReader;
    this.#wakeReader = undefined;
    wake?.();
  }

  #finish(state, error) {
    if (this.#outcome) return;
    this.#unlisten?.();
    this.#outcome = {
      state,
      lastEventId: this.#driver?.lastEventId ?? '',
      error,
      timing: this.#driver?.timing ?? { firstByte: null, firstEvent: null, largestGap: 0 },
    };
    if (state === 'failed' && !(error instanceof SseError)) {
      this.#outcome.error = new SseError(`the stream failed: ${error?.message}`, { kind: 'wasm-unavailable', cause: error });
    }
    this.#settle(this.#outcome);
    this.#release();
    this.#wakeConsumer?.();
  }

  get #waiting() {
    return this.#queue.length - this.#head;
  }

  #take() {
    const queue = this.#queue;
    const item = queue[this.#head];
    queue[this.#head++] = undefined;
    if (this.#head === queue.length) {
      queue.length = 0;
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= queue.length) {
      // A consumer that never quite catches up: the taken half is dropped now and then.
      queue.splice(0, this.#head);
      this.#head = 0;
    }
    return item;
  }

  async #next(pick) {
    for (;;) {
      while (this.#waiting > 0) {
        const item = this.#take();
        if (this.#waiting < this.#capacity) this.#release();
        if (pick === undefined) return { done: false, value: item };
        if (item[pick] !== undefined) return { done: false, value: item[pick] };
      }
      if (this.#outcome) {
        if (this.#outcome.state === 'failed' && !this.#thrown) {
          this.#thrown = true;
          throw this.#outcome.error;
        }
        return { done: true, value: undefined };
      }
      await new Promise((resolve) => {
        this.#wakeConsumer = resolve;
      });
      this.#wakeConsumer = undefined;
    }
  }
}
