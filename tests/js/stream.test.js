// sse-wasm/stream against eventsource-parser/stream, its model: the same output, callbacks
// and errors on random streams, the same result from a pipeline written for it with only the
// import swapped, and each option as eventsource-parser's source defines it. No test here
// calls init(): the stream loads the module itself.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EventSourceParserStream as ReferenceStream } from 'eventsource-parser/stream';
import { EventSourceParserStream, ParseError } from 'sse-wasm/stream';
import { random } from '../../bench/workloads.js';
import { chunksOf, streamFrom } from './random-streams.js';
import { serve, streamHead } from './server.js';
import { loadFixtures } from './support.js';

const encoder = new TextEncoder();

/**
 * Everything a stream gives for `chunks`: its callbacks in order, its events in order, and
 * how it ended. The callbacks run as a chunk is parsed and the events are read later, so the
 * two are kept apart; their order between each other depends on the chunking.
 */
async function run(Stream, chunks, options = {}) {
  const calls = [];
  const events = [];
  const stream = new Stream({
    onId: (id) => calls.push(['id', id]),
    onRetry: (ms) => calls.push(['retry', ms]),
    onComment: (text) => calls.push(['comment', text]),
    ...options,
    // `onError: 'log'` records each error among the calls.
    onError: options.onError === 'log' ? (e) => calls.push(['error', e.type, e.field, e.value, e.line]) : options.onError,
  });
  const source = new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  let end = 'end';
  try {
    for await (const event of source.pipeThrough(stream)) events.push(event);
  } catch (error) {
    end = error.type ?? error.message;
  }
  return { calls, events, end };
}

const message = (data, id, event) => ({ id, event, data });

test('the stream loads the module itself: no init() before the first event', async () => {
  const result = await run(EventSourceParserStream, [encoder.encode('data: first\n\n')]);
  assert.deepEqual(result, { calls: [], events: [message('first')], end: 'end' });
});

test('2,000 random streams, as bytes and as text: what eventsource-parser gives, errors included', async () => {
  const mismatches = [];
  for (let seed = 1; seed <= 2000; seed++) {
    const next = random(seed);
    const bytes = streamFrom(next);
    // eventsource-parser skips the rest of a line that cannot be a field when a chunk ends
    // inside it, unreported; ours reports every ignored line. Errors are compared on whole
    // streams, where no line is cut.
    const whole = next() < 0.5;
    const chunks = whole ? [bytes] : chunksOf(bytes, next);
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const text = chunks.map((chunk) => decoder.decode(chunk, { stream: true }));
    const options = whole ? { onError: 'log' } : {};
    const reference = await run(ReferenceStream, text, options);
    for (const [form, input] of [['bytes', chunks], ['text', text]]) {
      const ours = await run(EventSourceParserStream, input, options);
      if (JSON.stringify(ours) !== JSON.stringify(reference)) {
        mismatches.push({ seed, form, stream: new TextDecoder().decode(bytes), ours, reference });
      }
    }
  }
  assert.deepEqual(mismatches.slice(0, 2), []);
});

describe('the shared fixtures, as bytes and as text split at every point', () => {
  for (const fixture of loadFixtures()) {
    test(fixture.name, async () => {
      const options = { maxEventSize: fixture.maxEventSize, onError: 'log' };
      const expected = await run(EventSourceParserStream, [fixture.bytes], options);
      // The events are the spec's: each fixture's expected events, type and data alike.
      const events = expected.events.map((e) => [e.event ?? 'message', e.data]);
      const want = fixture.expect.filter(([what]) => what === 'event').map(([, type, data]) => [type, data]);
      assert.deepEqual(events, want);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(fixture.bytes);
      // Every point of the small fixtures; some 500 of the two large ones, whose every point
      // the parser's own tests take.
      const step = Math.ceil(fixture.bytes.length / 512);
      for (let at = 0; at <= fixture.bytes.length; at += step) {
        const bytes = [fixture.bytes.subarray(0, at), fixture.bytes.subarray(at)];
        assert.deepEqual(await run(EventSourceParserStream, bytes, options), expected, `bytes split at ${at}`);
      }
      for (let at = 0; at <= text.length; at += step) {
        const pieces = [text.slice(0, at), text.slice(at)];
        assert.deepEqual(await run(EventSourceParserStream, pieces, options), expected, `text split at ${at}`);
      }
    });
  }
});

