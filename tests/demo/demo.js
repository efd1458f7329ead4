// The demo server (demo/server, Debian's Python with FastAPI) started for a test file on a free
// port of 127.0.0.1, and headless Chromium from apt to look at its page.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { sleep } from '../js/server.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the server; resolves once it answers, within 20 s. */
export async function startDemo() {
  const port = await freePort();
  const child = spawn('/usr/bin/python3', ['-m', 'demo.server', '--port', String(port), '--quiet'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`the demo server exited: ${errors}`);
    if (attempt === 200) throw new Error(`the demo server did not answer within 20 s: ${errors}`);
    try {
      if ((await fetch(`${base}/control/outcome/ready`)).ok) break;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  return {
    base,
    errors: () => errors,
    /** How the stream tagged `tag` ended: running, completed, disconnected or dropped. */
    outcome: async (tag) => (await (await fetch(`${base}/control/outcome/${tag}`)).json()).outcome,
    release: (gate) => fetch(`${base}/control/release/${gate}`, { method: 'POST' }).then((r) => r.text()),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill();
      }),
  };
}

/**
 * A page whose module is `source`, bundled by Vite as an app would be, into `dir`/out; `dir`
 * is inside the repository, so that the bundle resolves packages as a user's would.
 */
export async function bundlePage(dir, source) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
  writeFileSync(join(dir, 'main.js'), source);
  await build({ root: dir, logLevel: 'warn', build: { outDir: join(dir, 'out'), emptyOutDir: true } });
}

/** Debian's Chromium, headless; `options` adds to Playwright's launch options. */
export function launchChromium(options = {}) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    ...options,
  });
}

