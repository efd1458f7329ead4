// sse-wasm/mcp driven by the MCP SDK's own Client against the SDK's own server
// (tests/js/mcp-server.js), and the places where the SDK's transport is known to go wrong.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from 'sse-wasm/mcp';
import { mcpServer } from './mcp-server.js';
import { serve, sleep } from './server.js';

/** A Client connected over this package's transport; `errors` collects onerror's. */
async function connected(url, options) {
  const transport = new StreamableHTTPClientTransport(url, options);
  const errors = [];
  transport.onerror = (error) => errors.push(error);
  const client = new Client({ name: 'sse-wasm-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport, errors };
}

async function countWithProgress(client, n, pause = 0) {
  const progress = [];
  const result = await client.callTool({ name: 'count', arguments: { n, pause } }, undefined, {
    onprogress: ({ progress: p }) => progress.push(p),
    timeout: 10_000,
  });
  return { progress, text: result.content[0].text };
}

const range = (n) => Array.from({ length: n }, (_, i) => i + 1);

describe('the SDK Client over sse-wasm/mcp, against the SDK server', () => {
  let server;
  before(async () => {
    server = await mcpServer({ retryInterval: 20 });
  });
  after(() => server.close());

  test('initialize, list tools, call them: echo, a 1 MB result, a tool error', async () => {
    const { client, transport, errors } = await connected(server.url);
    assert.match(transport.sessionId, /^[0-9a-f-]{36}$/);
    assert.equal(transport.protocolVersion, '2025-11-25');
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['big', 'count', 'echo', 'fail']);
    const echo = await client.callTool({ name: 'echo', arguments: { text: 'héllo 😀' } });
    assert.deepEqual(echo.content, [{ type: 'text', text: 'héllo 😀' }]);
    const big = await client.callTool({ name: 'big', arguments: {} });
    assert.equal(big.content[0].text, 'é'.repeat(512 * 1024));
    const failed = await client.callTool({ name: 'fail', arguments: {} });
    assert.equal(failed.isError, true);
    assert.match(failed.content[0].text, /this tool always fails/);
    const posts = server.log.filter((r) => r.method === 'POST' && r.session === transport.sessionId);
    assert.ok(posts.every((r) => r.session !== undefined));
    await client.close();
    assert.deepEqual(errors, []);
  });

  test('every progress notification arrives, in order, once, the last one before its result too', async () => {
    const { client, errors } = await connected(server.url);
    // No pause: the last notification and the result reach the client in one chunk.
    assert.deepEqual(await countWithProgress(client, 50), { progress: range(50), text: 'Counted to 50' });
    assert.deepEqual(await countWithProgress(client, 5, 5), { progress: range(5), text: 'Counted to 5' });
    await client.close();
    assert.deepEqual(errors, []);
  });

  test('a response cut mid-stream is resumed with GET and Last-Event-ID: nothing lost, nothing twice', async () => {
    const { client, transport, errors } = await connected(server.url);
    const first = server.log.length;
    server.cut('post', 4); // the priming event and three notifications
    assert.deepEqual(await countWithProgress(client, 10, 5), { progress: range(10), text: 'Counted to 10' });
    // The standalone GET stream (no Last-Event-ID) opens at its own time.
    const requests = server.log.slice(first).filter((r) => r.method === 'POST' || r.lastEventId);
    assert.deepEqual(requests.map((r) => [r.method, r.rpc]), [['POST', 'tools/call'], ['GET', undefined]]);
    assert.ok(requests[1].lastEventId, 'the GET carries Last-Event-ID');
    assert.equal(requests[1].session, transport.sessionId);
    await client.close();
    assert.ok(errors.every((e) => !/failed/.test(e.message)), errors.map((e) => e.message).join('; '));
  });

  test('a resumed stream cut again is resumed again, and onresumptiontoken follows its new IDs', async () => {
    const { client, transport } = await connected(server.url);
    const first = server.log.length;
    server.cut('post', 3);
    server.cut('get', 3);
    const tokens = [];
    const progress = [];
    const calling = client.callTool({ name: 'count', arguments: { n: 12, pause: 10 } }, undefined, {
      onprogress: ({ progress: p }) => progress.push(p),
      onresumptiontoken: (token) => tokens.push(token),
    });
    const result = await calling;
    assert.equal(result.content[0].text, 'Counted to 12');
    assert.deepEqual(progress, range(12));
    const requests = server.log.slice(first).filter((r) => r.method === 'POST' || r.lastEventId);
    assert.deepEqual(requests.map((r) => r.method), ['POST', 'GET', 'GET']);
    // Each GET resumes from the last token the client was given before it.
    assert.equal(requests[1].lastEventId, tokens[tokens.indexOf(requests[1].lastEventId)]);
    assert.ok(tokens.indexOf(requests[2].lastEventId) > tokens.indexOf(requests[1].lastEventId));
    assert.equal(new Set(tokens).size, tokens.length, 'each token once');
    assert.equal(requests[2].session, transport.sessionId);
    await client.close();
  });

  test('a resumption refused while the server restarts is asked again', async () => {
    const { client, errors } = await connected(server.url);
    const first = server.log.length;
    server.cut('post', 4);
    server.refuse(1);
    assert.deepEqual(await countWithProgress(client, 10, 5), { progress: range(10), text: 'Counted to 10' });
    const resumptions = server.log.slice(first).filter((r) => r.method === 'GET' && r.lastEventId);
    assert.equal(resumptions.length, 2);
    assert.equal(resumptions[0].lastEventId, resumptions[1].lastEventId);
    await client.close();
    assert.ok(errors.every((e) => !/failed/.test(e.message)), errors.map((e) => e.message).join('; '));
  });

  test('an onmessage that throws is reported through onerror, and the stream goes on', async () => {
    const { client, transport, errors } = await connected(server.url);
    const handOver = transport.onmessage;
    let thrown = 0;
    transport.onmessage = (message, extra) => {
      handOver(message, extra);
      if (message.method === 'notifications/progress' && thrown++ === 0) throw new Error('a wrapper failed');
    };
    assert.deepEqual(await countWithProgress(client, 5), { progress: range(5), text: 'Counted to 5' });
    assert.deepEqual(errors.map((e) => e.message), ['a wrapper failed']);
    await client.close();
  });

  test('no request is ever POSTed twice', () => {
    // Request IDs are a client's own: counted within each session (initialize has none yet).
    const posted = server.log.filter((r) => r.method === 'POST' && r.id !== undefined && r.session).map((r) => `${r.session} ${r.id}`);
    assert.ok(posted.length >= 5);
    assert.equal(new Set(posted).size, posted.length);
  });

  test('terminateSession() sends DELETE; close() sends nothing more', async () => {
    const { client, transport } = await connected(server.url);
    const sessionId = transport.sessionId;
    await transport.terminateSession();
    assert.equal(transport.sessionId, undefined);
    assert.deepEqual(server.log.at(-1), { method: 'DELETE', rpc: undefined, id: undefined, session: sessionId, lastEventId: undefined });
    assert.equal(server.sessions.has(sessionId), false);
    await client.close();
    const sent = server.log.length;
    await sleep(100);
    assert.equal(server.log.length, sent);
    await assert.rejects(client.callTool({ name: 'echo', arguments: { text: 'x' } }));
    assert.equal(server.log.length, sent);
  });
});

describe('where the SDK transport goes wrong', () => {
  test('a GET stream answered with 200 but not text/event-stream is refused, not read', async () => {
    const server = await mcpServer({
      get: (request, response) => response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"jsonrpc":"2.0","method":"x"}'),
    });
    try {
      const { client, errors } = await connected(server.url);
      const messages = [];
      client.fallbackNotificationHandler = async (n) => messages.push(n);
      await sleep(100);
      assert.deepEqual(messages, []);
      assert.equal(errors.length, 1);
      assert.ok(errors[0] instanceof StreamableHTTPError);
      assert.match(errors[0].message, /not text\/event-stream/);
      await client.close();
    } finally {
      await server.close();
    }
  });

  test('a server that ends every stream after a priming event gets maxRetries reconnections, not a loop', async () => {
    const server = await mcpServer({
      get: (request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        response.end(`id: p${server.log.length}\nretry: 1\ndata: \n\n`);
      },
    });
    try {
      const { client, errors } = await connected(server.url, { reconnectionOptions: { maxRetries: 2 } });
      await sleep(300);
      assert.equal(server.log.filter((r) => r.method === 'GET').length, 3);
      assert.equal(errors.length, 1);
      assert.match(errors[0].message, /SSE stream disconnected/);
      await client.close();
    } finally {
      await server.close();
    }
  });

  test('a 405 to the GET stream is no stream, neither an error nor a loop', async () => {
    const server = await mcpServer({ get: (request, response) => response.writeHead(405).end() });
    try {
      const { client, errors } = await connected(server.url);
      assert.equal((await client.callTool({ name: 'echo', arguments: { text: 'x' } })).content[0].text, 'x');
      await sleep(50);
      assert.equal(server.log.filter((r) => r.method === 'GET').length, 1);
      assert.deepEqual(errors, []);
      await client.close();
    } finally {
      await server.close();
    }
  });

  test('a session ID a browser cannot read (CORS) is named in the error of the next request', async () => {
    const server = await mcpServer();
    // What a browser gives a page when the server's CORS headers do not expose Mcp-Session-Id.
    const corsFetch = async (url, init) => {
      const response = await fetch(url, init);
      const headers = new Headers(response.headers);
      headers.delete('mcp-session-id');
      const hidden = new Response(response.body, { status: response.status, statusText: response.statusText, headers });
      Object.defineProperty(hidden, 'type', { value: 'cors' });
      return hidden;
    };
    try {
      await assert.rejects(connected(server.url, { fetch: corsFetch }), (error) => {
        assert.match(error.message, /Mcp-Session-Id.*Access-Control-Expose-Headers/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  test('authProvider is refused with a TypeError that names the alternatives', () => {
    assert.throws(() => new StreamableHTTPClientTransport('http://127.0.0.1:9/mcp', { authProvider: {} }), {
      name: 'TypeError',
      message: /requestInit\.headers.*fetch/,
    });
  });

  test('a redirect to another origin is not followed', async () => {
    const target = await mcpServer();
    const redirecting = await serve((request, response) => response.writeHead(307, { Location: target.url }).end());
    try {
      await assert.rejects(connected(`${redirecting.url}/mcp`), /a redirect was not followed/);
      assert.equal(target.log.length, 0);
    } finally {
      await redirecting.close();
      await target.close();
    }
  });
});
