// The official SDKs are the oracle of the typed decoders: each fixture stream is replayed by a
// local server in random small pieces, read by this package (connect() with the decoder) and by
// the provider's SDK pointed at the same server, and the text deltas and the final message must
// be the same. The SDK's message is mapped onto message()'s shape: { text, refusal, thinking,
// toolCalls: [{ id, name, arguments }], stopReason, usage: { inputTokens, outputTokens } }.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { DefaultChatTransport, readUIMessageStream } from 'ai';
import OpenAI from 'openai';
import { connect, init } from 'sse-wasm';
import { random } from '../../bench/workloads.js';
import { serve } from './server.js';

const fixture = (name) => readFileSync(new URL(`../fixtures/typed/${name}`, import.meta.url));

let server;
let playing; // the fixture the server replays
let pieces = 64; // the largest piece it writes at once
let seed = 1;
let requests = 0;

before(async () => {
  await init();
  server = await serve(async (request, response) => {
    requests += 1;
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    const next = random(seed++);
    for (let at = 0; at < playing.length; ) {
      const size = 1 + Math.floor(next() * pieces);
      response.write(playing.subarray(at, at + size));
      at += size;
      await new Promise((resolve) => setImmediate(resolve));
    }
    response.end();
  });
});

after(() => server.close());

const parsed = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};
const joined = (parts) => (parts.length ? parts.join('') : null);

async function ours(path, decode) {
  const stream = connect(`${server.url}${path}`, { method: 'POST', body: '{}', decode });
  const deltas = [];
  for await (const text of stream.text()) deltas.push(text);
  const { state } = await stream.result;
  return { deltas, message: await stream.message(), state };
}

const sdks = {
  'openai.chat': {
    path: '/chat/completions',
    async read() {
      const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
      const stream = client.chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
      const deltas = [];
      stream.on('content.delta', ({ delta }) => deltas.push(delta));
      const completion = await stream.finalChatCompletion();
      const [choice] = completion.choices;
      const { message } = choice;
      return {
        deltas,
        message: {
          text: message.content ?? '',
          refusal: message.refusal ?? null,
          thinking: null,
          toolCalls: (message.tool_calls ?? []).map((call) => ({
            id: call.id,
            name: call.function.name,
            arguments: parsed(call.function.arguments),
          })),
          stopReason: choice.finish_reason,
          usage: { inputTokens: completion.usage?.prompt_tokens ?? null, outputTokens: completion.usage?.completion_tokens ?? null },
        },
        state: 'completed',
      };
    },
  },
  anthropic: {
    path: '/v1/messages',
    async read() {
      const client = new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
      const stream = client.messages.stream({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
      const deltas = [];
      stream.on('text', (delta) => deltas.push(delta));
      const message = await stream.finalMessage();
      const of = (type) => message.content.filter((block) => block.type === type);
      return {
        deltas,
        message: {
          text: of('text').map((block) => block.text).join(''),
          refusal: null,
          thinking: joined(of('thinking').map((block) => block.thinking)),
          toolCalls: of('tool_use').map((block) => ({ id: block.id, name: block.name, arguments: block.input })),
          stopReason: message.stop_reason,
          usage: { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens },
        },
        state: 'completed',
      };
    },
  },
  'openai.responses': {
    path: '/responses',
    async read() {
      const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
      const stream = client.responses.stream({ model: 'm', input: 'hi' });
      const deltas = [];
      stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
      const response = await stream.finalResponse();
      const items = (type) => response.output.filter((item) => item.type === type);
      const reasoning = items('reasoning').flatMap((item) => [
        ...(item.content ?? []).map((part) => part.text),
        ...(item.summary ?? []).map((part) => part.text),
      ]);
      return {
        deltas,
        message: {
          text: response.output_text,
          refusal: joined(items('message').flatMap((item) => item.content.filter((c) => c.type === 'refusal').map((c) => c.refusal))),
          thinking: joined(reasoning),
          // The client's own tools: functions, and custom tools whose input is free text.
          toolCalls: response.output
            .filter((item) => item.type === 'function_call' || item.type === 'custom_tool_call')
            .map((call) => ({ id: call.call_id, name: call.name, arguments: parsed(call.arguments ?? call.input) })),
          stopReason: response.status,
          usage: { inputTokens: response.usage?.input_tokens ?? null, outputTokens: response.usage?.output_tokens ?? null },
        },
        state: 'completed',
      };
    },
  },
};

// @google/genai has no accumulator: its responses are accumulated as its documentation says
// (`text` per response, thought parts, `functionCalls`, the last `usageMetadata`). Gemini sends no
// terminal marker, so the stream is complete when it ended after a finishReason or a blocked
// prompt's feedback. The SDK warns on the console when a response also has non-text parts.
async function readGemini() {
  const ai = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: server.url } });
  const deltas = [];
  const thoughts = [];
  const toolCalls = [];
  let stopReason = null;
  let usage = null;
  const warn = console.warn;
  console.warn = () => {};
  try {
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' });
    for await (const response of stream) {
      if (response.text) deltas.push(response.text);
      const [candidate] = response.candidates ?? [];
      for (const part of candidate?.content?.parts ?? []) if (part.thought && part.text) thoughts.push(part.text);
      for (const call of response.functionCalls ?? []) toolCalls.push({ id: call.id ?? null, name: call.name, arguments: call.args });
      stopReason = candidate?.finishReason ?? response.promptFeedback?.blockReason ?? stopReason;
      usage = response.usageMetadata ?? usage;
    }
  } finally {
    console.warn = warn;
  }
  return {
    deltas,
    message: {
      text: deltas.join(''),
      refusal: null,
      thinking: joined(thoughts),
      toolCalls,
      stopReason,
      usage: {
        inputTokens: usage?.promptTokenCount ?? null,
        outputTokens: usage ? (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0) : null,
      },
    },
    state: stopReason ? 'completed' : 'incomplete',
  };
}

