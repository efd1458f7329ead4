// sse-wasm/mcp in headless Chromium: the MCP SDK's Client, bundled for the page by Vite with
// this transport, against the SDK's server on another origin (CORS, Mcp-Session-Id exposed).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundlePage, launchChromium } from '../demo/demo.js';
import { mcpServer } from '../js/mcp-server.js';
import { sendFile, serve } from '../js/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Inside the repository, so that the bundle resolves the SDK and the package as a user's would.
const app = join(root, 'build/mcp-page');

const page = `
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from 'sse-wasm/mcp';

async function session(url, cut) {
  const transport = new StreamableHTTPClientTransport(new URL(url));
  const errors = [];
  transport.onerror = (error) => errors.push(error.message);
  const client = new Client({ name: 'page', version: '1.0.0' });
  await client.connect(transport);
  const tools = (await client.listTools()).tools.map((t) => t.name).sort();
  const echo = (await client.callTool({ name: 'echo', arguments: { text: 'héllo 😀' } })).content[0].text;
  const progress = [];
  await cut?.();
  const counted = await client.callTool({ name: 'count', arguments: { n: 20, pause: 5 } }, undefined, {
    onprogress: ({ progress: p }) => progress.push(p),
  });
  const big = (await client.callTool({ name: 'big', arguments: {} })).content[0].text.length;
  const failed = (await client.callTool({ name: 'fail', arguments: {} })).isError;
  const sessionId = transport.sessionId;
  await transport.terminateSession();
  await client.close();
  // Closed: a call is refused without a request (the test counts the server's requests).
  const refused = await client.callTool({ name: 'echo', arguments: { text: 'x' } }).then(() => false, () => true);
  return { tools, echo, progress, counted: counted.content[0].text, big, failed, sessionId, after: transport.sessionId, errors, refused };
}

window.run = (url) => session(url);
window.runCut = (url, cutUrl) => session(url, () => fetch(cutUrl, { method: 'POST' }));
window.runHidden = async (url) => {
  const client = new Client({ name: 'page', version: '1.0.0' });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    return 'connected';
  } catch (error) {
    return error.message;
  }
};
`;

let site;
let servers;
let browser;

before(async () => {
  await bundlePage(app, page);
  servers = {
    exposed: await mcpServer({ cors: true, retryInterval: 20 }),
    hidden: await mcpServer({ cors: 'hide-session-id' }),
  };
  site = await serve(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/cut') {
      servers.exposed.cut('post', 5);
      response.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end();
      return;
    }
    await sendFile(response, join(app, 'out', normalize(path === '/' ? '/index.html' : path)));
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.close();
  for (const server of Object.values(servers ?? {})) await server.close();
  rmSync(app, { recursive: true, force: true });
});

async function inPage(call, ...args) {
  const tab = await browser.newPage();
  await tab.goto(`${site.url}/`);
  await tab.waitForFunction(() => typeof window.run === 'function');
  const result = await tab.evaluate(([name, values]) => window[name](...values), [call, args]);
  await tab.close();
  return result;
}

const expected = (sessionId) => ({
  tools: ['big', 'count', 'echo', 'fail'],
  echo: 'héllo 😀',
  progress: Array.from({ length: 20 }, (_, i) => i + 1),
  counted: 'Counted to 20',
  big: 512 * 1024,
  failed: true,
  sessionId,
  after: undefined,
  errors: [],
  refused: true,
});

test('the SDK Client in a page: tools, progress, a 1 MB result, a tool error, terminateSession, close', async () => {
  const result = await inPage('run', servers.exposed.url);
  assert.match(result.sessionId, /^[0-9a-f-]{36}$/);
  assert.deepEqual(result, expected(result.sessionId));
  // The DELETE of terminateSession() is the server's last request: nothing after close().
  const { log } = servers.exposed;
  assert.deepEqual([log.at(-1).method, log.at(-1).session], ['DELETE', result.sessionId]);
  const sent = log.length;
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(log.length, sent);
});

test('a response cut in the page is resumed: every notification once', async () => {
  const first = servers.exposed.log.length;
  const result = await inPage('runCut', servers.exposed.url, `${site.url}/cut`);
  assert.deepEqual({ ...result, errors: [] }, expected(result.sessionId));
  const resumed = servers.exposed.log.slice(first).filter((r) => r.method === 'GET' && r.lastEventId);
  assert.equal(resumed.length, 1);
});

test('a server that does not expose Mcp-Session-Id through CORS gets an error that says so', async () => {
  const message = await inPage('runHidden', servers.hidden.url);
  assert.match(message, /Mcp-Session-Id.*Access-Control-Expose-Headers/);
});