describe('a pipeline written for eventsource-parser, with only the import swapped', () => {
  // As the MCP SDK and others read a response.
  async function readAll(url, Stream) {
    const response = await fetch(url);
    const events = [];
    const stream = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new Stream({ onError: 'terminate' }));
    for await (const event of stream) events.push(event);
    return events;
  }

  test('gives the same events from a real server, and ours also reads the bytes directly', async () => {
    const body = '\ufeffretry: 10\r\nid: 1\r\nevent: tick\r\ndata: é\r\n\r\n: ping\n\ndata: a\ndata: 😀\n\nid: 2\n\ndata: end\r\r';
    const server = await serve(async (request, response) => {
      streamHead(response);
      for (const piece of body.match(/[\s\S]{1,5}/gu)) {
        response.write(piece);
        await new Promise((resolve) => setImmediate(resolve));
      }
      response.end();
    });
    try {
      const theirs = await readAll(server.url, ReferenceStream);
      assert.deepEqual(theirs, [message('é', '1', 'tick'), message('a\n😀'), message('end')]);
      assert.deepEqual(await readAll(server.url, EventSourceParserStream), theirs);
      const direct = [];
      for await (const event of (await fetch(server.url)).body.pipeThrough(new EventSourceParserStream())) direct.push(event);
      assert.deepEqual(direct, theirs);
    } finally {
      await server.close();
    }
  });
});