sdks.gemini = { path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', read: readGemini };

const fixtures = {
  'openai.chat': ['openai-chat.sse', 'openai-chat-refusal.sse'],
  anthropic: [
    'anthropic.sse',
    'anthropic-redacted-citations.sse',
    'anthropic-citations.sse',
    'anthropic-refusal.sse',
    'anthropic-max-tokens.sse',
    'anthropic-stop-sequence.sse',
    'anthropic-context-window.sse',
    'anthropic-compaction.sse',
    // The provider's own tools (server_tool_use and their results, MCP), whose input streams
    // as a tool call's does, and usage counted again at the end.
    'anthropic-web-search.sse',
    'anthropic-web-fetch-pause-turn.sse',
    'anthropic-code-execution.sse',
    'anthropic-code-execution-tool-call.sse',
    'anthropic-tool-search.sse',
    'anthropic-mcp.sse',
  ],
  'openai.responses': [
    'openai-responses-reasoning.sse',
    'openai-responses-refusal-incomplete.sse',
    'openai-responses-tools.sse',
    'openai-responses-code-interpreter.sse',
    'openai-responses-file-search-image.sse',
    'openai-responses-mcp.sse',
    'openai-responses-audio.sse',
    'openai-responses-shell.sse',
    'openai-responses-compaction.sse',
  ],
  gemini: [
    'gemini-text.sse',
    'gemini-thinking.sse',
    'gemini-function-calls.sse',
    'gemini-max-tokens.sse',
    'gemini-safety.sse',
    'gemini-prompt-blocked.sse',
    'gemini-cut.sse',
    'gemini-misc-parts.sse',
  ],
};

for (const [decode, files] of Object.entries(fixtures)) {
  describe(`${decode} against its SDK`, () => {
    for (const file of files) {
      test(file, async () => {
        playing = fixture(file);
        const theirs = await sdks[decode].read();
        const mine = await ours(sdks[decode].path, decode);
        assert.deepEqual(mine, theirs);
      });
    }
  });
}

// A response that failed, and the stream's error event, flat as the API reference writes it and
// nested as the API has been seen to send it: the SDK resolves a failed response and throws on
// an error event; here each is an in-band error with what arrived before it.
// A tool input cut by max_tokens: the SDK parses what it can of the partial JSON and drops the
// unfinished string; here no piece is lost, so the arguments are the text that arrived.
test('anthropic: a tool input cut by max_tokens keeps every piece, where the SDK keeps what parses', async () => {
  playing = fixture('anthropic-max-tokens-tool-input.sse');
  const theirs = await sdks.anthropic.read();
  playing = fixture('anthropic-max-tokens-tool-input.sse');
  const mine = await ours(sdks.anthropic.path, 'anthropic');
  const [cut] = mine.message.toolCalls;
  assert.equal(typeof cut.arguments, 'string');
  assert.ok(cut.arguments.startsWith('{"path": "notes.md", "content": "'), cut.arguments);
  assert.deepEqual(theirs.message.toolCalls[0].arguments, { path: 'notes.md' });
  const expected = structuredClone(theirs);
  expected.message.toolCalls[0].arguments = cut.arguments;
  assert.deepEqual(mine, expected);
});

describe('openai.responses errors against its SDK', () => {
  for (const [file, code, message] of [
    ['openai-responses-failed.sse', 'server_error', null],
    ['openai-responses-error.sse', 'server_error', null],
    ['openai-responses-error-nested.sse', 'too_many_requests', 'Too Many Requests'],
  ]) {
    test(file, async () => {
      playing = fixture(file);
      const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
      const sdkStream = client.responses.stream({ model: 'm', input: 'hi' });
      const sdkDeltas = [];
      sdkStream.on('response.output_text.delta', (event) => sdkDeltas.push(event.delta));
      const final = await sdkStream.finalResponse().catch((error) => ({ thrown: error }));

      playing = fixture(file);
      const stream = connect(`${server.url}/responses`, { method: 'POST', body: '{}', decode: 'openai.responses' });
      const deltas = [];
      try {
        for await (const text of stream.text()) deltas.push(text);
      } catch {
        // The iterator throws result.error, checked below.
      }
      const { state, error } = await stream.result;
      assert.deepEqual(deltas, sdkDeltas);
      assert.deepEqual([state, error.kind, error.code], ['failed', 'in-band', code]);
      if (final.thrown) {
        assert.equal(final.thrown.code, code);
        assert.equal(error.message, message ?? final.thrown.message);
        assert.equal(stream.snapshot().text, sdkDeltas.join(''));
      } else {
        assert.deepEqual([final.status, final.error.code, final.error.message], ['failed', code, error.message]);
        assert.equal(stream.snapshot().text, final.output_text);
        assert.equal(stream.snapshot().stopReason, 'failed');
      }
    });
  }
});

describe('gemini: a multi-megabyte event against its SDK', () => {
  test('an inline image of 6 MB between text events, CRLF framed', async (t) => {
    const image = Buffer.alloc(4.5 * 2 ** 20, 7).toString('base64');
    const event = (candidate, usage) =>
      `data: ${JSON.stringify({ candidates: [{ index: 0, ...candidate }], usageMetadata: usage, modelVersion: 'gemini-2.5-flash-image' })}\r\n\r\n`;
    const usage = { promptTokenCount: 9, candidatesTokenCount: 1290, totalTokenCount: 1299 };
    const stream = [
      event({ content: { role: 'model', parts: [{ text: 'Here is the picture:' }] } }, usage),
      event({ content: { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: image } }] } }, usage),
      event({ content: { role: 'model', parts: [{ text: ' done.' }] }, finishReason: 'STOP' }, usage),
    ].join('');
    playing = Buffer.from(stream);
    pieces = 64 * 1024;
    t.after(() => {
      pieces = 64;
    });
    const theirs = await readGemini();
    playing = Buffer.from(stream);
    const reading = connect(`${server.url}${sdks.gemini.path}`, { method: 'POST', body: '{}', decode: 'gemini' });
    const sizes = [];
    for await (const { payload } of reading) sizes.push(payload.candidates[0].content.parts[0].inlineData?.data.length ?? 0);
    assert.deepEqual(sizes, [0, image.length, 0]);
    assert.equal((await reading.result).state, 'completed');
    playing = Buffer.from(stream);
    assert.deepEqual(await ours(sdks.gemini.path, 'gemini'), theirs);
  });
});

