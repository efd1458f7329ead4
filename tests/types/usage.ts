// Compiled with `tsc --noEmit` by the tests: the declarations must accept real use and reject misuse.
import { init, createParser, ParseError, SseError, type ParsedEvent } from 'sse-wasm';

await init();
await init({ wasmBinary: new Uint8Array(0) });

const events: ParsedEvent[] = [];
const parser = createParser({
  onEvent(event) {
    events.push(event);
    const type: string = event.type;
    const id: string = event.lastEventId;
    void type, id;
  },
  onRetry(milliseconds) {
    const delay: number = milliseconds;
    void delay;
  },
  onComment(comment) {
    comment.toUpperCase();
  },
  onError(error) {
    const kind: 'event-too-large' = error.type;
    void (error instanceof ParseError), kind;
  },
  maxEventSize: 1024,
  lastEventId: '42',
});
parser.feed('data: x\n\n');
parser.feed(new Uint8Array([100, 97, 116, 97, 10, 10]));
parser.end();
parser.reset();
const id: string = parser.lastEventId;
parser.free();

const failure = new SseError('no wasm', { kind: 'wasm-unavailable' });
const retryable: boolean = failure.retryable;
void id, retryable;

// @ts-expect-error: feed takes bytes or text
parser.feed(42);
// @ts-expect-error: the callbacks come in an object
createParser((event: ParsedEvent) => event);
// @ts-expect-error: lastEventId is read-only
parser.lastEventId = 'x';
