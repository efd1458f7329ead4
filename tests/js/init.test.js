// Runs in its own process (node --test gives each file one), so the module is not loaded yet.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createParser, init, SseError } from 'sse-wasm';

test('createParser before init() has resolved throws', () => {
  assert.throws(() => createParser({}), /await init\(\) first/);
});

test('init() accepts the module bytes and resolves once', async () => {
  const wasmBinary = readFileSync(new URL('../../dist/sse-core.wasm', import.meta.url));
  const first = init({ wasmBinary });
  assert.equal(init(), first);
  assert.equal(await first, undefined);
  const seen = [];
  const parser = createParser({ onEvent: (e) => seen.push(e.data) });
  parser.feed('data: ok\n\n');
  parser.free();
  assert.deepEqual(seen, ['ok']);
});

test('SseError carries a kind', () => {
  const error = new SseError('x', { kind: 'wasm-unavailable', cause: new Error('y') });
  assert.equal(error.kind, 'wasm-unavailable');
  assert.equal(error.retryable, false);
  assert.equal(error.cause.message, 'y');
});
