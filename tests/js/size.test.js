// What a page loads, gzipped: the core module with the JavaScript that loads and drives it
// (the parser), the whole browser entry with the client, sse-wasm/stream and sse-wasm/mcp with
// what they pull in, and the typed module.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { entryModules } from './support.js';

function held(name, files, budget) {
  test(`${name} fits in ${budget / 1024} KiB gzipped`, () => {
    let total = 0;
    for (const file of files) {
      const bytes = readFileSync(new URL(`../../${file}`, import.meta.url));
      const gzipped = gzipSync(bytes, { level: 9 }).length;
      console.log(`# ${file}: ${bytes.length} bytes, ${gzipped} gzipped`);
      total += gzipped;
    }
    console.log(`# ${name}: ${total} bytes gzipped (budget ${budget})`);
    assert.ok(total <= budget, `${total} bytes gzipped is over the budget of ${budget}`);
  });
}

held('the core module and its glue', ['dist/sse-core.wasm', 'js/wasm.js', 'js/parser.js', 'js/errors.js'], 32 * 1024);
held('the browser entry with the client', ['dist/sse-core.wasm', ...entryModules()], 48 * 1024);
held('sse-wasm/stream', ['dist/sse-core.wasm', ...entryModules('js/stream.js')], 32 * 1024);
held('sse-wasm/mcp', ['dist/sse-core.wasm', ...entryModules('js/mcp.js')], 48 * 1024);
held('the typed module', ['dist/sse-typed.wasm', 'js/typed.js', 'js/tape.js'], 120 * 1024);
