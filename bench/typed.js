// npm run bench -- --typed: typed decoding against what a JavaScript user does instead, in one
// process, on the same chunks. Every candidate reads the stream through connect() over an
// in-memory Response, so the difference between rows is the decoding alone:
//   sse-wasm decode      connect({ decode }) — parsing and decoding in WebAssembly
//   JSON.parse + checks  connect() + JSON.parse + hand-written field checks
//   JSON.parse + zod     connect() + JSON.parse + a zod schema of the same fields
// and for text: stream.text() against connect() + JSON.parse + choices[0].delta.content.
import { z } from 'zod';
import { connect, init } from 'sse-wasm';
import { workloads } from './workloads.js';

const CHUNK = 16 * 1024;

function response(bytes) {
  let at = 0;
  const body = new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, (at += CHUNK)));
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
}

const chatChunk = z.object({
  id: z.string(),
  object: z.string().optional(),
  created: z.number().int().optional(),
  model: z.string().optional(),
  system_fingerprint: z.string().nullish(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({
        role: z.string().nullish(),
        content: z.string().nullish(),
        refusal: z.string().nullish(),
        tool_calls: z
          .array(
            z.object({
              index: z.number().int(),
              id: z.string().nullish(),
              function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
            }),
          )
          .nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
});

const anthropicEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message_start'), message: z.object({ id: z.string() }).passthrough() }),
  z.object({ type: z.literal('content_block_start'), index: z.number().int(), content_block: z.object({ type: z.string() }).passthrough() }),
  z.object({
    type: z.literal('content_block_delta'),
    index: z.number().int(),
    delta: z.object({ type: z.string(), text: z.string().optional(), partial_json: z.string().optional() }),
  }),
  z.object({ type: z.literal('content_block_stop'), index: z.number().int() }),
  z.object({ type: z.literal('message_delta'), delta: z.object({ stop_reason: z.string().nullish() }) }),
  z.object({ type: z.literal('message_stop') }),
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('error'), error: z.object({ type: z.string(), message: z.string() }) }),
]);

// The checks a careful hand writes: the fields it reads, with their kinds.
function checkChat(value) {
  if (typeof value?.id !== 'string' || !Array.isArray(value.choices)) throw new Error('bad chunk');
  for (const choice of value.choices) {
    if (typeof choice.index !== 'number' || typeof choice.delta !== 'object') throw new Error('bad choice');
    const { content } = choice.delta;
    if (content != null && typeof content !== 'string') throw new Error('bad content');
  }
  return value;
}

function checkAnthropic(value) {
  if (typeof value?.type !== 'string') throw new Error('bad event');
  if (value.type === 'content_block_delta' && (typeof value.index !== 'number' || typeof value.delta?.type !== 'string')) {
    throw new Error('bad delta');
  }
  return value;
}

const cases = [
  { workload: 'openai', decode: 'openai.chat', terminal: '[DONE]', checks: checkChat, schema: chatChunk },
  { workload: 'anthropic', decode: 'anthropic', terminal: { event: 'message_stop' }, checks: checkAnthropic, schema: anthropicEvent },
];

async function count(stream, use) {
  let events = 0;
  for await (const event of stream) {
    use(event);
    events++;
  }
  return events;
}

async function best(run, repeats = 7) {
  let fastest = Infinity;
  let events = 0;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    events = await run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return { ms: fastest, events };
}

await init();
console.log('\nsse-wasm typed decoding, Node; events/s (best of 7), 16 KiB chunks, ratio = sse-wasm / other');
console.log('workload     events   sse-wasm decode   JSON.parse+checks   JSON.parse+zod   ×checks   ×zod');
const rate = ({ ms, events }) => events / (ms / 1000);
for (const c of cases) {
  const bytes = new TextEncoder().encode(workloads.find((w) => w.name === c.workload).make());
  let sink = 0;
  const ours = await best(() =>
    count(connect(response(bytes), { decode: c.decode }), (e) => (sink += e.payload ? 1 : 0)),
  );
  const checks = await best(() =>
    count(connect(response(bytes), { terminal: c.terminal }), (e) => (sink += c.checks(JSON.parse(e.data)) ? 1 : 0)),
  );
  const zod = await best(() =>
    count(connect(response(bytes), { terminal: c.terminal }), (e) => (sink += c.schema.parse(JSON.parse(e.data)) ? 1 : 0)),
  );
  const f = (n, w) => n.toFixed(0).padStart(w);
  console.log(
    `${c.workload.padEnd(12)} ${String(ours.events).padStart(6)} ${f(rate(ours), 17)} ${f(rate(checks), 19)} ` +
      `${f(rate(zod), 16)} ${(rate(ours) / rate(checks)).toFixed(2).padStart(9)} ${(rate(ours) / rate(zod)).toFixed(2).padStart(6)}` +
      (sink < 0 ? '' : ''),
  );
}

// The text path: each token of an OpenAI stream.
{
  const bytes = new TextEncoder().encode(workloads.find((w) => w.name === 'openai').make());
  const text = await best(async () => {
    let n = 0;
    for await (const token of connect(response(bytes), { decode: 'openai.chat' }).text()) n += token.length > -1;
    return n;
  });
  const manual = await best(async () => {
    let n = 0;
    for await (const e of connect(response(bytes), { terminal: '[DONE]' })) {
      const token = JSON.parse(e.data).choices[0]?.delta.content;
      if (token) n++;
    }
    return n;
  });
  console.log(
    `\ntext path, openai: stream.text() ${rate(text).toFixed(0)} tokens/s, ` +
      `JSON.parse + choices[0].delta.content ${rate(manual).toFixed(0)} tokens/s, ratio ${(rate(text) / rate(manual)).toFixed(2)}`,
  );
}
