// The client in headless Chromium (from apt, driven by playwright-core), in a page and in a
// module Web Worker, with the package loaded as browsers load it: the browser entry, which
// fetches its .wasm beside itself. Nothing may need `window` or `document`.
import assert from 'node:assert/strict';
import { join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { sendFile, serve, streamHead } from '../js/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

// What the page and the worker run: an EventSource with GET and connect() with POST.
const scenario = `
import { EventSource, connect } from '/js/index.js';
export async function run() {
  const seen = [];
  await new Promise((resolve, reject) => {
    const source = new EventSource('/events');
    const timer = setTimeout(() => reject(new Error('no events: ' + JSON.stringify(seen))), 5000);
    source.onopen = () => seen.push(['open', source.readyState]);
    source.addEventListener('tick', (e) => seen.push(['tick', e.data, e.lastEventId, e.origin]));
    source.onmessage = (e) => {
      seen.push(['message', e.data, e.lastEventId]);
      if (e.data === 'again') {
        clearTimeout(timer);
        source.close();
        resolve();
      }
    };
    source.onerror = (e) => seen.push(['error', source.readyState, e.error.kind, e.delayMs]);
  });
  const stream = connect('/chat', { method: 'POST', body: '{"q":"hi"}', terminal: '[DONE]' });
  const tokens = [];
  for await (const event of stream) tokens.push(event.data);
  const { state } = await stream.result;
  return { seen, tokens, state, hasWindow: typeof window !== 'undefined' };
}
`;

// A typed stream: the package loads dist/sse-typed.wasm itself, on the first `decode`.
const typedScenario = `
import { connect } from '/js/index.js';
export async function run() {
  const stream = connect('/typed-chat', { decode: 'openai.chat' });
  const tokens = [];
  for await (const token of stream.text()) tokens.push(token);
  return { tokens, message: stream.snapshot(), state: (await stream.result).state };
}
`;

let server;
let browser;

before(async () => {
  server = await serve(async (request, response, index) => {
    const path = normalize(new URL(request.url, 'http://x').pathname);
    if (path === '/events') {
      streamHead(response);
      const first = !request.headers['last-event-id'];
      response.end(first ? 'retry: 10\nevent: tick\nid: 1\ndata: é\n\n' : 'data: again\n\n');
    } else if (path === '/chat') {
      streamHead(response);
      const { q } = JSON.parse(request.method === 'POST' ? server.requests[index].body : '{}');
      response.end(`data: ${q}\n\ndata: 😀\n\ndata: [DONE]\n\n`);
    } else if (path === '/slow-chat') {
      // Tokens spread over time, so that the page can hide itself in the middle.
      streamHead(response);
      for (let i = 0; i < 5; i++) {
        response.write(`data: ${i}\n\n`);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      response.end('data: [DONE]\n\n');
    } else if (path === '/typed-scenario.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(typedScenario);
    } else if (path === '/typed-worker.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' });
      response.end("import { run } from '/typed-scenario.js'; run().then(postMessage, (e) => postMessage({ error: String(e) }));");
    } else if (path === '/scenario.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(scenario);
    } else if (path === '/worker.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' });
      response.end("import { run } from '/scenario.js'; run().then((r) => postMessage(r), (e) => postMessage({ error: String(e) }));");
    } else if (path === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>sse-wasm</title>');
    } else if (path === '/long-retry') {
      // A reconnection time past what a timer holds; `cut` breaks the body instead of ending it.
      const query = new URL(request.url, 'http://x').searchParams;
      streamHead(response);
      const body = `retry: ${query.get('retry')}\nid: 1\ndata: x\n\n`;
      if (query.has('cut')) {
        response.write(body);
        setTimeout(() => response.socket.destroy(), 20);
      } else {
        response.end(body);
      }
    } else if (path === '/typed-chat') {
      streamHead(response);
      response.end(
        'data: {"id":"c","choices":[{"index":0,"delta":{"content":"Hé"}}]}\n\n' +
          'data: {"id":"c","choices":[{"index":0,"delta":{"content":"llo"}}]}\n\ndata: [DONE]\n\n',
      );
    } else if (path.startsWith('/js/') || path.startsWith('/dist/')) {
      await sendFile(response, join(root, path));
    } else {
      response.writeHead(404).end();
    }
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function expected(origin) {
  return {
    seen: [
      ['open', 1],
      ['tick', 'é', '1', origin],
      ['error', 0, 'ended', 10],
      ['open', 1],
      ['message', 'again', '1'],
    ],
    tokens: ['hi', '😀'],
    state: 'completed',
  };
}

test('in a page', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  const result = await page.evaluate(() => import('/scenario.js').then((m) => m.run()));
  await page.close();
  assert.deepEqual({ ...result, hasWindow: undefined }, { ...expected(server.url), hasWindow: undefined });
});

test('in a module Web Worker, where there is no window', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  const result = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const worker = new Worker('/worker.js', { type: 'module' });
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => resolve({ error: e.message });
      }),
  );
  await page.close();
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.hasWindow, false);
  assert.deepEqual({ ...result, hasWindow: undefined }, { ...expected(server.url), hasWindow: undefined });
  assert.equal(server.requests.filter((r) => r.url === '/events' && r.headers['last-event-id'] === '1').length, 2);
});