describe('options, as eventsource-parser defines them', () => {
  const bytes = (text) => [encoder.encode(text)];

  test('onId: each block with an id field; id and event only from the own block', async () => {
    const result = await run(EventSourceParserStream, bytes('id: 1\n\nid: 1\nevent: x\ndata: a\n\ndata: b\n\nid:\ndata: c\n\n'));
    assert.deepEqual(result, {
      calls: [['id', '1'], ['id', '1'], ['id', '']],
      events: [message('a', '1', 'x'), message('b'), message('c', '')],
      end: 'end',
    });
  });

  test('onComment: without the colon and one space', async () => {
    const result = await run(EventSourceParserStream, bytes(': ping\n:  two\n:x\n'));
    assert.deepEqual(result.calls, [['comment', 'ping'], ['comment', ' two'], ['comment', 'x']]);
  });

  test('onError as a function: invalid retries and unknown fields, with field, value and line', async () => {
    const result = await run(EventSourceParserStream, bytes('retry: 1.5\nfoo: bar\nretry: 5\ndata: ok\n\n'), { onError: 'log' });
    assert.deepEqual(result, {
      calls: [
        ['error', 'invalid-retry', undefined, '1.5', 'retry: 1.5'],
        ['error', 'unknown-field', 'foo', 'bar', 'foo: bar'],
        ['retry', 5],
      ],
      events: [message('ok')],
      end: 'end',
    });
  });

  test("onError 'terminate' errors the stream with the ParseError; without onError nothing is reported", async () => {
    const stream = new EventSourceParserStream({ onError: 'terminate' });
    const writer = stream.writable.getWriter();
    writer.write(encoder.encode('data: a\n\nbogus: 1\ndata: b\n\n')).catch(() => {});
    const reader = stream.readable.getReader();
    assert.deepEqual(await reader.read(), { done: false, value: message('a') });
    await assert.rejects(reader.read(), (error) => {
      assert.ok(error instanceof ParseError);
      assert.deepEqual([error.type, error.field, error.message], ['unknown-field', 'bogus', 'Unknown field "bogus"']);
      return true;
    });
    const quiet = await run(EventSourceParserStream, bytes('bogus: 1\ndata: b\n\n'));
    assert.deepEqual(quiet, { calls: [], events: [message('b')], end: 'end' });
  });

  test('past maxBufferSize the stream always ends with max-buffer-size-exceeded, after onError', async () => {
    const input = bytes(`data: a\n\ndata: ${'x'.repeat(100)}\n\ndata: c\n\n`);
    assert.deepEqual(await run(EventSourceParserStream, input, { maxBufferSize: 64, onError: 'log' }), {
      calls: [['error', 'max-buffer-size-exceeded', undefined, undefined, undefined]],
      events: [message('a')],
      end: 'max-buffer-size-exceeded',
    });
    assert.deepEqual(await run(EventSourceParserStream, input, { maxBufferSize: 64 }), {
      calls: [],
      events: [message('a')],
      end: 'max-buffer-size-exceeded',
    });
  });

  test('past maxEventSize the event is dropped with event-too-large, and the stream goes on', async () => {
    const input = bytes(`data: ${'x'.repeat(100)}\n\ndata: c\n\n`);
    assert.deepEqual(await run(EventSourceParserStream, input, { maxEventSize: 64, onError: 'log' }), {
      calls: [['error', 'event-too-large', undefined, undefined, undefined]],
      events: [message('c')],
      end: 'end',
    });
  });

  test('a character split between two string chunks is joined', async () => {
    const result = await run(EventSourceParserStream, ['data: \ud83d', '\ude00\n\n']);
    assert.deepEqual(result.events, [message('😀')]);
  });

  test('departure: text that is a BOM read as Latin-1 is no BOM, as the spec decodes UTF-8', async () => {
    const text = ['\u00ef\u00bb\u00bfdata: x\n\ndata: y\n\n'];
    assert.deepEqual((await run(ReferenceStream, text)).events, [message('x'), message('y')]);
    assert.deepEqual(await run(EventSourceParserStream, text, { onError: 'log' }), {
      calls: [['error', 'unknown-field', '\u00ef\u00bb\u00bfdata', 'x', '\u00ef\u00bb\u00bfdata: x']],
      events: [message('y')],
      end: 'end',
    });
  });

  test('differences the spec leaves open: retry past 2^53, lone surrogates, maxBufferSize', async () => {
    const text = ['retry: 99999999999999999999\ndata: a\udc00b\n\n'];
    assert.deepEqual(await run(ReferenceStream, text), { calls: [['retry', 1e20]], events: [message('a\udc00b')], end: 'end' });
    assert.deepEqual(await run(EventSourceParserStream, text), {
      calls: [['retry', 2 ** 64]],
      events: [message('a\ufffdb')],
      end: 'end',
    });
    // One event of 100 characters, whole and in pieces, against a maxBufferSize of 64.
    const event = `data: ${'x'.repeat(100)}\n\n`;
    const pieces = event.match(/[\s\S]{1,10}/g);
    const options = { maxBufferSize: 64 };
    assert.equal((await run(ReferenceStream, [event], options)).end, 'end');
    assert.equal((await run(ReferenceStream, pieces, options)).end, 'max-buffer-size-exceeded');
    assert.equal((await run(EventSourceParserStream, [event], options)).end, 'max-buffer-size-exceeded');
    assert.equal((await run(EventSourceParserStream, pieces, options)).end, 'max-buffer-size-exceeded');
  });

  test('bad sizes are refused when the stream is made', () => {
    assert.throws(() => new EventSourceParserStream({ maxBufferSize: 0 }), RangeError);
    assert.throws(() => new EventSourceParserStream({ maxEventSize: 'big' }), RangeError);
  });
});

test('a slow reader holds the source back: the readable side governs what is buffered', async () => {
  let pulled = 0;
  const source = new ReadableStream(
    {
      pull(controller) {
        pulled++;
        controller.enqueue(encoder.encode('data: x\n\n'.repeat(100)));
        if (pulled === 50) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const reader = source.pipeThrough(new EventSourceParserStream()).getReader();
  assert.equal((await reader.read()).value.data, 'x');
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  // One chunk's events wait in the readable side; the pipe holds at most one chunk more.
  assert.ok(pulled <= 3, `${pulled} chunks pulled while one event was read`);
  let events = 1;
  while (!(await reader.read()).done) events++;
  assert.deepEqual([pulled, events], [50, 5000]);
});
