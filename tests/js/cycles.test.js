// Streams opened and closed a thousand times, every way they end (close(), an AbortSignal,
// break, abort(), a refused response, a body that ends): nothing stays behind. The module
// counts its live parsers and sessions, which must come back to where they started; its
// memory must not grow after the first round; a long-lived signal keeps no listener of a
// stream that is over; the server sees every connection closed.
import assert from 'node:assert/strict';
import { getEventListeners, setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { connect, createParser, EventSource, init } from 'sse-wasm';
import { decoders, loadFor } from '../../js/typed.js';
import { loadedCore } from '../../js/wasm.js';
import { eventually, serve, sleep, streamHead } from './server.js';

const chat = readFileSync(new URL('../fixtures/typed/openai-chat.sse', import.meta.url));
let server;
let open = 0;

before(async () => {
  await init();
  server = await serve(async (request, response) => {
    if (request.url === '/refused') {
      response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end('{"error":"no"}');
      return;
    }
    if (request.url === '/short') {
      streamHead(response);
      response.end(chat);
      return;
    }
    streamHead(response);
    open++;
    response.on('close', () => open--);
    for (let i = 0; i < 200 && !response.destroyed; i++) {
      response.write(`id: ${i}\ndata: ${i}\n\n`);
      await sleep(25);
    }
    response.end();
  });
});

after(() => server.close());

const firstMessage = (source) =>
  new Promise((resolve, reject) => {
    source.onmessage = resolve;
    source.onerror = (e) => reject(e.error);
  });

// One stream's life, ended the way `i` picks; resolves once it is over.
const ways = [
  async function closeAnEventSource() {
    const source = new EventSource(server.url);
    await firstMessage(source);
    source.close();
  },
  async function abortTheSignal() {
    const mine = new AbortController();
    const stream = connect(server.url, { signal: mine.signal });
    await stream[Symbol.asyncIterator]().next();
    mine.abort();
    assert.equal((await stream.result).state, 'aborted');
  },
  async function breakTheLoop(signal) {
    const stream = connect(server.url, { method: 'POST', body: '{}', signal });
    for await (const event of stream) if (event.data === '0') break;
    assert.equal((await stream.result).state, 'aborted');
  },
  async function callAbort(signal) {
    const stream = connect(server.url, { signal, decode: 'json' });
    await stream[Symbol.asyncIterator]().next();
    stream.abort();
    assert.equal((await stream.result).state, 'aborted');
  },
  async function aRefusedResponse(signal) {
    const stream = connect(`${server.url}/refused`, { method: 'POST', signal });
    const { state, error } = await stream.result;
    assert.equal(state, 'failed');
    assert.equal(error.status, 500);
  },
  async function aTypedStreamThatCompletes(signal) {
    const stream = connect(`${server.url}/short`, { method: 'POST', decode: 'openai.chat', signal });
    let text = '';
    for await (const delta of stream.text()) text += delta;
    assert.ok(text.length > 0);
    assert.equal((await stream.result).state, 'completed');
  },
  async function anEventSourceThatFails() {
    const source = new EventSource(`${server.url}/refused`);
    await firstMessage(source).catch(() => {});
    assert.equal(source.readyState, EventSource.CLOSED);
  },
  async function aParserFreed() {
    const parser = createParser({ onEvent() {} });
    parser.feed('data: x\n\n');
    parser.free();
  },
];

async function rounds(count, signal) {
  const batch = 50;
  for (let start = 0; start < count; start += batch) {
    const lives = [];
    for (let i = start; i < Math.min(count, start + batch); i++) lives.push(ways[i % ways.length](signal));
    await Promise.all(lives);
  }
}

test('1,000 streams opened and closed every way leave no handle, growth, listener or connection', async () => {
  const core = loadedCore();
  const { core: typed } = await loadFor(decoders['openai.chat']);
  const handles = () => [core.exports.sse_live_handles(), typed.exports.sse_live_handles()];
  const baseline = handles();
  const lifelong = new AbortController();
  setMaxListeners(100, lifelong.signal); // a batch of 50 streams shares it

  await rounds(200, lifelong.signal);
  await eventually(() => handles().every((n, i) => n === baseline[i]), 10_000, 'the first round to free its handles');
  const memory = [core.memory.buffer.byteLength, typed.memory.buffer.byteLength];

  await rounds(800, lifelong.signal);
  await eventually(() => open === 0, 10_000, 'the server to see every stream closed');
  await eventually(() => handles().every((n, i) => n === baseline[i]), 10_000, 'every handle to be freed');
  assert.deepEqual(handles(), baseline);
  assert.deepEqual([core.memory.buffer.byteLength, typed.memory.buffer.byteLength], memory, 'module memory grew');
  assert.equal(getEventListeners(lifelong.signal, 'abort').length, 0, 'the long-lived signal keeps listeners');
  assert.equal(server.requests.length, 1000 - 125, 'one request per stream (the parsers send none)');
});
