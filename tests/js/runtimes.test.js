// The package in Bun and Deno (their npm packages, devDependencies), installed from its
// tarball into an empty folder: tests/runtimes/suite.js runs there against a server of this
// process on 127.0.0.1, and what it prints is held to what Node gives.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { packAndInstall, loadFixtures } from './support.js';
import { serve, streamHead } from './server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const runtimes = {
  bun: [join(root, 'node_modules/.bin/bun'), 'suite.js'],
  // Network to the test server only, reads of the package and fixtures, and the two variables.
  deno: [join(root, 'node_modules/.bin/deno'), 'run', '--allow-net=127.0.0.1', '--allow-read', '--allow-env', 'suite.js'],
};

let folder;
let server;

before(async () => {
  ({ folder } = packAndInstall());
  copyFileSync(join(root, 'tests/runtimes/suite.js'), join(folder, 'suite.js'));
  server = await serve((request, response) => {
    streamHead(response);
    if (request.url === '/events') {
      const first = !request.headers['last-event-id'];
      response.end(first ? 'retry: 10\nevent: tick\nid: 1\ndata: é\n\n' : 'data: again\n\n');
    } else {
      response.end(
        'data: {"id":"c","choices":[{"index":0,"delta":{"content":"Hé"}}]}\n\n' +
          'data: {"id":"c","choices":[{"index":0,"delta":{"content":"llo 😀"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
      );
    }
  });
});

after(async () => {
  await server?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Runs the suite in `runtime`; resolves to what it printed, parsed. */
function runSuite(runtime) {
  const [command, ...args] = runtimes[runtime];
  const child = spawn(command, args, {
    cwd: folder,
    env: {
      PATH: process.env.PATH,
      HOME: folder,
      DENO_DIR: join(folder, '.deno'),
      DENO_NO_UPDATE_CHECK: '1',
      SSE_URL: server.url,
      SSE_FIXTURES: join(root, 'tests/fixtures'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`${runtime} exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
    });
  });
}

for (const runtime of Object.keys(runtimes)) {
  describe(`in ${runtime}`, () => {
    let result;
    before(async () => {
      result = await runSuite(runtime);
    });

    test('the parser gives each shared fixture its expected entries, split anywhere', () => {
      for (const fixture of loadFixtures()) {
        assert.deepEqual(result.fixtures[fixture.name], { whole: fixture.expect, splitsAgree: true }, fixture.name);
      }
    });

    test('EventSource reconnects after the reconnection time with Last-Event-ID', () => {
      assert.deepEqual(result.eventSource, [
        ['open', 1],
        ['tick', 'é', '1'],
        ['error', 0, 'ended', 10],
        ['open', 1],
        ['message', 'again', '1'],
      ]);
    });

    test('connect() with a typed decoder gives the text deltas and the message', () => {
      assert.deepEqual(result.typed.tokens, ['Hé', 'llo 😀']);
      assert.equal(result.typed.message.text, 'Héllo 😀');
      assert.equal(result.typed.message.stopReason, 'stop');
      assert.equal(result.typed.state, 'completed');
    });

    test('sse-wasm/stream reads the body without init()', () => {
      assert.deepEqual(result.stream, [{ id: '1', event: 'tick', data: 'é' }]);
    });
  });
}
