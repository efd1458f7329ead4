// sse-wasm/ai in Chromium: a page bundled by Vite (as an app using the AI SDK would be) runs an
// AbstractChat over SseWasmChatTransport and over the SDK's DefaultChatTransport, against a
// server that answers with the `ai` package's own helpers; the chats must end the same.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { createUIMessageStream, createUIMessageStreamResponse } from 'ai';
import { bundlePage, launchChromium, root } from '../demo/demo.js';
import { sendFile, serve } from '../js/server.js';

// Inside the repository, so that the bundle resolves `ai` and the package as a user's would.
const app = join(root, 'build/ai-page');

const page = `
import { DefaultChatTransport } from 'ai';
import { z } from 'zod';
import { SseWasmChatTransport } from 'sse-wasm/ai';
import { PlainChat } from '../../tests/js/node-chat.js';

// No code generated from strings under the page's policy (zod probes for it otherwise).
z.config({ jitless: true });

window.run = async (which, text) => {
  const transport = which === 'ours' ? new SseWasmChatTransport({ api: '/api/chat' }) : new DefaultChatTransport({ api: '/api/chat' });
  let ids = 0;
  const chat = new PlainChat({ id: 'chat-1', generateId: () => 'id-' + ids++, transport });
  await chat.sendMessage({ text });
  return { status: chat.status, error: chat.error?.message, messages: chat.messages };
};
`;

// The answers, written by the SDK's helpers: text over two steps with a tool call, an error
// chunk, and a large answer in many chunks.
function write(writer, text) {
  writer.write({ type: 'start' });
  writer.write({ type: 'start-step' });
  if (text.includes('weather')) {
    writer.write({ type: 'tool-input-start', toolCallId: 'c1', toolName: 'weather' });
    writer.write({ type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '{"city":"Oslo"}' });
    writer.write({ type: 'tool-input-available', toolCallId: 'c1', toolName: 'weather', input: { city: 'Oslo' } });
    writer.write({ type: 'tool-output-available', toolCallId: 'c1', output: { celsius: -3 } });
    writer.write({ type: 'finish-step' });
    writer.write({ type: 'start-step' });
  }
  writer.write({ type: 'text-start', id: 't' });
  const words = text.includes('long') ? 5000 : 5;
  for (let i = 0; i < words; i++) writer.write({ type: 'text-delta', id: 't', delta: `wörd${i} ` });
  if (text.includes('fail')) writer.write({ type: 'error', errorText: 'Rate limited' });
  writer.write({ type: 'text-end', id: 't' });
  writer.write({ type: 'finish-step' });
  writer.write({ type: 'finish', finishReason: 'stop' });
}

let site;
let browser;

before(async () => {
  await bundlePage(app, page);
  site = await serve(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/favicon.ico') return void response.writeHead(204).end();
    if (path === '/api/chat') {
      const { messages } = JSON.parse(site.requests.at(-1).body);
      const text = messages.at(-1).parts[0].text;
      const made = createUIMessageStreamResponse({ stream: createUIMessageStream({ generateId: () => 'msg-1', execute: ({ writer }) => write(writer, text) }) });
      response.writeHead(made.status, Object.fromEntries(made.headers));
      for await (const piece of made.body) response.write(piece);
      response.end();
      return;
    }
    // The page's policy: the package must work without eval and without inline scripts.
    response.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'");
    await sendFile(response, join(app, 'out', normalize(path === '/' ? '/index.html' : path)));
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.close();
  rmSync(app, { recursive: true, force: true });
});

for (const text of ['Hello there', 'What is the weather in Oslo?', 'This one will fail', 'A long answer, please']) {
  test(`a chat in Chromium ends as with DefaultChatTransport: “${text}”`, async () => {
    const tab = await browser.newPage();
    const problems = [];
    tab.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(message.text()));
    tab.on('pageerror', (error) => problems.push(error.message));
    await tab.goto(`${site.url}/`);
    await tab.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective}`)),
    );
    await tab.waitForFunction(() => typeof window.run === 'function');
    const theirs = await tab.evaluate((t) => window.run('sdk', t), text);
    const ours = await tab.evaluate((t) => window.run('ours', t), text);
    await tab.close();
    assert.deepEqual(ours, theirs);
    assert.equal(ours.messages.length, 2);
    assert.equal(ours.status, text.includes('fail') ? 'error' : 'ready');
    assert.deepEqual(problems, []);
  });
}
