/** One event of the stream. */
export interface ParsedEvent {
  /** The `event` field, or `'message'` when the block had none or an empty one. */
  type: string;
  /** The `data` lines joined with LF. */
  data: string;
  /** The stream's last event ID string when the event was dispatched (it persists). */
  lastEventId: string;
}

export interface ParserCallbacks {
  onEvent?(event: ParsedEvent): void;
  /** Each valid `retry` field (ASCII digits only); exact up to 2^53. */
  onRetry?(milliseconds: number): void;
  /** Each comment line, without its leading ':'. */
  onComment?(comment: string): void;
  /** Bad input; parsing goes on. */
  onError?(error: EventTooLargeError): void;
  /**
   * Bytes of one event block's lines, each line end counted as one byte, past which the block
   * is discarded with an `event-too-large` error; 16 MiB by default, at most 2^28.
   */
  maxEventSize?: number;
  /** The last event ID to start from, e.g. when resuming a stream. */
  lastEventId?: string;
}

export interface EventStreamParser {
  /**
   * Parses the next chunk; events are delivered as soon as their blank line arrives. A string
   * is text already decoded: a leading U+FEFF is stripped as the BOM, and a character split
   * between two string chunks is joined. Throws when called from inside one of this parser's
   * callbacks or after `free()`; an exception from a callback is rethrown after the rest of the
   * chunk was delivered.
   */
  feed(chunk: Uint8Array | ArrayBuffer | ArrayBufferView | string): void;
  /** End of this body: an unfinished event is discarded; the last event ID is kept. Does nothing after `free()`. */
  end(): void;
  /** Back to the start state for a new connection, keeping the last event ID. Does nothing after `free()`. */
  reset(): void;
  /** Releases the WebAssembly side; no callback runs afterwards. */
  free(): void;
  /** The last event ID string, as the last finished block left it. */
  readonly lastEventId: string;
}

export interface InitOptions {
  /** An already compiled module. */
  module?: WebAssembly.Module;
  /** The bytes of `sse-core.wasm`. */
  wasmBinary?: BufferSource;
  /** Where to fetch a file of the package from, e.g. a CDN. */
  locateFile?(name: string): string | URL;
  /**
   * Lets typed decoding compile one object literal per payload shape (`new Function`), which
   * makes payload objects up to three times faster; a Content Security Policy must then allow
   * 'unsafe-eval'. Off by default in browsers, on in Node.
   */
  allowEval?: boolean;
}

/** Loads the core module once; every call returns the same promise. */
export function init(options?: InitOptions): Promise<void>;

/** Creates a parser; throws unless `init()` has resolved. */
export function createParser(callbacks: ParserCallbacks): EventStreamParser;

/**
 * Why a stream failed or was cut: `status` (not 200), `content-type` (not text/event-stream),
 * `network` (the request or the body failed; `cause` has the fetch error), `ended` (the body
 * ended, without the terminal marker where one is in force; a body Node's fetch ended after 300 s
 * of silence is a `network` cut whose message names its bodyTimeout), `idle-timeout`,
 * `response-timeout` (no response head within `responseTimeout`), `stale` (with
 * `reconnectOnWake`: a body silent since the page went away, asked for again), `aborted`,
 * `wasm-unavailable` (the module could not be loaded or stopped); on an EventSource's error
 * event also `event-too-large` (an event was discarded, `cause` is the ParseError).
 */
export type SseErrorKind =
  | 'status'
  | 'content-type'
  | 'network'
  | 'ended'
  | 'idle-timeout'
  | 'response-timeout'
  | 'stale'
  | 'aborted'
  | 'event-too-large'
  | 'in-band'
  | 'wasm-unavailable'
  | (string & {});

/** When a failure before the first event is tried again. */
export interface RetryPolicy {
  /** Statuses tried again; [429, 502, 503, 504] by default. Network errors always are. */
  statuses?: number[];
  /** Requests after the first one; 3 by default. */
  attempts?: number;
  /** The first delay in ms, times `growth` on each attempt; 1000 by default. */
  initialDelay?: number;
  /** Each attempt's delay over the one before, at least 1; 2 by default. */
  growth?: number;
  /** The longest delay in ms; 30000 by default. A longer `Retry-After` fails the stream instead. */
  maxDelay?: number;
  /** From 0 to 1: each delay varies by up to this share of itself; 0.2 by default. */
  jitter?: number;
}

