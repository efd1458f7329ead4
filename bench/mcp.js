// npm run bench -- --mcp: tool calls over loopback through sse-wasm/mcp and through the MCP
// SDK's own StreamableHTTPClientTransport, the same SDK Client and the same SDK server
// (tests/js/mcp-server.js), in alternating rounds. Each call streams 10 progress notifications
// and its result: 11 messages.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as SdkTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StreamableHTTPClientTransport as OurTransport } from 'sse-wasm/mcp';
import { mcpServer } from '../tests/js/mcp-server.js';

const CALLS = 1000;
const NOTIFICATIONS = 10;
const ROUNDS = Number(process.env.MCP_ROUNDS ?? 5);

const candidates = { 'sse-wasm': OurTransport, 'sdk': SdkTransport };

async function round(url, Transport) {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new Transport(new URL(url)));
  let messages = 0;
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const result = await client.callTool({ name: 'count', arguments: { n: NOTIFICATIONS } }, undefined, {
      onprogress: () => messages++,
    });
    if (result.content[0].text !== `Counted to ${NOTIFICATIONS}`) throw new Error('wrong result');
    messages++;
  }
  const seconds = (performance.now() - started) / 1000;
  await client.close();
  if (messages !== CALLS * (NOTIFICATIONS + 1)) throw new Error(`${messages} messages`);
  return messages / seconds;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const server = await mcpServer();
try {
  console.log(`\nMCP benchmark, Node ${process.version}: ${CALLS} tool calls of ${NOTIFICATIONS} progress notifications and a result,`);
  console.log(`the SDK's Client and server over loopback; messages/s per round, ${ROUNDS} rounds, alternating`);
  // One warm-up call each, so that neither pays for the other's first compilation.
  for (const Transport of Object.values(candidates)) await round(server.url, Transport).catch(() => {});
  const rates = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? Object.keys(candidates).reverse() : Object.keys(candidates);
    for (const name of order) rates[name].push(await round(server.url, candidates[name]));
    console.log(`round ${r + 1}: ${order.map((name) => `${name} ${rates[name].at(-1).toFixed(0)}`).join(', ')}`);
  }
  console.log('transport     median msg/s   range');
  for (const [name, values] of Object.entries(rates)) {
    const range = `${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}`;
    console.log(`${name.padEnd(12)} ${median(values).toFixed(0).padStart(12)}   ${range}`);
  }
  console.log(`ratio (sse-wasm / sdk, medians): ${(median(rates['sse-wasm']) / median(rates.sdk)).toFixed(2)}`);
} finally {
  await server.close();
}
