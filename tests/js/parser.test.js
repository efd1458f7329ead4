import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createParser, init, ParseError } from 'sse-wasm';
import { interleaved, parseWith, recorder } from './support.js';

before(() => init());

const parse = (chunks, options) => parseWith(createParser, chunks, options);

describe('init', () => {
  test('returns the same promise every time', () => {
    assert.equal(init(), init());
  });
});

describe('createParser', () => {
  test('a function instead of callbacks throws with a hint', () => {
    assert.throws(() => createParser(() => {}), /Did you mean createParser\(\{ onEvent: fn \}\)/);
  });

  test('bad options throw', () => {
    assert.throws(() => createParser({ onEvent: 1 }), TypeError);
    assert.throws(() => createParser({ maxEventSize: 0 }), RangeError);
    assert.throws(() => createParser({ maxEventSize: 1.5 }), RangeError);
    assert.throws(() => createParser({ maxEventSize: 2 ** 28 + 1 }), RangeError);
    assert.throws(() => createParser({ lastEventId: 7 }), TypeError);
    assert.throws(() => createParser(null), TypeError);
  });

  test('callbacks are optional', () => {
    const parser = createParser({});
    parser.feed('data: x\n\nretry: 5\n: c\n');
    parser.free();
  });
});

describe('feed', () => {
  test('takes strings, Uint8Array, ArrayBuffer and other views', () => {
    const bytes = new TextEncoder().encode('data: é\n\n');
    const expected = [['event', 'message', 'é', '']];
    assert.deepEqual(parse(['data: é\n\n']), expected);
    assert.deepEqual(parse([bytes]), expected);
    assert.deepEqual(parse([bytes.buffer]), expected);
    assert.deepEqual(parse([new DataView(bytes.buffer)]), expected);
    assert.throws(() => parse([42]), TypeError);
  });

  test('an event is delivered as soon as its blank line arrives', () => {
    const { entries, callbacks } = recorder();
    const parser = createParser(callbacks);
    parser.feed('data: a\n');
    assert.deepEqual(entries, []);
    parser.feed('\n');
    assert.deepEqual(entries, [['event', 'message', 'a', '']]);
    parser.feed('data: b\r');
    parser.feed('\r');
    assert.equal(entries.length, 2);
    parser.free();
  });

  test('chunks larger than the module input slice', () => {
    const big = 'x'.repeat(300_000);
    const events = [`data: ${big}\n\n`, `data: é${big}\n\n`];
    assert.deepEqual(parse(events), [
      ['event', 'message', big, ''],
      ['event', 'message', `é${big}`, ''],
    ]);
    assert.deepEqual(parse([new TextEncoder().encode(events.join(''))]), [
      ['event', 'message', big, ''],
      ['event', 'message', `é${big}`, ''],
    ]);
  });

  test('ASCII and other strings interleaved in one chunk keep their order', () => {
    assert.deepEqual(parse([interleaved.stream]), interleaved.expect);
    assert.deepEqual(parse(interleaved.stream.split(/(?<=\n)/)), interleaved.expect);
  });

  test('a surrogate pair split across string chunks is one character', () => {
    assert.deepEqual(parse(['data: \ud83c', '\udf89\n\n']), [['event', 'message', '🎉', '']]);
    assert.deepEqual(parse(['data: \ud83c', '', '\udf89\n\n']), [['event', 'message', '🎉', '']]);
    // A first half that no second half follows is a lone surrogate: U+FFFD, as TextEncoder makes it.
    assert.deepEqual(parse(['data: \ud83c', '\n\n']), [['event', 'message', '\ufffd', '']]);
    assert.deepEqual(parse(['data: \ud83c', new Uint8Array([10, 10])]), [['event', 'message', '\ufffd', '']]);
  });

  test('retry values keep their exact value up to 2^53', () => {
    assert.deepEqual(parse(['retry: 4294967296\nretry: 9007199254740991\n']), [
      ['retry', 4294967296],
      ['retry', 9007199254740991],
    ]);
  });

  test('after free it throws', () => {
    const parser = createParser({});
    parser.free();
    parser.free();
    assert.throws(() => parser.feed('x'), /after free\(\)/);
  });

  test('from inside a callback it throws', () => {
    let failure;
    const parser = createParser({
      onEvent() {
        try {
          parser.feed('data: y\n\n');
        } catch (error) {
          failure = error;
        }
      },
    });
    parser.feed('data: x\n\n');
    assert.match(failure.message, /inside a parser callback/);
    parser.free();
  });
});

