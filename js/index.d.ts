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
  onError?(error: ParseError): void;
  /** Bytes of one raw event block before it is discarded with an error; 16 MiB by default. */
  maxEventSize?: number;
  /** The last event ID to start from, e.g. when resuming a stream. */
  lastEventId?: string;
}

export interface EventStreamParser {
  /** Parses the next chunk; events are delivered as soon as their blank line arrives. */
  feed(chunk: Uint8Array | ArrayBuffer | ArrayBufferView | string): void;
  /** End of this body: an unfinished event is discarded; the last event ID is kept. */
  end(): void;
  /** Back to the start state for a new connection, keeping the last event ID. */
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
}

/** Loads the core module once; every call returns the same promise. */
export function init(options?: InitOptions): Promise<void>;

/** Creates a parser; throws unless `init()` has resolved. */
export function createParser(callbacks: ParserCallbacks): EventStreamParser;

export type SseErrorKind = 'wasm-unavailable' | (string & {});

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

export type ParseErrorType = 'event-too-large';

export class ParseError extends Error {
  constructor(message: string, details: { type: ParseErrorType });
  type: ParseErrorType;
}

export class DecodeError extends Error {
  constructor(message: string, details: { path: string; expected: string; got: string });
  path: string;
  expected: string;
  got: string;
}
