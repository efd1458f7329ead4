// npm run bench -- --cold: cold start in headless Chromium. Each candidate is bundled by Vite as
// an app would be (bench/cold/), and each run is a fresh browser context (no HTTP cache, no
// compiled code kept) that measures the ms from the page's first script to the first decoded
// event of an OpenAI chat stream: sse-wasm (its bundle, then the core and the typed module
// fetched and compiled) against eventsource-parser + JSON.parse + zod. The runs alternate
// between the candidates; the medians are compared.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { workloads } from './workloads.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'build/cold-bench');
await build({
  configFile: false,
  root: join(root, 'bench/cold'),
  logLevel: 'warn',
  build: {
    outDir: out,
    emptyOutDir: true,
    rollupOptions: { input: { 'sse-wasm': join(root, 'bench/cold/sse-wasm.html'), zod: join(root, 'bench/cold/zod.html') } },
  },
});
const runs = 15;
const types = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm' };
// The first 50 events of the benchmark's OpenAI stream.
const stream = workloads.find((w) => w.name === 'openai').make().split('\n\n').slice(0, 50).join('\n\n') + '\n\n';

const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
  if (path === '/cold-stream') {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    return response.end(stream);
  }
  try {
    const body = await readFile(join(out, path));
    response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});
const version = browser.version();
const times = { 'sse-wasm': [], zod: [] };
try {
  for (let run = 0; run < runs; run++) {
    for (const candidate of run % 2 ? ['zod', 'sse-wasm'] : ['sse-wasm', 'zod']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/${candidate}.html`);
      await page.waitForFunction(() => window.coldMs !== undefined, null, { timeout: 30_000 });
      const [ms, first] = await page.evaluate(() => [window.coldMs, window.coldFirst]);
      if (typeof first !== 'string') throw new Error(`${candidate}: no first token`);
      times[candidate].push(ms);
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}

const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
console.log(`\ncold start in headless Chromium ${version}: ms from the first script to the first decoded OpenAI chat event`);
console.log(`(bundled by Vite; ${runs} fresh contexts each; lower is better; ratio = sse-wasm / zod, target at most 1.5)`);
console.log('candidate                          median      min      max');
for (const [name, label] of [['sse-wasm', 'sse-wasm decode (core + module)'], ['zod', 'eventsource-parser + JSON.parse + zod']]) {
  const list = times[name];
  console.log(`${label.padEnd(34)} ${median(list).toFixed(1).padStart(7)} ${Math.min(...list).toFixed(1).padStart(8)} ${Math.max(...list).toFixed(1).padStart(8)}`);
}
console.log(`ratio (medians): ${(median(times['sse-wasm']) / median(times.zod)).toFixed(2)}`);
