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

// The client: our EventSource stands in wherever the DOM's is expected.
import { EventSource, connect, typedModule, type StreamResult } from 'sse-wasm';

const source = new EventSource('https://example.test/events', {
  method: 'POST',
  body: JSON.stringify({ q: 1 }),
  headers: async () => ({ Authorization: 'Bearer t' }),
  retry: { statuses: [503], attempts: 2 },
  resume: 'last-event-id',
  idleTimeout: 30_000,
  responseTimeout: 10_000,
  reconnectOnWake: true,
});
const domSource: globalThis.EventSource = source satisfies globalThis.EventSource;
void domSource;
source.onmessage = (event) => {
  const data: string = event.data;
  const id: string = event.lastEventId;
  void data, id;
};
source.onerror = (event) => {
  const delay: number | undefined = event.delayMs;
  void delay, event.error?.message;
};
source.addEventListener('update', (event) => void event.data.length);
const state: number = source.readyState;
void state, EventSource.CLOSED;
source.close();

const stream = connect('https://example.test/chat', { method: 'POST', terminal: '[DONE]', signal: AbortSignal.timeout(1000) });
for await (const event of stream) {
  if (event.error instanceof ParseError) void event.error.type;
  else void event.data;
}
const result: StreamResult = await stream.result;
if (result.state === 'failed') void result.error?.status;
void result.timing.firstEvent;
connect(new Response(''), { terminal: (event) => event.type === 'done' });

// @ts-expect-error: resume takes 'last-event-id' only
connect('https://example.test', { resume: true });
// @ts-expect-error: terminal is a string, { data }, { event } or a function
connect('https://example.test', { terminal: 5 });

// The generated schema types narrow by `type`, as the providers' own unions do.
import type { AnthropicEvent, OpenAIChatChunk } from 'sse-wasm';
declare const anthropicEvent: AnthropicEvent;
if (anthropicEvent.type === 'content_block_delta') void anthropicEvent.delta.partial_json;
if (anthropicEvent.type === 'error') void anthropicEvent.error.message;
declare const chatChunk: OpenAIChatChunk;
void chatChunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments;
// @ts-expect-error: a ping has no index
void (anthropicEvent.type === 'ping' && anthropicEvent.index);

// decode types the payloads.
const chat = connect('https://example.test/v1/chat/completions', { method: 'POST', decode: 'openai.chat' });
for await (const event of chat) {
  if (event.error) void event.error.message;
  // Text, or Mistral's array of chunks.
  const content = event.payload?.choices[0]?.delta.content;
  if (typeof content === 'string') void content.toUpperCase();
  else void content?.[0]?.thinking?.[0]?.text;
  // @ts-expect-error: content may be an array
  const text: string | undefined = event.payload?.choices[0]?.delta.content;
  void text;
}
const claude = connect('https://example.test/v1/messages', { decode: 'anthropic' });
for await (const { payload } of claude) {
  if (payload?.type === 'content_block_delta') void payload.delta.text;
}
for await (const token of connect('https://example.test/v1/chat/completions', { decode: 'openai.chat' }).text()) {
  void token.toUpperCase();
}
const whole = await connect('https://example.test/v1/messages', { decode: 'anthropic' }).message();
void whole?.toolCalls[0]?.arguments, whole?.usage.inputTokens;
const decodedSource = new EventSource('https://example.test/events', { decode: 'json' });
decodedSource.addEventListener('update', (event) => void (event.error?.path ?? event.payload));
decodedSource.close();
const weather = await typedModule({ url: 'https://example.test/weather-typed.wasm' });
connect('https://example.test/weather', { decode: weather.decoder(1) });

// sse-wasm/stream: eventsource-parser's stream, from bytes or text.
import { EventSourceParserStream, type EventSourceMessage } from 'sse-wasm/stream';
declare const response: Response;
const messages: ReadableStream<EventSourceMessage> = response.body!.pipeThrough(
  new EventSourceParserStream({
    onError(error) {
      const type: 'event-too-large' | 'invalid-retry' | 'unknown-field' | 'max-buffer-size-exceeded' = error.type;
      void type, error.field, error.line;
    },
    onId: (id) => void id.length,
    maxBufferSize: 1 << 20,
    maxEventSize: 1 << 16,
  }),
);
for await (const { id, event, data } of messages) void [id?.length, event?.length, data.length];
response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream({ onError: 'terminate' }));
// @ts-expect-error: onError takes 'terminate' or a function
new EventSourceParserStream({ onError: 'ignore' });

// sse-wasm/mcp: the SDK's Client takes the transport.
import { StreamableHTTPClientTransport, StreamableHTTPError } from 'sse-wasm/mcp';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
const mcpTransport = new StreamableHTTPClientTransport(new URL('https://example.test/mcp'), {
  requestInit: { headers: { Authorization: 'Bearer x' } },
  reconnectionOptions: { maxRetries: 3 },
  idleTimeout: 60_000,
});
const asSdkTransport: Transport = mcpTransport;
await new Client({ name: 'usage', version: '1.0.0' }).connect(mcpTransport);
void asSdkTransport, mcpTransport.sessionId, new StreamableHTTPError(404, 'x').code;
// @ts-expect-error: no authProvider
new StreamableHTTPClientTransport('https://example.test/mcp', { authProvider: {} });

// sse-wasm/doctor: the report's findings by level, as a CI test would read them.
import { doctor, type Finding } from 'sse-wasm/doctor';

async function gate(): Promise<Finding[]> {
  const report = await doctor('http://127.0.0.1:8000/stream/resilient', { watchMs: 2000, origin: 'https://app.example' });
  const longest: number | null = report.timing.longestSilence;
  void longest;
  return report.findings.filter((finding) => finding.level === 'fail');
}
void gate;
