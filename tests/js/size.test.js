// The core module a page loads: the .wasm and the JavaScript that loads and drives it, gzipped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

const BUDGET = 32 * 1024;

// The browser entry and every module it imports, found by following its relative imports.
function entryModules(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  for (const [, path] of source.matchAll(/from '\.\/([\w-]+\.js)'/g)) entryModules(`js/${path}`, seen);
  return seen;
}

const files = ['dist/sse-core.wasm', ...entryModules('js/index.js')];

test(`the core module fits in ${BUDGET / 1024} KiB gzipped`, () => {
  let total = 0;
  for (const file of files) {
    const bytes = readFileSync(new URL(`../../${file}`, import.meta.url));
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    console.log(`# ${file}: ${bytes.length} bytes, ${gzipped} gzipped`);
    total += gzipped;
  }
  console.log(`# total: ${total} bytes gzipped (budget ${BUDGET})`);
  assert.ok(total <= BUDGET, `${total} bytes gzipped is over the budget of ${BUDGET}`);
});
