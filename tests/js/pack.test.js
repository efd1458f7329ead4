// The tarball users install: packed, installed into an empty folder, and used from there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('npm pack, install into an empty folder, parse a stream there', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sse-wasm-pack-'));
  try {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: root, encoding: 'utf8' }),
    );
    const files = packed[0].files.map((f) => f.path);
    assert.ok(files.includes('dist/sse-core.wasm'), 'the .wasm is in the tarball');
    assert.ok(!files.some((f) => f.startsWith('tests/') || f.startsWith('wasm/')), 'no sources or tests');
    writeFileSync(join(folder, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(folder, packed[0].filename)], {
      cwd: folder,
      stdio: 'ignore',
    });
    writeFileSync(
      join(folder, 'use.js'),
      `import { init, createParser } from 'sse-wasm';
await init();
const seen = [];
const parser = createParser({ onEvent: (e) => seen.push([e.type, e.data, e.lastEventId]) });
parser.feed('\\ufeffid: 1\\nevent: hi\\ndata: from the tarball\\n\\n');
parser.free();
console.log(JSON.stringify(seen));`,
    );
    const output = execFileSync(process.execPath, ['use.js'], { cwd: folder, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(output), [['hi', 'from the tarball', '1']]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
