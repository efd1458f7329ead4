// Runs in its own process: the first init() decides, so a bad module must give a typed error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { init, SseError } from 'sse-wasm';

test('init() rejects with SseError when the module cannot be compiled', async () => {
  const promise = init({ wasmBinary: new Uint8Array([0, 1, 2, 3]) });
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof SseError);
    assert.equal(error.kind, 'wasm-unavailable');
    assert.ok(error.cause instanceof WebAssembly.CompileError);
    return true;
  });
  assert.equal(init(), promise);
});
