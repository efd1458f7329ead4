// The MCP SDK's own server for the transport's tests and benchmark: McpServer over its
// StreamableHTTPServerTransport, one per session, with an event store so that streams can be
// resumed, on 127.0.0.1. Its tools: echo, count (progress notifications), big (a 1 MB text),
// fail (a tool error). `cut` breaks the next responses of a kind after some writes; `refuse`
// answers the next resumptions 503.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { InMemoryEventStore } from '@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

function tools() {
  const server = new McpServer({ name: 'sse-wasm-tests', version: '1.0.0' });
  server.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  server.registerTool('count', { inputSchema: { n: z.number().int(), pause: z.number().optional() } }, async ({ n, pause = 0 }, extra) => {
    for (let i = 1; i <= n; i++) {
      if (extra._meta?.progressToken !== undefined) {
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken: extra._meta.progressToken, progress: i, total: n },
        });
      }
      if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
    }
    return { content: [{ type: 'text', text: `Counted to ${n}` }] };
  });
  server.registerTool('big', {}, async () => ({ content: [{ type: 'text', text: 'é'.repeat(512 * 1024) }] }));
  server.registerTool('fail', {}, async () => {
    throw new Error('this tool always fails');
  });
  return server;
}

/**
 * Starts the server. `options.retryInterval` goes into the priming events; `options.cors`
 * adds CORS headers (exposing Mcp-Session-Id unless it is 'hide-session-id'); `options.get`
 * answers GET requests itself when set. Returns { url, log, cut(kind, writes), close }.
 */
export async function mcpServer(options = {}) {
  const sessions = new Map();
  const log = []; // { method, rpc, session, lastEventId }
  const cuts = { post: 0, get: 0 };
  let refusals = 0;
  const http = createServer(async (request, response) => {
    if (options.cors) {
      response.setHeader('Access-Control-Allow-Origin', '*');
      response.setHeader('Access-Control-Allow-Headers', '*');
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE');
      if (options.cors !== 'hide-session-id') response.setHeader('Access-Control-Expose-Headers', 'Mcp-Session-Id');
      if (request.method === 'OPTIONS') return response.writeHead(204).end();
    }
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
    const sessionId = request.headers['mcp-session-id'];
    log.push({ method: request.method, rpc: body?.method, id: body?.id, session: sessionId, lastEventId: request.headers['last-event-id'] });
    if (request.method === 'GET' && options.get) return options.get(request, response);
    if (request.method === 'GET' && request.headers['last-event-id'] && refusals > 0) {
      refusals--;
      return response.writeHead(503, { 'Content-Type': 'text/plain' }).end('restarting');
    }
    const kind = request.method === 'POST' ? 'post' : 'get';
    if (cuts[kind] > 0 && (kind === 'get' ? request.headers['last-event-id'] : body?.method === 'tools/call')) {
      let writes = cuts[kind];
      cuts[kind] = 0;
      const write = response.write.bind(response);
      response.write = (...args) => {
        const written = write(...args);
        if (--writes === 0) setImmediate(() => response.socket?.destroy());
        return written;
      };
    }
    let transport = sessions.get(sessionId);
    if (!transport) {
      if (sessionId || body?.method !== 'initialize') {
        response.writeHead(sessionId ? 404 : 400, { 'Content-Type': 'application/json' });
        return response.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'No valid session' }, id: null }));
      }
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        eventStore: new InMemoryEventStore(),
        retryInterval: options.retryInterval,
        onsessioninitialized: (id) => sessions.set(id, transport),
      });
      transport.onclose = () => sessions.delete(transport.sessionId);
      await tools().connect(transport);
    }
    await transport.handleRequest(request, response, body);
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return {
    url: `http://127.0.0.1:${http.address().port}/mcp`,
    log,
    sessions,
    /**
     * The next tools/call POST (`post`) or resuming GET (`get`, with Last-Event-ID) response
     * breaks after `writes` writes.
     */
    cut(kind, writes) {
      cuts[kind] = writes;
    },
    /** The next `count` resuming GETs are answered 503, as by a server that is restarting. */
    refuse(count) {
      refusals = count;
    },
    async close() {
      for (const transport of sessions.values()) await transport.close();
      http.closeAllConnections();
      http.close();
      await once(http, 'close');
    },
  };
}
