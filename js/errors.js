/**
 * A failure of a stream or of the library itself. `kind` says which:
 * 'wasm-unavailable' when the WebAssembly module cannot be loaded; the client adds the
 * transport kinds (status, content type, network, in-band).
 */
export class SseError extends Error {
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SseError';
    this.kind = details.kind;
    this.status = details.status;
    this.statusText = details.statusText;
    this.headers = details.headers;
    this.bodyPreview = details.bodyPreview;
    this.retryable = details.retryable ?? false;
    this.code = details.code;
    this.payload = details.payload;
  }
}

/**
 * Bad input in the event stream. The parser reports it through `onError` and goes on. As in
 * eventsource-parser, an ignored line's error has its `field`, `value` and `line`.
 */
export class ParseError extends Error {
  constructor(message, { type, field, value, line }) {
    super(message);
    this.name = 'ParseError';
    this.type = type;
    this.field = field;
    this.value = value;
    this.line = line;
  }
}

/** A payload that does not fit its schema; `path` locates the first mismatch. */
export class DecodeError extends Error {
  constructor(message, { path, expected, got }) {
    super(message);
    this.name = 'DecodeError';
    this.path = path;
    this.expected = expected;
    this.got = got;
  }
}
