// The retry policy (failures before the first event) and the request extensions that are
// redone on every attempt. Delays are checked as the session decided them, never by a clock.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { connect, EventSource, init } from 'sse-wasm';
import { drain, streamHead, suiteServer } from './server.js';

before(() => init());

/** Runs an EventSource until it closes; returns its error events as [kind, status, delayMs]. */
function errorsUntilClosed(source) {
  const errors = [];
  const messages = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      source.close();
      reject(new Error(`timed out: ${JSON.stringify(errors)}`));
    }, 5000);
    source.onmessage = (e) => messages.push(e.data);
    source.onerror = (e) => {
      errors.push([e.error.kind, e.error.status, e.delayMs]);
      if (source.readyState === EventSource.CLOSED) {
        clearTimeout(timer);
        resolve({ errors, messages });
      }
    };
  });
}

describe('retry policy', () => {
  const suite = suiteServer();

  const fast = { attempts: 3, initialDelay: 1, maxDelay: 8, jitter: 0 };

  test('503 with Retry-After, then success: the listed status is retried after Retry-After', async () => {
    suite.handle = (request, response, index) => {
      if (index === 0) {
        response.writeHead(503, { 'Retry-After': '0', 'Content-Type': 'text/plain' });
        response.end('busy');
        return;
      }
      streamHead(response);
      response.end('data: ok\n\n');
    };
    const { events, result } = await drain(
      connect(suite.url, { method: 'POST', body: 'q', retry: { ...fast, statuses: [503] } }),
    );
    assert.deepEqual(events.map((e) => e.data), ['ok']);
    assert.equal(result.state, 'completed');
    assert.equal(suite.sent().length, 2);
    assert.ok(suite.sent().every((r) => r.method === 'POST' && r.body === 'q'));
  });

  test('Retry-After longer than the policy delay is what the session waits', async () => {
    suite.handle = (request, response, index) => {
      response.writeHead(index === 0 ? 503 : 204, { 'Retry-After': '1' });
      response.end();
    };
    const source = new EventSource(suite.url, { retry: { ...fast, statuses: [503], maxDelay: 2000 } });
    const { errors } = await errorsUntilClosed(source);
    assert.deepEqual(errors, [['status', 503, 1000], ['status', 204, undefined]]);
  });

  test('500s until the attempt cap: delays double from initialDelay, then the stream fails', async () => {
    suite.handle = (request, response) => {
      response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end('{"error":"boom"}');
    };
    const source = new EventSource(suite.url, { method: 'POST', retry: { ...fast, statuses: [500] } });
    const { errors } = await errorsUntilClosed(source);
    assert.deepEqual(errors, [['status', 500, 1], ['status', 500, 2], ['status', 500, 4], ['status', 500, undefined]]);
    assert.equal(suite.sent().length, 4);
  });

  test('the maximum delay caps the backoff', async () => {
    suite.handle = (request, response) => response.writeHead(502).end();
    const source = new EventSource(suite.url, { retry: { ...fast, attempts: 5, statuses: [502], initialDelay: 3 } });
    const { errors } = await errorsUntilClosed(source);
    assert.deepEqual(errors.map((e) => e[2]), [3, 6, 8, 8, 8, undefined]);
  });

  test('an unlisted status fails at once', async () => {
    suite.handle = (request, response) => response.writeHead(500).end();
    const { result } = await drain(connect(suite.url, { retry: { ...fast, statuses: [503] } }));
    assert.equal(result.state, 'failed');
    assert.equal(result.error.status, 500);
    assert.equal(suite.sent().length, 1);
  });

  test('no retry once an event was delivered', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.write('data: partial\n\n', () => response.socket.destroy());
    };
    const { result } = await drain(connect(suite.url, { method: 'POST', retry: { ...fast, statuses: [503] } }));
    assert.equal(result.state, 'incomplete');
    assert.equal(suite.sent().length, 1);
  });

  test('network errors before the first event are retried with the policy', async () => {
    suite.handle = (request, response, index) => {
      if (index < 2) {
        response.socket.destroy();
        return;
      }
      streamHead(response);
      response.end('data: third time\n\n');
    };
    const { events, result } = await drain(connect(suite.url, { method: 'POST', retry: fast }));
    assert.deepEqual(events.map((e) => e.data), ['third time']);
    assert.equal(result.state, 'completed');
    assert.equal(suite.sent().length, 3);
  });

  test('headers given as a function are asked for before every request', async () => {
    suite.handle = (request, response, index) => {
      if (index === 0) {
        response.writeHead(401).end();
        return;
      }
      streamHead(response);
      response.end('data: in\n\n');
    };
    let calls = 0;
    const headers = async () => ({ Authorization: `Bearer token-${++calls}` });
    const { result } = await drain(connect(suite.url, { headers, retry: { ...fast, statuses: [401] } }));
    assert.equal(result.state, 'completed');
    assert.deepEqual(suite.sent().map((r) => r.headers.authorization), ['Bearer token-1', 'Bearer token-2']);
  });

  test('retry: true uses the default policy, whose first delay is a second give or take jitter', async () => {
    suite.handle = (request, response, index) => {
      response.writeHead(index === 0 ? 503 : 204).end();
    };
    const source = new EventSource(suite.url, { retry: true });
    const { errors } = await errorsUntilClosed(source);
    assert.equal(errors.length, 2);
    assert.ok(errors[0][2] >= 800 && errors[0][2] <= 1200, String(errors[0][2]));
  });
});
