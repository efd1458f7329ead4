// Seeded random streams through this parser and eventsource-parser, chunked the same way.
// eventsource-parser takes text, so its input goes through TextDecoder (ignoreBOM, streaming),
// which is how a browser would decode the body. eventsource-parser 4.1 agrees with the spec
// on every stream generated here, so no departure is excused: a mismatch fails the test.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createParser as createReference } from 'eventsource-parser';
import { createParser, init } from 'sse-wasm';
import { random } from '../../bench/workloads.js';
import { chunksOf, streamFrom } from './random-streams.js';

const STREAMS = 10_000;

before(() => init());

function ours(chunks) {
  const entries = [];
  const parser = createParser({
    onEvent: (e) => entries.push(['event', e.type, e.data, e.lastEventId]),
    onRetry: (ms) => entries.push(['retry', ms]),
    // eventsource-parser also drops one space after the colon of a comment.
    onComment: (text) => entries.push(['comment', text.startsWith(' ') ? text.slice(1) : text]),
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.free();
  return entries;
}

function reference(chunks) {
  const entries = [];
  // eventsource-parser hands over the block's own id; the spec's last event ID string persists
  // across blocks, and onId reports each change of it.
  let lastEventId = '';
  const parser = createReference({
    onId: (id) => (lastEventId = id),
    onEvent: (e) => entries.push(['event', e.event ?? 'message', e.data, lastEventId]),
    onRetry: (ms) => entries.push(['retry', ms]),
    onComment: (text) => entries.push(['comment', text]),
  });
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  return entries;
}

test(`${STREAMS} random streams: the same events, retries and comments as eventsource-parser`, () => {
  const mismatches = [];
  let compared = 0;
  for (let seed = 1; seed <= STREAMS; seed++) {
    const next = random(seed);
    const bytes = streamFrom(next);
    const chunks = chunksOf(bytes, next);
    const mine = ours(chunks);
    const theirs = reference(chunks);
    compared += theirs.length;
    if (JSON.stringify(mine) === JSON.stringify(theirs)) continue;
    mismatches.push({ seed, stream: JSON.stringify(new TextDecoder().decode(bytes)), mine, theirs });
  }
  console.log(`# ${STREAMS} streams, ${compared} entries from eventsource-parser compared`);
  assert.deepEqual(mismatches.slice(0, 3), []);
});
