// Runs a benchmark page of this repository in headless Chromium from apt, served from the
// repository's root on 127.0.0.1 (with any routes of the benchmark's own), and hands each line
// the page logs to `onLine`.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const types = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.json': 'application/json' };
function serve(route) {
  const server = createServer(async (request, response) => {
    if (route?.(request, response)) return;
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    try {
      const body = await readFile(join(root, path));
      response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Opens `path` (from the repository's root) and waits for it to set `window.benchDone`. Calls
 * `onLine(null, version)` once the browser is up, then `onLine(text)` for each console line.
 * `route(request, response)` may answer a request first, returning true when it did; `args` are
 * Chromium's switches beyond the usual ones.
 */
export async function runPage(path, onLine, route, args = []) {
  const { chromium } = await import('playwright-core');
  const server = await serve(route);
  const browserProcess = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...args],
  });
  try {
    const page = await browserProcess.newPage();
    onLine(null, browserProcess.version());
    page.on('console', (message) => onLine(message.text()));
    await page.goto(`http://127.0.0.1:${server.address().port}/${path}`);
    await page.waitForFunction(() => window.benchDone === true, null, { timeout: 30 * 60 * 1000 });
  } finally {
    await browserProcess.close();
    server.close();
  }
}
