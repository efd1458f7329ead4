// Fault injection: a server cuts a 1,000-event stream at 50 seeded byte offsets, inside
// events, inside CRLF pairs and inside multi-byte characters, and resumes from Last-Event-ID.
// Every event must arrive exactly once, in order; a POST is sent again only with resume.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { connect, EventSource, init } from 'sse-wasm';
import { drain, serve, streamHead } from './server.js';

before(() => init());

const EVENTS = 1000;
const CUTS = 50;

// A small seeded generator (mulberry32), so every run cuts at the same places.
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const text = (i) => ['plain', 'café €', 'emoji 😀 ok', 'ß∑'][i % 4] + ` #${i}`;

/** The stream's bytes, where each event starts, and the 50 cut offsets. */
function makeStream() {
  const encoder = new TextEncoder();
  const ends = ['\r\n', '\n', '\r'];
  const parts = [];
  const starts = [];
  let size = 0;
  for (let i = 1; i <= EVENTS; i++) {
    const end = ends[i % 3];
    const bytes = encoder.encode(`id: ${i}${end}data: ${text(i)}${end}${end}`);
    starts.push(size);
    parts.push(bytes);
    size += bytes.length;
  }
  const body = new Uint8Array(size);
  parts.reduce((at, part) => (body.set(part, at), at + part.length), 0);
  const next = random(20261122);
  const pick = (accept) => {
    for (;;) {
      const at = 1 + Math.floor(next() * (size - 1));
      if (accept(at)) return at;
    }
  };
  const cuts = new Set();
  while (cuts.size < 5) cuts.add(pick((at) => body[at - 1] === 0x0d && body[at] === 0x0a));
  while (cuts.size < 10) cuts.add(pick((at) => (body[at] & 0xc0) === 0x80));
  while (cuts.size < CUTS) cuts.add(pick(() => true));
  return { body, starts, cuts: [...cuts].sort((a, b) => a - b) };
}

/**
 * A server for `stream`: each request starts after the event its Last-Event-ID names and is
 * cut at the next offset not reached yet; once past the last, the rest ends the body cleanly
 * and a further request gets 204, which ends an EventSource for good.
 */
async function cuttingServer({ body, starts, cuts }) {
  let pending = [...cuts];
  return serve((request, response) => {
    const last = Number(request.headers['last-event-id'] ?? 0);
    const from = last === 0 ? 0 : last < EVENTS ? starts[last] : body.length;
    if (from === body.length) {
      response.writeHead(204).end();
      return;
    }
    pending = pending.filter((at) => at > from);
    streamHead(response);
    response.write('retry: 1\n\n');
    const cut = pending.shift();
    if (cut === undefined) {
      response.end(body.subarray(from));
    } else {
      response.write(body.subarray(from, cut), () => response.socket.destroy());
    }
  });
}

const expected = Array.from({ length: EVENTS }, (_, k) => [String(k + 1), text(k + 1)]);

describe('cut streams resume with nothing lost or repeated', () => {
  const stream = makeStream();
  let server;
  beforeEach(async () => {
    server = await cuttingServer(stream);
  });
  afterEach(() => server.close());

  test('the cuts fall inside CRLF pairs, multi-byte characters and events', () => {
    const { body, cuts } = stream;
    assert.equal(cuts.length, CUTS);
    assert.ok(cuts.filter((at) => body[at - 1] === 0x0d && body[at] === 0x0a).length >= 5);
    assert.ok(cuts.filter((at) => (body[at] & 0xc0) === 0x80).length >= 5);
  });

  test('EventSource (GET) reconnects with Last-Event-ID after each cut', async () => {
    const es = new EventSource(server.url);
    const seen = [];
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${seen.length} events`)), 20_000);
      es.onmessage = (e) => seen.push([e.lastEventId, e.data]);
      es.onerror = () => {
        if (es.readyState === EventSource.CLOSED) {
          clearTimeout(timer);
          resolve();
        }
      };
    });
    assert.deepEqual(seen, expected);
    assert.equal(server.requests.length, CUTS + 2);
  });

  test("a POST with resume: 'last-event-id' resumes too, every request with its body", async () => {
    const { events, result } = await drain(
      connect(server.url, { method: 'POST', body: '{"q":1}', resume: 'last-event-id' }),
    );
    assert.deepEqual(events.map((e) => [e.lastEventId, e.data]), expected);
    assert.equal(result.state, 'completed');
    assert.equal(server.requests.length, CUTS + 1);
    assert.ok(server.requests.every((r) => r.method === 'POST' && r.body === '{"q":1}'));
  });
});

describe('a cut POST without resume is not sent again', () => {
  let server;
  before(async () => {
    server = await serve((request, response) => {
      streamHead(response);
      response.write('retry: 1\nid: 1\ndata: a\n\nid: 2\ndata: b', () => response.socket.destroy());
    });
  });
  after(() => server.close());

  test('connect(): incomplete, one request', async () => {
    server.requests.length = 0;
    const { events, thrown, result } = await drain(connect(server.url, { method: 'POST', body: 'x' }));
    assert.deepEqual(events.map((e) => e.data), ['a']);
    assert.equal(thrown, undefined);
    assert.equal(result.state, 'incomplete');
    assert.equal(result.error.kind, 'network');
    assert.equal(result.lastEventId, '1');
    assert.equal(server.requests.length, 1);
  });

  test('EventSource: the connection fails, one request', async () => {
    server.requests.length = 0;
    const es = new EventSource(server.url, { method: 'POST', body: 'x' });
    const error = await new Promise((resolve) => {
      es.onerror = (e) => resolve(e);
    });
    assert.equal(es.readyState, EventSource.CLOSED);
    assert.equal(error.error.kind, 'network');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(server.requests.length, 1);
  });
});
