// The package in another runtime (Bun, Deno), installed from its tarball. tests/js/runtimes.test.js
// runs this file there, with SSE_URL (its local server) and SSE_FIXTURES (tests/fixtures) in
// the environment, and checks the one JSON line it prints.
import { readdirSync, readFileSync } from 'node:fs';
import process from 'node:process';
import { connect, createParser, EventSource, init } from 'sse-wasm';
import { EventSourceParserStream } from 'sse-wasm/stream';

const { SSE_URL: url, SSE_FIXTURES: fixturesDir } = process.env;

function parse(pieces, maxEventSize) {
  const entries = [];
  const parser = createParser({
    onEvent: (e) => entries.push(['event', e.type, e.data, e.lastEventId]),
    onRetry: (ms) => entries.push(['retry', ms]),
    onComment: (text) => entries.push(['comment', text]),
    onError: (error) => entries.push(['error', error.type]),
    maxEventSize,
  });
  for (const piece of pieces) parser.feed(piece);
  parser.free();
  return entries;
}

// Each fixture whole, and whether every split in two gives the same.
function fixtures() {
  const results = {};
  for (const file of readdirSync(fixturesDir).filter((name) => name.endsWith('.sse'))) {
    const name = file.slice(0, -4);
    const bytes = new Uint8Array(readFileSync(`${fixturesDir}/${file}`));
    const { maxEventSize } = JSON.parse(readFileSync(`${fixturesDir}/${name}.json`, 'utf8'));
    const whole = parse([bytes], maxEventSize);
    let splitsAgree = true;
    for (let at = 0; at <= bytes.length; at++) {
      const split = parse([bytes.subarray(0, at), bytes.subarray(at)], maxEventSize);
      splitsAgree &&= JSON.stringify(split) === JSON.stringify(whole);
    }
    results[name] = { whole, splitsAgree };
  }
  return results;
}

// The spec's reconnection: the server ends the first response, and the next request carries
// Last-Event-ID.
function eventSource() {
  return new Promise((resolve, reject) => {
    const seen = [];
    const source = new EventSource(`${url}/events`);
    const timer = setTimeout(() => reject(new Error(`EventSource: ${JSON.stringify(seen)}`)), 5000);
    source.onopen = () => seen.push(['open', source.readyState]);
    source.addEventListener('tick', (e) => seen.push(['tick', e.data, e.lastEventId]));
    source.onerror = (e) => seen.push(['error', source.readyState, e.error.kind, e.delayMs]);
    source.onmessage = (e) => {
      seen.push(['message', e.data, e.lastEventId]);
      clearTimeout(timer);
      source.close();
      resolve(seen);
    };
  });
}

async function typed() {
  const stream = connect(`${url}/chat`, { method: 'POST', body: '{}', decode: 'openai.chat' });
  const tokens = [];
  for await (const token of stream.text()) tokens.push(token);
  return { tokens, message: await stream.message(), state: (await stream.result).state };
}

async function stream() {
  const response = await fetch(`${url}/events`);
  const events = [];
  for await (const event of response.body.pipeThrough(new EventSourceParserStream())) events.push(event);
  return events;
}

// The stream first: it needs no init().
const streamed = await stream();
await init();
const result = { stream: streamed, fixtures: fixtures(), eventSource: await eventSource(), typed: await typed() };
console.log(JSON.stringify(result));
