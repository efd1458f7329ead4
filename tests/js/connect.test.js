// connect(): one logical stream, its outcome, terminal markers, abort and the queue.
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { before, describe, test } from 'node:test';
import { connect, init, SseError } from 'sse-wasm';
import { drain, serve, sleep, streamHead, suiteServer } from './server.js';

before(() => init());

describe('connect()', () => {
  const suite = suiteServer();

  const events = (list) => list.map((e) => [e.type, e.data, e.lastEventId]);

  test('POSTs the body with the caller headers over Accept, and completes on a clean end', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.end('id: 1\ndata: a\n\nevent: b\ndata: 2\n\n');
    };
    const stream = connect(suite.url, {
      method: 'POST',
      body: JSON.stringify({ message: 'hi' }),
      headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
    });
    const { events: got, result } = await drain(stream);
    assert.deepEqual(events(got), [['message', 'a', '1'], ['b', '2', '1']]);
    assert.equal(result.state, 'completed');
    assert.equal(result.error, undefined);
    assert.equal(result.lastEventId, '1');
    const [request] = suite.sent();
    assert.equal(request.method, 'POST');
    assert.equal(request.body, '{"message":"hi"}');
    assert.equal(request.headers.authorization, 'Bearer t');
    assert.equal(request.headers.accept, 'text/event-stream');
  });

  test('streams that finished leave no listener on the caller\'s long-lived signal', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.end('data: a\n\n');
    };
    const page = new AbortController();
    for (let i = 0; i < 20; i++) await drain(connect(suite.url, { signal: page.signal }));
    assert.equal(getEventListeners(page.signal, 'abort').length, 0);
  });

  test('a data terminal is consumed and completes the stream; later events are not read', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: a\n\ndata: [DONE]\n\ndata: after\n\n');
    };
    const { events: got, result } = await drain(connect(suite.url, { terminal: '[DONE]' }));
    assert.deepEqual(events(got), [['message', 'a', '']]);
    assert.equal(result.state, 'completed');
  });

  test('a named terminal event is yielded and completes the stream', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('event: delta\ndata: 1\n\nevent: message_stop\ndata: {}\n\n');
    };
    const { events: got, result } = await drain(connect(suite.url, { terminal: { event: 'message_stop' } }));
    assert.deepEqual(events(got), [['delta', '1', ''], ['message_stop', '{}', '']]);
    assert.equal(result.state, 'completed');
  });

  test('a terminal function is asked about every event', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: 1\n\ndata: stop\n\ndata: 3\n\n');
    };
    const seen = [];
    const terminal = (e) => {
      seen.push(e.data);
      return e.data === 'stop';
    };
    const { events: got, result } = await drain(connect(suite.url, { terminal }));
    assert.deepEqual(events(got), [['message', '1', ''], ['message', 'stop', '']]);
    assert.deepEqual(seen, ['1', 'stop']);
    assert.equal(result.state, 'completed');
  });

  test('a terminal function that throws ends the stream as aborted, with the exception as cause', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: 1\n\ndata: 2\n\n');
    };
    const oops = new Error('matcher bug');
    const terminal = () => {
      throw oops;
    };
    const { events: got, result } = await drain(connect(suite.url, { terminal }));
    assert.deepEqual(events(got), [['message', '1', '']]);
    assert.equal(result.state, 'aborted');
    assert.equal(result.error.cause, oops);
  });

  test('an end without the terminal marker is incomplete, and iteration does not throw', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.end('data: partial\n\n');
    };
    for (const terminal of ['[DONE]', { event: 'end' }, (event) => event.data === '[DONE]']) {
      const { events: got, thrown, result } = await drain(connect(suite.url, { terminal }));
      assert.equal(got.length, 1);
      assert.equal(thrown, undefined);
      assert.equal(result.state, 'incomplete', `terminal ${terminal}`);
      assert.equal(result.error.kind, 'ended');
    }
  });

  test('a refused response fails: the iterator throws result.error, which says why', async () => {
    suite.handle = (request, response) => {
      response.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
      response.end('{"error":{"type":"rate_limit"}}');
    };
    const { thrown, result } = await drain(connect(suite.url, { method: 'POST', body: '{}' }));
    assert.equal(result.state, 'failed');
    assert.equal(thrown, result.error);
    assert.ok(result.error instanceof SseError);
    assert.equal(result.error.status, 429);
    assert.equal(result.error.retryable, true);
    assert.equal(result.error.headers.get('retry-after'), '7');
    assert.deepEqual(JSON.parse(result.error.bodyPreview), { error: { type: 'rate_limit' } });
    assert.equal(suite.sent().length, 1);
  });

  test('the body preview is bounded', async () => {
    suite.handle = (request, response) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end('x'.repeat(100_000));
    };
    const { result } = await drain(connect(suite.url));
    assert.equal(result.error.bodyPreview.length, 4096);
  });

  test('a request that cannot connect fails with the network cause', async () => {
    const closed = await serve(() => {});
    const url = closed.url;
    await closed.close();
    const { result } = await drain(connect(url));
    assert.equal(result.state, 'failed');
    assert.equal(result.error.kind, 'network');
    assert.ok(result.error.cause instanceof Error);
  });

  test('break aborts the request; the server sees it go', async () => {
    let gone;
    const closed = new Promise((resolve) => {
      gone = resolve;
    });
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: 1\n\ndata: 2\n\n');
      response.on('close', gone);
    };
    const stream = connect(suite.url);
    for await (const event of stream) {
      assert.equal(event.data, '1');
      break;
    }
    await closed;
    const result = await stream.result;
    assert.equal(result.state, 'aborted');
    assert.equal(result.error.kind, 'aborted');
  });

  test('a signal aborts; one aborted already sends nothing', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: 1\n\n');
    };
    const controller = new AbortController();
    const stream = connect(suite.url, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    assert.equal((await iterator.next()).value.data, '1');
    controller.abort(new Error('user left'));
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
    const result = await stream.result;
    assert.equal(result.state, 'aborted');
    assert.equal(result.error.cause.message, 'user left');

    const early = await drain(connect(suite.url, { signal: AbortSignal.abort() }));
    assert.equal(early.result.state, 'aborted');
    assert.equal(suite.sent().length, 1);
  });

  test('a stream has one consumer', () => {
    suite.handle = (request, response) => response.writeHead(204).end();
    const stream = connect(suite.url);
    stream[Symbol.asyncIterator]();
    assert.throws(() => stream[Symbol.asyncIterator](), TypeError);
    stream.abort();
  });

  test('awaiting result alone drains the stream past the queue', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      for (let i = 0; i < 50; i++) response.write(`id: ${i}\ndata: ${i}\n\n`);
      response.end();
    };
    const result = await connect(suite.url, { queueSize: 4 }).result;
    assert.equal(result.state, 'completed');
    assert.equal(result.lastEventId, '49');
  });

  test('a small queue loses nothing for a slow consumer', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      for (let i = 0; i < 40; i++) response.write(`data: ${i}\n\n`);
      response.end();
    };
    const stream = connect(suite.url, { queueSize: 2 });
    const { result } = stream;
    const seen = [];
    for await (const event of stream) {
      seen.push(Number(event.data));
      if (seen.length % 10 === 0) await sleep(5);
    }
    assert.deepEqual(seen, [...Array(40).keys()]);
    assert.equal((await result).state, 'completed');
  });

  test('a full queue stops the reading until the consumer pulls', async () => {
    let pulls = 0;
    const body = new ReadableStream(
      {
        pull(controller) {
          if (pulls === 40) controller.close();
          else controller.enqueue(new TextEncoder().encode(`data: ${pulls++}\n\n`));
        },
      },
      { highWaterMark: 0 },
    );
    const fetchBody = async () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    const stream = connect('http://127.0.0.1:9/never-fetched', { queueSize: 3, fetch: fetchBody });
    await sleep(50);
    assert.ok(pulls <= 4, `read ${pulls} chunks ahead of a consumer that pulled none`);
    const seen = [];
    for await (const event of stream) seen.push(Number(event.data));
    assert.deepEqual(seen, [...Array(40).keys()]);
  });

  test('connect(response) reads a Response the caller already has', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.end('data: given\n\n');
    };
    const response = await fetch(suite.url);
    const { events: got, result } = await drain(connect(response));
    assert.deepEqual(events(got), [['message', 'given', '']]);
    assert.equal(result.state, 'completed');
  });

  test('timing: first byte, first event and the largest gap', async () => {
    suite.handle = async (request, response) => {
      streamHead(response);
      response.write(': hello\n\n');
      await sleep(30);
      response.end('data: x\n\n');
    };
    const { result } = await drain(connect(suite.url));
    const { firstByte, firstEvent, largestGap } = result.timing;
    assert.ok(firstByte >= 0 && firstEvent >= firstByte, JSON.stringify(result.timing));
    assert.ok(largestGap > 0 && largestGap <= firstEvent, JSON.stringify(result.timing));
  });

  test('options are checked at the call', () => {
    assert.throws(() => connect(suite.url, { terminal: 5 }), TypeError);
    assert.throws(() => connect(suite.url, { retry: { attempts: -1 } }), TypeError);
    assert.throws(() => connect(suite.url, { resume: true }), TypeError);
    assert.throws(() => connect(suite.url, { idleTimeout: -5 }), TypeError);
    assert.throws(() => connect(suite.url, { signal: {} }), TypeError);
    assert.throws(() => connect('http://['), TypeError);
  });
});
