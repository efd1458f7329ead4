// The C++ client in a module Web Worker of headless Chromium, where there is no window: the
// scenarios' program (tests/client/e2e.cpp), built as an ES module for workers
// (SSE_CLIENT_WORKER names it; ctest sets it), streams a typed OpenAI chat and resumes a cut.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { sendFile, serve, sleep, streamHead } from '../js/server.js';

const program = process.env.SSE_CLIENT_WORKER;
assert.ok(program, 'SSE_CLIENT_WORKER must name the worker build of the e2e program (ctest sets it)');

// Runs the program's main with SCENARIO and the server's URL, and posts what it printed once
// it printed its finish.
const worker = `
import create from '/program/${basename(program)}';
onmessage = ({ data: { scenario, url } }) => {
  const lines = [];
  create({
    arguments: [scenario, url],
    print: (line) => {
      lines.push(JSON.parse(line));
      if (lines.at(-1).what === 'finish') postMessage({ lines, hasWindow: typeof window !== 'undefined' });
    },
  });
};
`;

const chat = readFileSync(new URL('../fixtures/typed/openai-chat.sse', import.meta.url));
let server;
let browser;

before(async () => {
  server = await serve(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/') return response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>worker</title>');
    if (path === '/worker.js') return response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(worker);
    if (path.startsWith('/program/')) return sendFile(response, join(dirname(program), basename(path)));
    streamHead(response);
    if (path === '/v1/chat/completions') return response.end(chat);
    // /resume: cut once after two events, then the rest after Last-Event-ID.
    if (!request.headers['last-event-id']) {
      response.write('retry: 20\nid: 1\ndata: a\n\nid: 2\ndata: b\n\n');
      await sleep(50);
      return response.destroy();
    }
    response.end(`id: 3\ndata: c after ${request.headers['last-event-id']}\n\ndata: [DONE]\n\n`);
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function inWorker(scenario) {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  const result = await page.evaluate(
    ([scenario, url]) =>
      new Promise((resolve, reject) => {
        const w = new Worker('/worker.js', { type: 'module' });
        const timer = setTimeout(() => reject(new Error('no finish within 10 s')), 10_000);
        w.onmessage = ({ data }) => {
          clearTimeout(timer);
          w.terminate();
          resolve(data);
        };
        w.onerror = (e) => reject(new Error(e.message));
        w.postMessage({ scenario, url });
      }),
    [scenario, server.url],
  );
  await page.close();
  return result;
}

test('a typed OpenAI stream over POST, decoded in C++ in a worker', async () => {
  const { lines, hasWindow } = await inWorker('chat');
  assert.equal(hasWindow, false);
  assert.deepEqual(
    lines.filter((line) => line.what === 'text').map((line) => line.delta),
    ['Hello', ' wörld 😀'],
  );
  const message = lines.find((line) => line.what === 'message');
  assert.deepEqual(message.toolCalls.map((call) => call.name), ['get_weather', 'get_time']);
  assert.equal(lines.at(-1).state, 'completed');
});

test('a cut resumed with Last-Event-ID from a worker', async () => {
  const { lines } = await inWorker('resume');
  assert.deepEqual(
    lines.filter((line) => line.what === 'event').map((line) => line.data),
    ['a', 'b', 'c after 2'],
  );
  assert.equal(lines.at(-1).state, 'completed');
});
