// Typed streams end to end: a server on 127.0.0.1 replays the provider fixtures
// (tests/fixtures/typed/), and connect({ decode }) yields each event with its payload decoded
// in WebAssembly, or a DecodeError with its path, and fails on an in-band error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { connect, DecodeError, EventSource, SseError } from 'sse-wasm';
import { drain, sleep, streamHead, suiteServer } from './server.js';

const fixture = (name) => readFileSync(new URL(`../fixtures/typed/${name}`, import.meta.url));

describe('connect({ decode })', () => {
  const suite = suiteServer();
  const replay = (body, cut) => (request, response) => {
    streamHead(response);
    if (cut === undefined) response.end(body);
    else response.write(body.subarray(0, cut), () => response.socket.destroy());
  };

  test("'openai.chat': chunks decoded, [DONE] consumed and completing the stream", async () => {
    suite.handle = replay(fixture('openai-chat.sse'));
    const { events, result } = await drain(connect(suite.url, { method: 'POST', decode: 'openai.chat' }));
    assert.equal(result.state, 'completed');
    assert.equal(events.length, 11);
    assert.ok(events.every((e) => e.error === undefined && e.payload.id === 'chatcmpl-1'));
    const text = events.map((e) => e.payload.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, 'Hello wörld 😀');
    const first = events[0].payload;
    assert.deepEqual(first.choices[0], { index: 0, delta: { role: 'assistant', content: '' } });
    assert.equal('usage' in first, false, 'a null usage is an absent key');
    assert.deepEqual(events.at(-1).payload.usage, { prompt_tokens: 20, completion_tokens: 31, total_tokens: 51 });
    const args = events.flatMap((e) => e.payload.choices[0]?.delta.tool_calls ?? []).filter((t) => t.index === 0);
    assert.equal(args.map((t) => t.function.arguments).join(''), '{"location": "Paris"}');
  });

  test("'openai.chat': a stream cut before [DONE] is incomplete", async () => {
    const body = fixture('openai-chat.sse');
    suite.handle = replay(body, body.indexOf('[DONE]') - 6);
    const { events, result } = await drain(connect(suite.url, { decode: 'openai.chat' }));
    assert.equal(result.state, 'incomplete');
    assert.equal(events.length, 11);
  });

  test('a payload that does not fit is a DecodeError with its path, and the stream goes on', async () => {
    suite.handle = replay(
      'data: {"id":"a","choices":[{"index":0,"delta":{"refusal":5}}]}\n\ndata: not json\n\n' +
        'data: {"id":"b","choices":[]}\n\ndata: [DONE]\n\n',
    );
    const { events, result } = await drain(connect(suite.url, { decode: 'openai.chat' }));
    assert.equal(result.state, 'completed');
    assert.ok(events[0].error instanceof DecodeError);
    assert.equal(events[0].error.path, 'choices[0].delta.refusal');
    assert.equal(events[0].error.message, 'choices[0].delta.refusal: expected string, got number');
    assert.equal(events[0].payload, undefined);
    assert.equal(events[1].error.expected, 'JSON');
    assert.equal(events[2].payload.id, 'b');
  });

  test("'anthropic': named events routed to their structs, message_stop completes", async () => {
    suite.handle = replay(fixture('anthropic.sse'));
    const { events, result } = await drain(connect(suite.url, { decode: 'anthropic' }));
    assert.equal(result.state, 'completed');
    assert.equal(events.at(-1).type, 'message_stop');
    const types = new Set(events.map((e) => e.payload.type));
    assert.deepEqual([...types].sort(), [
      'content_block_delta', 'content_block_start', 'content_block_stop', 'message_delta',
      'message_start', 'message_stop', 'ping',
    ]);
    const tool = events.find((e) => e.payload.content_block?.type === 'tool_use').payload.content_block;
    assert.deepEqual(tool, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} });
    const text = events
      .filter((e) => e.payload.type === 'content_block_delta' && e.payload.delta.type === 'text_delta')
      .map((e) => e.payload.delta.text)
      .join('');
    assert.equal(text, 'Hello, Zoë!');
  });

  test("'anthropic': an overloaded_error after 200 fails the stream, the events before it intact", async () => {
    suite.handle = replay(fixture('anthropic-overloaded.sse'));
    const { events, thrown, result } = await drain(connect(suite.url, { decode: 'anthropic' }));
    assert.equal(result.state, 'failed');
    assert.ok(result.error instanceof SseError);
    assert.equal(result.error.kind, 'in-band');
    assert.equal(result.error.code, 'overloaded_error');
    assert.equal(result.error.retryable, true);
    assert.deepEqual(result.error.payload, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    assert.equal(thrown, result.error);
    assert.deepEqual(events.map((e) => e.payload.type), ['message_start', 'content_block_start', 'content_block_delta', 'error']);
  });

  test("'openai.responses': events by type, unknown ones kept as raw JSON", async () => {
    suite.handle = replay(fixture('openai-responses.sse'));
    const { events, result } = await drain(connect(suite.url, { decode: 'openai.responses' }));
    assert.equal(result.state, 'completed');
    assert.equal(events.at(-1).payload.type, 'response.completed');
    assert.equal(events.at(-1).payload.response.usage.output_tokens, 20);
    const part = events.find((e) => e.type === 'response.content_part.added').payload;
    assert.deepEqual(part.part, { type: 'output_text', text: '', annotations: [] });
    const args = events.filter((e) => e.payload.type === 'response.function_call_arguments.delta');
    assert.equal(args.map((e) => e.payload.delta).join(''), '{"city":"Oslo"}');
  });

  test('text() yields each text delta as the provider split it', async () => {
    suite.handle = replay(fixture('openai-chat.sse'));
    const deltas = [];
    for await (const text of connect(suite.url, { decode: 'openai.chat' }).text()) deltas.push(text);
    assert.deepEqual(deltas, ['Hello', ' wörld 😀']);
    suite.handle = replay(fixture('anthropic.sse'));
    const claude = [];
    for await (const text of connect(suite.url, { decode: 'anthropic' }).text()) claude.push(text);
    assert.deepEqual(claude, ['Hello', ', Zoë!']);
  });

  test('text() called once the events have arrived yields the deltas they carry with their payloads', async () => {
    // Events decoded before text() was asked for carry their payloads, and their text delta,
    // equal to a payload member, is sent as that string again (op_last).
    for (const [decode, file, deltas] of [
      ['openai.chat', 'openai-chat.sse', ['Hello', ' wörld 😀']],
      ['anthropic', 'anthropic.sse', ['Hello', ', Zoë!']],
    ]) {
      suite.handle = replay(fixture(file));
      const stream = connect(suite.url, { decode });
      for (let tries = 0; tries < 200 && stream.snapshot()?.text !== deltas.join(''); tries++) await sleep(10);
      assert.equal(stream.snapshot().text, deltas.join(''));
      const texts = [];
      for await (const text of stream.text()) texts.push(text);
      assert.deepEqual(texts, deltas);
    }
  });

  test('message(): the whole message, tool-call arguments parsed, from each provider', async () => {
    suite.handle = replay(fixture('openai-chat.sse'));
    assert.deepEqual(await connect(suite.url, { decode: 'openai.chat' }).message(), {
      text: 'Hello wörld 😀',
      refusal: null,
      thinking: null,
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: { location: 'Paris' } },
        { id: 'call_b', name: 'get_time', arguments: { tz: 'CET' } },
      ],
      stopReason: 'tool_calls',
      usage: { inputTokens: 20, outputTokens: 31 },
    });
    suite.handle = replay(fixture('anthropic.sse'));
    const claude = await connect(suite.url, { decode: 'anthropic' }).message();
    assert.equal(claude.thinking, 'Let me think.');
    assert.deepEqual(claude.toolCalls, [
      { id: 'toolu_1', name: 'get_weather', arguments: { location: 'San Francisco' } },
      { id: 'toolu_2', name: 'get_time', arguments: { tz: 'PST' } },
    ]);
    assert.equal(claude.stopReason, 'tool_use');
    suite.handle = replay(fixture('openai-responses.sse'));
    const responses = await connect(suite.url, { decode: 'openai.responses' }).message();
    assert.equal(responses.text, 'Hi thère');
    assert.deepEqual(responses.toolCalls, [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }]);
    assert.equal(responses.stopReason, 'completed');
  });

  test('snapshot() follows the stream; message() rejects on an in-band error, the text so far kept', async () => {
    // One event per write, a little apart, so that the consumer sees each before the next.
    suite.handle = async (request, response) => {
      streamHead(response);
      for (const event of fixture('anthropic-overloaded.sse').toString().split(/(?<=\n\n)/)) {
        response.write(event);
        await sleep(20);
      }
      response.end();
    };
    const stream = connect(suite.url, { decode: 'anthropic' });
    const seen = [];
    await assert.rejects(async () => {
      for await (const event of stream) seen.push(stream.snapshot().text);
    }, (error) => error.kind === 'in-band');
    assert.deepEqual(seen, ['', '', 'Partial answer', 'Partial answer']);
    await assert.rejects(stream.message(), (error) => error.code === 'overloaded_error');
    assert.equal(stream.snapshot().text, 'Partial answer');
  });

  test("'json' parses in JavaScript, without the typed module", async () => {
    suite.handle = replay('data: {"a":[1,2]}\n\ndata: {oops\n\n');
    const { events } = await drain(connect(suite.url, { decode: 'json' }));
    assert.deepEqual(events[0].payload, { a: [1, 2] });
    assert.ok(events[1].error instanceof DecodeError);
  });

  test('EventSource with decode: each MessageEvent carries its payload', async () => {
    suite.handle = replay(fixture('anthropic.sse'));
    const source = new EventSource(suite.url, { decode: 'anthropic' });
    const payloads = await new Promise((resolve) => {
      const seen = [];
      for (const type of ['message_start', 'content_block_delta', 'message_stop']) {
        source.addEventListener(type, (event) => {
          seen.push(event.payload);
          if (type === 'message_stop') resolve(seen);
        });
      }
    });
    source.close();
    assert.equal(payloads[0].message.id, 'msg_1');
    assert.equal(payloads.at(-1).type, 'message_stop');
    assert.equal(payloads.filter((p) => p.delta?.type === 'text_delta').map((p) => p.delta.text).join(''), 'Hello, Zoë!');
  });

  test('strict: a key the schema does not describe is a DecodeError; the tag is known', async () => {
    suite.handle = (request, response) => {
      streamHead(response);
      response.end(
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
          'data: {"type":"content_block_stop","index":1,"added":true}\n\n' +
          'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      );
    };
    const { events, result } = await drain(connect(suite.url, { decode: 'anthropic', strict: true }));
    assert.equal(result.state, 'completed');
    assert.deepEqual(events[0].payload, { type: 'content_block_stop', index: 0 });
    assert.ok(events[1].error instanceof DecodeError);
    assert.equal(events[1].error.path, 'added');
    assert.equal(events[1].error.message, 'added: expected no such key, got an unknown key');
    const lenient = await drain(connect(suite.url, { decode: 'anthropic' }));
    assert.deepEqual(lenient.events[1].payload, { type: 'content_block_stop', index: 1 });
    assert.throws(() => connect(suite.url, { strict: true }), TypeError);
    assert.throws(() => connect(suite.url, { decode: 'json', strict: true }), TypeError);
    assert.throws(() => connect(suite.url, { decode: 'anthropic', strict: 1 }), TypeError);
  });

  test('payload objects are the same whether shapes are compiled, refused or not allowed', async () => {
    // Objects of a struct are made by a literal compiled per shape where init({ allowEval })
    // allows it (Node's default), and key by key where it is off or the runtime refuses it.
    const cases = [
      ['openai.chat', 'openai-chat.sse'],
      ['anthropic', 'anthropic.sse'],
      ['openai.responses', 'openai-responses.sse'],
    ];
    const script = `
      import { readFileSync } from 'node:fs';
      import { connect, init } from 'sse-wasm';
      const [mode] = process.argv.slice(-1);
      let compiled = 0;
      const Compile = globalThis.Function;
      globalThis.Function = new Proxy(Compile, { construct: (target, args) => (compiled++, new target(...args)) });
      if (mode === 'off') await init({ allowEval: false });
      const out = [];
      for (const [decode, file] of ${JSON.stringify(cases)}) {
        const events = [];
        const body = readFileSync(new URL('../fixtures/typed/' + file, ${JSON.stringify(import.meta.url)}));
        const response = new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
        for await (const event of connect(response, { decode })) events.push(event.payload ?? null);
        out.push(events);
      }
      console.log(JSON.stringify({ compiled, out }));`;
    const run = (flags, mode) => {
      const child = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script, mode], {
        cwd: new URL('.', import.meta.url),
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(child.status, 0, child.stderr);
      return JSON.parse(child.stdout);
    };
    const compiled = run([], 'on');
    assert.ok(compiled.compiled > 3, `${compiled.compiled} shapes compiled`);
    assert.deepEqual(Object.keys(compiled.out[0][0]), ['id', 'object', 'created', 'model', 'system_fingerprint', 'choices']);
    assert.deepEqual(Object.keys(compiled.out[1][1]), ['type', 'index', 'content_block']);
    const off = run([], 'off');
    assert.equal(off.compiled, 0);
    const refused = run(['--disallow-code-generation-from-strings'], 'on');
    for (const other of [off, refused]) assert.equal(JSON.stringify(other.out), JSON.stringify(compiled.out));
  });

  test('an unknown decoder is a TypeError at the call', () => {
    assert.throws(() => connect(suite.url, { decode: 'openai.chats' }), TypeError);
    assert.throws(() => new EventSource(suite.url, { decode: 'xml' }), TypeError);
  });
});
