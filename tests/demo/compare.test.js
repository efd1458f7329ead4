// This package's EventSource and the browser's own, in one Chromium page, on every GET
// endpoint of the seeds (bounded with ?count=), each observation stopped at its first error:
// the same events (type, data, lastEventId) and the same readyState transitions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium, startDemo } from './demo.js';

let demo;
let browser;
let page;

before(async () => {
  demo = await startDemo();
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${demo.base}/reference`);
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

// Runs in the page: both clients on `url`, listening to `types`, until their first error.
function observeBoth([url, types]) {
  const observe = (Source) =>
    new Promise((resolve, reject) => {
      const events = [];
      const states = [];
      const source = new Source(url);
      const timer = setTimeout(() => reject(new Error(`no error event within 15 s: ${JSON.stringify(events)}`)), 15_000);
      states.push(source.readyState);
      for (const type of types) {
        source.addEventListener(type, (e) => events.push({ type: e.type, data: e.data, lastEventId: e.lastEventId }));
      }
      source.onopen = () => states.push(source.readyState);
      source.onerror = () => {
        states.push(source.readyState);
        source.close();
        states.push(source.readyState);
        clearTimeout(timer);
        resolve({ events, states });
      };
    });
  return import('/js/index.js').then(async ({ EventSource }) => ({
    ours: await observe(EventSource),
    native: await observe(globalThis.EventSource),
  }));
}

const endpoints = [
  ['/echo?sent=h%C3%A9llo%20%E4%BD%A0%F0%9F%8E%89&interval=0', ['message']],
  ['/echo?count=3&interval=0', ['message']],
  ['/sse?count=4&interval=0', ['message']],
  ['/stream?interval=0', ['update', 'complete']],
  ['/stream?count=2&interval=0', ['update', 'complete']],
  ['/progress?count=6&interval=0', ['progress']],
  ['/stream/resilient?count=4&interval=0&retry=100', ['message']],
  ['/events?count=5&interval=0', ['message']],
  // A connection cut in the middle of the second event. The stall lets the first one arrive
  // before the cut: Chromium's fetch() may drop bytes that arrive with the error itself.
  ['/sse?count=3&interval=0&stall=0.2&drop_after=25', ['message']],
];

for (const [url, types] of endpoints) {
  test(`the same events and readyStates on ${url}`, async () => {
    const { ours, native } = await page.evaluate(observeBoth, [url, types]);
    const expected = new URLSearchParams(url.split('?')[1]).get('count');
    // /stream adds its complete event; a cut stream stops early.
    if (expected !== null && !url.startsWith('/stream?') && !url.includes('drop_after')) assert.equal(native.events.length, Number(expected));
    assert.ok(native.events.length > 0, 'the native client saw events');
    assert.deepEqual(ours, native);
    assert.deepEqual(ours.states, [0, 1, 0, 2]);
  });
}
