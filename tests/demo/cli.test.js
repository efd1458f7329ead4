// The sse-wasm command against the demo server, and the server's own promise: every streaming
// endpoint answers text/event-stream, uncached.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { root, startDemo } from './demo.js';

let demo;

before(async () => {
  demo = await startDemo();
});

after(() => demo?.stop());

function cli(...args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [`${root}/js/cli.js`, ...args], { timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
  });
}

const chat = JSON.stringify({ stream: true, messages: [{ role: 'user', content: 'weather in Lima?' }], tools: [{ type: 'function', function: { name: 'get_weather' } }] });

test('prints the events as they came on the wire', async () => {
  const { code, stdout } = await cli(`${demo.base}/stream?interval=0`);
  assert.equal(code, 0);
  const blocks = stdout.trimEnd().split('\n\n');
  assert.equal(blocks.length, 11);
  assert.equal(blocks[0], 'event: update\nid: 0\ndata: "Message 0"');
  assert.equal(blocks[10], 'event: complete\nid: 9\ndata: "[DONE]"');
});

test('--json prints one object per event; CRLF and non-ASCII arrive intact', async () => {
  const { code, stdout } = await cli('--json', `${demo.base}/echo?sent=h%C3%A9%F0%9F%8E%89&interval=0`);
  assert.equal(code, 0);
  const events = stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(events.map((e) => e.data), ['h', 'é', '🎉']);
  assert.ok(events.every((e) => e.type === 'message' && e.lastEventId === ''));
});

test('-d posts JSON, --decode gives typed payloads, --text the text alone', async () => {
  const typed = await cli('-d', chat, '--decode', 'openai.chat', '--json', `${demo.base}/v1/chat/completions?interval=0`);
  assert.equal(typed.code, 0);
  const events = typed.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
  const pieces = events.flatMap((e) => e.payload?.choices?.[0]?.delta?.tool_calls ?? []);
  assert.equal(pieces.map((p) => p.function.arguments).join(''), '{"city": "Lima", "unit": "celsius"}');
  const text = await cli('-X', 'POST', '-H', 'Content-Type: application/json', '-d', JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }), '--decode', 'anthropic', '--text', `${demo.base}/v1/messages?interval=0`);
  assert.equal(text.code, 0);
  assert.equal(text.stdout, 'You asked: “hi”. This answer streams one word per event — café, 日本語, 🎉 included.\n');
});

test('the exit status says how the stream ended', async () => {
  const cut = await cli('--decode', 'openai.chat', '-d', chat, `${demo.base}/v1/chat/completions?interval=0&drop_after=300`);
  assert.equal(cut.code, 3);
  assert.match(cut.stderr, /incomplete/);
  const overloaded = await cli('--decode', 'anthropic', '-d', '{"messages":[]}', `${demo.base}/v1/messages?interval=0&overloaded_after=1`);
  assert.equal(overloaded.code, 1);
  assert.equal(overloaded.stderr, 'sse-wasm: failed: Overloaded (overloaded_error)\n');
  const missing = await cli(`${demo.base}/nowhere`);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /404/);
  const usage = await cli('--frobnicate');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^sse-wasm: unknown argument '--frobnicate'\nusage:/);
});

test('every streaming endpoint answers text/event-stream, uncached and unbuffered', async () => {
  const post = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const endpoints = [
    ['/echo?interval=0'],
    ['/sse?count=1&interval=0'],
    ['/stream?interval=0'],
    ['/chat/stream?interval=0', post({ message: 'hi' })],
    ['/progress?interval=0'],
    ['/stream/resilient?count=1&interval=0'],
    ['/events?interval=0'],
    ['/v1/chat/completions?interval=0', post({ stream: true, messages: [] })],
    ['/v1/messages?interval=0', post({ messages: [] })],
    ['/v1beta/models/demo-1:streamGenerateContent?alt=sse&interval=0', post({ contents: [] })],
    ['/v1/models/demo-1:streamGenerateContent?alt=sse&interval=0', post({ contents: [] })],
    ['/api/chat?interval=0', post({ id: 'c', messages: [] })],
  ];
  for (const [path, init] of endpoints) {
    const response = await fetch(`${demo.base}${path}`, init);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8', path);
    assert.equal(response.headers.get('cache-control'), 'no-cache', path);
    assert.equal(response.headers.get('x-accel-buffering'), 'no', path);
    assert.ok((await response.text()).length > 0, path);
  }
  const ui = await fetch(`${demo.base}/api/chat?interval=0`, post({ id: 'c', messages: [] }));
  assert.equal(ui.headers.get('x-vercel-ai-ui-message-stream'), 'v1');
  assert.match(await ui.text(), /\n\ndata: \[DONE\]\n\n$/);
  // Gemini's answers: CRLF framed, and the CLI decodes them under either version's path.
  const gemini = await cli('--decode', 'gemini', '--text', '-d', '{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}',
    `${demo.base}/v1/models/demo-1:streamGenerateContent?alt=sse&interval=0`);
  assert.equal(gemini.code, 0);
  assert.equal(gemini.stdout, 'You asked: “hi”. This answer streams one word per event — café, 日本語, 🎉 included.\n');
});
