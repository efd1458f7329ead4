// Waits longer than a JavaScript timer can hold (2^31 - 1 ms): a server's long `retry:`, a
// retry policy's long backoff or Retry-After, a long idleTimeout. Each lasts what the session
// decided; timers fire at once past the limit, which would turn a wait into a request loop.
// Request counts are taken over real time against a real server; the elapsed waits under
// node:test's mock timers, which fire at once past the limit as the real ones do.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, mock, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { connect, EventSource, init } from 'sse-wasm';
import { loadedCore } from '../../js/wasm.js';
import { serve, streamHead } from './server.js';

// Taken before any test mocks the global timers.
const { setTimeout: realTimeout, clearTimeout: realClear } = globalThis;
const realSleep = (ms) => new Promise((resolve) => realTimeout(resolve, ms));

const LIMIT = 2 ** 31;
const TWENTY_DIGITS = '99999999999999999999';
// The parser saturates a longer value at 2^64 - 1, which is 2^64 as a Number.
const SATURATED = 2 ** 64;

const liveSessions = () => loadedCore().exports.sse_live_handles();

before(() => init());

/** Resolves with the first error event of `source`; rejects after 5 s of real time. */
function firstError(source) {
  return new Promise((resolve, reject) => {
    const timer = realTimeout(() => reject(new Error('no error event')), 5000);
    source.onerror = (event) => {
      realClear(timer);
      resolve(event);
    };
  });
}

/** Resolves when `condition()` holds; rejects after 5 s of real time. */
async function until(condition, what) {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited >= 5000) throw new Error(`timed out waiting for ${what}`);
    await realSleep(5);
  }
}

describe('a long retry: over real time, against a real server', { concurrency: true }, () => {
  for (const [retry, delayMs] of [
    ['2147483648', LIMIT],
    ['9007199254740992', 2 ** 53],
    [TWENTY_DIGITS, SATURATED],
  ]) {
    test(`EventSource GET after retry: ${retry} sends 1 request in 1 s and reports ${delayMs}`, async () => {
      const server = await serve((request, response) => {
        streamHead(response);
        response.end(`retry: ${retry}\nid: 1\ndata: x\n\n`);
      });
      try {
        const source = new EventSource(server.url);
        const error = await firstError(source);
        assert.equal(error.error.kind, 'ended');
        assert.equal(error.delayMs, delayMs);
        assert.equal(source.readyState, EventSource.CONNECTING);
        await realSleep(1000);
        assert.equal(server.requests.length, 1);
        source.close();
      } finally {
        await server.close();
      }
    });

    test(`connect() with resume, cut after retry: ${retry}, sends 1 request in 1 s`, async () => {
      const server = await serve((request, response) => {
        streamHead(response);
        response.write(`retry: ${retry}\nid: 7\ndata: x\n\n`);
        realTimeout(() => response.socket.destroy(), 20);
      });
      try {
        const stream = connect(server.url, { method: 'POST', body: 'q', resume: 'last-event-id' });
        const events = [];
        const reading = (async () => {
          for await (const event of stream) events.push(event.data);
        })();
        await realSleep(1000);
        assert.deepEqual(events, ['x']);
        assert.equal(server.requests.length, 1);
        stream.abort();
        await reading;
        assert.equal((await stream.result).state, 'aborted');
      } finally {
        await server.close();
      }
    });
  }
});

describe('closing during a long wait', () => {
  let server;
  before(async () => {
    server = await serve((request, response) => {
      streamHead(response);
      response.end('retry: 3600000\nid: 1\ndata: x\n\n');
    });
  });
  after(() => server.close());

  test('1,000 EventSources closed during a one-hour wait free their sessions at once', async () => {
    const before_ = liveSessions();
    const sources = Array.from({ length: 1000 }, () => new EventSource(server.url));
    const errors = await Promise.all(sources.map(firstError));
    assert.ok(errors.every((e) => e.delayMs === 3_600_000));
    assert.equal(liveSessions(), before_ + 1000);
    for (const source of sources) source.close();
    await until(() => liveSessions() === before_, 'the sessions to be freed');
    assert.ok(sources.every((s) => s.readyState === EventSource.CLOSED));
  });

  test('signal, abort() and break end a resumable stream waiting to reconnect', async () => {
    const before_ = liveSessions();
    const sent = server.requests.length;
    // The body ends without the terminal marker: a cut, which resume reconnects after.
    const options = { method: 'POST', resume: 'last-event-id', terminal: '[DONE]' };
    const controller = new AbortController();
    const bySignal = connect(server.url, { ...options, signal: controller.signal });
    const byAbort = connect(server.url, options);
    const byBreak = connect(server.url, options);
    await until(() => server.requests.length === sent + 3, 'the requests');
    const breaking = (async () => {
      for await (const event of byBreak) {
        assert.equal(event.data, 'x');
        await realSleep(100); // the body ends meanwhile, and the wait begins
        break;
      }
    })();
    await realSleep(100);
    controller.abort();
    byAbort.abort();
    await breaking;
    for (const stream of [bySignal, byAbort, byBreak]) assert.equal((await stream.result).state, 'aborted');
    await until(() => liveSessions() === before_, 'the sessions to be freed');
  });

  test('a Node process whose EventSource closed 200 ms into a one-hour wait exits within 1 s', async () => {
    const program = `
      import { EventSource } from 'sse-wasm';
      const source = new EventSource(${JSON.stringify(server.url)});
      source.onerror = (event) => {
        setTimeout(() => {
          source.close();
          console.log('closed during', event.delayMs);
        }, 200);
      };`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    try {
      const [line] = await within(10_000, once(child.stdout, 'data'), ['nothing printed']);
      assert.equal(String(line).trim(), 'closed during 3600000');
      assert.deepEqual(await within(1000, exited, 'still running'), [0, null]);
    } finally {
      child.kill();
    }
  });
});

