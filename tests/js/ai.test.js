// sse-wasm/ai against the `ai` package itself: SseWasmChatTransport must send the requests of
// the SDK's DefaultChatTransport and give the same chunk stream, and an AbstractChat must run
// the same over either, on streams the SDK's own server helpers make.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { APICallError, createUIMessageStream, createUIMessageStreamResponse, DefaultChatTransport } from 'ai';
import { SseWasmChatTransport } from 'sse-wasm/ai';
import { random } from '../../bench/workloads.js';
import { PlainChat } from './node-chat.js';
import { serve } from './server.js';

const fixture = (name) => readFileSync(new URL(`../fixtures/typed/${name}`, import.meta.url));

let server;
let answer; // (request, response) => the current test's answer
let seed = 1;

// Writes `bytes` in random pieces of 1 to 64 bytes, as a network would split them.
async function replay(response, bytes) {
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  const next = random(seed++);
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(next() * 64);
    response.write(bytes.subarray(at, at + size));
    at += size;
    await new Promise((resolve) => setImmediate(resolve));
  }
  response.end();
}

before(async () => {
  server = await serve((request, response) => answer(request, response));
});

after(() => server.close());

const transports = {
  sdk: (options) => new DefaultChatTransport(options),
  ours: (options) => new SseWasmChatTransport(options),
};

async function chunksOf(stream) {
  const chunks = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (error) {
    return { chunks, error };
  }
  return { chunks };
}

// What each transport sent and read for the same call: the request as the server saw it.
async function both(call, options = {}) {
  const seen = {};
  for (const [name, make] of Object.entries(transports)) {
    const from = server.requests.length;
    let result;
    try {
      result = await call(make({ api: `${server.url}/api/chat`, ...options }));
    } catch (error) {
      result = { thrown: error };
    }
    const stream = result && !result.thrown ? await chunksOf(result) : result;
    const requests = server.requests.slice(from).map(({ method, url, headers, body }) => ({
      method,
      url,
      contentType: headers['content-type'],
      custom: headers['x-custom'],
      body: body ? JSON.parse(body) : undefined,
    }));
    seen[name] = { requests, stream };
  }
  return seen;
}

const send = (transport, extra = {}) =>
  transport.sendMessages({
    chatId: 'chat-1',
    messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }],
    abortSignal: undefined,
    trigger: 'submit-message',
    messageId: undefined,
    ...extra,
  });

describe('SseWasmChatTransport against DefaultChatTransport', () => {
  for (const file of ['ai-ui-text.sse', 'ai-ui-reasoning-tools.sse', 'ai-ui-data-sources.sse', 'ai-ui-error-written.sse', 'ai-ui-abort.sse']) {
    test(`${file}: the same request and the same chunks, error chunks passed through`, async () => {
      answer = (request, response) => replay(response, fixture(file));
      const { sdk, ours } = await both((t) => send(t, { headers: { 'X-Custom': 'a' }, body: { temperature: 0.5 } }), {
        headers: () => ({ 'x-custom': 'from the constructor', 'x-other': 'b' }),
        body: { sessionId: 's' },
      });
      assert.deepEqual(ours.requests, sdk.requests);
      assert.deepEqual(ours.requests[0].body, {
        sessionId: 's',
        temperature: 0.5,
        id: 'chat-1',
        messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }],
        trigger: 'submit-message',
      });
      assert.equal(ours.requests[0].custom, 'a');
      assert.equal(sdk.stream.error, undefined);
      assert.equal(ours.stream.error, undefined);
      assert.deepEqual(ours.stream.chunks, JSON.parse(JSON.stringify(sdk.stream.chunks)));
    });
  }

  test('a chunk the SDK refuses errors the stream after the chunks before it', async () => {
    answer = (request, response) => replay(response, fixture('ai-ui-invalid-chunk.sse'));
    const { sdk, ours } = await both((t) => send(t));
    assert.equal(sdk.stream.error.name, 'AI_TypeValidationError');
    assert.equal(ours.stream.error.name, 'DecodeError');
    assert.deepEqual(ours.stream.chunks, sdk.stream.chunks);
  });

  test('prepareSendMessagesRequest: its api, headers and body are sent as given', async () => {
    answer = (request, response) => replay(response, fixture('ai-ui-text.sse'));
    const prepare = ({ id, messages, trigger }) => ({
      api: `${server.url}/api/other?x=1`,
      headers: { 'X-Custom': 'prepared' },
      body: { only: [id, messages.length, trigger] },
    });
    const { sdk, ours } = await both((t) => send(t), { prepareSendMessagesRequest: prepare });
    assert.deepEqual(ours.requests, sdk.requests);
    assert.deepEqual(ours.requests[0].body, { only: ['chat-1', 1, 'submit-message'] });
  });

  test('a refused request throws the SDK’s APICallError, with the body as its message', async () => {
    answer = (request, response) => response.writeHead(500).end('Internal boom');
    const { sdk, ours } = await both((t) => send(t));
    assert.ok(APICallError.isInstance(ours.stream.thrown));
    assert.deepEqual(
      [ours.stream.thrown.message, ours.stream.thrown.statusCode, ours.stream.thrown.isRetryable],
      [sdk.stream.thrown.message, sdk.stream.thrown.statusCode, sdk.stream.thrown.isRetryable],
    );
    answer = (request, response) => response.writeHead(429).end();
    const empty = await both((t) => send(t));
    assert.equal(empty.ours.stream.thrown.message, empty.sdk.stream.thrown.message);
  });

  test('reconnectToStream: GET {api}/{chatId}/stream before the query; 204 is nothing to resume', async () => {
    answer = (request, response) => (request.url.includes('none') ? response.writeHead(204).end() : replay(response, fixture('ai-ui-text.sse')));
    const { sdk, ours } = await both((t) => t.reconnectToStream({ chatId: 'chat 1/ü' }), { api: `${server.url}/api/chat?tenant=a` });
    assert.deepEqual(ours.requests, sdk.requests);
    assert.equal(ours.requests[0].url, '/api/chat/chat%201%2F%C3%BC/stream?tenant=a');
    assert.equal(ours.requests[0].method, 'GET');
    assert.deepEqual(ours.stream.chunks, JSON.parse(JSON.stringify(sdk.stream.chunks)));
    const none = await both((t) => t.reconnectToStream({ chatId: 'none' }));
    assert.equal(none.ours.stream, null);
    assert.equal(none.sdk.stream, null);
  });
});

