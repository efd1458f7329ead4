// The streams of the Chromium benchmarks: GET /e2e/NAME serves a workload (bench/workloads.js).
import { workloads } from './workloads.js';

const bodies = new Map();
const encoder = new TextEncoder();

// GET /e2e/NAME: the workload's bytes in 16 KiB writes, as fast as the socket takes them.
export function route(request, response) {
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