/** What `promise` resolves to, or `late` when it takes longer than `ms` of real time. */
async function within(ms, promise, late) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = realTimeout(resolve, ms, late);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    realClear(timer);
  }
}

// A fetch that answers from memory, so that no socket or timer of the HTTP client runs under
// the mocked clock; `answer(index)` makes the response to each request.
function memoryFetch(answer) {
  const requests = [];
  const fetch = async (url, init) => {
    requests.push(init);
    return answer(requests.length - 1);
  };
  return { requests, fetch };
}

/** A response whose body is `body`, then its end, a cut, or nothing more (`then: 'open'`). */
const eventStream = (body, then = 'end') =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body));
        if (then === 'end') controller.close();
      },
      // Asked for more once the body has been read.
      pull(controller) {
        if (then === 'cut') controller.error(new TypeError('the connection was cut'));
      },
    }),
    { headers: { 'Content-Type': 'text/event-stream' } },
  );

describe('the elapsed wait, under mocked timers', () => {
  before(() => mock.timers.enable({ apis: ['setTimeout', 'Date'] }));
  after(() => mock.timers.reset());

  /** Advances the mocked clock by `ms`, then lets the promises it set off settle. */
  async function elapse(ms) {
    mock.timers.tick(ms);
    await realSleep(20);
  }

  for (const [retry, delayMs] of [
    ['2147483648', LIMIT],
    ['6442450944', 3 * LIMIT],
  ]) {
    test(`EventSource waits exactly ${delayMs} ms after retry: ${retry}`, async () => {
      const { requests, fetch } = memoryFetch(() => eventStream(`retry: ${retry}\nid: 1\ndata: x\n\n`));
      const source = new EventSource('http://127.0.0.1:9/', { fetch });
      try {
        assert.equal((await firstError(source)).delayMs, delayMs);
        await elapse(delayMs - 1);
        assert.equal(requests.length, 1);
        await elapse(1);
        await until(() => requests.length === 2, 'the reconnection');
        assert.equal(requests[1].headers.get('last-event-id'), '1');
      } finally {
        source.close();
      }
    });
  }

  test('connect() with resume waits exactly 2^31 ms after a cut', async () => {
    const { requests, fetch } = memoryFetch((index) =>
      index === 0 ? eventStream('retry: 2147483648\nid: 5\ndata: a\n\n', 'cut') : eventStream('data: b\n\n'),
    );
    const stream = connect('http://127.0.0.1:9/', { method: 'POST', body: 'q', resume: 'last-event-id', fetch });
    const events = [];
    const reading = (async () => {
      for await (const event of stream) events.push(event.data);
    })();
    await until(() => events.length === 1, 'the first event');
    await realSleep(20);
    await elapse(LIMIT - 1);
    assert.equal(requests.length, 1);
    await elapse(1);
    await reading;
    assert.deepEqual(events, ['a', 'b']);
    assert.equal(requests.length, 2);
    assert.equal(requests[1].headers.get('last-event-id'), '5');
    assert.equal((await stream.result).state, 'completed');
  });

  test('a retry policy waits a Retry-After of 30 days, and a backoff past 2^31 ms', async () => {
    const retryAfterMs = 30 * 24 * 3600 * 1000;
    const { requests, fetch } = memoryFetch((index) => {
      if (index === 0) return new Response('busy', { status: 503, headers: { 'Retry-After': String(retryAfterMs / 1000) } });
      if (index === 1) return new Response('busy', { status: 500 });
      return eventStream('data: ok\n\n');
    });
    // The first backoff (1.5e9 ms) is shorter than Retry-After, the second (3e9 ms) is not.
    const retry = { statuses: [500, 503], attempts: 2, initialDelay: 1.5e9, maxDelay: 2 ** 33, jitter: 0 };
    const source = new EventSource('http://127.0.0.1:9/', { method: 'POST', retry, fetch });
    const delays = [];
    const message = new Promise((resolve) => {
      source.onmessage = (event) => resolve(event.data);
    });
    source.onerror = (event) => delays.push(event.delayMs);
    try {
      await until(() => delays.length === 1, 'the first failure');
      assert.deepEqual(delays, [retryAfterMs]);
      await elapse(retryAfterMs - 1);
      assert.equal(requests.length, 1);
      await elapse(1);
      await until(() => delays.length === 2, 'the second failure');
      assert.deepEqual(delays, [retryAfterMs, 3e9]);
      await elapse(3e9 - 1);
      assert.equal(requests.length, 2);
      await elapse(1);
      assert.equal(await message, 'ok');
      assert.equal(requests.length, 3);
    } finally {
      source.close();
    }
  });

  test('idleTimeout: 2 ** 31 cuts after exactly that much silence', async () => {
    const { fetch } = memoryFetch(() => eventStream('data: a\n\n', 'open'));
    const stream = connect('http://127.0.0.1:9/', { idleTimeout: LIMIT, fetch });
    const iterator = stream[Symbol.asyncIterator]();
    let settled;
    stream.result.then((result) => {
      settled = result;
    });
    assert.equal((await iterator.next()).value.data, 'a');
    const rest = iterator.next();
    await realSleep(20);
    await elapse(LIMIT - 1);
    assert.equal(settled, undefined);
    await elapse(1);
    assert.deepEqual(await rest, { done: true, value: undefined });
    assert.equal(settled.state, 'incomplete');
    assert.equal(settled.error.kind, 'idle-timeout');
  });
});
