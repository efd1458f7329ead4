// A bundler: a tiny app built with Vite that imports the package by name from its installed
// tarball; Vite finds both .wasm files through the package's `new URL(…, import.meta.url)` and
// emits them as assets. The built app then runs in Chromium: a typed stream and an EventSource.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { sendFile, serve, streamHead } from '../js/server.js';
import { launchChromium, root } from './demo.js';

const app = `import { connect, EventSource } from 'sse-wasm';

async function run() {
  const stream = connect('/chat', { method: 'POST', body: '{}', decode: 'openai.chat' });
  const tokens = [];
  for await (const token of stream.text()) tokens.push(token);
  const events = await new Promise((resolve) => {
    const seen = [];
    const source = new EventSource('/events');
    source.onmessage = (e) => seen.push(e.data);
    source.onerror = () => {
      source.close();
      resolve(seen);
    };
  });
  return { tokens, state: (await stream.result).state, events };
}
window.result = run().catch((error) => ({ error: String(error) }));
`;

const chunk = (content) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`;

let folder;
let server;
let browser;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'sse-wasm-vite-'));
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: root, encoding: 'utf8' }));
  writeFileSync(join(folder, 'package.json'), '{ "name": "vite-app", "private": true, "type": "module" }');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(folder, packed.filename)], { cwd: folder, stdio: 'ignore' });
  writeFileSync(join(folder, 'index.html'), '<!doctype html><script type="module" src="/main.js"></script>');
  writeFileSync(join(folder, 'main.js'), app);
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', 'out'], {
    cwd: folder,
    stdio: 'pipe',
  });
  const out = join(folder, 'out');
  server = await serve(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/chat') {
      streamHead(response);
      response.end(`${chunk('Built')}${chunk(' by')}${chunk(' Vite')}data: [DONE]\n\n`);
    } else if (path === '/events') {
      streamHead(response);
      response.end('data: one\n\ndata: two\n\n');
    } else {
      await sendFile(response, join(out, normalize(path === '/' ? '/index.html' : path)));
    }
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('Vite emits the core and the typed module the app decodes with as assets', () => {
  const assets = readdirSync(join(folder, 'out', 'assets'));
  assert.ok(assets.some((name) => /^sse-core.*\.wasm$/.test(name)), assets.join(', '));
  assert.ok(assets.some((name) => /^sse-openai-chat.*\.wasm$/.test(name)), assets.join(', '));
});

test('the built app streams, decodes and reconnects in Chromium', async () => {
  const page = await browser.newPage();
  const failed = [];
  // connect() aborts its request once [DONE] has arrived, which may show as ERR_ABORTED.
  page.on('requestfailed', (request) => request.failure()?.errorText !== 'net::ERR_ABORTED' && failed.push(request.url()));
  page.on('response', (response) => response.status() === 404 && failed.push(response.url()));
  await page.goto(`${server.url}/`);
  const result = await page.evaluate(() => window.result);
  assert.deepEqual(result, { tokens: ['Built', ' by', ' Vite'], state: 'completed', events: ['one', 'two'] });
  assert.deepEqual(failed, []);
  await page.close();
});
