// The C++ client over fetch() in Node: each scenario runs tests/client/e2e.cpp, built with
// Emscripten (SSE_CLIENT_E2E names the program; ctest sets it), against a server here.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { serve, sleep, streamHead } from '../js/server.js';

const program = process.env.SSE_CLIENT_E2E;
assert.ok(program, 'SSE_CLIENT_E2E must name the e2e program (ctest sets it)');

const fixture = (name) => readFileSync(new URL(`../fixtures/typed/${name}`, import.meta.url));

/** Runs a scenario to its end (10 s at most); resolves with the lines it printed, parsed. */
async function run(scenario, url) {
  const child = spawn(process.execPath, [program, scenario, url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const timer = setTimeout(() => child.kill(), 10_000);
  const [code] = await once(child, 'close');
  clearTimeout(timer);
  assert.equal(code, 0, `the program failed: ${err}`);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

const finishOf = (lines) => {
  const finishes = lines.filter((line) => line.what === 'finish');
  assert.equal(finishes.length, 1, `one finish in ${JSON.stringify(lines)}`);
  return finishes[0];
};

test('a GET stream: headers sent, events in order, completed at the clean end', async () => {
  const server = await serve((request, response) => {
    streamHead(response);
    response.write(': hello\n\nid: 1\ndata: caf');
    response.write('\u00e9\n\nevent: custom\ndata: two\ndata: lines\n\n');
    response.end();
  });
  try {
    const lines = await run('events', server.url);
    assert.equal(server.requests[0].headers['x-test'], 'yes');
    assert.equal(server.requests[0].headers.accept, 'text/event-stream');
    assert.deepEqual(lines.slice(0, 3), [
      { what: 'open', status: 200, url: `${server.url}/events` },
      { what: 'event', type: 'message', data: 'café', id: '1' },
      { what: 'event', type: 'custom', data: 'two\nlines', id: '1' },
    ]);
    const finish = finishOf(lines);
    assert.equal(finish.state, 'completed');
    assert.equal(finish.lastEventId, '1');
    assert.ok(finish.firstByte >= 0 && finish.firstEvent >= finish.firstByte);
  } finally {
    await server.close();
  }
});

test('a typed OpenAI stream over POST: text deltas, tool calls and the message', async () => {
  const body = fixture('openai-chat.sse');
  const server = await serve(async (request, response) => {
    streamHead(response);
    // In small pieces, as a model streams them.
    for (let at = 0; at < body.length; at += 97) {
      response.write(body.subarray(at, at + 97));
      await sleep(1);
    }
    response.end();
  });
  try {
    const lines = await run('chat', server.url);
    const sent = server.requests[0];
    assert.equal(sent.method, 'POST');
    assert.equal(sent.url, '/v1/chat/completions');
    assert.equal(sent.headers.authorization, 'Bearer test-key');
    assert.equal(JSON.parse(sent.body).stream, true);
    const texts = lines.filter((line) => line.what === 'text').map((line) => line.delta);
    assert.deepEqual(texts, ['Hello', ' wörld 😀']);
    const message = lines.find((line) => line.what === 'message');
    assert.equal(message.text, 'Hello wörld 😀');
    assert.deepEqual(
      message.toolCalls.map((call) => [call.name, JSON.parse(call.arguments)]),
      [
        ['get_weather', { location: 'Paris' }],
        ['get_time', { tz: 'CET' }],
      ],
    );
    assert.equal(finishOf(lines).state, 'completed');
    assert.equal(lines.filter((line) => line.what === 'decode-error').length, 0);
  } finally {
    await server.close();
  }
});

test('a cut POST resumes with Last-Event-ID, and the body is sent again with it', async () => {
  const server = await serve(async (request, response, index) => {
    streamHead(response);
    if (index === 0) {
      response.write('retry: 50\nid: 1\ndata: a\n\nid: 2\ndata: b\n\n');
      await sleep(50);
      response.destroy();
    } else {
      response.end(`id: 3\ndata: c after ${request.headers['last-event-id']}\n\ndata: [DONE]\n\n`);
    }
  });
  try {
    const lines = await run('resume', server.url);
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[1].headers['last-event-id'], '2');
    assert.equal(server.requests[1].body, '{"resume":true}');
    assert.deepEqual(
      lines.filter((line) => line.what === 'event').map((line) => line.data),
      ['a', 'b', 'c after 2'],
    );
    assert.ok(lines.some((line) => line.what === 'reconnecting' && line.kind === 'network' && line.delay === 50));
    const finish = finishOf(lines);
    assert.equal(finish.state, 'completed');
    assert.equal(finish.lastEventId, '3');
  } finally {
    await server.close();
  }
});

// A server that writes an event every 20 ms until its client goes; it says when that happens.
async function endless() {
  let gone;
  const closed = new Promise((resolve) => (gone = resolve));
  const server = await serve(async (request, response) => {
    streamHead(response);
    response.on('close', gone);
    for (let i = 0; i < 500 && !response.destroyed; i++) {
      response.write(`data: ${i}\n\n`);
      await sleep(20);
    }
    response.end();
  });
  return { server, closed };
}

test('abort from a callback: finished as aborted, the request stopped, nothing after', async () => {
  const { server, closed } = await endless();
  try {
    const lines = await run('abort', server.url);
    await closed;
    assert.deepEqual(
      lines.map((line) => line.what),
      ['open', 'event', 'finish', 'later'],
    );
    assert.equal(finishOf(lines).state, 'aborted');
    assert.equal(finishOf(lines).kind, 'aborted');
  } finally {
    await server.close();
  }
});

// The stream is freed once the callback returns, and its request ends.
test('a callback that destroys its own stream: nothing more is called, and the request ends', async () => {
  const { server, closed } = await endless();
  try {
    const lines = await run('destroy', server.url);
    await closed;
    assert.deepEqual(lines, [
      { what: 'open', status: 200, url: `${server.url}/destroy` },
      { what: 'event', data: '0' },
      { what: 'destroyed', live: 1 },
      { what: 'after', live: 0 },
    ]);
  } finally {
    await server.close();
  }
});

test('after the runtime exited, the answer to a request in flight calls nothing', async () => {
  let answered;
  const done = new Promise((resolve) => (answered = resolve));
  const server = await serve(async (request, response) => {
    await sleep(100);
    streamHead(response);
    response.end('data: too late\n\n', answered);
  });
  try {
    const lines = await run('exit', server.url);
    await done;
    assert.equal(server.requests.length, 1);
    assert.deepEqual(lines, [{ what: 'exiting' }]);
  } finally {
    await server.close();
  }
});

test('the idle timeout cuts a silent body', async () => {
  const server = await serve((request, response) => {
    streamHead(response);
    response.write('data: one\n\n');
    // Silent from here on; the client's 300 ms watchdog ends it.
  });
  try {
    const lines = await run('idle', server.url);
    const finish = finishOf(lines);
    assert.equal(finish.state, 'incomplete');
    assert.equal(finish.kind, 'idle-timeout');
    assert.equal(finish.message, 'no data arrived within idleTimeout');
  } finally {
    await server.close();
  }
});

test('an event past maxEventSize is dropped with its error, and the stream goes on', async () => {
  const server = await serve((request, response) => {
    streamHead(response);
    response.end(`data: ${'x'.repeat(5000)}\n\ndata: small\n\n`);
  });
  try {
    const lines = await run('huge', server.url);
    assert.deepEqual(
      lines.filter((line) => line.what !== 'open' && line.what !== 'finish').map((line) => line.data ?? line.what),
      ['too-large', 'small'],
    );
    assert.equal(finishOf(lines).state, 'completed');
  } finally {
    await server.close();
  }
});

test('a retry past 2^31 ms waits as asked instead of reconnecting at once', async () => {
  const server = await serve((request, response) => {
    streamHead(response);
    response.end('retry: 2147483648\nid: 1\ndata: a\n\n');
  });
  try {
    const lines = await run('long-retry', server.url);
    assert.ok(lines.some((line) => line.what === 'reconnecting' && line.delay === 2147483648));
    assert.equal(finishOf(lines).state, 'aborted');
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});

test('a refused status is retried by the policy, then fails with its status', async () => {
  const server = await serve((request, response) => {
    response.writeHead(503, { 'Content-Type': 'text/plain' }).end('busy');
  });
  try {
    const lines = await run('refused', server.url);
    assert.equal(server.requests.length, 4);
    assert.equal(lines.filter((line) => line.what === 'reconnecting').length, 3);
    const finish = finishOf(lines);
    assert.equal(finish.state, 'failed');
    assert.equal(finish.kind, 'status');
    assert.equal(finish.status, 503);
    assert.equal(finish.message, 'the server answered with an error status (503 Service Unavailable)');
    assert.equal(finish.bodyPreview, 'busy');
  } finally {
    await server.close();
  }
});

test('an unreachable server fails the stream as a network error', async () => {
  const lines = await run('unreachable', 'http://127.0.0.1:9');
  const finish = finishOf(lines);
  assert.equal(finish.state, 'failed');
  assert.equal(finish.kind, 'network');
  assert.match(finish.message, /^the connection failed: /);
});

test('a header fetch() refuses fails the stream as a network error, and nothing is sent', async () => {
  const server = await serve((request, response) => response.writeHead(500).end());
  try {
    const lines = await run('bad-header', server.url);
    const finish = finishOf(lines);
    assert.equal(finish.state, 'failed');
    assert.equal(finish.kind, 'network');
    assert.match(finish.message, /^the connection failed: .*header/i);
    assert.equal(server.requests.length, 0);
  } finally {
    await server.close();
  }
});

test('a refused JSON body is kept in the error, cut at 4 KiB', async () => {
  const error = JSON.stringify({ error: { message: 'Incorrect API key', pad: 'x'.repeat(5000) } });
  const server = await serve((request, response) => {
    response.writeHead(401, { 'Content-Type': 'application/json' }).end(error);
  });
  try {
    const finish = finishOf(await run('events', server.url));
    assert.equal(finish.status, 401);
    assert.equal(finish.bodyPreview, error.slice(0, 4096));
  } finally {
    await server.close();
  }
});
