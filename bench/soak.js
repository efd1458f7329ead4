// npm run bench -- --soak: long lives and many streams. A server in its own process
// (bench/soak-server.js) feeds this one:
//   1. one stream of 1,000,000 events through EventSource and through connect(): the module's
//      memory and the JS heap (after a full GC) every 100,000 events;
//   2. 1,000 idle streams open at once (connect(), EventSource) against 1,000 bare fetch()
//      readers: the JS heap and module memory each costs;
//   3. 10,000 open/close cycles: the module's live handles and memory after them;
//   4. in headless Chromium, 200 EventSources and 200 connect() streams over 40 origins;
//   5. WebAssembly memory never shrinks: the module's memory after one 16 MiB event.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { connect, createParser, EventSource, init } from 'sse-wasm';
import { loadedCore } from '../js/wasm.js';
import { runPage } from './chromium.js';

if (typeof gc !== 'function') throw new Error('run with node --expose-gc');

const MILLION = Number(process.env.SOAK_EVENTS ?? 1_000_000);
const IDLE = 1000;
const CYCLES = 10_000;
const KiB = 1024;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const server = spawn(process.execPath, ['bench/soak-server.js', '40'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = await once(createInterface({ input: server.stdout }), 'line');
const ports = JSON.parse(line);
const base = `http://127.0.0.1:${ports[0]}`;

await init();
const core = () => loadedCore();

/** The JS heap in use after full collections, in bytes. */
async function heap() {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(10);
  }
  return process.memoryUsage().heapUsed;
}

const kib = (bytes) => (bytes / KiB).toFixed(1);

// 1. One long stream. The row at each 100,000 events is taken inside the event handler, with
// the stream still flowing: the heap then holds what the reading holds.
async function million(name, open) {
  const rows = [];
  let count = 0;
  let checkAt = 100_000;
  const start = performance.now();
  await open(async (id) => {
    count++;
    if (count !== checkAt) return;
    checkAt += 100_000;
    gc();
    rows.push([count, core().memory.buffer.byteLength, process.memoryUsage().heapUsed, id]);
  });
  const seconds = (performance.now() - start) / 1000;
  console.log(`\n${name}: ${count.toLocaleString('en')} events in ${seconds.toFixed(1)} s (${Math.round(count / seconds).toLocaleString('en')} events/s)`);
  console.log('  events     module KiB   JS heap KiB   last id');
  for (const [n, module, js, id] of rows) {
    console.log(`  ${String(n).padStart(9)}  ${kib(module).padStart(11)}  ${kib(js).padStart(12)}   ${id}`);
  }
  const warm = rows[0];
  const last = rows.at(-1);
  console.log(`  after warm-up (100,000 → ${last[0].toLocaleString('en')}): module ${kib(last[1] - warm[1])} KiB, JS heap ${kib(last[2] - warm[2])} KiB`);
}

await million('EventSource', (onEvent) =>
  new Promise((resolve) => {
    const source = new EventSource(`${base}/stream?n=${MILLION}`);
    let seen = 0;
    const take = (e) => {
      onEvent(e.lastEventId);
      if (++seen === MILLION) {
        source.close();
        resolve();
      }
    };
    source.onmessage = take;
    source.addEventListener('update', take);
  }),
);

await million('connect()', async (onEvent) => {
  const stream = connect(`${base}/stream?n=${MILLION}`);
  for await (const event of stream) onEvent(event.lastEventId);
});

// 2. Idle streams: each opened, its first event read, then left waiting for the next.
async function idle(name, open) {
  const before = await heap();
  const moduleBefore = core().memory.buffer.byteLength;
  const closers = [];
  for (let i = 0; i < IDLE; i += 100) {
    closers.push(...(await Promise.all(Array.from({ length: 100 }, () => open(`${base}/idle`)))));
  }
  const after = await heap();
  const grown = core().memory.buffer.byteLength - moduleBefore;
  for (const close of closers) close();
  await sleep(200);
  return { name, js: (after - before) / IDLE, module: grown / IDLE };
}

const idleKinds = {
  'bare fetch() reader': async (url) => {
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    const reader = response.body.getReader();
    await reader.read();
    reader.read().catch(() => {});
    return () => controller.abort();
  },
  'connect(), iterated': async (url) => {
    const stream = connect(url);
    const events = stream[Symbol.asyncIterator]();
    await events.next();
    events.next().catch(() => {});
    return () => stream.abort();
  },
  EventSource: async (url) => {
    const source = new EventSource(url);
    await new Promise((resolve) => {
      source.onmessage = resolve;
    });
    return () => source.close();
  },
};
// A first round of each kind, so that none pays what the first of all pays; then each kind
// twice, taking turns, and the lower of its two.
for (const [name, open] of Object.entries(idleKinds)) await idle(name, open);
const idleRows = Object.keys(idleKinds).map((name) => ({ name, js: Infinity, module: 0 }));
for (let round = 0; round < 2; round++) {
  for (const [i, [name, open]] of Object.entries(idleKinds).entries()) {
    const row = await idle(name, open);
    if (row.js < idleRows[i].js) idleRows[i] = row;
  }
}
const bare = idleRows[0];
console.log(`\n${IDLE.toLocaleString('en')} idle streams at once in Node ${process.version} (server in another process; the lower of two turns)`);
console.log('  per stream                JS heap KiB   module KiB   beyond a bare fetch() reader');
for (const row of idleRows) {
  const beyond = row === bare ? '' : `${kib(row.js + row.module - bare.js).padStart(8)} KiB`;
  console.log(`  ${row.name.padEnd(24)} ${kib(row.js).padStart(12)}  ${kib(row.module).padStart(11)}   ${beyond}`);
}

// 3. Cycles: each stream opened, its first event read, then ended, a hundred at a time.
{
  const handlesBefore = core().exports.sse_live_handles();
  const moduleBefore = core().memory.buffer.byteLength;
  const heapBefore = await heap();
  const start = performance.now();
  for (let i = 0; i < CYCLES; i += 100) {
    await Promise.all(
      Array.from({ length: 100 }, async (_, j) => {
        if (j % 2 === 0) {
          const source = new EventSource(`${base}/idle`);
          await new Promise((resolve) => {
            source.onmessage = resolve;
          });
          source.close();
        } else {
          for await (const event of connect(`${base}/idle`)) if (event.data === 'ready') break;
        }
      }),
    );
  }
  const seconds = (performance.now() - start) / 1000;
  await sleep(200);
  const heapAfter = await heap();
  console.log(`\n${CYCLES.toLocaleString('en')} open/close cycles (EventSource close(), connect() break) in ${seconds.toFixed(1)} s`);
  console.log(`  live handles ${handlesBefore} → ${core().exports.sse_live_handles()}, module memory ${kib(moduleBefore)} → ${kib(core().memory.buffer.byteLength)} KiB, JS heap ${kib(heapBefore)} → ${kib(heapAfter)} KiB`);
}

// 4. Chromium: 200 EventSources and 200 connect() streams over 40 origins (ports).
await runPage(
  `bench/soak.html?ports=${ports.join(',')}`,
  (text, version) => console.log(text ?? `\nheadless ${version}, one page:`),
  undefined,
  ['--enable-precise-memory-info', '--js-flags=--expose-gc'],
);

// 5. An event as large as maxEventSize allows (16 MiB by default) grows the module's memory to
// hold it, and WebAssembly memory never shrinks; a lower maxEventSize drops the event instead.
for (const maxEventSize of [KiB * KiB, 16 * KiB * KiB]) {
  const before = core().memory.buffer.byteLength;
  const seen = [];
  const parser = createParser({ maxEventSize, onEvent: (e) => seen.push(e.data.length), onError: (e) => seen.push(e.type) });
  const piece = new Uint8Array(64 * KiB).fill(0x78);
  parser.feed('data: ');
  for (let i = 0; i < 16 * KiB * KiB - 16; i += piece.length) parser.feed(piece.subarray(0, Math.min(piece.length, 16 * KiB * KiB - 16 - i)));
  parser.feed('\n\n');
  parser.free();
  const after = core().memory.buffer.byteLength;
  console.log(`\none event of 16 MiB, maxEventSize ${maxEventSize / KiB / KiB} MiB (${seen.join(', ')}): module memory ${kib(before)} → ${kib(after)} KiB, kept after free()`);
}

server.kill();
