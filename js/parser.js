import { ParseError } from './errors.js';
import { loadedCore } from './wasm.js';

// The records the module writes after each chunk, four 32-bit words each.
const EVENT = 1;
const RETRY = 2;
const COMMENT = 3;
const ERROR = 4;
const LAST_EVENT_ID = 5;
const BLOCK_ID = 6; // only for a parser that asked for them
const IGNORED = 7; // likewise
// An event or comment record's flags, in its last word.
const IN_UTF8_RUN = 1;
const TYPE_NAMED = 2;
const TYPE_SAME = 4;
const BLOCK_NAMED = 8; // the block itself named the type
const BLOCK_WITH_ID = 16; // the block itself had an id field
// An ignored line's record: the field it was (bit 0: unknown field, else an invalid retry),
// and whether its line had a colon, and a space after it.
const IGNORED_UNKNOWN = 1;
const IGNORED_COLON = 2;
const IGNORED_SPACE = 4;
// A string of one ASCII character is in no run: its code is in the flags, from bit 8.
const CHAR_SHIFT = 8;

const parseErrors = [['event-too-large', 'an event was larger than maxEventSize and was discarded']];

// Far above any real event, and low enough that one event cannot exhaust a 32-bit memory
// shared by every parser.
export const MAX_EVENT_SIZE_LIMIT = 256 * 1024 * 1024;

/** The size limit of one event block when the caller names none. */
export const DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024;

// Chunks are copied into the module in slices of this size, which bounds the shared input
// buffer and each batch of events however large a chunk the caller hands over.
const SLICE = 64 * 1024;

// The text the module hands back is valid UTF-8 already; ignoreBOM keeps a U+FEFF that
// starts an event's data, since the stream's own BOM was stripped by the parser.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

// How the two text runs of a chunk become strings, measured per engine. Node decodes each
// run apart with Buffer's slices (`decodeWith` from the Node entry): they skip TextDecoder's
// per-call cost, and Node's UTF-8 decoding is several times slower on non-ASCII text, so the
// runs are not joined. Chromium pays about half a microsecond per TextDecoder call and decodes
// ASCII faster as windows-1252 (identical to UTF-8 on ASCII bytes), so it decodes a large
// ASCII run that way, a short one with String.fromCharCode, and otherwise both runs in one
// call. In both, a tiny run (a small chunk, or a few one-character events) is built a
// character at a time: that costs less than any call, and than the view a call needs.
const LARGE_ASCII_RUN = 2048;
const SHORT_ASCII_RUN = 32;
const TINY_ASCII_RUN = 16;
const latin1 = new TextDecoder('windows-1252');
let slices = null;

/**
 * Called by the Node entry with functions `(bytes, start, end) => string` that decode ASCII
 * and valid UTF-8 bytes of a Uint8Array.
 */
export function decodeWith(engineSlices) {
  slices = engineSlices;
}

function decodeAscii(bytes, start, size) {
  if (size <= TINY_ASCII_RUN) {
    let text = '';
    for (let i = start; i < start + size; i++) text += String.fromCharCode(bytes[i]);
    return text;
  }
  if (slices !== null) return slices.ascii(bytes, start, start + size);
  const view = bytes.subarray(start, start + size);
  if (size <= SHORT_ASCII_RUN) return String.fromCharCode.apply(null, view);
  return size >= LARGE_ASCII_RUN ? latin1.decode(view) : decoder.decode(view);
}

/** Valid UTF-8 bytes of a Uint8Array as a string, the fastest way this engine has. */
export function decodeUtf8(bytes, start, size) {
  if (slices !== null) return slices.utf8(bytes, start, start + size);
  return decoder.decode(bytes.subarray(start, start + size));
}

// A parser nobody freed; a failed module's memory is not touched again.
const unfreed = new FinalizationRegistry(({ core, engine, handle }) => {
  if (!core.broken) engine.free(handle);
});

// How a Parser drives the module's side: a bare parser here, a session in session.js. One
// per module, shared by its parsers, so that an idle parser costs no more than its state.
const engines = new WeakMap();

function parserEngine(core) {
  let engine = engines.get(core);
  if (engine === undefined) {
    const x = core.exports;
    engine = {
      feed: x.sse_parser_feed,
      reset: x.sse_parser_reset,
      free: x.sse_parser_free,
      seed: x.sse_parser_set_last_event_id,
    };
    engines.set(core, engine);
  }
  return engine;
}

const callbackNames = ['onEvent', 'onRetry', 'onComment', 'onError'];

