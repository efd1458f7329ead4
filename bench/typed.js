// npm run bench -- --typed [--browser [--allow-eval]]: typed decoding against JSON.parse with
// checks or zod (bench/typed-cases.js), in Node or in headless Chromium. Compiled shapes
// (init({ allowEval })) are on in Node, as by default there, and in Chromium with --allow-eval.
import { init } from 'sse-wasm';
import { runPage } from './chromium.js';
import { runTyped } from './typed-cases.js';

if (process.argv.includes('--browser')) {
  const page = process.argv.includes('--allow-eval') ? 'bench/typed.html?allowEval' : 'bench/typed.html';
  await runPage(page, (text, version) => {
    if (text === null) console.log(`\nheadless ${version}`);
    else console.log(text);
  });
} else {
  await init();
  await runTyped(`Node ${process.version}`, console.log);
}
