// The typed benchmark's cases, run the same way in Node (bench/typed.js) and in Chromium
// (bench/typed.html): typed decoding against what a JavaScript user does instead, in one
// process, on the same chunks. Every candidate reads the stream through connect() over an
// in-memory Response, so the difference between columns is the decoding alone:
//   sse-wasm decode      connect({ decode }) — parsing and decoding in WebAssembly
//   JSON.parse + checks  connect() + JSON.parse + hand-written field checks
//   JSON.parse + zod     connect() + JSON.parse + a zod schema of the same fields
// and for text: stream.text() against connect() + JSON.parse + choices[0].delta.content.
import { z } from 'zod';
import { chatChunk } from './chat-schema.js';
import { connect } from 'sse-wasm';
import { bestOf } from './rounds.js';
import { random, workloads } from './workloads.js';

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

const geminiResponse = z.object({
  candidates: z
    .array(
      z.object({
        content: z
          .object({
            role: z.string().optional(),
            parts: z
              .array(
                z.object({
                  text: z.string().optional(),
                  thought: z.boolean().optional(),
                  functionCall: z.object({ id: z.string().optional(), name: z.string(), args: z.unknown() }).optional(),
                }),
              )
              .optional(),
          })
          .optional(),
        finishReason: z.string().optional(),
        index: z.number().int().optional(),
      }),
    )
    .optional(),
  usageMetadata: z
    .object({
      promptTokenCount: z.number().int().optional(),
      candidatesTokenCount: z.number().int().optional(),
      thoughtsTokenCount: z.number().int().optional(),
      totalTokenCount: z.number().int().optional(),
    })
    .optional(),
  modelVersion: z.string().optional(),
  responseId: z.string().optional(),
});

// The AI SDK's own chunk schema, as `ai` 7 writes it (ui-message-chunks.ts): a union of loose
// objects tried in this order, every field checked.
const providerMetadata = z.record(z.string(), z.record(z.string(), z.unknown())).optional();
const toolFields = {
  providerExecuted: z.boolean().optional(),
  providerMetadata,
  toolMetadata: z.record(z.string(), z.unknown()).optional(),
  dynamic: z.boolean().optional(),
};
const aiUiChunk = z.union([
  z.looseObject({ type: z.literal('text-start'), id: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal('text-delta'), id: z.string(), delta: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal('text-end'), id: z.string(), citations: z.array(z.unknown()).optional(), providerMetadata }),
  z.looseObject({ type: z.literal('error'), errorText: z.string() }),
  z.looseObject({ type: z.literal('tool-input-start'), toolCallId: z.string(), toolName: z.string(), inputEncoding: z.enum(['json', 'text']).optional(), title: z.string().optional(), ...toolFields }),
  z.looseObject({ type: z.literal('tool-input-delta'), toolCallId: z.string(), inputTextDelta: z.string() }),
  z.looseObject({ type: z.literal('tool-input-available'), toolCallId: z.string(), toolName: z.string(), input: z.unknown(), title: z.string().optional(), ...toolFields }),
  z.looseObject({ type: z.literal('tool-input-error'), toolCallId: z.string(), toolName: z.string(), input: z.unknown(), errorText: z.string(), title: z.string().optional(), ...toolFields }),
  z.looseObject({ type: z.literal('tool-approval-request'), approvalId: z.string(), toolCallId: z.string(), reason: z.string().optional(), isAutomatic: z.boolean().optional(), signature: z.string().optional() }),
  z.looseObject({ type: z.literal('tool-approval-response'), approvalId: z.string(), approved: z.boolean(), reason: z.string().optional(), providerExecuted: z.boolean().optional(), providerMetadata }),
  z.looseObject({ type: z.literal('tool-output-available'), toolCallId: z.string(), output: z.unknown(), preliminary: z.boolean().optional(), ...toolFields }),
  z.looseObject({ type: z.literal('tool-output-error'), toolCallId: z.string(), errorText: z.string(), ...toolFields }),
  z.looseObject({ type: z.literal('tool-output-denied'), toolCallId: z.string() }),
  z.looseObject({ type: z.literal('reasoning-start'), id: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal('reasoning-delta'), id: z.string(), delta: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal('reasoning-end'), id: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal('custom'), kind: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal('source-url'), sourceId: z.string(), url: z.string(), title: z.string().optional(), providerMetadata }),
  z.looseObject({ type: z.literal('source-document'), sourceId: z.string(), mediaType: z.string(), title: z.string(), filename: z.string().optional(), providerMetadata }),
  z.looseObject({ type: z.literal('file'), url: z.string(), mediaType: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal('reasoning-file'), url: z.string(), mediaType: z.string(), providerMetadata }),
  z.looseObject({ type: z.literal('steering-message'), id: z.string(), parts: z.array(z.unknown()) }),
  z.looseObject({ type: z.custom((v) => typeof v === 'string' && v.startsWith('data-')), id: z.string().optional(), data: z.unknown(), transient: z.boolean().optional() }),
  z.looseObject({ type: z.literal('start-step') }),
  z.looseObject({ type: z.literal('finish-step') }),
  z.looseObject({ type: z.literal('reset-step') }),
  z.looseObject({ type: z.literal('start'), messageId: z.string().optional(), messageMetadata: z.unknown().optional() }),
  z.looseObject({ type: z.literal('finish'), finishReason: z.enum(['stop', 'length', 'content-filter', 'tool-calls', 'error', 'interrupted', 'other']).optional(), messageMetadata: z.unknown().optional() }),
  z.looseObject({ type: z.literal('abort'), reason: z.string().optional() }),
  z.looseObject({ type: z.literal('message-metadata'), messageMetadata: z.unknown() }),
]);

