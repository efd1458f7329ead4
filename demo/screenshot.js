// node demo/screenshot.js FILE: starts the demo server, runs each panel of the page once in
// headless Chromium, and saves a picture of the page to FILE (README's docs/demo.png).
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { eventually, launchChromium, startDemo } from '../tests/demo/demo.js';

const file = resolve(process.argv[2] ?? 'docs/demo.png');
const demo = await startDemo();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${demo.base}/?interval=0.05&count=24`);
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('loaded'));
  const state = (id, name = 'state') => page.evaluate(([id, name]) => document.getElementById(id).dataset[name], [id, name]);
  await page.click('#chat-send');
  await page.click('#progress-run');
  await page.click('#resilient-start');
  await page.click('#compare-form button');
  await page.click('#inspector-form button');
  await page.click('#worker-run');
  await eventually(() => state('chat-outcome'), 10_000, 'the chat');
  await eventually(() => state('progress-label'), 10_000, 'the progress bar');
  await eventually(async () => Number(await state('resilient-summary', 'received')) >= 4, 10_000, 'the resilient stream');
  await page.click('#resilient-cut');
  await eventually(async () => (await state('resilient-summary', 'received')) === '24', 20_000, 'the resumed stream');
  await eventually(() => state('compare-verdict', 'same'), 15_000, 'the comparison');
  await eventually(() => state('worker-outcome'), 10_000, 'the worker');
  await eventually(async () => (await page.textContent('#inspector-timing')).startsWith('state:'), 10_000, 'the inspector');
  await mkdir(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  console.log(`wrote ${file}`);
} finally {
  await browser.close();
  await demo.stop();
}
