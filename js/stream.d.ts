import { ParseError } from './index.js';

export { ParseError, ParseErrorType } from './index.js';

/** One event, as eventsource-parser's stream gives it. */
export interface EventSourceMessage {
  /** The event's own `event` field; `undefined` when its block had none (or an empty one). */
  event?: string | undefined;
  /** The event's own `id` field; `undefined` when its block had none. */
  id?: string | undefined;
  /** The `data` lines joined with LF. */
  data: string;
}

/** The options of eventsource-parser 4's stream, with `maxEventSize` added. */
export interface StreamOptions {
  /** Each block's `id` field (the last valid one) when its blank line arrives, before its event. */
  onId?: ((id: string) => void) | undefined;
  /**
   * `'terminate'` errors the stream on any ParseError; a function receives each one; anything
   * else ignores them. Past `maxBufferSize` the stream is errored in every case.
   */
  onError?: ('terminate' | ((error: ParseError) => void)) | undefined;
  /** Each valid `retry` field, in ms. */
  onRetry?: ((retry: number) => void) | undefined;
  /** Each comment line, without its ':' and one space after it. */
  onComment?: ((comment: string) => void) | undefined;
  /**
   * Bytes of one event block (each line end counted as one) past which the stream ends with a
   * `max-buffer-size-exceeded` error. Unbounded by default (in fact `maxEventSize`).
   */
  maxBufferSize?: number | undefined;
  /**
   * Bytes of one event block past which that event is dropped with an `event-too-large` error
   * and the stream goes on; 16 MiB by default, at most 2^28.
   */
  maxEventSize?: number | undefined;
}

/**
 * A drop-in for `eventsource-parser/stream`'s EventSourceParserStream that also takes bytes,
 * so `TextDecoderStream` is not needed: `response.body.pipeThrough(new EventSourceParserStream())`.
 */
export class EventSourceParserStream extends TransformStream<Uint8Array | ArrayBuffer | string, EventSourceMessage> {
  constructor(options?: StreamOptions);
}