describe('callbacks', () => {
  test('run in stream order', () => {
    assert.deepEqual(parse(['retry: 1\n: a\nid: 1\ndata: b\n\n: c\n']), [
      ['retry', 1],
      ['comment', ' a'],
      ['event', 'message', 'b', '1'],
      ['comment', ' c'],
    ]);
  });

  test('repeated event types and ids come through unchanged', () => {
    const chunk = 'event: t\nid: 1\ndata: a\n\nevent: t\ndata: b\n\ndata: c\n\nevent: t\ndata: d\n\n';
    const expected = [
      ['event', 't', 'a', '1'],
      ['event', 't', 'b', '1'],
      ['event', 'message', 'c', '1'],
      ['event', 't', 'd', '1'],
    ];
    assert.deepEqual(parse([chunk]), expected);
    assert.deepEqual(parse(chunk.split(/(?<=\n\n)/)), expected);
  });

  test('errors are ParseError values and parsing goes on', () => {
    const errors = [];
    const events = [];
    const parser = createParser({
      maxEventSize: 32,
      onError: (error) => errors.push(error),
      onEvent: (event) => events.push(event.data),
    });
    parser.feed(`data: ${'x'.repeat(100)}\n\ndata: ok\n\n`);
    parser.free();
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof ParseError);
    assert.equal(errors[0].type, 'event-too-large');
    assert.deepEqual(events, ['ok']);
  });

  test('an exception from a callback comes out of feed after the rest of the chunk', () => {
    const seen = [];
    const parser = createParser({
      onEvent(event) {
        seen.push(event.data);
        if (event.data === 'a') throw new Error('boom');
      },
    });
    assert.throws(() => parser.feed('data: a\n\ndata: b\n\n'), /boom/);
    parser.feed('data: c\n\n');
    parser.free();
    assert.deepEqual(seen, ['a', 'b', 'c']);
  });

  for (const method of ['reset', 'end', 'free']) {
    test(`no callback runs after ${method}() inside a callback`, () => {
      const seen = [];
      const parser = createParser({
        onEvent(event) {
          seen.push([event.data, event.lastEventId]);
          if (event.data === 'a') parser[method]();
        },
        onComment: (text) => seen.push(text),
      });
      parser.feed('id: 1\ndata: a\n\nid: 2\ndata: b\n\n: c\nid: 3\n\n');
      assert.deepEqual(seen, [['a', '1']]);
      if (method !== 'free') {
        assert.equal(parser.lastEventId, '1');
        parser.feed('event: t\ndata: d\n\n');
        assert.deepEqual(seen, [['a', '1'], ['d', '1']]);
        parser.free();
      }
    });
  }

  test('a type reported before a reset inside a callback is not assumed afterwards', () => {
    const seen = [];
    const parser = createParser({
      onEvent(event) {
        seen.push(event.type);
        if (seen.length === 1) parser.reset();
      },
    });
    parser.feed('event: a\ndata: 1\n\nevent: b\ndata: 2\n\n');
    parser.feed('event: b\ndata: 3\n\n');
    parser.free();
    assert.deepEqual(seen, ['a', 'b']);
  });
});

describe('a chunk larger than the module input slice', () => {
  test('a callback failure does not drop the rest of the chunk', () => {
    const seen = [];
    const parser = createParser({
      onEvent(event) {
        seen.push(event.data.length > 10 ? `long ${event.data.length}` : event.data);
        if (event.data === 'a') throw new Error('boom');
      },
    });
    const big = 'x'.repeat(70_000);
    assert.throws(() => parser.feed(`data: a\n\ndata: ${big}\n\ndata: b\n\n`), /boom/);
    parser.feed('data: c\n\n');
    parser.free();
    assert.deepEqual(seen, ['a', 'long 70000', 'b', 'c']);
  });
});

