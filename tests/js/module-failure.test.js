// A module instance that fails (a trap, an abort such as a refused memory growth) cannot be
// trusted again: every stream and parser on it fails with a `wasm-unavailable` SseError, none
// is left waiting, and the next EventSource, connect() or createParser() runs on a fresh
// instance of the same compiled module. The failure is forced the way a real one happens: a
// call into the module traps (a handle that points past its memory), and the shim records it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { connect, createParser, EventSource, init } from 'sse-wasm';
import { decoders, loadFor } from '../../js/typed.js';
import { loadedCore } from '../../js/wasm.js';
import { eventually, serve, sleep, streamHead } from './server.js';

before(() => init());

/** Makes `core` trap inside a call, as a corrupted module would, and records it as the shim does. */
function trap(core) {
  let error;
  try {
    core.exports.sse_parser_feed(0xfffffff0, 16);
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof WebAssembly.RuntimeError, `the call did not trap: ${error}`);
  core.fail(error);
}

/** A server of endless streams (an event each 20 ms, while the client listens), counting them. */
async function endless() {
  let open = 0;
  const server = await serve(async (request, response) => {
    if (request.url === '/wait') {
      streamHead(response);
      response.end('retry: 60000\ndata: then a long wait\n\n');
      return;
    }
    streamHead(response);
    open++;
    response.on('close', () => open--);
    for (let i = 0; i < 500 && !response.destroyed; i++) {
      response.write(`id: ${i}\ndata: ${i}\n\n`);
      await sleep(20);
    }
    response.end();
  });
  return Object.assign(server, { open: () => open });
}

test('a trap fails every stream and parser on the instance; the next ones get a fresh instance', async () => {
  const server = await endless();
  try {
    const failed = loadedCore();
    const streams = [connect(server.url), connect(server.url, { method: 'POST', body: 'x' }), connect(server.url)];
    const seen = streams.map(() => 0);
    const reading = streams.map(async (stream, i) => {
      try {
        for await (const event of stream) seen[i] += event.data === '' ? 0 : 1;
      } catch (error) {
        return error;
      }
      return undefined;
    });
    const source = new EventSource(server.url);
    const waiting = new EventSource(`${server.url}/wait`);
    const errors = [];
    for (const es of [source, waiting]) es.addEventListener('error', (e) => errors.push([es, e.error?.kind, es.readyState]));
    const parser = createParser({ onEvent() {} });
    await eventually(() => seen.every((n) => n > 0) && server.open() === 4, 5000, 'every stream to be open and reading');
    await eventually(() => errors.some(([es]) => es === waiting), 5000, 'the second source to wait for its reconnection');

    trap(failed);

    const thrown = await Promise.all(reading);
    for (const [i, stream] of streams.entries()) {
      const { state, error } = await stream.result;
      assert.equal(state, 'failed');
      assert.equal(error.kind, 'wasm-unavailable');
      assert.match(error.message, /the WebAssembly module stopped: .*memory access out of bounds/);
      assert.equal(thrown[i], error);
    }
    await eventually(() => source.readyState === EventSource.CLOSED && waiting.readyState === EventSource.CLOSED, 5000, 'both sources to close');
    assert.deepEqual(
      errors.slice(-2).map(([es, kind, state]) => [es === source ? 'source' : 'waiting', kind, state]).sort(),
      [['source', 'wasm-unavailable', EventSource.CLOSED], ['waiting', 'wasm-unavailable', EventSource.CLOSED]],
    );
    assert.throws(() => parser.feed('data: x\n\n'), (error) => error.kind === 'wasm-unavailable');
    // Every request of the failed instance is closed on the server too.
    await eventually(() => server.open() === 0, 5000, 'the server to see every stream closed');

    await init();
    const fresh = loadedCore();
    assert.notEqual(fresh, failed);
    assert.equal(fresh.broken, undefined);
    const after = connect(`${server.url}/wait`);
    const events = [];
    for await (const event of after) events.push(event.data);
    assert.deepEqual(events, ['then a long wait']);
    assert.equal((await after.result).state, 'completed');
    const next = new EventSource(server.url);
    await new Promise((resolve) => {
      next.onmessage = resolve;
    });
    next.close();
    const data = [];
    createParser({ onEvent: (e) => data.push(e.data) }).feed('data: fresh\n\n');
    assert.deepEqual(data, ['fresh']);
    await eventually(() => fresh.exports.sse_live_handles() <= 1, 5000, "the fresh instance's sessions to be freed");
  } finally {
    await server.close();
  }
});

test('createParser() right after a failure, without init(), runs on a fresh instance at once', () => {
  const failed = loadedCore();
  trap(failed);
  const data = [];
  const parser = createParser({ onEvent: (e) => data.push(e.data) });
  parser.feed('id: 1\ndata: a\n\n');
  parser.free();
  assert.deepEqual(data, ['a']);
  assert.notEqual(loadedCore(), failed);
  assert.equal(loadedCore().exports.sse_live_handles(), 0);
});

test("a typed module's failure fails its streams only; the next typed stream gets a fresh instance", async () => {
  const body = readFileSync(new URL('../fixtures/typed/openai-chat.sse', import.meta.url));
  const server = await serve(async (request, response) => {
    streamHead(response);
    if (request.url === '/whole') {
      response.end(body);
      return;
    }
    // Half the answer, then a pause the failure happens in.
    response.write(body.subarray(0, body.length >> 1));
    for (let i = 0; i < 100 && !response.destroyed; i++) await sleep(20);
    response.end();
  });
  try {
    const { core: typed } = await loadFor(decoders['openai.chat']);
    const chat = connect(server.url, { method: 'POST', decode: 'openai.chat' });
    const plain = connect(server.url);
    const firsts = [chat, plain].map(async (stream) => (await stream[Symbol.asyncIterator]().next()).value);
    await Promise.all(firsts);
    trap(typed);
    const { state, error } = await chat.result;
    assert.equal(state, 'failed');
    assert.equal(error.kind, 'wasm-unavailable');
    plain.abort();
    assert.equal((await plain.result).state, 'aborted', 'a stream on the core module goes on until aborted');

    const again = connect(`${server.url}/whole`, { method: 'POST', decode: 'openai.chat' });
    let text = '';
    for await (const delta of again.text()) text += delta;
    assert.equal((await again.result).state, 'completed');
    assert.ok(text.length > 0);
    const { core: fresh } = await loadFor(decoders['openai.chat']);
    assert.notEqual(fresh, typed);
  } finally {
    await server.close();
  }
});
