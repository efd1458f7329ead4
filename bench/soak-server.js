// The soak benchmark's server, in a process of its own so that its memory is not the client's:
// `node bench/soak-server.js PORTS` listens on 127.0.0.1 on PORTS ports (CORS open, for a page
// spread over many origins) and prints them as JSON. Routes:
//   /stream?n=N  N events of mixed sizes, UTF-8, named events and ids, as fast as read
//   /idle        one event, then silence until the client goes
import { createServer } from 'node:http';

const ports = Number(process.argv[2] ?? 1);

const words = ['data', 'héllo wörld', '😀 ok', 'token', 'a longer piece of text, as an LLM delta might be'];

// Event i of the soak stream: one in 7 named, sizes from a few bytes to 2 KiB.
function event(i) {
  const size = i % 100 === 0 ? 2048 : (i * 37) % 200;
  let data = `${i} ${words[i % words.length]}`;
  while (data.length < size) data += ` ${words[(i + data.length) % words.length]}`;
  const type = i % 7 === 0 ? 'event: update\n' : '';
  return `${type}id: ${i}\ndata: ${data}\n\n`;
}

async function stream(response, count) {
  let i = 0;
  while (i < count && !response.destroyed) {
    let batch = '';
    for (const end = Math.min(count, i + 500); i < end; i++) batch += event(i);
    if (!response.write(batch)) await new Promise((resolve) => response.once('drain', resolve));
  }
  response.end();
}

function handle(request, response) {
  const url = new URL(request.url, 'http://x');
  const head = {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-store',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Headers': 'Last-Event-ID',
  };
  if (request.method === 'OPTIONS') return response.writeHead(204, head).end();
  response.writeHead(200, head);
  if (url.pathname === '/stream') return stream(response, Number(url.searchParams.get('n')));
  response.write('retry: 60000\ndata: ready\n\n');
  return undefined;
}

const listening = [];
for (let i = 0; i < ports; i++) {
  const server = createServer(handle);
  server.keepAliveTimeout = 0;
  listening.push(new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port))));
}
process.stdout.write(`${JSON.stringify(await Promise.all(listening))}\n`);