/**
 * Creates an incremental event-stream parser in the loaded core module.
 * @param {import('./index.js').ParserCallbacks} callbacks
 */
export function createParser(callbacks) {
  if (typeof callbacks === 'function') {
    throw new TypeError(
      'createParser() takes an object of callbacks. Did you mean createParser({ onEvent: fn })?',
    );
  }
  if (callbacks === null || typeof callbacks !== 'object') {
    throw new TypeError('createParser() takes an object: { onEvent, onRetry, onComment, onError }');
  }
  for (const name of callbackNames) {
    if (callbacks[name] !== undefined && typeof callbacks[name] !== 'function') {
      throw new TypeError(`createParser(): ${name} must be a function`);
    }
  }
  const { maxEventSize = DEFAULT_MAX_EVENT_SIZE, lastEventId } = callbacks;
  if (!Number.isInteger(maxEventSize) || maxEventSize < 1 || maxEventSize > MAX_EVENT_SIZE_LIMIT) {
    throw new RangeError('createParser(): maxEventSize must be an integer from 1 to 2^28 (256 MiB)');
  }
  if (lastEventId !== undefined && typeof lastEventId !== 'string') {
    throw new TypeError('createParser(): lastEventId must be a string');
  }
  const core = loadedCore();
  if (core.broken) throw core.broken;
  return new Parser(core, callbacks, parserEngine(core), core.exports.sse_parser_new(maxEventSize), lastEventId);
}

/**
 * A parser whose events are as eventsource-parser gives them, `{ id, event, data }` with `id`
 * and `event` only where the event's own block had those fields, and which reports each
 * block's id to `onId(id)` and each line the spec ignores to `onIgnored(type, field, value,
 * line)`, `type` being 'invalid-retry' or 'unknown-field'. The module reports only what a
 * callback is given for. For sse-wasm/stream; init() must have resolved.
 */
export function createBlockParser(callbacks, maxEventSize) {
  const core = loadedCore();
  if (core.broken) throw core.broken;
  const handle = core.exports.sse_parser_new(maxEventSize);
  core.exports.sse_parser_report(handle, (callbacks.onId ? 1 : 0) | (callbacks.onIgnored ? 2 : 0));
  return new Parser(core, callbacks, parserEngine(core), handle, undefined, true);
}

/**
 * A block parser (as createBlockParser()) whose module side also counts what the bytes say
 * beyond events, for sse-wasm doctor: `wire()` reads the counts (wasm/include/sse/parser.hpp's
 * wire_report, and whether the bytes so far end inside an event).
 */
export function createDiagnosingParser(callbacks, maxEventSize) {
  const parser = createBlockParser(callbacks, maxEventSize);
  const core = loadedCore();
  core.exports.sse_parser_diagnose(parser.handle);
  const wire = () => {
    const at = core.exports.sse_parser_wire(parser.handle);
    const [bytes, lf, cr, crlf, invalidUtf8, firstInvalidUtf8, utf8Incomplete, bomLines, midEvent] = new Float64Array(
      core.memory.buffer,
      at,
      9,
    );
    return { bytes, lf, cr, crlf, invalidUtf8, firstInvalidUtf8, utf8Incomplete: utf8Incomplete === 1, bomLines, midEvent: midEvent === 1 };
  };
  return { parser, wire };
}

/** Events of the module's records, delivered to callbacks; also the body reader of a session. */
export class Parser {
  #core;
  #engine;
  #handle;
  #callbacks;
  #generation = 0;
  #dispatching = false;
  #lastEventId = '';
  #type = ''; // the last type other than 'message' that the module reported
  #highSurrogate = ''; // the end of a string chunk that waits for the rest of its character
  #failure; // the first exception of a callback during the current feed()
  #blocks; // events as eventsource-parser gives them (createBlockParser)

