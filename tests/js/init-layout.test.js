// Runs in its own process: a module of another ABI version than the JavaScript reads must not
// load, and the error must say why and what to do. build/wasm/sse-core-stale.wasm is the core
// built as an old release (ABI 1); the pack test sees the same inside an installed package.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { init, SseError, typedModule } from 'sse-wasm';

const staleFile = new URL('../../build/wasm/sse-core-stale.wasm', import.meta.url);
let stale;

before(() => {
  assert.ok(existsSync(staleFile), 'build/wasm/sse-core-stale.wasm is built by the wasm tree (npm test builds it)');
  stale = readFileSync(staleFile);
});

function refused(name, found) {
  return (error) => {
    assert.ok(error instanceof SseError);
    assert.equal(error.kind, 'wasm-unavailable');
    assert.ok(error.message.startsWith(`${name} ${found}, and this sse-wasm JavaScript reads ABI version `), error.message);
    assert.notEqual(Number(/reads ABI version (\d+)\./.exec(error.message)?.[1] ?? 1), 1);
    assert.match(error.message, /stale copy \(cached by a browser or CDN, or self-hosted/);
    return true;
  };
}

test('a typed module of another ABI version is refused, naming both versions', async () => {
  await assert.rejects(typedModule({ wasmBinary: stale }), refused('the typed module', 'has ABI version 1'));
});

test('a module that declares no ABI version is refused as no sse-wasm module', async () => {
  // The smallest valid module: it compiles and instantiates, but exports nothing.
  const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  await assert.rejects(
    typedModule({ wasmBinary: empty }),
    refused('the typed module', 'has no sse_abi_version: it is not an sse-wasm module'),
  );
});

test('init() refuses a core of another ABI version, naming both versions', async () => {
  await assert.rejects(init({ wasmBinary: stale }), refused('sse-core.wasm', 'has ABI version 1'));
});
