// Runs in its own process: where WebAssembly is missing (or removed by a policy), init()
// rejects with a typed error instead of failing later.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createParser, init, SseError } from 'sse-wasm';

test('init() rejects with SseError when WebAssembly is unavailable', async () => {
  const saved = globalThis.WebAssembly;
  delete globalThis.WebAssembly;
  try {
    await assert.rejects(init(), (error) => {
      assert.ok(error instanceof SseError);
      assert.equal(error.kind, 'wasm-unavailable');
      assert.match(error.message, /WebAssembly is not available/);
      return true;
    });
  } finally {
    globalThis.WebAssembly = saved;
  }
  assert.throws(() => createParser({}), /await init\(\) first/);
});
