// reconnectOnWake in Chromium: the page goes offline and comes back (DevTools' network
// emulation, which fires offline and online and leaves open connections alone, as a sleeping
// laptop's Wi-Fi does); it is hidden and shown; it goes into the back-forward cache, frozen, and
// is restored (Playwright's switch that disables the cache is lifted for that test). Every
// stream's fate is the session's decision: a GET EventSource reconnects, a resumable stream
// resumes (an MCP transport's standalone stream too), a reconnection being waited for is sent
// at once, and a request without resume is never sent again. Without the option, nothing changes.
import assert from 'node:assert/strict';
import { join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../demo/demo.js';
import { eventually, sendFile, serve, streamHead } from '../js/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

// The streams of one test, each named by its `t` query: a first event, then silence (the
// connection stays open, as a dead one looks from the client) until a request resumes it.
const streams = `
import { connect, EventSource } from '/js/index.js';
window.log = [];
const note = (...entry) => log.push(entry);
for (const type of ['online', 'offline', 'pagehide', 'pageshow']) addEventListener(type, (e) => note(type, e.persisted));
for (const type of ['visibilitychange', 'freeze', 'resume']) document.addEventListener(type, () => note(type, document.visibilityState));

window.sources = {};
export function source(t, options) {
  const es = new EventSource('/silent?t=' + t, options);
  sources[t] = es;
  es.onmessage = (e) => note(t, 'message', e.data, e.lastEventId);
  es.onerror = (e) => note(t, 'error', e.error.kind, e.delayMs, es.readyState);
  return es;
}

// An MCP client's transport: its standalone GET stream, opened once the client is initialized.
window.transports = {};
export async function mcp(t, options) {
  const { StreamableHTTPClientTransport } = await import('/js/mcp.js');
  const transport = new StreamableHTTPClientTransport(new URL('/mcp?t=' + t, location.href), options);
  transport.onmessage = (message) => note(t, 'message', message.params.data);
  transport.onerror = (error) => note(t, 'error', error.message);
  await transport.start();
  await transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  transports[t] = transport;
}

export function stream(t, options) {
  const s = connect('/silent?t=' + t, { method: 'POST', body: '{}', terminal: '[DONE]', ...options });
  (async () => {
    try {
      for await (const event of s) note(t, 'event', event.data);
    } catch {}
    const { state, error } = await s.result;
    note(t, 'result', state, error?.kind ?? null, error?.message ?? null);
  })();
  return s;
}
`;

let server;
let browser;

before(async () => {
  server = await serve(async (request, response) => {
    const url = new URL(request.url, 'http://x');
    const path = normalize(url.pathname);
    if (path === '/silent') {
      streamHead(response);
      const resumed = request.headers['last-event-id'];
      if (url.searchParams.get('t').startsWith('wait')) {
        response.end(resumed ? 'id: 2\ndata: second\n\n' : 'retry: 60000\nid: 1\ndata: first\n\n');
      } else if (resumed && request.method === 'POST') {
        response.end('id: 2\ndata: second\n\ndata: [DONE]\n\n');
      } else if (resumed) {
        response.write('id: 2\ndata: second\n\n');
      } else {
        response.write('retry: 60000\nid: 1\ndata: first\n\n');
      }
    } else if (path === '/mcp') {
      // The server's stream of its own messages: one, then silence; the rest on resumption.
      if (request.method === 'POST') return void response.writeHead(202).end();
      streamHead(response);
      const n = request.headers['last-event-id'] ? 2 : 1;
      const data = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: n } });
      response.write(`id: ${n}\ndata: ${data}\n\n`);
    } else if (path === '/streams.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(streams);
    } else if (path === '/' || path === '/elsewhere') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>sse-wasm</title>');
    } else if (path.startsWith('/js/') || path.startsWith('/dist/')) {
      await sendFile(response, join(root, path));
    } else {
      response.writeHead(404).end();
    }
  });
  // Playwright turns the back-forward cache off; the cache's test needs it.
  browser = await launchChromium({ ignoreDefaultArgs: ['--disable-back-forward-cache'] });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const sent = (t) => server.requests.filter((r) => r.url === `/silent?t=${t}`);
const listened = (t) => server.requests.filter((r) => r.url === `/mcp?t=${t}` && r.method === 'GET');
const entries = (log, t) => log.filter(([name]) => name === t).map(([, ...rest]) => rest);

