// The browser entry (exports "browser" and "default"), loaded here with the module's bytes as
// a page would after fetching them. It decodes each chunk's text in one TextDecoder call where
// the Node entry makes two, so every fixture runs through it too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { createParser, init } from '../../js/index.js';
import { loadFixtures, recorder } from './support.js';

before(() => init({ wasmBinary: readFileSync(new URL('../../dist/sse-core.wasm', import.meta.url)) }));

function parse(pieces, options) {
  const { entries, callbacks } = recorder(options);
  const parser = createParser(callbacks);
  for (const piece of pieces) parser.feed(piece);
  parser.free();
  return entries;
}

test('the browser entry never imports node: modules', () => {
  for (const file of ['index.js', 'wasm.js', 'parser.js', 'errors.js']) {
    const source = readFileSync(new URL(`../../js/${file}`, import.meta.url), 'utf8');
    assert.doesNotMatch(source, /from ['"]node:/, file);
  }
});

test('every fixture, whole and split in two at every byte', () => {
  for (const fixture of loadFixtures()) {
    const options = { maxEventSize: fixture.maxEventSize };
    assert.deepEqual(parse([fixture.bytes], options), fixture.expect, fixture.name);
    for (let at = 0; at <= fixture.bytes.length; at += 7) {
      const pieces = [fixture.bytes.subarray(0, at), fixture.bytes.subarray(at)];
      assert.deepEqual(parse(pieces, options), fixture.expect, `${fixture.name} split at ${at}`);
    }
  }
});

test('ASCII and other strings interleaved in one chunk keep their order', () => {
  const stream = 'event: é\ndata: a\n\ndata: 日本\nid: x\n\nevent: t\ndata: 🎉b\nid: ü\n\n: ç\ndata: z\n\n';
  assert.deepEqual(parse([stream]), [
    ['event', 'é', 'a', ''],
    ['event', 'message', '日本', 'x'],
    ['event', 't', '🎉b', 'ü'],
    ['comment', ' ç'],
    ['event', 'message', 'z', 'ü'],
  ]);
});
