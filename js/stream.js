import { ParseError } from './errors.js';
import { createBlockParser, DEFAULT_MAX_EVENT_SIZE, MAX_EVENT_SIZE_LIMIT } from './parser.js';
import { init } from './wasm.js';

// eventsource-parser's EventSourceParserStream over this package's parser, for the pipelines
// written for it (the MCP SDK's among them): the same options, output and errors, while the
// events follow the WHATWG rules where eventsource-parser departs from them (the README lists
// where).

function sizeOption(name, value) {
  if (typeof value !== 'number' || !(value >= 1)) {
    throw new RangeError(`EventSourceParserStream: ${name} must be a number ≥ 1`);
  }
  return Math.min(Math.floor(value), MAX_EVENT_SIZE_LIMIT);
}

/**
 * A TransformStream of `Uint8Array` or string chunks into `{ id, event, data }` events, as
 * `eventsource-parser/stream`'s, with `maxEventSize` (an event larger than that is dropped
 * with an `event-too-large` error, and the stream goes on) as an extension. Needs no
 * `await init()`: it loads the module when it starts.
 */
export class EventSourceParserStream extends TransformStream {
  constructor({ onError, onRetry, onComment, onId, maxBufferSize, maxEventSize } = {}) {
    const eventLimit = maxEventSize === undefined ? DEFAULT_MAX_EVENT_SIZE : sizeOption('maxEventSize', maxEventSize);
    // Both limits are one: the size of the event block the parser holds. Whichever is smaller
    // is met first, and says what passing it means.
    const bufferLimit = maxBufferSize === undefined ? Infinity : sizeOption('maxBufferSize', maxBufferSize);
    const buffered = bufferLimit <= eventLimit;
    const reports = typeof onError === 'function' || onError === 'terminate';
    let parser;
    super({
      async start(controller) {
        await init();
        const report = (error) => {
          if (typeof onError === 'function') onError(error);
          // Past maxBufferSize the stream always ends, as eventsource-parser's does.
          if (onError === 'terminate' || error.type === 'max-buffer-size-exceeded') {
            controller.error(error);
            parser.free();
          }
        };
        parser = createBlockParser(
          {
            onEvent: (event) => controller.enqueue(event),
            onRetry,
            // eventsource-parser drops the space after the colon, as it does for a field's value.
            onComment: onComment && ((text) => onComment(text.charCodeAt(0) === 32 ? text.slice(1) : text)),
            onId,
            onIgnored: reports ? (type, field, value, line) => report(ignoredError(type, field, value, line)) : undefined,
            onError: (error) => {
              if (!buffered) {
                report(error);
                return;
              }
              const message = `Buffered data exceeded max buffer size of ${bufferLimit} bytes`;
              report(new ParseError(message, { type: 'max-buffer-size-exceeded' }));
            },
          },
          buffered ? bufferLimit : eventLimit,
        );
      },
      transform(chunk) {
        parser.feed(chunk);
      },
      flush() {
        parser.free();
      },
      // Where the runtime calls it (a pipe aborted downstream), the module's side goes at once.
      cancel() {
        parser?.free();
      },
    });
  }
}

function ignoredError(type, field, value, line) {
  if (type === 'invalid-retry') return new ParseError(`Invalid \`retry\` value: "${value}"`, { type, value, line });
  const name = field.length > 20 ? `${field.slice(0, 20)}…` : field;
  return new ParseError(`Unknown field "${name}"`, { type, field, value, line });
}

export { ParseError } from './errors.js';
