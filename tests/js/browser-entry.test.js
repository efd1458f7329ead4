// The browser entry (exports "browser" and "default"), loaded here with the module's bytes as
// a page would after fetching them. It decodes each chunk's text in one TextDecoder call where
// the Node entry makes two, so every fixture runs through it too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { createParser, init } from '../../js/index.js';
import { entryModules, interleaved, loadFixtures, parseWith } from './support.js';

before(() => init({ wasmBinary: readFileSync(new URL('../../dist/sse-core.wasm', import.meta.url)) }));

const parse = (pieces, options) => parseWith(createParser, pieces, options);

test('the browser entry never imports node: modules', () => {
  for (const file of entryModules()) {
    const source = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
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
  assert.deepEqual(parse([interleaved.stream]), interleaved.expect);
});

test('short, medium and long ASCII runs, with and without other text beside them', () => {
  for (const size of [1, 32, 33, 2047, 2048, 70_000]) {
    const ascii = 'a'.repeat(size);
    assert.deepEqual(parse([`data: ${ascii}\n\n`]), [['event', 'message', ascii, '']], `${size}`);
    assert.deepEqual(
      parse([`data: ${ascii}\n\ndata: é\n\nid: ü\ndata: ${ascii}\n\n`]),
      [
        ['event', 'message', ascii, ''],
        ['event', 'message', 'é', ''],
        ['event', 'message', ascii, 'ü'],
      ],
      `${size} beside non-ASCII text`,
    );
  }
});
