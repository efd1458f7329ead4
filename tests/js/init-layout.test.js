// Runs in its own process: a module of another layout than the shim reads must not load.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { init, SseError } from 'sse-wasm';

test('init() rejects a module that does not declare the layout this shim reads', async () => {
  // The smallest valid module: it compiles and instantiates, but exports nothing.
  const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  await assert.rejects(init({ wasmBinary: empty }), (error) => {
    assert.ok(error instanceof SseError);
    assert.equal(error.kind, 'wasm-unavailable');
    assert.match(error.message, /layout undefined, this package reads \d+/);
    return true;
  });
});
