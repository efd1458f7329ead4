// The tarball users install: packed once, linted as the ecosystem's tools see it (publint,
// Are the Types Wrong), installed into an empty folder and used from there.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decoders } from '../../js/typed.js';
import { packAndInstall } from './support.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);

let folder;
let tarball;
let files;

before(() => {
  ({ folder, tarball, files } = packAndInstall());
});

after(() => rmSync(folder, { recursive: true, force: true }));

/** Runs `source` as a module in the consumer's folder; returns its standard output. */
function run(source) {
  writeFileSync(join(folder, 'use.js'), source);
  return execFileSync(process.execPath, ['use.js'], { cwd: folder, encoding: 'utf8' });
}

test('the tarball holds the code, a module for each decoder, the license and the changelog, and nothing else', () => {
  const modules = ['dist/sse-core.wasm', ...Object.values(decoders).map((decoder) => `dist/${decoder.module}`)];
  for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'js/index.js', ...modules]) {
    assert.ok(files.includes(file), `${file} is in the tarball`);
  }
  assert.deepEqual(
    files.filter((f) => !modules.includes(f) && !/^(js\/[\w.-]+\.(js|d\.ts)|LICENSE|README\.md|CHANGELOG\.md|package\.json)$/.test(f)),
    [],
  );
});

test('publint finds nothing to report in the tarball', () => {
  const lint = spawnSync(bin('publint'), ['run', tarball, '--strict', '--level', 'suggestion'], { encoding: 'utf8' });
  assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  assert.match(lint.stdout, /All good!/);
});

test('Are the Types Wrong finds every entry typed in the tarball', () => {
  const check = spawnSync(bin('attw'), [tarball, '--format', 'ascii', '--no-color'], { cwd: root, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /No problems found/);
});

test('installed into an empty folder, it parses a stream there', () => {
  const output = run(`import { init, createParser } from 'sse-wasm';
await init();
const seen = [];
const parser = createParser({ onEvent: (e) => seen.push([e.type, e.data, e.lastEventId]) });
parser.feed('\\ufeffid: 1\\nevent: hi\\ndata: from the tarball\\n\\n');
parser.free();
console.log(JSON.stringify(seen));`);
  assert.deepEqual(JSON.parse(output), [['hi', 'from the tarball', '1']]);
});

test('a stale .wasm left beside newer JavaScript is refused with an error that says so', () => {
  const stale = join(root, 'build/wasm/sse-core-stale.wasm');
  assert.ok(existsSync(stale), 'build/wasm/sse-core-stale.wasm is built by the wasm tree (npm test builds it)');
  const dist = join(folder, 'node_modules/sse-wasm/dist');
  copyFileSync(join(dist, 'sse-openai-chat.wasm'), join(folder, 'sse-openai-chat.wasm'));
  copyFileSync(stale, join(dist, 'sse-openai-chat.wasm'));
  const typed = run(`import { connect } from 'sse-wasm';
const stream = connect(new Response('data: {}\\n\\n', { headers: { 'Content-Type': 'text/event-stream' } }), { decode: 'openai.chat' });
const { state, error } = await stream.result;
console.log(JSON.stringify({ state, kind: error.kind, message: error.message }));`);
  const { state, kind, message } = JSON.parse(typed);
  assert.deepEqual([state, kind], ['failed', 'wasm-unavailable']);
  assert.match(message, /^sse-openai-chat\.wasm has ABI version 1, and this sse-wasm JavaScript reads ABI version \d+\. Most likely/);

  copyFileSync(join(folder, 'sse-openai-chat.wasm'), join(dist, 'sse-openai-chat.wasm'));
  copyFileSync(stale, join(dist, 'sse-core.wasm'));
  const core = run(`import { init } from 'sse-wasm';
await init().catch((error) => console.log(JSON.stringify({ kind: error.kind, message: error.message })));`);
  assert.equal(JSON.parse(core).kind, 'wasm-unavailable');
  assert.match(JSON.parse(core).message, /^sse-core\.wasm has ABI version 1, .* a stale copy/);
});
