// EventSource with GET, one test per behaviour of the spec, against real servers on 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EventSource, init } from 'sse-wasm';
import { serve, sleep, streamHead, suiteServer } from './server.js';

before(() => init());

/**
 * Records what an EventSource dispatches, as [kind, ...details], until `stop(log)` says so
 * or `limit` entries arrived; then closes it. Bounded by `timeout` ms.
 */
function observe(source, { types = [], stop = () => false, limit = 50, timeout = 5000 } = {}) {
  const log = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      source.close();
      reject(new Error(`timed out; saw ${JSON.stringify(log)}`));
    }, timeout);
    const note = (entry) => {
      log.push(entry);
      if (stop(log, entry) || log.length >= limit) {
        clearTimeout(timer);
        source.close();
        resolve(log);
      }
    };
    source.onopen = () => note(['open', source.readyState]);
    source.onmessage = (e) => note(['message', e.data, e.lastEventId]);
    source.onerror = (e) => note(['error', source.readyState, e.error?.kind, e.delayMs]);
    for (const type of types) source.addEventListener(type, (e) => note([type, e.data, e.lastEventId]));
  });
}

const firstError = (log, entry) => entry[0] === 'error';

describe('EventSource (GET, as the spec says)', () => {
  const suite = suiteServer();

  const source = (path = '/', init_) => new EventSource(suite.url + path, init_);

  test('opens, then dispatches messages in order with readyState OPEN', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: one\n\ndata: two\n\n');
    };
    const es = source();
    assert.equal(es.readyState, EventSource.CONNECTING);
    const log = await observe(es, { limit: 3 });
    assert.deepEqual(log, [['open', 1], ['message', 'one', ''], ['message', 'two', '']]);
    assert.equal(es.readyState, EventSource.CLOSED);
  });

  test('constants, url and withCredentials', () => {
    suite.handle = (request, response) => response.writeHead(204).end();
    const es = source('/x?y=1', { withCredentials: true });
    es.close();
    assert.deepEqual([EventSource.CONNECTING, EventSource.OPEN, EventSource.CLOSED], [0, 1, 2]);
    assert.deepEqual([es.CONNECTING, es.OPEN, es.CLOSED], [0, 1, 2]);
    assert.equal(es.url, `${suite.url}/x?y=1`);
    assert.equal(es.withCredentials, true);
    const plain = source();
    plain.close();
    assert.equal(plain.withCredentials, false);
  });

  test('named events reach their listeners and not onmessage', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('event: add\ndata: 1\n\nevent: remove\ndata: 2\n\ndata: 3\n\n');
    };
    const log = await observe(source(), { types: ['add', 'remove'], limit: 4 });
    assert.deepEqual(log, [['open', 1], ['add', '1', ''], ['remove', '2', ''], ['message', '3', '']]);
  });

  test('MessageEvent carries data, origin and lastEventId', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('id: 7\ndata: x\n\n');
    };
    const es = source();
    const event = await new Promise((resolve) => {
      es.onmessage = resolve;
    });
    es.close();
    assert.ok(event instanceof MessageEvent);
    assert.equal(event.type, 'message');
    assert.equal(event.data, 'x');
    assert.equal(event.origin, suite.url);
    assert.equal(event.lastEventId, '7');
  });

  test('lastEventId persists across events until an id field changes it', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\nid\ndata: d\n\n');
    };
    const log = await observe(source(), { limit: 5 });
    assert.deepEqual(log.slice(1), [['message', 'a', '1'], ['message', 'b', '1'], ['message', 'c', '2'], ['message', 'd', '']]);
  });

  test('a block with only an id sets the last event ID, which the reconnection sends', async () => {
    suite.handle = (request, response, index) => {
      streamHead(response);
      if (index === 0) response.end('retry: 10\nid: 42\n\n');
      else response.end('data: again\n\n');
    };
    const log = await observe(source(), { stop: (l, entry) => entry[0] === 'message' });
    assert.deepEqual(log.at(-1), ['message', 'again', '42']);
    assert.equal(suite.server.requests.at(-1).headers['last-event-id'], '42');
    assert.equal(suite.server.requests.at(-2).headers['last-event-id'], undefined);
  });

  test('Last-Event-ID is the ID encoded as UTF-8', async () => {
    suite.handle = (request, response, index) => {
      streamHead(response);
      response.end(index === 0 ? 'retry: 1\nid: é😀\ndata: a\n\n' : 'data: b\n\n');
    };
    await observe(source(), { stop: (l, entry) => entry[1] === 'b' });
    const header = suite.sent()[1].headers['last-event-id'];
    assert.equal(Buffer.from(header, 'latin1').toString('utf8'), 'é😀');
  });

  test('a clean end reconnects after the reconnection time set by retry:', async () => {
    suite.handle = (request, response, index) => {
      streamHead(response);
      response.end(index === 0 ? 'retry: 10\nid: a\ndata: 1\n\n' : 'data: 2\n\n');
    };
    const log = await observe(source(), { stop: (l) => l.filter((e) => e[0] === 'message').length === 2 });
    assert.deepEqual(log, [['open', 1], ['message', '1', 'a'], ['error', 0, 'ended', 10], ['open', 1], ['message', '2', 'a']]);
  });

  test('the default reconnection time is 3000 ms', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.end('data: 1\n\n');
    };
    const log = await observe(source(), { stop: firstError });
    assert.deepEqual(log.at(-1), ['error', 0, 'ended', 3000]);
  });

  test('a network error reconnects too', async () => {
    suite.handle = (request, response, index) => {
      streamHead(response);
      if (index === 0) {
        response.write('retry: 10\ndata: 1\n\n');
        setTimeout(() => response.socket.destroy(), 20);
      } else {
        response.end('data: 2\n\n');
      }
    };
    const log = await observe(source(), { stop: (l) => l.filter((e) => e[0] === 'message').length === 2 });
    assert.deepEqual(log, [['open', 1], ['message', '1', ''], ['error', 0, 'network', 10], ['open', 1], ['message', '2', '']]);
  });

  for (const status of [204, 201, 301, 400, 401, 404, 410, 500, 503]) {
    test(`status ${status} fails the connection for good`, async () => {
      suite.handle = (request, response) => {
        // A 301 without Location is not followed: it is a status like any other.
        response.writeHead(status, { 'Content-Type': 'text/event-stream' });
        response.end(status === 204 ? undefined : 'retry: 10\ndata: no\n\n');
      };
      const before_ = suite.server.requests.length;
      const es = source();
      const log = await observe(es, { stop: firstError });
      assert.deepEqual(log, [['error', 2, 'status', undefined]]);
      assert.equal(es.readyState, EventSource.CLOSED);
      await sleep(30);
      assert.equal(suite.server.requests.length - before_, 1, 'no reconnection');
    });
  }

  test('the error carries the status, headers and a preview of a JSON body', async () => {
    suite.handle = (request, response) => {
      response.writeHead(401, 'Unauthorized', { 'Content-Type': 'application/json', 'X-Why': 'token' });
      response.end('{"error":"expired token"}');
    };
    const es = source();
    const event = await new Promise((resolve) => {
      es.onerror = resolve;
    });
    const { error } = event;
    assert.equal(error.name, 'SseError');
    assert.equal(error.kind, 'status');
    assert.equal(error.status, 401);
    assert.equal(error.statusText, 'Unauthorized');
    assert.equal(error.headers.get('x-why'), 'token');
    assert.equal(error.bodyPreview, '{"error":"expired token"}');
    assert.equal(error.retryable, false);
  });

  test('a wrong Content-Type fails the connection', async () => {
    for (const type of ['text/plain', 'application/json', 'text/event-streams']) {
      suite.handle = (request, response) => {
        response.writeHead(200, { 'Content-Type': type });
        response.end('data: no\n\n');
      };
      const log = await observe(source(), { stop: firstError });
      assert.deepEqual(log, [['error', 2, 'content-type', undefined]], type);
    }
  });

  test('a Content-Type with parameters or another case is still an event stream', async () => {
    for (const type of ['text/event-stream; charset=utf-8', 'Text/Event-Stream']) {
      suite.handle = (request, response) => {
        response.writeHead(200, { 'Content-Type': type });
        response.write('data: yes\n\n');
      };
      const log = await observe(source(), { limit: 2 });
      assert.deepEqual(log, [['open', 1], ['message', 'yes', '']], type);
    }
  });

  test('requests ask for an event stream, uncached, with the credentials mode asked for', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: x\n\n');
    };
    const seen = [];
    const spy = (url, init_) => {
      seen.push(init_);
      return fetch(url, { ...init_, cache: undefined });
    };
    await observe(source('/', { fetch: spy }), { limit: 2 });
    await observe(source('/', { fetch: spy, withCredentials: true }), { limit: 2 });
    assert.equal(suite.server.requests.at(-1).headers.accept, 'text/event-stream');
    assert.deepEqual(seen.map((i) => [i.method, i.cache, i.credentials]), [
      ['GET', 'no-store', 'same-origin'],
      ['GET', 'no-store', 'include'],
    ]);
  });

  test('close() inside a listener stops later events of the same chunk, not other listeners', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: 1\n\ndata: 2\n\ndata: 3\n\n');
    };
    const es = source();
    const seen = [];
    es.addEventListener('message', (e) => {
      seen.push(['first', e.data]);
      es.close();
    });
    es.addEventListener('message', (e) => seen.push(['second', e.data]));
    es.onerror = () => seen.push(['error']);
    await new Promise((resolve) => {
      es.onopen = () => setTimeout(resolve, 100);
    });
    assert.deepEqual(seen, [['first', '1'], ['second', '1']]);
    assert.equal(es.readyState, EventSource.CLOSED);
  });

  test('close() aborts the request: the server sees the connection go', async () => {
    let closed;
    const gone = new Promise((resolve) => {
      closed = resolve;
    });
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: x\n\n');
      response.on('close', closed);
    };
    await observe(source(), { limit: 2 });
    await gone;
  });

  test('an aborted signal closes it without an error event; one aborted already sends nothing', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: x\n\n');
    };
    const controller = new AbortController();
    const es = source('/', { signal: controller.signal });
    const seen = [];
    es.onerror = () => seen.push('error');
    await new Promise((resolve) => {
      es.onmessage = resolve;
    });
    controller.abort();
    assert.equal(es.readyState, EventSource.CLOSED);

    const before_ = suite.server.requests.length;
    const early = source('/', { signal: AbortSignal.abort() });
    early.onerror = () => seen.push('error');
    await sleep(50);
    assert.equal(early.readyState, EventSource.CLOSED);
    assert.equal(suite.server.requests.length, before_);
    assert.deepEqual(seen, []);
  });

  test('extensions: a seeded lastEventId is sent at once; headers and body go out as given', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: x\n\n');
    };
    const headers = new Headers({ 'X-Client': 'test' });
    const es = source('/', { method: 'PUT', body: 'payload', headers, lastEventId: 'seed-1' });
    const log = await observe(es, { limit: 2 });
    assert.deepEqual(log[1], ['message', 'x', 'seed-1']);
    const [request] = suite.sent();
    assert.equal(request.method, 'PUT');
    assert.equal(request.body, 'payload');
    assert.equal(request.headers['x-client'], 'test');
    assert.equal(request.headers['last-event-id'], 'seed-1');
  });

  test('an event over maxEventSize is an error event while the stream goes on', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write(`data: ${'x'.repeat(100)}\n\ndata: small\n\n`);
    };
    const es = source('/', { maxEventSize: 64 });
    const log = await observe(es, { limit: 3 });
    assert.deepEqual(log, [['open', 1], ['error', 1, 'event-too-large', undefined], ['message', 'small', '']]);
  });

  test('an invalid URL throws SyntaxError', () => {
    assert.throws(() => new EventSource('http://['), (error) => error instanceof DOMException && error.name === 'SyntaxError');
  });

  test('on* handlers are attributes: replaced in place, removed by null', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: x\n\n');
    };
    const es = source();
    const seen = [];
    es.onmessage = () => seen.push('old');
    es.addEventListener('message', () => seen.push('listener'));
    es.onmessage = () => seen.push('new');
    assert.equal(typeof es.onmessage, 'function');
    await new Promise((resolve) => es.addEventListener('message', resolve));
    es.onmessage = null;
    assert.equal(es.onmessage, null);
    es.close();
    assert.deepEqual(seen, ['new', 'listener']);
  });
});

describe('EventSource redirects', () => {
  let target;
  let origin;
  before(async () => {
    target = await serve((request, response) => {
      streamHead(response);
      response.end('retry: 10\ndata: moved\n\n');
    });
    origin = await serve((request, response) => {
      response.writeHead(307, { Location: `${target.url}/final` });
      response.end();
    });
  });
  after(() => Promise.all([target.close(), origin.close()]));

  test('events carry the origin of the final URL, and reconnections go there', async () => {
    const es = new EventSource(`${origin.url}/start`);
    const origins = [];
    await new Promise((resolve) => {
      es.onmessage = (e) => {
        origins.push(e.origin);
        if (origins.length === 2) resolve();
      };
    });
    es.close();
    assert.deepEqual(origins, [target.url, target.url]);
    assert.equal(es.url, `${origin.url}/start`);
    assert.equal(origin.requests.length, 1);
    assert.deepEqual(target.requests.map((r) => r.url).slice(0, 2), ['/final', '/final']);
  });
});