/** The request and reconnection options EventSource and connect() share. */
export interface StreamOptions {
  /** `GET` by default. Anything but a plain GET is never sent twice unless `retry` or `resume` says so. */
  method?: string;
  body?: BodyInit | null;
  /** Sent under `Accept: text/event-stream`; a function is called before every request, e.g. to refresh a token. */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  credentials?: RequestCredentials;
  /** Aborts the stream; one aborted already sends no request. */
  signal?: AbortSignal;
  /** The fetch to use; `globalThis.fetch` by default. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** The last event ID to start from: sent as `Last-Event-ID` on the first request. */
  lastEventId?: string;
  /** Try failures before the first event again: `true` for the default policy. */
  retry?: boolean | RetryPolicy;
  /** After a cut, ask for the rest with `Last-Event-ID` (when there is one) instead of ending. */
  resume?: 'last-event-id';
  /**
   * Ms without a byte (comments included) that count as a cut; off by default. Silence before
   * the response's head is a failure before any event (retried only by `retry`, or for a GET
   * EventSource as a network error is).
   */
  idleTimeout?: number;
  /**
   * Ms from sending a request to its response's head, past which it fails with the kind
   * `response-timeout` (retryable; tried again as a silence before the head is, above); off by
   * default. Before the head it takes precedence over `idleTimeout`, which then watches the body.
   */
  responseTimeout?: number;
  /**
   * In a page: when it comes back (visible, online, thawed, or restored from the back-forward
   * cache), a reconnection being waited for is sent at once, and a body that said nothing since
   * the page went away is taken for dead (kind `stale`): a GET EventSource reconnects and a
   * `resume` stream resumes now; any other request is never sent again. Entering the
   * back-forward cache closes the connection as a cut. Off by default; inert in workers and Node.
   */
  reconnectOnWake?: boolean;
  /** Bytes of one event block past which it is discarded with a ParseError; 16 MiB by default. */
  maxEventSize?: number;
}

export interface EventSourceOptions extends StreamOptions {
  withCredentials?: boolean;
  /** Decode each event's data; each MessageEvent then carries `payload`, or `error` (a DecodeError). */
  decode?: keyof Decoders | TypedDecoder;
  /** With a schema decoder: a key the schema does not describe is a DecodeError, not ignored. */
  strict?: boolean;
}

/** A MessageEvent of our EventSource: with `decode`, also the decoded data or why it did not fit. */
export interface DecodedMessageEvent extends MessageEvent<string> {
  readonly payload?: unknown;
  readonly error?: DecodeError;
}

/**
 * The `error` event of our EventSource: the DOM's, plus why, and the decided wait when
 * reconnecting. Ours always carry `error`; it is optional in the type so that the class also
 * satisfies the DOM's EventSource.
 */
export interface EventSourceErrorEvent extends Event {
  readonly error?: SseError;
  /**
   * Present when a reconnection follows: the ms the session decided to wait, and waits, however
   * long (a `retry:` value past 2^64 − 1 saturates there: `2 ** 64` as a Number).
   */
  readonly delayMs?: number;
}

interface EventSourceEventMap {
  open: Event;
  message: DecodedMessageEvent;
  error: EventSourceErrorEvent;
}

/**
 * The DOM's EventSource over fetch: exactly the spec for GET, with the extensions of
 * `StreamOptions`. Runs in browsers, workers and Node 20+.
 */