test('a hidden tab neither aborts nor re-sends a POST', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  const before_ = server.requests.filter((r) => r.url === '/slow-chat').length;
  const result = await page.evaluate(async () => {
    const { connect } = await import('/js/index.js');
    const stream = connect('/slow-chat', { method: 'POST', body: '{}', terminal: '[DONE]' });
    const tokens = [];
    for await (const event of stream) {
      tokens.push(event.data);
      if (tokens.length === 2) {
        Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
        Object.defineProperty(document, 'hidden', { value: true, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }
    }
    return { tokens, state: (await stream.result).state };
  });
  await page.close();
  assert.deepEqual(result, { tokens: ['0', '1', '2', '3', '4'], state: 'completed' });
  assert.equal(server.requests.filter((r) => r.url === '/slow-chat').length - before_, 1);
});

test('typed decoding loads the typed module beside the package, in a worker too', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  const inPage = await page.evaluate(() => import('/typed-scenario.js').then((m) => m.run()));
  const inWorker = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const worker = new Worker('/typed-worker.js', { type: 'module' });
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => resolve({ error: e.message });
      }),
  );
  await page.close();
  for (const result of [inPage, inWorker]) {
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(result.tokens, ['Hé', 'llo']);
    assert.equal(result.message.text, 'Héllo');
    assert.equal(result.state, 'completed');
  }
});

// Timers fire at once past 2^31 - 1 ms, in Chromium as in Node; a long `retry:` is waited.
const longRetry = (query) => server.requests.filter((r) => r.url === `/long-retry?${query}`).length;

test('a retry: past 2^31 ms is waited: 1 request in 1 s, for EventSource and a resumed connect()', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  const delays = await page.evaluate(async () => {
    const { EventSource, connect } = await import('/js/index.js');
    const source = new EventSource('/long-retry?retry=2147483648&tag=page');
    const stream = connect('/long-retry?retry=99999999999999999999&cut&tag=page', { resume: 'last-event-id' });
    const data = [];
    const reading = (async () => {
      for await (const event of stream) data.push(event.data);
    })();
    const delayMs = await new Promise((resolve) => {
      source.onerror = (e) => resolve(e.delayMs);
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    source.close();
    stream.abort();
    await reading;
    return { delayMs, data, state: (await stream.result).state };
  });
  await page.close();
  assert.deepEqual(delays, { delayMs: 2 ** 31, data: ['x'], state: 'aborted' });
  assert.equal(longRetry('retry=2147483648&tag=page'), 1);
  assert.equal(longRetry('retry=99999999999999999999&cut&tag=page'), 1);
});

test("the wait after retry: 2147483648 lasts exactly that, on Playwright's clock", async () => {
  const page = await browser.newPage();
  await page.clock.install();
  await page.goto(`${server.url}/`);
  // From here the page's time moves only when the test moves it.
  await page.clock.pauseAt(Date.now() + 10_000);
  const query = 'retry=2147483648&tag=clock';
  const delayMs = await page.evaluate(async (url) => {
    const { EventSource } = await import('/js/index.js');
    const source = new EventSource(url);
    globalThis.source = source;
    return new Promise((resolve) => {
      source.onerror = (e) => resolve(e.delayMs);
    });
  }, `/long-retry?${query}`);
  assert.equal(delayMs, 2 ** 31);
  await page.clock.runFor(2 ** 31 - 1);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(longRetry(query), 1);
  await page.clock.runFor(1);
  for (let waited = 0; longRetry(query) < 2 && waited < 5000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(longRetry(query), 2);
  await page.evaluate(() => globalThis.source.close());
  await page.close();
});
