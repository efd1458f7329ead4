// The core module a page loads: the .wasm and the JavaScript that loads and drives it, gzipped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { entryModules } from './support.js';

const BUDGET = 32 * 1024;

const files = ['dist/sse-core.wasm', ...entryModules()];

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

const TYPED_BUDGET = 120 * 1024;

test(`the typed module fits in ${TYPED_BUDGET / 1024} KiB gzipped`, () => {
  let total = 0;
  for (const file of ['dist/sse-typed.wasm', 'dist/sse-typed.js', 'js/typed.js']) {
    const bytes = readFileSync(new URL(`../../${file}`, import.meta.url));
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    console.log(`# ${file}: ${bytes.length} bytes, ${gzipped} gzipped`);
    total += gzipped;
  }
  console.log(`# total: ${total} bytes gzipped (budget ${TYPED_BUDGET})`);
  assert.ok(total <= TYPED_BUDGET, `${total} bytes gzipped is over the budget of ${TYPED_BUDGET}`);
});
