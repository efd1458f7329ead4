// The demo page in headless Chromium against the demo server: every panel, the server's view
// of each stream, and the page's strict Content-Security-Policy.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually } from '../js/server.js';
import { launchChromium, startDemo } from './demo.js';

let demo;
let browser;

before(async () => {
  demo = await startDemo();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

// A page, with every console error, warning and CSP violation it reports.
async function open(query = '') {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const response = await page.goto(`${demo.base}/${query}`);
  await page.evaluate(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective}`)),
  );
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('loaded'), null, { timeout: 10_000 });
  return { page, problems, response };
}

const data = (page, id, name) => page.evaluate(([id, name]) => document.getElementById(id).dataset[name], [id, name]);

test('tokens appear as they arrive: the server holds token N+1 until the page shows token N', async () => {
  const { page } = await open('?gate=progressive&tag=progressive&interval=0');
  await page.uncheck('#chat-tools');
  await page.click('#chat-send');
  for (let n = 1; n <= 5; n++) {
    await demo.release('progressive');
    await eventually(async () => (await data(page, 'chat-text', 'tokens')) === String(n), 10_000, `token ${n}`);
    assert.equal(await demo.outcome('progressive'), 'running');
  }
  const shown = await page.textContent('#chat-text');
  assert.equal(shown, 'You asked: “What\'s the weather');
  for (let n = 0; n < 40; n++) await demo.release('progressive');
  await eventually(() => data(page, 'chat-outcome', 'state'), 10_000, 'the outcome');
  assert.equal(await data(page, 'chat-outcome', 'state'), 'completed');
  assert.match(await page.textContent('#chat-text'), /café, 日本語, 🎉 included\.$/);
  assert.match(await page.textContent('#chat-outcome'), /stop: stop/);
  assert.equal(await demo.outcome('progressive'), 'completed');
  await page.close();
});

test('tool calls assemble from their pieces while they stream', async () => {
  const { page } = await open('?interval=0');
  await page.fill('#chat-input', "What's the weather in Oslo?");
  await page.click('#chat-send');
  await eventually(() => data(page, 'chat-outcome', 'state'), 10_000, 'the outcome');
  assert.equal(await page.textContent('#chat-tools-list'), 'get_weather({"city":"Oslo","unit":"celsius"})');
  assert.match(await page.textContent('#chat-outcome'), /state: completed .* stop: tool_calls/);
  await page.close();
});

test('the C++ program streams the chat with its own decoder and Embind, under the strict CSP', async () => {
  const { page, problems, response } = await open('?interval=0');
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForFunction(() => !document.getElementById('cpp-send').disabled, null, { timeout: 10_000 });
  const handed = () =>
    page.evaluate(
      () => new Promise((resolve) => document.getElementById('cpp').addEventListener('cpp-message', (e) => resolve(e.detail), { once: true })),
    );
  let message = handed();
  await page.fill('#cpp-input', "What's the weather in Oslo?");
  await page.click('#cpp-send');
  const withTool = await message;
  assert.equal(await page.textContent('#cpp-tools-list'), 'get_weather({"city":"Oslo","unit":"celsius"})');
  assert.match(await page.textContent('#cpp-outcome'), /^state: completed · stop: tool_calls$/);
  assert.equal(await data(page, 'cpp-outcome', 'state'), 'completed');
  assert.deepEqual(
    withTool.tool_calls.map((call) => [call.name, JSON.parse(call.arguments)]),
    [['get_weather', { city: 'Oslo', unit: 'celsius' }]],
  );
  message = handed();
  await page.uncheck('#cpp-tools');
  await page.click('#cpp-send');
  const answer = await message;
  assert.equal(await page.textContent('#cpp-text'), answer.text);
  assert.match(answer.text, /café, 日本語, 🎉 included\.$/);
  assert.ok(Number(await data(page, 'cpp-text', 'tokens')) > 5);
  assert.equal(answer.stop_reason, 'stop');
  assert.deepEqual(problems, []);
  await page.close();
});

// Each provider's simulated API, read by its decoder: the same answer, its tool call, and how
// each says it stopped.
for (const [provider, answer, stop] of [
  ['anthropic', /^You asked: “Hi there”\. This answer streams/, 'end_turn'],
  ['gemini', /^You asked: “Hi there”\. This answer streams/, 'STOP'],
  ['ai.ui', /^You asked: “Hi there”\. This answer streams/, 'stop'],
]) {
  test(`the chat panel streams from ${provider}: text, then a tool call`, async () => {
    const { page, problems } = await open('?interval=0');
    await page.selectOption('#chat-provider', provider);
    await page.fill('#chat-input', 'Hi there');
    await page.click('#chat-send');
    await eventually(() => data(page, 'chat-outcome', 'state'), 10_000, 'the outcome');
    assert.match(await page.textContent('#chat-text'), answer);
    assert.match(await page.textContent('#chat-outcome'), new RegExp(`state: completed .* stop: ${stop}`));
    await page.evaluate(() => {
      delete document.getElementById('chat-outcome').dataset.state;
    });
    await page.fill('#chat-input', "What's the weather in Oslo?");
    await page.click('#chat-send');
    await eventually(() => data(page, 'chat-outcome', 'state'), 10_000, 'the outcome of the tool call');
    assert.match(await page.textContent('#chat-tools-list'), /^(get_weather|weather)\(\{"city":"Oslo","unit":"celsius"\}\)$/);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("the AI SDK panel: the SDK's chat over SseWasmChatTransport, under the page's policy", async () => {
  const { page, problems } = await open('?interval=0');
  await page.waitForFunction(() => !document.getElementById('ai-send').disabled, null, { timeout: 10_000 });
  await page.click('#ai-send');
  await eventually(() => data(page, 'ai-status', 'state'), 10_000, 'the chat to finish');
  assert.equal(await data(page, 'ai-status', 'state'), 'ready');
  const messages = await page.$$eval('#ai-messages li', (items) => items.map((li) => li.textContent));
  assert.deepEqual(messages, [
    "user: What's the weather in Oslo?",
    'assistant: weather({"city":"Oslo","unit":"celsius"}) → {"celsius":21,"sky":"clear"} · It is 21 °C and clear.',
  ]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Stop aborts the request on the server', async () => {
  const { page } = await open('?gate=stop&tag=stop&interval=0');
  await page.uncheck('#chat-tools');
  await page.click('#chat-send');
  await demo.release('stop');
  await eventually(async () => (await data(page, 'chat-text', 'tokens')) === '1', 10_000, 'the first token');
  await page.click('#chat-stop');
  await eventually(async () => (await demo.outcome('stop')) === 'disconnected', 10_000, 'the server to see the abort');
  await eventually(() => data(page, 'chat-outcome', 'state'), 10_000, 'the outcome');
  assert.equal(await data(page, 'chat-outcome', 'state'), 'aborted');
  await page.close();
});

test('the progress bar reaches 100%', async () => {
  const { page } = await open('?interval=0.05');
  await page.click('#progress-run');
  await eventually(() => data(page, 'progress-label', 'state'), 10_000, 'the end of the pipeline');
  assert.equal(await data(page, 'progress-label', 'state'), 'completed');
  assert.equal(await page.getAttribute('#progress-bar', 'value'), '100');
  assert.equal(await page.textContent('#progress-label'), '4/4 Complete (100%)');
  await page.close();
});

test('a cut connection resumes after the last event: every event once, in order', async () => {
  const { page } = await open('?interval=0.05&count=30');
  await page.click('#resilient-start');
  await eventually(async () => Number(await data(page, 'resilient-summary', 'received')) >= 5, 10_000, 'five events');
  await page.click('#resilient-cut');
  await eventually(async () => Number(await data(page, 'resilient-summary', 'reconnections')) >= 1, 10_000, 'a reconnection');
  await eventually(async () => (await data(page, 'resilient-summary', 'received')) === '30', 20_000, 'all 30 events');
  assert.equal(await data(page, 'resilient-summary', 'duplicates'), '0');
  assert.equal(await data(page, 'resilient-summary', 'inOrder'), 'true');
  await page.close();
});

test('a module worker parses and decodes off the main thread', async () => {
  const { page } = await open();
  await page.click('#worker-run');
  await eventually(() => data(page, 'worker-outcome', 'state'), 10_000, 'the worker');
  assert.equal(await data(page, 'worker-outcome', 'state'), 'completed');
  assert.match(await page.textContent('#worker-text'), /^You asked: .* included\.$/);
  assert.match(await page.textContent('#worker-outcome'), /stop: end_turn/);
  await page.close();
});

test('under script-src self and wasm-unsafe-eval, nothing logs an error or a violation', async () => {
  const { page, problems, response } = await open('?interval=0');
  assert.equal(response.headers()['content-security-policy'], "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
  await page.click('#chat-send');
  await page.click('#progress-run');
  await page.click('#worker-run');
  await page.click('#compare-form button');
  await page.click('#inspector-form button');
  await eventually(async () => (await data(page, 'chat-outcome', 'state')) && (await data(page, 'progress-label', 'state')), 10_000, 'chat and progress');
  await eventually(() => data(page, 'worker-outcome', 'state'), 10_000, 'the worker');
  await eventually(() => data(page, 'compare-verdict', 'same'), 15_000, 'the comparison');
  await eventually(async () => (await page.textContent('#inspector-timing')).startsWith('state:'), 10_000, 'the inspector');
  assert.equal(await data(page, 'compare-verdict', 'same'), 'true');
  assert.match(await page.textContent('#inspector-timing'), /^state: completed · first byte \d+ ms · first event \d+ ms/);
  assert.ok((await page.locator('#inspector-table tbody tr').count()) > 5);
  assert.deepEqual(problems, []);
  await page.close();
});
