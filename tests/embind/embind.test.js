// sse::embind from a program's JavaScript: tests/embind/embind_test.cpp, built with Emscripten
// as linked by default (SSE_EMBIND_TEST) and with -sDYNAMIC_EXECUTION=0 (SSE_EMBIND_STRICT);
// ctest sets both. Its plain objects are held to connect()'s payloads for every fixture.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { connect } from 'sse-wasm';
import { serve, streamHead } from '../js/server.js';

const require = createRequire(import.meta.url);
const built = { loose: process.env.SSE_EMBIND_TEST, strict: process.env.SSE_EMBIND_STRICT };
for (const which in built) built[which] &&= path.resolve(built[which]);
assert.ok(built.loose && built.strict, 'SSE_EMBIND_TEST and SSE_EMBIND_STRICT name the programs (ctest sets them)');

const modules = {};
const load = async (which) => (modules[which] ??= await require(built[which])());

// The decoders and the fixtures each reads, by file name.
const decoders = [
  ['openai_chat', 'openai.chat', /^(openai-chat|openai-compat|mistral|openrouter)/],
  ['openai_responses', 'openai.responses', /^openai-responses/],
  ['anthropic', 'anthropic', /^anthropic/],
  ['gemini', 'gemini', /^gemini/],
  ['ai_ui', 'ai.ui', /^ai-ui/],
];
const fixtures = readdirSync(new URL('../fixtures/typed/', import.meta.url));

// JSON has no undefined: the keys connect() leaves out are the ones whose value is undefined.
const defined = (value) => JSON.parse(JSON.stringify(value));

async function payloadsOf(file, decode) {
  const body = readFileSync(new URL(`../fixtures/typed/${file}`, import.meta.url));
  const response = new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
  const events = [];
  try {
    for await (const event of connect(response, { decode, terminal: () => false })) {
      if (event.payload !== undefined) events.push(event);
    }
  } catch (error) {
    // A provider's error event ends its stream; what came before it, and the event, count.
    if (error.kind !== 'in-band') throw error;
  }
  return events;
}

for (const which of ['loose', 'strict']) {
  test(`${which}: every fixture's payloads are the objects connect() gives, both ways`, async () => {
    const m = await load(which);
    let compared = 0;
    for (const [name, decode, pattern] of decoders) {
      for (const file of fixtures.filter((f) => pattern.test(f))) {
        for (const event of await payloadsOf(file, decode)) {
          const made = m[name](event.type, event.data);
          assert.deepStrictEqual(defined(made), defined(event.payload), `${file}: ${event.data}`);
          assert.deepStrictEqual(defined(m[`echo_${name}`](event.payload)), defined(event.payload), file);
          compared++;
        }
      }
    }
    assert.ok(compared > 300, `${compared} payloads compared`);
  });
}

test('a described struct: 64-bit integers as Numbers, enums as names, empty optionals absent', async () => {
  const m = await load('loose');
  const reading = m.reading();
  assert.deepStrictEqual(reading, {
    at: 1700000000123,
    count: 2 ** 53 - 1,
    celsius: -3.5,
    windy: true,
    sky: 'stormy',
    where: { city: 'Oslo', country: 'NO' },
    nearby: [{ city: 'Bergen' }, { city: 'Lund', country: 'SE' }],
    note: ['a', 'b'],
    extra: { k: [1, { x: null }] },
  });
  assert.deepStrictEqual(m.echo_reading(reading), reading);
  // Absent and null optional keys are taken as empty; unknown keys are ignored.
  const sparse = { ...reading, where: { city: 'Rome', country: null }, gust: undefined, more: 1, note: 'one' };
  assert.deepStrictEqual(m.echo_reading(sparse), { ...reading, where: { city: 'Rome' }, note: 'one' });
});

test('a value that does not fit is a TypeError naming its path', async () => {
  const m = await load('loose');
  const wrong = { ...m.reading(), nearby: [{ city: 'Bergen' }, { city: 7 }] };
  assert.equal(m.reading_error(wrong), 'nearby[1].city: expected string, got number');
  assert.equal(m.reading_error({ ...m.reading(), sky: 'foggy' }), 'sky: expected one of calm|stormy, got "foggy"');
  assert.throws(() => m.echo_reading(wrong), { name: 'TypeError', message: 'nearby[1].city: expected string, got number' });
  assert.throws(() => m.openai_chat('message', '{"choices":3}'), TypeError);
});

// A module loaded in a Node that refuses code made from strings, as a strict CSP does.
async function loadsWithoutEval(file) {
  const child = spawn(
    process.execPath,
    ['--disallow-code-generation-from-strings', '-e', `Promise.resolve(require(${JSON.stringify(file)})()).then((m) => console.log(m.sum(1, 2), JSON.stringify(m.reading().where)))`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const [code] = await once(child, 'close');
  return { code, out, err };
}

test('with -sDYNAMIC_EXECUTION=0 Embind makes no code from strings; without, it cannot load', async () => {
  const strict = await loadsWithoutEval(built.strict);
  assert.equal(strict.code, 0, strict.err);
  assert.equal(strict.out.trim(), '3 {"city":"Oslo","country":"NO"}');
  const loose = await loadsWithoutEval(built.loose);
  assert.notEqual(loose.code, 0);
  assert.match(loose.err, /EvalError|Code generation from strings disallowed/);
});

test('connect() from a RequestInit: method, headers and a bytes body sent; an AbortSignal stops it', async () => {
  const server = await serve(async (request, response) => {
    streamHead(response);
    response.write('id: 1\ndata: first\n\n');
  });
  try {
    const m = await load('strict');
    const controller = new AbortController();
    const events = [];
    const finished = new Promise((resolve) => {
      m.start(
        `${server.url}/stream`,
        {
          method: 'post',
          headers: new Headers({ 'X-Key': 'k', 'Content-Type': 'application/json' }),
          body: new TextEncoder().encode('{"q":"é"}'),
          signal: controller.signal,
        },
        (type, data, id) => {
          events.push([type, data, id]);
          controller.abort();
        },
        (state, message) => resolve({ state, message }),
      );
    });
    assert.deepEqual(await finished, { state: 'aborted', message: 'the stream was aborted' });
    assert.deepEqual(events, [['message', 'first', '1']]);
    const sent = server.requests[0];
    assert.equal(sent.method, 'POST');
    assert.equal(sent.headers['x-key'], 'k');
    assert.equal(sent.body, '{"q":"é"}');
  } finally {
    await server.close();
  }
});

test('a signal aborted before connect() finishes the stream from the event loop, unsent', async () => {
  const m = await load('loose');
  let returned = false;
  const finished = new Promise((resolve) => {
    m.start('http://127.0.0.1:9/never', { signal: AbortSignal.abort() }, () => {}, (state) => resolve({ state, returned }));
    returned = true;
  });
  assert.deepEqual(await finished, { state: 'aborted', returned: true });
});