export class EventSource extends EventTarget {
  constructor(url: string | URL, options?: EventSourceOptions);
  static readonly CONNECTING: 0;
  static readonly OPEN: 1;
  static readonly CLOSED: 2;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSED: 2;
  readonly url: string;
  readonly withCredentials: boolean;
  /** CONNECTING, OPEN or CLOSED. */
  readonly readyState: number;
  onopen: ((event: Event) => any) | null;
  onmessage: ((event: DecodedMessageEvent) => any) | null;
  onerror: ((event: EventSourceErrorEvent) => any) | null;
  /** Aborts the request; nothing is dispatched afterwards. */
  close(): void;
  addEventListener<K extends keyof EventSourceEventMap>(
    type: K,
    listener: (this: EventSource, event: EventSourceEventMap[K]) => any,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: (this: EventSource, event: DecodedMessageEvent) => any,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof EventSourceEventMap>(
    type: K,
    listener: (this: EventSource, event: EventSourceEventMap[K]) => any,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: (this: EventSource, event: DecodedMessageEvent) => any,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** The decoders `decode` takes, and the payload type each gives. */
export interface Decoders {
  'openai.chat': OpenAIChatChunk;
  'openai.responses': OpenAIResponsesEvent;
  anthropic: AnthropicEvent;
  gemini: GeminiResponse;
  'ai.ui': AiUiChunk;
  json: unknown;
}

/** A schema of a typed module built with `sse_add_typed_module()` in CMake. */
export interface TypedDecoder {
  readonly kind: number;
}

/**
 * Loads a typed module of your own (built with `sse_add_typed_module()` in CMake) from its
 * bytes, a compiled module or a URL. `decoder(kind)` decodes as the kind-th type the module was
 * built with, for `decode`.
 */
export function typedModule(source: {
  wasmBinary?: BufferSource;
  module?: WebAssembly.Module;
  url?: string | URL;
}): Promise<{ decoder(kind: number): TypedDecoder }>;

export interface ConnectOptions<D extends keyof Decoders | undefined = undefined> extends StreamOptions {
  /**
   * Decode each event's data: with a schema, in the typed WebAssembly module (loaded on first
   * use), or `'json'` with JSON.parse. Each LLM decoder brings its provider's terminal marker
   * (`[DONE]`, consumed; `response.completed` or `response.incomplete`; `message_stop`) unless
   * `terminal` says otherwise,
   * and a provider's error event fails the stream (`SseError { kind: 'in-band', code, payload }`).
   */
  decode?: D | TypedDecoder;
  /** With a schema decoder: a key the schema does not describe is a DecodeError, not ignored. */
  strict?: boolean;
  /**
   * What ends the stream as `completed`: a data string (consumed, e.g. `'[DONE]'`),
   * `{ data }`, `{ event }` (an event type, delivered), or a function asked about every event.
   */
  terminal?: string | { data: string } | { event: string } | ((event: StreamEvent) => boolean);
  /** Events read ahead of the consumer before the body is read no further; 256 by default. */
  queueSize?: number;
}

/**
 * An event of connect(). `error` is a ParseError, with `type` '', for an event the parser had
 * to discard, or a DecodeError for data that does not fit the decoder, which leaves `payload`
 * absent; the stream goes on either way.
 */
export interface StreamEvent<P = never> extends ParsedEvent {
  payload?: P;
  error?: EventTooLargeError | DecodeError;
}

export type StreamState = 'completed' | 'incomplete' | 'failed' | 'aborted';

export interface StreamResult {
  state: StreamState;
  lastEventId: string;
  /** Why, for every state but `completed`. */
  error?: SseError;
  /** Ms from the first request; null when it did not happen. */
  timing: { firstByte: number | null; firstEvent: number | null; largestGap: number };
}

/** A message rebuilt from an LLM stream's deltas, the same shape for every provider. */
export interface LlmMessage {
  text: string;
  /** The concatenated refusal text, or null. */
  refusal: string | null;
  /** The concatenated thinking or reasoning summary text, or null. */
  thinking: string | null;
  /**
   * `id`: chat `tool_calls[].id`, Responses `call_id`, Anthropic `tool_use.id`, Gemini's
   * `functionCall.id` (null when the model sent none); `arguments` parsed when JSON.
   */
  toolCalls: { id: string | null; name: string; arguments: unknown }[];
  /**
   * The provider's own value: chat `finish_reason`, Anthropic `stop_reason`, Responses `status`,
   * Gemini's `finishReason` (or a blocked prompt's `blockReason`).
   */
  stopReason: string | null;
  usage: { inputTokens: number | null; outputTokens: number | null };
}

export interface EventStream<P = never> extends AsyncIterable<StreamEvent<P>> {
  /** Each text delta of an LLM decoder's stream, as the provider split it; the stream's one consumer. */
  text(): AsyncIterableIterator<string>;
  /** The message an LLM decoder has rebuilt from the events read so far; null without one. */
  snapshot(): LlmMessage | null;
  /** The whole message once the stream ended (drains it if nobody iterates); rejects only when it failed. */
  message(): Promise<LlmMessage | null>;
  /** Settles once, never rejects. Awaiting it while nobody iterates reads the stream to its end. */
  readonly result: Promise<StreamResult>;
  /** Stops reading and aborts the request: the result is `aborted`. */
  abort(reason?: unknown): void;
}

/** One logical stream over fetch, read into a bounded queue; iterate it once. */
export function connect<D extends keyof Decoders | undefined = undefined>(
  target: string | URL | Response,
  options?: ConnectOptions<D>,
): EventStream<D extends keyof Decoders ? Decoders[D] : never>;

export class SseError extends Error {
  constructor(message: string, details?: Partial<Omit<SseError, 'message' | 'name'>>);
  kind: SseErrorKind;
  status?: number;
  statusText?: string;
  headers?: Headers;
  bodyPreview?: string;
  retryable: boolean;
  cause?: unknown;
  code?: string;
  payload?: unknown;
}

/**
 * `event-too-large` from every parser; sse-wasm/stream also reports, as eventsource-parser
 * does, `invalid-retry`, `unknown-field` and `max-buffer-size-exceeded`.
 */
export type ParseErrorType = 'event-too-large' | 'invalid-retry' | 'unknown-field' | 'max-buffer-size-exceeded';

/** The one ParseError of createParser, EventSource and connect(): an event was discarded. */
export interface EventTooLargeError extends ParseError {
  type: 'event-too-large';
}

export class ParseError extends Error {
  constructor(message: string, details: { type: ParseErrorType; field?: string; value?: string; line?: string });
  type: ParseErrorType;
  /** An `unknown-field` error's field name (sse-wasm/stream). */
  field?: string | undefined;
  /** An ignored line's value, without the space after the colon (sse-wasm/stream). */
  value?: string | undefined;
  /** An ignored line as it arrived, without its line end (sse-wasm/stream). */
  line?: string | undefined;
}

export class DecodeError extends Error {
  constructor(message: string, details: { path: string; expected: string; got: string });
  path: string;
  expected: string;
  got: string;
}

/** The payload types of the built-in schemas, generated from their C++ descriptions. */
export * from './schemas.js';
import type { AiUiChunk, AnthropicEvent, GeminiResponse, OpenAIChatChunk, OpenAIResponsesEvent } from './schemas.js';
