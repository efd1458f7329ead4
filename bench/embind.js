// npm run bench -- --embind: what a payload costs on its way to JavaScript as an object, per
// event of the OpenAI workload, in Node: the package's typed module (decoded in WebAssembly,
// written as a tape, made into objects by js/tape.js) against a program's Embind function that
// decodes the same data and returns the struct through sse::embind (val's setters, one call per
// property), linked by default (invokers made with `new Function`) and with
// -sDYNAMIC_EXECUTION=0 (the invokers a strict CSP allows, which walk their types per call).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { connect } from 'sse-wasm';
import { bestOf } from './rounds.js';
import { workloads } from './workloads.js';

const require = createRequire(import.meta.url);
const built = (name) => fileURLToPath(new URL(`../build/wasm/${name}.js`, import.meta.url));
const loose = await require(built('embind_test'))();
const strict = await require(built('embind_test_strict'))();

const text = workloads.find((w) => w.name === 'openai').make();
const datas = text
  .split('\n\n')
  .filter((block) => block.startsWith('data: {'))
  .map((block) => block.slice(6));
const body = new TextEncoder().encode(text);

const viaEmbind = (m) => () => {
  let content = 0;
  for (const data of datas) content += m.openai_chat('message', data).choices[0].delta.content.length;
  return content;
};
const viaTape = async () => {
  let content = 0;
  const response = new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
  for await (const event of connect(response, { decode: 'openai.chat' })) content += event.payload.choices[0].delta.content.length;
  return content;
};

const names = ['connect() (tape)', 'Embind, default', 'Embind, DYNAMIC_EXECUTION=0'];
const cells = await bestOf([viaTape, viaEmbind(loose), viaEmbind(strict)], { minimum: 6000, most: 10 });
const lengths = new Set(cells.map((cell) => cell.result));
if (lengths.size !== 1) throw new Error(`the candidates read different text: ${[...lengths]}`);
const perEvent = cells.map((cell) => (cell.ms * 1000) / datas.length);
// The invokers alone: a call of two Numbers that returns their sum.
const calls = 1_000_000;
const call = (m) => () => {
  let total = 0;
  for (let i = 0; i < calls; i++) total = m.sum(total, 1);
  return total;
};
const [fast, slow] = (await bestOf([call(loose), call(strict)], { minimum: 4000, most: 10 })).map((cell) => (cell.ms * 1e6) / calls);
console.log(`\nAn Embind call of (double, double) → double: ${fast.toFixed(0)} ns by default, ${slow.toFixed(0)} ns with -sDYNAMIC_EXECUTION=0 (×${(slow / fast).toFixed(1)})`);
console.log(`\nPayloads to JavaScript objects, ${datas.length} OpenAI chat chunks, Node ${process.versions.node}; µs per event (best of interleaved runs)`);
names.forEach((name, i) => console.log(`${name.padEnd(30)} ${perEvent[i].toFixed(2).padStart(7)} µs   ×${(perEvent[i] / perEvent[0]).toFixed(2)} the tape's`));