const tokens = ['Hello', ' world', ',', ' the', ' model', ' says', ' café', ' 日本語', ' 🎉', '\n', ' "quoted"', ' and', ' more'];

// 20,000 Gemini responses of one text part each, CRLF framed, with running usage, as the API
// streams them.
function gemini() {
  const next = random(3);
  const parts = [];
  for (let i = 0; i < 20_000; i++) {
    const text = JSON.stringify(tokens[Math.floor(next() * tokens.length)]);
    const finish = i === 19_999 ? ',"finishReason":"STOP"' : '';
    parts.push(
      `data: {"candidates": [{"content": {"parts": [{"text": ${text}}],"role": "model"}${finish},"index": 0}],` +
        `"usageMetadata": {"promptTokenCount": 12,"candidatesTokenCount": ${i + 1},"totalTokenCount": ${i + 13}},` +
        `"modelVersion": "gemini-2.5-flash","responseId": "kQ8baLyGHdOn1e8PzLO4mAo"}\r\n\r\n`,
    );
  }
  return parts.join('');
}

// An AI SDK UI message stream of 20,000 text deltas.
function aiUi() {
  const next = random(4);
  const parts = ['{"type":"start","messageId":"msg-1"}', '{"type":"start-step"}', '{"type":"text-start","id":"t0"}'];
  for (let i = 0; i < 20_000; i++) {
    parts.push(`{"type":"text-delta","id":"t0","delta":${JSON.stringify(tokens[Math.floor(next() * tokens.length)])}}`);
  }
  parts.push('{"type":"text-end","id":"t0"}', '{"type":"finish-step"}', '{"type":"finish","finishReason":"stop"}', '[DONE]');
  return parts.map((data) => `data: ${data}\n\n`).join('');
}

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

function checkGemini(value) {
  if (value === null || typeof value !== 'object') throw new Error('bad response');
  for (const candidate of value.candidates ?? []) {
    for (const part of candidate.content?.parts ?? []) {
      if (part.text !== undefined && typeof part.text !== 'string') throw new Error('bad part');
    }
  }
  return value;
}

function checkAiUi(value) {
  if (typeof value?.type !== 'string') throw new Error('bad chunk');
  if (value.type === 'text-delta' && (typeof value.id !== 'string' || typeof value.delta !== 'string')) throw new Error('bad delta');
  return value;
}

const workload = (name) => workloads.find((w) => w.name === name).make;

const cases = [
  { workload: 'openai', make: workload('openai'), decode: 'openai.chat', terminal: '[DONE]', checks: checkChat, schema: chatChunk },
  {
    workload: 'anthropic',
    make: workload('anthropic'),
    decode: 'anthropic',
    terminal: { event: 'message_stop' },
    checks: checkAnthropic,
    schema: anthropicEvent,
  },
  { workload: 'gemini', make: gemini, decode: 'gemini', terminal: undefined, checks: checkGemini, schema: geminiResponse },
  { workload: 'ai.ui', make: aiUi, decode: 'ai.ui', terminal: '[DONE]', checks: checkAiUi, schema: aiUiChunk },
];

async function count(stream, use) {
  let events = 0;
  for await (const event of stream) {
    use(event);
    events++;
  }
  return events;
}

// Each candidate's events per second, from its best of interleaved runs.
async function measure(runs) {
  const cells = await bestOf(runs, { minimum: 3000, most: 15 });
  return cells.map(({ ms, result }) => ({ events: result, rate: result / (ms / 1000) }));
}

const f = (n, w) => n.toFixed(0).padStart(w);
const ratio = (a, b) => (a / b).toFixed(2);

/** Runs every case, printing the table line by line with `log`. */
export async function runTyped(where, log) {
  log(`\nsse-wasm typed decoding, ${where}; events/s (best of interleaved runs), 16 KiB chunks, ratio = sse-wasm / other`);
  log('workload     events   sse-wasm decode   JSON.parse+checks   JSON.parse+zod   ×checks   ×zod');
  let sink = 0;
  for (const c of cases) {
    const bytes = new TextEncoder().encode(c.make());
    const [ours, checks, zod] = await measure([
      () => count(connect(response(bytes), { decode: c.decode }), (e) => (sink += e.payload ? 1 : 0)),
      () => count(connect(response(bytes), { terminal: c.terminal }), (e) => (sink += c.checks(JSON.parse(e.data)) ? 1 : 0)),
      () => count(connect(response(bytes), { terminal: c.terminal }), (e) => (sink += c.schema.parse(JSON.parse(e.data)) ? 1 : 0)),
    ]);
    log(
      `${c.workload.padEnd(12)} ${String(ours.events).padStart(6)} ${f(ours.rate, 17)} ${f(checks.rate, 19)} ` +
        `${f(zod.rate, 16)} ${ratio(ours.rate, checks.rate).padStart(9)} ${ratio(ours.rate, zod.rate).padStart(6)}`,
    );
  }
  // The text path: each token of an OpenAI stream.
  const bytes = new TextEncoder().encode(workloads.find((w) => w.name === 'openai').make());
  const [text, manual] = await measure([
    async () => {
      let n = 0;
      for await (const token of connect(response(bytes), { decode: 'openai.chat' }).text()) n += token.length > -1;
      return n;
    },
    async () => {
      let n = 0;
      for await (const e of connect(response(bytes), { terminal: '[DONE]' })) {
        const token = JSON.parse(e.data).choices[0]?.delta.content;
        if (token) n++;
      }
      return n;
    },
  ]);
  log(
    `\ntext path, openai: stream.text() ${f(text.rate, 0)} tokens/s, ` +
      `JSON.parse + choices[0].delta.content ${f(manual.rate, 0)} tokens/s, ratio ${ratio(text.rate, manual.rate)}`,
  );
  return sink;
}