describe('gemini errors against its SDK', () => {
  test('an error event after text is an in-band error, where the SDK throws', async () => {
    playing = fixture('gemini-error.sse');
    const ai = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: server.url } });
    const sdkTexts = [];
    let thrown;
    try {
      for await (const response of await ai.models.generateContentStream({ model: 'm', contents: 'hi' })) {
        sdkTexts.push(response.text);
      }
    } catch (error) {
      thrown = error;
    }
    assert.equal(thrown?.status, 503);

    playing = fixture('gemini-error.sse');
    const stream = connect(`${server.url}${sdks.gemini.path}`, { method: 'POST', body: '{}', decode: 'gemini' });
    const texts = [];
    try {
      for await (const text of stream.text()) texts.push(text);
    } catch {
      // The iterator throws result.error, checked below.
    }
    const { state, error } = await stream.result;
    assert.deepEqual(texts, sdkTexts);
    assert.equal(state, 'failed');
    assert.deepEqual([error.kind, error.code, error.retryable], ['in-band', 'UNAVAILABLE', true]);
    assert.equal(error.payload.error.code, thrown.status);
    assert.ok(thrown.message.includes(error.payload.error.message), thrown.message);
    assert.equal(stream.snapshot().text, sdkTexts.join(''));
  });
});

// OpenAI-compatible servers send what the openai SDK cannot judge (it keeps only the last piece
// of a delta field it does not know): each fixture's expected result is written from that
// server's documentation.
describe('openai.chat on OpenAI-compatible servers, against their documented results', () => {
  test('reasoning_content (DeepSeek, vLLM) and reasoning (Ollama, OpenRouter) pieces are the thinking', async () => {
    playing = fixture('openai-compat-reasoning.sse');
    assert.deepEqual(await ours('/chat/completions', 'openai.chat'), {
      deltas: ['Hi ', 'there 👋'],
      message: {
        text: 'Hi there 👋',
        refusal: null,
        thinking: 'The user greets; answer briefly.(check tone) ',
        toolCalls: [],
        stopReason: 'stop',
        usage: { inputTokens: 7, outputTokens: 12 },
      },
      state: 'completed',
    });
  });

  test("Mistral's content arrays: thinking chunks are the thinking, text chunks and plain text the text", async () => {
    playing = fixture('mistral-thinking.sse');
    const stream = connect(`${server.url}/chat/completions`, { method: 'POST', body: '{}', decode: 'openai.chat' });
    const contents = [];
    for await (const { payload } of stream) contents.push(payload.choices[0].delta.content);
    assert.deepEqual(contents.slice(1, 6), [
      [{ type: 'thinking', thinking: [{ type: 'text', text: 'The user asks for 6 × 7. ' }] }],
      [{ type: 'thinking', thinking: [{ type: 'text', text: 'That is 42' }, { type: 'text', text: '; no tricks.' }] }],
      [{ type: 'text', text: '6 × 7 = ' }],
      [{ type: 'reference' }],
      '**42**.',
    ]);
    playing = fixture('mistral-thinking.sse');
    assert.deepEqual(await ours('/chat/completions', 'openai.chat'), {
      deltas: ['6 × 7 = ', '**42**.'],
      message: {
        text: '6 × 7 = **42**.',
        refusal: null,
        thinking: 'The user asks for 6 × 7. That is 42; no tricks.',
        toolCalls: [],
        stopReason: 'stop',
        usage: { inputTokens: 14, outputTokens: 47 },
      },
      state: 'completed',
    });
  });

  test("OpenRouter's error object mid-stream is an in-band error; the text before it is kept", async () => {
    playing = fixture('openrouter-error.sse');
    const stream = connect(`${server.url}/chat/completions`, { method: 'POST', body: '{}', decode: 'openai.chat' });
    const events = [];
    try {
      for await (const event of stream) events.push(event);
    } catch {
      // The iterator throws result.error, checked below.
    }
    const { state, error } = await stream.result;
    assert.equal(state, 'failed');
    assert.deepEqual([error.kind, error.code, error.retryable], ['in-band', '502', true]);
    assert.equal(error.payload.error.message, 'Provider disconnected unexpectedly');
    assert.equal(stream.snapshot().text, 'Partial answer');
    await assert.rejects(stream.message(), (thrown) => thrown === error);
  });
});