// The types of the listeners on window and document, as DevTools lists them.
async function listenerTypes(page) {
  const cdp = await page.context().newCDPSession(page);
  const types = [];
  for (const expression of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    types.push(...listeners.map((listener) => listener.type));
  }
  await cdp.detach();
  return types.sort();
}

async function open(page) {
  await page.goto(`${server.url}/`);
  await page.evaluate(() => import('/streams.js').then((m) => (window.streams = m)));
}

test('offline, then online: a silent GET reconnects, a resumable stream resumes, a wait ends, a POST is never re-sent', async () => {
  const page = await browser.newPage();
  try {
    await open(page);
    await page.evaluate(async () => {
      const { source, stream, mcp } = window.streams;
      source('get', { reconnectOnWake: true });
      source('wait', { reconnectOnWake: true });
      source('plain-get');
      stream('resumable', { resume: 'last-event-id', reconnectOnWake: true });
      stream('post', { reconnectOnWake: true });
      await mcp('mcp', { reconnectOnWake: true });
      await mcp('plain-mcp');
    });
    await eventually(() => ['get', 'wait', 'plain-get', 'resumable', 'post'].every((t) => sent(t).length === 1), 10_000, 'the first requests');
    await eventually(async () => entries(await page.evaluate(() => log), 'plain-mcp').length === 1, 10_000, 'the MCP streams');
    // The wait of 60 s after the first body ended is on; everything else is open and silent.
    await eventually(async () => (await page.evaluate(() => log)).some(([t, what]) => t === 'wait' && what === 'error'), 10_000, 'the wait');

    const cdp = await page.context().newCDPSession(page);
    const conditions = { latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
    await cdp.send('Network.emulateNetworkConditions', { ...conditions, offline: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await cdp.send('Network.emulateNetworkConditions', { ...conditions, offline: false });

    const log = await eventually(async () => {
      const now = await page.evaluate(() => log);
      const done = entries(now, 'resumable').some(([what]) => what === 'result');
      const got = (t) => entries(now, t).some(([, data]) => data === 'second');
      const mcp = entries(now, 'mcp').some(([, data]) => data === 2);
      return done && got('get') && got('wait') && mcp ? now : undefined;
    }, 10_000, 'the streams to come back');

    assert.deepEqual(log.filter(([type]) => type === 'offline' || type === 'online').map(([type]) => type), ['offline', 'online']);
    assert.deepEqual(entries(log, 'get'), [
      ['message', 'first', '1'],
      ['error', 'stale', 0, 0],
      ['message', 'second', '2'],
    ]);
    assert.equal(sent('get')[1].headers['last-event-id'], '1');
    // A wait of a minute, over at once.
    assert.deepEqual(entries(log, 'wait').slice(0, 3).map(([what, data]) => [what, data]), [
      ['message', 'first'],
      ['error', 'ended'],
      ['message', 'second'],
    ]);
    assert.deepEqual(entries(log, 'resumable'), [
      ['event', 'first'],
      ['event', 'second'],
      ['result', 'completed', null, null],
    ]);
    assert.equal(sent('resumable')[1].headers['last-event-id'], '1');
    // No reconnectOnWake: as the browser's own EventSource, nothing happens.
    assert.deepEqual(entries(log, 'plain-get'), [['message', 'first', '1']]);
    assert.equal(sent('plain-get').length, 1);
    // A POST without resume is left open, never sent again.
    assert.deepEqual(entries(log, 'post'), [['event', 'first']]);
    assert.equal(sent('post').length, 1);
    // The MCP transport's standalone GET stream resumes with the option, and waits without.
    assert.deepEqual(entries(log, 'mcp'), [['message', 1], ['message', 2]]);
    assert.equal(listened('mcp')[1].headers['last-event-id'], '1');
    assert.deepEqual(entries(log, 'plain-mcp'), [['message', 1]]);
    assert.equal(listened('plain-mcp').length, 1);
    await page.evaluate(() => Promise.all(Object.values(window.transports).map((transport) => transport.close())));
  } finally {
    await page.close();
  }
});

test('hidden, then visible: a body heard from while hidden is kept, a silent one is asked for again; a stream opened hidden connects', async () => {
  const page = await browser.newPage();
  try {
    await open(page);
    // Headless Chromium keeps every tab visible: the page says it is hidden, as the browser would.
    const setVisibility = (state) =>
      page.evaluate((state) => {
        Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
        Object.defineProperty(document, 'hidden', { value: state === 'hidden', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    const pagesOwn = await listenerTypes(page);
    await page.evaluate(() => window.streams.source('before', { reconnectOnWake: true }));
    await eventually(() => sent('before').length === 1, 10_000, 'the first stream');
    const watching = await listenerTypes(page);
    assert.ok(watching.length > pagesOwn.length, 'a watching stream listens to the page');
    await setVisibility('hidden');
    // Opened in a hidden tab: it connects at once, and has been heard from since.
    await page.evaluate(() => window.streams.source('hidden', { reconnectOnWake: true }));
    await eventually(async () => entries(await page.evaluate(() => log), 'hidden').length === 1, 10_000, 'the hidden tab\'s stream');
    await setVisibility('visible');
    const log = await eventually(async () => {
      const now = await page.evaluate(() => log);
      return entries(now, 'before').length === 3 ? now : undefined;
    }, 10_000, 'the silent stream to come back');
    assert.deepEqual(entries(log, 'before'), [
      ['message', 'first', '1'],
      ['error', 'stale', 0, 0],
      ['message', 'second', '2'],
    ]);
    assert.deepEqual(entries(log, 'hidden'), [['message', 'first', '1']]);
    assert.equal(sent('hidden').length, 1);
    // Once no stream watches, the page's listeners are its own again.
    await page.evaluate(() => Object.values(window.sources).forEach((es) => es.close()));
    await eventually(async () => (await listenerTypes(page)).length === pagesOwn.length, 10_000, 'the listeners to go');
    assert.deepEqual(await listenerTypes(page), pagesOwn);
  } finally {
    await page.close();
  }
});

test('into the back-forward cache and back: connections closed on pagehide; on pageshow a GET reconnects, a resumable stream resumes, a POST ends incomplete', async () => {
  const page = await browser.newPage();
  try {
    await open(page);
    await page.evaluate(() => {
      const { source, stream } = window.streams;
      source('cached-get', { reconnectOnWake: true });
      stream('cached-resumable', { resume: 'last-event-id', reconnectOnWake: true });
      stream('cached-post', { reconnectOnWake: true });
    });
    await eventually(() => ['cached-get', 'cached-resumable', 'cached-post'].every((t) => sent(t).length === 1), 10_000, 'the first requests');
    await eventually(async () => (await page.evaluate(() => log)).filter(([, what]) => what === 'message' || what === 'event').length === 3, 10_000, 'the first events');

    await page.goto(`${server.url}/elsewhere`);
    // A page restored from the cache fires no load event.
    await page.goBack({ waitUntil: 'commit' });
    const log = await eventually(async () => {
      const now = await page.evaluate(() => log);
      const back = entries(now, 'cached-get').some(([, data]) => data === 'second');
      return back && entries(now, 'cached-resumable').some(([what]) => what === 'result') ? now : undefined;
    }, 10_000, 'the streams after the restore');

    const lifecycle = log.filter(([type]) => ['pagehide', 'pageshow', 'freeze', 'resume'].includes(type));
    assert.deepEqual(lifecycle, [
      ['pagehide', true],
      ['freeze', 'hidden'],
      ['resume', 'hidden'],
      ['pageshow', true],
    ]);
    assert.deepEqual(entries(log, 'cached-get').map(([what, data]) => [what, data]), [
      ['message', 'first'],
      ['error', 'network'],
      ['message', 'second'],
    ]);
    assert.equal(sent('cached-get')[1].headers['last-event-id'], '1');
    assert.deepEqual(entries(log, 'cached-resumable'), [
      ['event', 'first'],
      ['event', 'second'],
      ['result', 'completed', null, null],
    ]);
    const post = entries(log, 'cached-post');
    assert.deepEqual(post.map(([what, a, b]) => [what, a, b]), [
      ['event', 'first', undefined],
      ['result', 'incomplete', 'network'],
    ]);
    assert.match(post[1][3], /the page went into the back-forward cache/);
    assert.equal(sent('cached-post').length, 1);
  } finally {
    await page.close();
  }
});
