// What a page loads, gzipped: the core module with the JavaScript that loads and drives it
// (the parser), the whole browser entry with the client, sse-wasm/stream and sse-wasm/mcp with
// what they pull in, and each decoder's typed module with the JavaScript that reads its tapes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decoders } from '../../js/typed.js';
import { entryModules } from './support.js';

function held(name, files, budget) {
  const size = budget % 1024 === 0 ? `${budget / 1024} KiB` : `${budget} bytes`;
  test(`${name} fits in ${size} gzipped`, () => {
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
held('sse-wasm/ai, before its decoder loads', ['dist/sse-core.wasm', ...entryModules('js/ai.js')], 48 * 1024);
// Each decoder's module with the JavaScript that reads its tapes, as measured, plus 5%: a page
// that decodes one provider never pays for another. One module with every decoder was 122,106
// bytes; split, openai.chat was 95,193, and Mistral's content arrays added 5,078 to it.
const measured = { 'openai.chat': 100271, 'openai.responses': 99481, anthropic: 97767, gemini: 99051, 'ai.ui': 104264 };
for (const [name, decoder] of Object.entries(decoders)) {
  held(`decode: '${name}'`, [`dist/${decoder.module}`, 'js/typed.js', 'js/tape.js'], Math.round(measured[name] * 1.05));
}