// The AI SDK's UI message stream: the chunk sequence against DefaultChatTransport's, and the
// message against readUIMessageStream's, mapped onto message()'s shape (the protocol carries no
// usage; the stop reason is the finish chunk's, which the SDK's message does not keep).
describe('ai.ui against the ai package', () => {
  const uiMessage = (message, chunks) => {
    const parts = message?.parts ?? [];
    const tools = parts.filter((p) => (p.type.startsWith('tool-') || p.type === 'dynamic-tool') && !p.providerExecuted);
    return {
      text: parts.filter((p) => p.type === 'text').map((p) => p.text).join(''),
      refusal: null,
      thinking: joined(parts.filter((p) => p.type === 'reasoning').map((p) => p.text)),
      toolCalls: tools.map((p) => ({ id: p.toolCallId, name: p.toolName ?? p.type.slice(5), arguments: p.input })),
      stopReason: chunks.findLast((c) => c.type === 'finish')?.finishReason ?? null,
      usage: { inputTokens: null, outputTokens: null },
    };
  };

  // The SDK's chunks (up to an error chunk, where a chat stops) and the message its reader
  // builds from them.
  async function theirs() {
    const transport = new DefaultChatTransport({ api: `${server.url}/api/chat` });
    const stream = await transport.sendMessages({ chatId: 'c', messages: [], trigger: 'submit-message' });
    const chunks = [];
    let error;
    try {
      for await (const chunk of stream) chunks.push(chunk);
    } catch (thrown) {
      error = thrown;
    }
    const until = chunks.findIndex((c) => c.type === 'error');
    const read = until === -1 ? chunks : chunks.slice(0, until + 1);
    // The reader keeps data chunks as parts and updates them in place: copied first.
    const sent = JSON.parse(JSON.stringify(read));
    let message;
    for await (message of readUIMessageStream({ stream: ReadableStream.from(read) }));
    return { chunks: sent, message: uiMessage(message, sent), error };
  }

  async function mine() {
    const stream = connect(`${server.url}/api/chat`, { method: 'POST', body: '{}', decode: 'ai.ui' });
    const events = [];
    try {
      for await (const event of stream) events.push(event);
    } catch {
      // A failed stream's iterator throws result.error, checked by the caller.
    }
    return { events, result: await stream.result, message: stream.snapshot() };
  }

  for (const file of ['ai-ui-text.sse', 'ai-ui-reasoning-tools.sse', 'ai-ui-data-sources.sse', 'ai-ui-abort.sse', 'ai-ui-keepalive.sse']) {
    test(file, async () => {
      playing = fixture(file);
      const sdk = await theirs();
      playing = fixture(file);
      const ours = await mine();
      assert.equal(sdk.error, undefined);
      assert.deepEqual(ours.events.map((e) => e.payload), sdk.chunks);
      assert.equal(ours.result.state, 'completed');
      assert.deepEqual(ours.message, sdk.message);
      playing = fixture(file);
      const deltas = (await ours_text()).deltas;
      assert.deepEqual(deltas, sdk.chunks.filter((c) => c.type === 'text-delta').map((c) => c.delta));
    });
  }

  const ours_text = () => ours('/api/chat', 'ai.ui');

  test('ai-ui-steps-misc.sse: parts streaming at once, a reset step, approvals; unknown keys are not kept', async () => {
    playing = fixture('ai-ui-steps-misc.sse');
    const sdk = await theirs();
    playing = fixture('ai-ui-steps-misc.sse');
    const ours = await mine();
    // The SDK keeps a chunk's unknown top-level keys (and strips those inside citations); the
    // decoders here give the described members and keep `unknown` values whole.
    const expected = structuredClone(sdk.chunks);
    delete expected.find((c) => c.extra).extra;
    delete expected.find((c) => c.extraKey).extraKey;
    const cited = ours.events.map((e) => e.payload).find((c) => c.citations);
    assert.equal(cited.citations[0].extraCitation, 'stripped');
    expected.find((c) => c.citations).citations = cited.citations;
    assert.deepEqual(ours.events.map((e) => e.payload), expected);
    assert.deepEqual(ours.message, sdk.message);
    assert.equal(ours.message.text, 'A1 A2B1 B2Cited.');
  });

  for (const file of ['ai-ui-error.sse', 'ai-ui-error-written.sse']) {
    test(`${file}: an error chunk is an in-band error whose message is its errorText`, async () => {
      playing = fixture(file);
      const sdk = await theirs();
      playing = fixture(file);
      const ours = await mine();
      assert.deepEqual(ours.events.map((e) => e.payload), sdk.chunks);
      const { state, error } = ours.result;
      assert.equal(state, 'failed');
      const { errorText } = sdk.chunks.at(-1);
      assert.deepEqual([error.kind, error.code, error.message, error.payload.errorText], ['in-band', 'error', errorText, errorText]);
      assert.deepEqual(ours.message, { ...sdk.message, stopReason: null });
    });
  }

  test('ai-ui-invalid-chunk.sse: the chunk the SDK refuses is a DecodeError, and the stream goes on', async () => {
    playing = fixture('ai-ui-invalid-chunk.sse');
    const sdk = await theirs();
    assert.equal(sdk.error?.name, 'AI_TypeValidationError');
    playing = fixture('ai-ui-invalid-chunk.sse');
    const ours = await mine();
    const at = sdk.chunks.length;
    assert.deepEqual(ours.events.slice(0, at).map((e) => e.payload), sdk.chunks);
    assert.equal(ours.events[at].error?.name, 'DecodeError');
    assert.deepEqual(JSON.parse(ours.events[at].data), sdk.error.value);
    assert.equal(ours.result.state, 'completed');
  });

  test('an error chunk ends the stream at once: what follows in the same read is not delivered, nothing is sent again', async (t) => {
    // Before, [DONE] after the error in the same read finished the module's session as completed
    // while the stream waited on the error, and the driver sent the POST again without end.
    playing = Buffer.from('data: {"type":"text-delta","id":"a","delta":"x"}\n\ndata: {"type":"error","errorText":"boom"}\n\n: after\n\ndata: {"type":"text-delta","id":"a","delta":"y"}\n\ndata: [DONE]\n\n');
    pieces = playing.length;
    t.after(() => {
      pieces = 64;
    });
    const before = requests;
    const stream = connect(`${server.url}/api/chat`, { method: 'POST', body: '{}', decode: 'ai.ui' });
    const types = [];
    await assert.rejects(async () => {
      for await (const event of stream) types.push(event.payload.type);
    }, { kind: 'in-band', message: 'boom' });
    assert.deepEqual(types, ['text-delta', 'error']);
    assert.equal((await stream.result).state, 'failed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(requests - before, 1);
  });

  test('a chunk of a type the SDK does not know is refused too', async () => {
    playing = Buffer.from('data: {"type":"text-start","id":"a"}\n\ndata: {"type":"tool-input-end","toolCallId":"t"}\n\ndata: [DONE]\n\n');
    const ours = await mine();
    assert.deepEqual(ours.events[0].payload, { type: 'text-start', id: 'a' });
    assert.deepEqual([ours.events[1].error?.path, ours.events[1].error?.got], ['type', '"tool-input-end"']);
  });
});
