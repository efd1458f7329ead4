import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createParser, init } from 'sse-wasm';
import { loadFixtures, parseWith } from './support.js';

before(() => init());

const parse = (fixture, pieces) => parseWith(createParser, pieces, { maxEventSize: fixture.maxEventSize });

for (const fixture of loadFixtures()) {
  describe(`fixture ${fixture.name}`, () => {
    test('whole', () => {
      assert.deepEqual(parse(fixture, [fixture.bytes]), fixture.expect);
    });

    test('split in two at every byte', () => {
      for (let at = 0; at <= fixture.bytes.length; at++) {
        const pieces = [fixture.bytes.subarray(0, at), fixture.bytes.subarray(at)];
        assert.deepEqual(parse(fixture, pieces), fixture.expect, `split at ${at}`);
      }
    });

    test('one byte at a time', () => {
      const pieces = Array.from(fixture.bytes, (_, i) => fixture.bytes.subarray(i, i + 1));
      assert.deepEqual(parse(fixture, pieces), fixture.expect);
    });

    test('as text decoded by the caller', () => {
      // A string chunk is text already: the caller's decoder has replaced invalid bytes and,
      // with ignoreBOM, kept the BOM for the parser to strip.
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(fixture.bytes);
      assert.deepEqual(parse(fixture, [text.slice(0, 7), text.slice(7)]), fixture.expect);
    });
  });
}
