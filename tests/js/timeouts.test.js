// Waits that end a request: the opt-in responseTimeout (decided by the module's session, ahead
// of idleTimeout until the head), and the limits of Node's own fetch, which ends a request
// after 300 s without a head or a body after 300 s of silence. The tests shorten Node's limits
// through the dispatcher option of fetch, with undici 6, the version Node 20 carries.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { connect, EventSource, init } from 'sse-wasm';
import { StreamableHTTPClientTransport } from 'sse-wasm/mcp';
import { drain, sleep, streamHead, suiteServer } from './server.js';

before(() => init());

const cli = fileURLToPath(new URL('../../js/cli.js', import.meta.url));

/** Node's fetch with its head and body limits shortened to `ms`. */
function fetchWithin(ms) {
  const dispatcher = new Agent({ headersTimeout: ms, bodyTimeout: ms });
  after(() => dispatcher.close());
  return (url, init) => fetch(url, { ...init, dispatcher });
}

describe('responseTimeout', () => {
  const suite = suiteServer();

  test('a server that takes the request and sends no head fails it, once, as response-timeout', async () => {
    suite.handle = () => {};
    const { result, thrown } = await drain(connect(suite.url, { method: 'POST', body: '{}', responseTimeout: 60 }));
    assert.equal(result.state, 'failed');
    assert.equal(result.error.kind, 'response-timeout');
    assert.equal(result.error.message, 'no response arrived within responseTimeout');
    assert.equal(result.error.retryable, true);
    assert.equal(thrown, result.error);
    assert.equal(suite.sent().length, 1);
  });

  test('with retry the request is sent again, as after a network error', async () => {
    suite.handle = (request, response, index) => {
      if (index === 0) return;
      streamHead(response);
      response.end('data: second\n\n');
    };
    const retry = { attempts: 1, initialDelay: 5, jitter: 0 };
    const { events, result } = await drain(connect(suite.url, { method: 'POST', responseTimeout: 60, retry }));
    assert.deepEqual(events.map((e) => e.data), ['second']);
    assert.equal(result.state, 'completed');
    assert.equal(suite.sent().length, 2);
  });

  test('before the head it takes precedence over idleTimeout, which then watches the body', async () => {
    suite.handle = async (request, response) => {
      await sleep(150);
      streamHead(response);
      response.write('data: late head\n\n');
      await sleep(1000);
      response.end('data: never\n\n');
    };
    const { events, result } = await drain(connect(suite.url, { idleTimeout: 60, responseTimeout: 2000 }));
    assert.deepEqual(events.map((e) => e.data), ['late head']);
    assert.equal(result.state, 'incomplete');
    assert.equal(result.error.kind, 'idle-timeout');
  });

  test('a GET EventSource reconnects after it, as the browser does after a network error', async () => {
    suite.handle = (request, response, index) => {
      if (index === 0) return;
      streamHead(response);
      response.end('data: answered\n\n');
    };
    const source = new EventSource(suite.url, { responseTimeout: 60 });
    const log = [];
    await new Promise((resolve) => {
      source.onerror = (e) => log.push(['error', e.error.kind, source.readyState]);
      source.onmessage = (e) => {
        log.push(['message', e.data]);
        resolve();
      };
    });
    source.close();
    assert.deepEqual(log, [['error', 'response-timeout', EventSource.CONNECTING], ['message', 'answered']]);
  });

  test('a bad value is a TypeError at the call', () => {
    assert.throws(() => connect(suite.url, { responseTimeout: -1 }), /responseTimeout must be a number of ms/);
    assert.throws(() => new EventSource(suite.url, { responseTimeout: Infinity }), TypeError);
    assert.throws(() => new StreamableHTTPClientTransport(new URL(suite.url), { responseTimeout: 'soon' }), TypeError);
  });

  test('the MCP transport fails a POST whose head is late with an SseError', async () => {
    suite.handle = () => {};
    const transport = new StreamableHTTPClientTransport(new URL(suite.url), { responseTimeout: 60 });
    const errors = [];
    transport.onerror = (error) => errors.push(error);
    await transport.start();
    const message = { jsonrpc: '2.0', id: 1, method: 'ping' };
    await assert.rejects(transport.send(message), (error) => error.name === 'SseError' && error.kind === 'response-timeout');
    assert.equal(errors.length, 1);
    await transport.close();
  });

  test('the command line takes --response-timeout and exits 1 with the reason', async () => {
    suite.handle = () => {};
    const { code, stderr } = await new Promise((resolve) => {
      execFile(process.execPath, [cli, suite.url, '--response-timeout', '80'], { timeout: 20_000 }, (error, stdout, stderr) =>
        resolve({ code: error?.code ?? 0, stderr }),
      );
    });
    assert.equal(code, 1);
    assert.match(stderr, /failed: no response arrived within responseTimeout/);
  });
});

describe("Node's fetch: its own head and body limits", () => {
  const suite = suiteServer();

  test('a body silent past bodyTimeout is a network cut that names the limit, and resume carries on', async () => {
    suite.handle = async (request, response, index) => {
      streamHead(response);
      response.write(`retry: 5\nid: ${index}\ndata: ${index}\n\n`);
      if (index === 0) return; // silent from here: the client's limit ends it
      response.end('data: [DONE]\n\n');
    };
    const fetch = fetchWithin(150);
    const cut = await drain(connect(suite.url, { method: 'POST', terminal: '[DONE]', fetch }));
    assert.deepEqual(cut.events.map((e) => e.data), ['0']);
    assert.equal(cut.result.state, 'incomplete');
    assert.equal(cut.result.error.kind, 'network');
    assert.match(cut.result.error.message, /terminated: the body was silent for the HTTP client's bodyTimeout \(UND_ERR_BODY_TIMEOUT; Node's fetch allows 300 s/);
    assert.equal(cut.result.error.cause.cause.code, 'UND_ERR_BODY_TIMEOUT');

    suite.first = suite.server.requests.length;
    const options = { method: 'POST', terminal: '[DONE]', fetch, resume: 'last-event-id' };
    const resumed = await drain(connect(suite.url, options));
    assert.deepEqual(resumed.events.map((e) => e.data), ['0', '1']);
    assert.equal(resumed.result.state, 'completed');
    assert.equal(suite.sent()[1].headers['last-event-id'], '0');
  });

  test('a GET EventSource reconnects after the limit, with Last-Event-ID', async () => {
    suite.handle = async (request, response, index) => {
      streamHead(response);
      response.write(`retry: 5\nid: ${index}\ndata: ${index}\n\n`);
      if (index > 0) response.end();
    };
    const source = new EventSource(suite.url, { fetch: fetchWithin(150) });
    const log = [];
    await new Promise((resolve) => {
      source.onerror = (e) => log.push(['error', e.error.kind]);
      source.onmessage = (e) => {
        log.push(['message', e.data]);
        if (e.data === '1') resolve();
      };
    });
    source.close();
    assert.deepEqual(log, [['message', '0'], ['error', 'network'], ['message', '1']]);
    assert.equal(suite.sent()[1].headers['last-event-id'], '0');
  });

  test('a head later than headersTimeout is a network failure that names the limit', async () => {
    suite.handle = () => {};
    const { result } = await drain(connect(suite.url, { fetch: fetchWithin(100) }));
    assert.equal(result.state, 'failed');
    assert.equal(result.error.kind, 'network');
    assert.match(result.error.message, /fetch failed: no response head within the HTTP client's headersTimeout \(UND_ERR_HEADERS_TIMEOUT/);
  });
});
