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
