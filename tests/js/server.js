// Real HTTP servers on 127.0.0.1 for the client tests. Each test gives a handler per request;
// the server counts requests and keeps their headers and bodies so tests can check what was sent.
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname } from 'node:path';
import { after, before, beforeEach } from 'node:test';

/**
 * Starts a server whose `handle(request, response, index)` answers each request (index 0 for
 * the first). Returns { url, requests, close }.
 */
export async function serve(handle) {
  const requests = [];
  const sockets = new Set();
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const index = requests.length;
    requests.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString() });
    try {
      await handle(request, response, index);
    } catch (error) {
      response.destroy(error);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

const fileTypes = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

/** Answers with `file`, its Content-Type from its extension, or 404 when there is none. */
export async function sendFile(response, file) {
  let body;
  try {
    body = await readFile(file);
  } catch {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': fileTypes[extname(file)] ?? 'application/octet-stream' }).end(body);
}

/** The head of an event stream response. */
export function streamHead(response, headers = {}) {
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', ...headers });
  response.flushHeaders();
}

/** Resolves after `ms`; every wait in the tests is this short and bounded. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 50 ms until it returns a truthy value, for at most `ms`. */
export async function eventually(check, ms = 10_000, what = 'the condition') {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Collects a connect() stream's events and its result. */
export async function drain(stream) {
  const events = [];
  let thrown;
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    thrown = error;
  }
  return { events, thrown, result: await stream.result };
}

/**
 * One server for a describe block. Each test sets `handle(request, response, index)`, where
 * index 0 is the test's own first request, and `sent()` gives the test's requests.
 */
export function suiteServer() {
  const suite = {
    handle: () => {},
    first: 0,
    server: undefined,
    get url() {
      return suite.server.url;
    },
    sent: () => suite.server.requests.slice(suite.first),
  };
  before(async () => {
    suite.server = await serve((request, response, index) => suite.handle(request, response, index - suite.first));
  });
  beforeEach(() => {
    suite.first = suite.server.requests.length;
  });
  after(() => suite.server.close());
  return suite;
}
