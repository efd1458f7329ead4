// npm run bench -- --typed [--browser]: typed decoding against JSON.parse with checks or zod
// (bench/typed-cases.js), in Node or in headless Chromium.
import { init } from 'sse-wasm';
import { runPage } from './chromium.js';
import { runTyped } from './typed-cases.js';

if (process.argv.includes('--browser')) {
  await runPage('bench/typed.html', (text, version) => {
    if (text === null) console.log(`\nheadless ${version}`);
    else console.log(text);
  });
} else {
  await init();
  await runTyped(`Node ${process.version}`, console.log);
}
