// npm run bench -- --e2e: whole streams over real HTTP on 127.0.0.1, in headless Chromium, read
// by the browser's own EventSource, this package's EventSource and its connect(): events per
// second from opening the stream to its last event, taking turns (bench/e2e.html).
import { runPage } from './chromium.js';
import { route } from './e2e-route.js';

await runPage(
  'bench/e2e.html',
  (text, version) => console.log(text ?? `\nsse-wasm end to end, headless ${version}; events/s (best of interleaved runs), ratio = sse-wasm / native`),
  route,
);