  /**
   * `handle` is the module's side, made by the owner; the parser frees it, or the garbage
   * collector does when it is `collectable` and nobody called free().
   */
  constructor(core, callbacks, engine, handle, lastEventId, blocks = false, collectable = true) {
    this.#core = core;
    this.#blocks = blocks;
    this.#engine = engine;
    this.#callbacks = callbacks;
    this.#handle = handle;
    if (collectable) unfreed.register(this, { core, engine, handle: this.#handle }, this);
    if (lastEventId) this.#seed(lastEventId);
  }

  /** The module's handle, for the session that owns this reader. */
  get handle() {
    return this.#handle;
  }

  /** The stream's last event ID string, as the last finished block left it. */
  get lastEventId() {
    return this.#lastEventId;
  }

  /** Parses the next chunk of the body: bytes, or text already decoded. */
  feed(chunk) {
    if (this.#handle === 0) throw new Error('feed() was called after free()');
    if (this.#core.broken) throw this.#core.broken;
    if (this.#dispatching) {
      throw new Error(
        'feed() was called from inside a parser callback; feed the chunk after the callback returns',
      );
    }
    this.#failure = undefined;
    if (typeof chunk === 'string') this.#feedText(chunk);
    else this.#feedBytes(asBytes(chunk));
    // The first exception of a callback leaves feed() once the whole chunk was delivered.
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure) throw failure.error;
  }

  /** The body ended: an unfinished event is discarded; a new body may begin with a BOM. */
  end() {
    this.reset();
  }

  /** Back to the start state for a new connection, keeping the last event ID. */
  reset() {
    if (this.#handle === 0 || this.#core.broken) return;
    this.#generation++;
    this.#highSurrogate = '';
    this.#engine.reset(this.#handle);
    // The module parsed the whole chunk before its events were delivered; rewind its last
    // event ID to what the callbacks saw, since the rest of the chunk is dropped.
    if (this.#dispatching) this.#seed(this.#lastEventId);
  }

  /** Releases the module's side of the parser; no callback runs after this. */
  free() {
    if (this.#handle === 0) return;
    this.#generation++;
    unfreed.unregister(this);
    if (!this.#core.broken) this.#engine.free(this.#handle);
    this.#handle = 0;
  }

  #seed(id) {
    const core = this.#core;
    const room = id.length * 3;
    const pointer = core.input(room);
    const { written } = encoder.encodeInto(id, core.bytes.subarray(pointer, pointer + room));
    this.#engine.seed(this.#handle, written);
    const words = core.words;
    const at = core.outcome;
    if (words[at + 7] !== 0) {
      this.#lastEventId = decoder.decode(core.bytes.subarray(words[at + 4], words[at + 4] + words[at + 5]));
    }
  }

  #feedBytes(bytes) {
    if (this.#highSurrogate && !this.#feedText('', true)) return;
    const core = this.#core;
    if (bytes.length === 1) {
      // A one-byte chunk is common in slow streams, and set() costs more than the store.
      core.bytes[core.input(1)] = bytes[0];
      this.#feedSlice(1);
      return;
    }
    for (let at = 0; at < bytes.length; at += SLICE) {
      const slice = bytes.length <= SLICE ? bytes : bytes.subarray(at, at + SLICE);
      const pointer = core.input(slice.length);
      core.bytes.set(slice, pointer);
      if (!this.#feedSlice(slice.length)) return;
    }
  }

  // With `flush`, a waiting first half of a character is given up (bytes come next). Returns
  // false when a callback reset or freed the parser.
  #feedText(chunk, flush = false) {
    let text = this.#highSurrogate + chunk;
    this.#highSurrogate = '';
    // A character outside the BMP may arrive as two string chunks; its first half waits.
    const last = text.charCodeAt(text.length - 1);
    if (!flush && last >= 0xd800 && last <= 0xdbff) {
      this.#highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    const core = this.#core;
    for (let read = 0; read < text.length; ) {
      const room = Math.min(text.length - read, SLICE) * 3;
      const pointer = core.input(room);
      const { read: taken, written } = encoder.encodeInto(
        read === 0 ? text : text.slice(read),
        core.bytes.subarray(pointer, pointer + room),
      );
      read += taken;
      if (!this.#feedSlice(written)) return false;
    }
    return true;
  }

  // Feeds one slice and delivers its records; false when a callback reset or freed the parser.
  #feedSlice(size) {
    const core = this.#core;
    const generation = this.#generation;
    try {
      this.#engine.feed(this.#handle, size);
    } catch (error) {
      throw core.fail(error);
    }
    this.#deliver();
    return generation === this.#generation;
  }

  // Keeps the first exception of a callback in #failure and goes on with the next record.
  #deliver() {
    const core = this.#core;
    const words = core.words;
    const at = core.outcome;
    const count = words[at + 7];
    if (count === 0) return;
    // The whole outcome is read before the loop: a callback may feed another parser, which
    // rewrites it (not the runs). The runs are decoded here, which keeps the decoding out of
    // the per-event code, and only when some string is in one: a one-character string is in
    // its record.
    let ascii = '';
    let utf8 = '';
    let utf8At = 0;
    if (words[at + 8] !== 0) {
      [ascii, utf8, utf8At] = decodeRuns(core.bytes, words[at], words[at + 1], words[at + 2], words[at + 3]);
    }
    const namesSize = words[at + 5];
    const names = namesSize === 0 ? '' : decodeUtf8(core.bytes, words[at + 4], namesSize);
    // The records stay in place while they are delivered: only this parser's feed() writes
    // them, and it is refused meanwhile. Another parser's feed() may grow the memory, which
    // replaces core.words, so it is read again for every record.
    const first = words[at + 6] >>> 2;
    const end = first + count * 4;
    let asciiAt = 0;
    let namesAt = 0;
    const generation = this.#generation;
    const callbacks = this.#callbacks;
    const blocks = this.#blocks;
    this.#dispatching = true;
    try {
      for (let i = first; i < end && generation === this.#generation; i += 4) {
        const records = core.words;
        try {
          switch (records[i]) {
            case EVENT: {
              const flags = records[i + 3];
              if (flags & TYPE_NAMED) this.#type = names.slice(namesAt, (namesAt += records[i + 1]));
              const type = flags & (TYPE_NAMED | TYPE_SAME) ? this.#type : 'message';
              const length = records[i + 2];
              let data;
              if (flags & IN_UTF8_RUN) data = utf8.slice(utf8At, (utf8At += length));
              else if (length === 1) data = String.fromCharCode(flags >>> CHAR_SHIFT);
              else data = ascii.slice(asciiAt, (asciiAt += length));
              if (blocks) {
                callbacks.onEvent({
                  id: flags & BLOCK_WITH_ID ? this.#lastEventId : undefined,
                  event: flags & BLOCK_NAMED ? type : undefined,
                  data,
                });
              } else {
                callbacks.onEvent?.({ type, data, lastEventId: this.#lastEventId });
              }
              break;
            }
            case RETRY:
              callbacks.onRetry?.(records[i + 2] * 0x100000000 + records[i + 1]);
              break;
            case COMMENT: {
              const flags = records[i + 3];
              const length = records[i + 1];
              let comment;
              if (flags & IN_UTF8_RUN) comment = utf8.slice(utf8At, (utf8At += length));
              else if (length === 1) comment = String.fromCharCode(flags >>> CHAR_SHIFT);
              else comment = ascii.slice(asciiAt, (asciiAt += length));
              callbacks.onComment?.(comment);
              break;
            }
            case ERROR: {
              const [type, message] = parseErrors[records[i + 1]];
              callbacks.onError?.(new ParseError(message, { type }));
              break;
            }
            case LAST_EVENT_ID:
              this.#lastEventId = names.slice(namesAt, (namesAt += records[i + 1]));
              break;
            case BLOCK_ID:
              callbacks.onId(names.slice(namesAt, (namesAt += records[i + 1])));
              break;
            case IGNORED: {
              const how = records[i + 1];
              const field = names.slice(namesAt, (namesAt += records[i + 2]));
              const value = names.slice(namesAt, (namesAt += records[i + 3]));
              let line = field;
              if (how & IGNORED_COLON) line += how & IGNORED_SPACE ? `: ${value}` : `:${value}`;
              callbacks.onIgnored(how & IGNORED_UNKNOWN ? 'unknown-field' : 'invalid-retry', field, value, line);
              break;
            }
          }
        } catch (error) {
          this.#failure ??= { error };
        }
      }
    } finally {
      this.#dispatching = false;
    }
  }
}

// A chunk's two text runs as strings, and where the second starts in its string.
function decodeRuns(bytes, asciiStart, asciiSize, utf8Start, utf8Size) {
  if (slices !== null || utf8Size === 0 || asciiSize >= LARGE_ASCII_RUN || asciiSize <= SHORT_ASCII_RUN) {
    const ascii = asciiSize === 0 ? '' : decodeAscii(bytes, asciiStart, asciiSize);
    return [ascii, utf8Size === 0 ? '' : decodeUtf8(bytes, utf8Start, utf8Size), 0];
  }
  // The second run follows the first in memory; in the decoded text it starts where the
  // ASCII run ends, one code unit per byte.
  const both = decoder.decode(bytes.subarray(asciiStart, asciiStart + asciiSize + utf8Size));
  return [both, both, asciiSize];
}

function asBytes(chunk) {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new TypeError('feed() takes a Uint8Array, an ArrayBuffer or a string');
}