describe('an AbstractChat over SseWasmChatTransport, against streams made by the ai package', () => {
  // The server's answer, written by the SDK's own helpers.
  const uiStream = (write) => async (request, response) => {
    const made = createUIMessageStreamResponse({ stream: createUIMessageStream({ generateId: () => 'msg-1', execute: ({ writer }) => write(writer) }) });
    response.writeHead(made.status, Object.fromEntries(made.headers));
    for await (const piece of made.body) response.write(piece);
    response.end();
  };

  async function chat(transport, write) {
    answer = uiStream(write);
    let ids = 0;
    const finished = [];
    const chat = new PlainChat({ id: 'chat-1', generateId: () => `id-${ids++}`, transport, onFinish: (f) => finished.push(f.finishReason) });
    await chat.sendMessage({ text: 'What is the weather?' });
    return { status: chat.status, error: chat.error?.message, messages: chat.messages, finished };
  }

  const answers = {
    'text, reasoning and a tool call over two steps': async (writer) => {
      writer.write({ type: 'start' });
      writer.write({ type: 'start-step' });
      writer.write({ type: 'reasoning-start', id: 'r' });
      writer.write({ type: 'reasoning-delta', id: 'r', delta: 'Weather needs a tool.' });
      writer.write({ type: 'reasoning-end', id: 'r' });
      writer.write({ type: 'tool-input-start', toolCallId: 'c1', toolName: 'weather' });
      writer.write({ type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '{"city":' });
      writer.write({ type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '"Oslo"}' });
      writer.write({ type: 'tool-input-available', toolCallId: 'c1', toolName: 'weather', input: { city: 'Oslo' } });
      writer.write({ type: 'tool-output-available', toolCallId: 'c1', output: { celsius: -3 } });
      writer.write({ type: 'finish-step' });
      writer.write({ type: 'start-step' });
      writer.write({ type: 'text-start', id: 't' });
      for (const delta of ['It is ', '−3 °C ', 'in Oslo.']) writer.write({ type: 'text-delta', id: 't', delta });
      writer.write({ type: 'text-end', id: 't' });
      writer.write({ type: 'data-forecast', data: { days: 3 } });
      writer.write({ type: 'finish-step' });
      writer.write({ type: 'finish', finishReason: 'stop' });
    },
    'an error chunk mid-answer': async (writer) => {
      writer.write({ type: 'start' });
      writer.write({ type: 'text-start', id: 't' });
      writer.write({ type: 'text-delta', id: 't', delta: 'Half ' });
      writer.write({ type: 'error', errorText: 'Rate limited' });
      writer.write({ type: 'text-delta', id: 't', delta: 'never shown' });
    },
    'execute throws': async (writer) => {
      writer.write({ type: 'start' });
      throw new Error('model crashed');
    },
  };

  for (const [name, write] of Object.entries(answers)) {
    test(name, async () => {
      const theirs = await chat(new DefaultChatTransport({ api: `${server.url}/api/chat` }), write);
      const mine = await chat(new SseWasmChatTransport({ api: `${server.url}/api/chat` }), write);
      assert.deepEqual(mine, theirs);
      assert.ok(mine.messages.length === 2, JSON.stringify(mine.messages));
    });
  }
});