describe('lastEventId', () => {
  test('a block without data moves it in stream order, before later callbacks', () => {
    const seen = [];
    const parser = createParser({
      onComment: (text) => seen.push([text, parser.lastEventId]),
      onRetry: (ms) => seen.push([ms, parser.lastEventId]),
    });
    parser.feed(': before\nid: 7\n\n: after\nretry: 5\n\n');
    assert.deepEqual(seen, [[' before', ''], [' after', '7'], [5, '7']]);
    parser.free();
  });

  test('a reset inside a callback keeps an ID committed earlier in the chunk', () => {
    const parser = createParser({ onComment: () => parser.reset() });
    parser.feed('id: 7\n\n:reset\nid: 8\n\n');
    assert.equal(parser.lastEventId, '7');
    const seen = [];
    const next = createParser({ onEvent: (e) => seen.push(e.lastEventId), lastEventId: parser.lastEventId });
    next.feed('data: x\n\n');
    assert.deepEqual(seen, ['7']);
    parser.free();
    next.free();
  });

  test('the seed is carried by events without an id', () => {
    assert.deepEqual(parse(['data: a\n\nid: 2\ndata: b\n\n'], { lastEventId: 'x1' }), [
      ['event', 'message', 'a', 'x1'],
      ['event', 'message', 'b', '2'],
    ]);
  });

  test('id-only blocks move it; end() keeps it and drops an unfinished id', () => {
    const parser = createParser({});
    parser.feed('id: 7\n\n');
    assert.equal(parser.lastEventId, '7');
    parser.feed('id: 8\ndata: x\n');
    parser.end();
    assert.equal(parser.lastEventId, '7');
    parser.feed('id\n\n');
    assert.equal(parser.lastEventId, '');
    parser.free();
  });

  test('a long seed survives intact', () => {
    const seed = 'é'.repeat(70_000);
    assert.deepEqual(parse(['data: a\n\n'], { lastEventId: seed }), [['event', 'message', 'a', seed]]);
  });
});

describe('end and reset', () => {
  test('an unfinished event is discarded and a BOM may come again', () => {
    const { entries, callbacks } = recorder();
    const parser = createParser(callbacks);
    parser.feed('\ufeffdata: a\n\ndata: b');
    parser.end();
    parser.feed('\ufeffdata: c\n\n');
    parser.reset();
    parser.feed(new Uint8Array([0xef, 0xbb]));
    parser.feed(new Uint8Array([0xbf, 0x64, 0x61, 0x74, 0x61, 0x0a, 0x0a]));
    parser.free();
    assert.deepEqual(entries, [
      ['event', 'message', 'a', ''],
      ['event', 'message', 'c', ''],
      ['event', 'message', '', ''],
    ]);
  });
});

describe('many parsers', () => {
  test('an older parser keeps working after others grew the memory', () => {
    const seen = [];
    const old = createParser({ onEvent: (e) => seen.push(e.data), onComment: (c) => seen.push(c) });
    old.feed(':c\n');
    const others = [];
    for (let i = 0; i < 5_000; i++) others.push(createParser({ lastEventId: `id-${i}` }));
    // A first large chunk for another parser, so that the input buffer grows as well.
    others[0].feed(new Uint8Array(200_000).fill(0x78));
    for (const byte of new TextEncoder().encode('data: z\n\n')) old.feed(new Uint8Array([byte]));
    old.feed(new TextEncoder().encode('data: nine\n\n'));
    const seeded = createParser({ lastEventId: 'abc', onEvent: (e) => seen.push(e.lastEventId) });
    seeded.feed('data: q\n\n');
    for (const parser of [old, seeded, ...others]) parser.free();
    assert.deepEqual(seen, ['c', 'z', 'nine', 'abc']);
  });


  test('share one module without mixing their state', () => {
    const logs = [[], [], []];
    const parsers = logs.map((log) => createParser({ onEvent: (e) => log.push(e.data) }));
    const stream = ['data: one\n', '\ndata: t', 'wo\n\n'];
    for (const chunk of stream) for (const parser of parsers) parser.feed(chunk);
    for (const parser of parsers) parser.free();
    for (const log of logs) assert.deepEqual(log, ['one', 'two']);
  });

  test('a callback may feed another parser that grows the memory', () => {
    const inner = [];
    const other = createParser({ onEvent: (e) => inner.push(e.data.length) });
    const outer = [];
    const parser = createParser({
      onEvent(event) {
        outer.push(event.data);
        other.feed(`data: ${'y'.repeat(4_000_000)}\n\n`);
      },
      onComment: (comment) => outer.push(comment),
    });
    // Text of one character, of more, of non-ASCII and of a comment, read after the other
    // parser's feed rewrote the module's outcome.
    parser.feed('data: a\n\ndata: bc\n\n:note\ndata: dé\n\n');
    parser.free();
    other.free();
    assert.deepEqual(outer, ['a', 'bc', 'note', 'dé']);
    assert.deepEqual(inner, [4_000_000, 4_000_000, 4_000_000]);
  });
});
