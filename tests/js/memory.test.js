// Bad input never grows memory without bound: an event past maxEventSize is dropped as it
// arrives, however long it goes on.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createParser, init } from 'sse-wasm';
import { loadedCore } from '../../js/wasm.js';

before(() => init());

const MiB = 1024 * 1024;

test('a never-ending line and an endless event stay within the size limit', () => {
  const memory = () => loadedCore().memory.buffer.byteLength;
  const seen = [];
  const parser = createParser({
    maxEventSize: 4 * MiB,
    onEvent: (e) => seen.push(e.data),
    onError: (e) => seen.push(e.type),
  });
  const line = new Uint8Array(MiB).fill(0x78);
  parser.feed('data: ');
  for (let i = 0; i < 64; i++) parser.feed(line); // one 64 MiB line
  parser.feed('\n\n');
  const lines = new TextEncoder().encode(`data: ${'y'.repeat(1000)}\n`.repeat(1000));
  for (let i = 0; i < 64; i++) parser.feed(lines); // one 64 MiB event of short lines
  parser.feed('\ndata: after\n\n');
  parser.free();
  assert.deepEqual(seen, ['event-too-large', 'event-too-large', 'after']);
  const grown = memory();
  assert.ok(grown <= 16 * MiB, `the module's memory grew to ${grown} bytes`);
});
