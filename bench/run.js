// npm run bench [-- --browser]: every parser on every workload and chunking, in one process,
// printed with the ratio of sse-wasm to eventsource-parser (above 1 means sse-wasm is faster).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esp from 'eventsource-parser';
import * as sse from 'sse-wasm';
import { runAll } from './candidates.js';
import { runPage } from './chromium.js';
import { chunkings, workloads } from './workloads.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const browser = process.argv.includes('--browser');
// --only tiny,64k: just those workloads, for a quicker look at a few cells.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? '' : process.argv[onlyAt + 1];
const chosen = only ? workloads.filter((w) => only.split(',').includes(w.name)) : workloads;

function header(where) {
  console.log(`\nsse-wasm parser benchmark, ${where}; MB/s (best of repeated runs), ratio = sse-wasm / other`);
  console.log(
    'workload     chunking    events     MB   sse-wasm  ev-parser  fetch-es   ×ev-parser  ×fetch-es',
  );
}

function line(row) {
  const c = row.cells;
  const ours = c['sse-wasm'].mbps;
  const fmt = (n, w) => n.toFixed(1).padStart(w);
  const mismatch = Object.values(c).some((cell) => cell.checksum !== c['sse-wasm'].checksum);
  console.log(
    `${row.workload.padEnd(12)} ${row.chunking.padEnd(10)} ${String(row.events).padStart(7)} ` +
      `${(row.bytes / 1e6).toFixed(1).padStart(6)} ${fmt(ours, 10)} ${fmt(c['eventsource-parser'].mbps, 10)} ` +
      `${fmt(c['fetch-event-source'].mbps, 9)} ${fmt(ours / c['eventsource-parser'].mbps, 12)} ` +
      `${fmt(ours / c['fetch-event-source'].mbps, 10)}${mismatch ? '  (outputs differ)' : ''}`,
  );
}

// fetch-event-source ships its ES modules without "type": "module", which Node would load as
// CommonJS; its parser has no imports, so it loads as a module from its source text.
async function loadFetchEventSource() {
  const source = await readFile(join(root, 'node_modules/@microsoft/fetch-event-source/lib/esm/parse.js'), 'utf8');
  return import(`data:text/javascript,${encodeURIComponent(source)}`);
}

function idleMemory() {
  if (typeof globalThis.gc !== 'function') return;
  const count = 1000;
  const heap = () => {
    globalThis.gc();
    globalThis.gc();
    return process.memoryUsage().heapUsed;
  };
  console.log(`\nmemory per idle parser (${count} instances, JS heap + WebAssembly memory growth)`);
  const report = (name, make, wasmBytes) => {
    const keep = [];
    const wasmBefore = wasmBytes();
    const before = heap();
    for (let i = 0; i < count; i++) keep.push(make());
    const after = heap();
    const grown = wasmBytes() - wasmBefore;
    console.log(`${name.padEnd(20)} ${((after - before + grown) / count).toFixed(0).padStart(6)} bytes`);
    return keep;
  };
  return { report };
}

async function inNode() {
  await sse.init();
  const fes = await loadFetchEventSource();
  header(`Node ${process.version}`);
  await runAll({ sse, esp, fes, workloads: chosen, chunkings, now: () => performance.now(), log: line });
  const memory = idleMemory();
  if (memory) {
    const { loadedCore } = await import('../js/wasm.js');
    const wasm = () => loadedCore().memory.buffer.byteLength;
    const none = () => 0;
    // Each parser is fed a first small chunk, as a live connection would have been.
    const warm = (parser) => (parser.feed('data: x\n\n'), parser);
    memory.report('sse-wasm', () => warm(sse.createParser({ onEvent() {} })), wasm);
    memory.report('eventsource-parser', () => warm(esp.createParser({ onEvent() {} })), none);
    memory.report('fetch-event-source', () => {
      const onChunk = fes.getLines(fes.getMessages(() => {}, () => {}, () => {}));
      onChunk(new TextEncoder().encode('data: x\n\n'));
      return onChunk;
    }, none);
  }
}

async function inChromium() {
  await runPage(`bench/page.html${only ? `?only=${only}` : ''}`, (text, version) => {
    if (text === null) header(`headless ${version}`);
    else if (text.startsWith('{')) line(JSON.parse(text));
    else console.log(text);
  });
}

await (browser ? inChromium() : inNode());
