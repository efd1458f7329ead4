// npm run bench -- --e2e: whole streams over real HTTP on 127.0.0.1, in headless Chromium, read
// by the browser's own EventSource, this package's EventSource and its connect(): events per
// second from opening the stream to its last event, taking turns (bench/e2e.html).
import { runPage } from './chromium.js';
import { workloads } from './workloads.js';

const bodies = new Map();
const encoder = new TextEncoder();

// GET /e2e/NAME: the workload's bytes in 16 KiB writes, as fast as the socket takes them.
function route(request, response) {
  const url = new URL(request.url, 'http://x');
  if (!url.pathname.startsWith('/e2e/')) return false;
  const name = url.pathname.slice(5);
  if (!bodies.has(name)) bodies.set(name, encoder.encode(workloads.find((w) => w.name === name).make()));
  const body = bodies.get(name);
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  let at = 0;
  const write = () => {
    while (at < body.length) {
      const piece = body.subarray(at, (at += 16 * 1024));
      if (!response.write(piece)) return response.once('drain', write);
    }
    response.end();
  };
  write();
  return true;
}

await runPage(
  'bench/e2e.html',
  (text, version) => console.log(text ?? `\nsse-wasm end to end, headless ${version}; events/s (best of interleaved runs), ratio = sse-wasm / native`),
  route,
);
