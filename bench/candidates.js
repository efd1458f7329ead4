// The parsers compared, each fed the same Uint8Array chunks and producing { type, data,
// lastEventId } strings for every event. Each returns a checksum of what it produced, so
// that the work cannot be skipped and the candidates can be checked against each other, and
// counts its events. Nothing else calls a parser: a second callback would make the parser's
// call site polymorphic, and slow it down as no single-callback stream ever is.
import { bestOf } from './rounds.js';

export function candidates({ sse, esp, fes }) {
  return [
    {
      name: 'sse-wasm',
      create() {
        let sum = 0;
        let events = 0;
        const parser = sse.createParser({
          onEvent: (e) => (events++, (sum += e.type.length + e.data.length + e.lastEventId.length + 1)),
        });
        return { feed: (chunk) => parser.feed(chunk), finish: () => (parser.free(), { sum, events }) };
      },
    },
    {
      name: 'eventsource-parser',
      create() {
        let sum = 0;
        let events = 0;
        let lastEventId = '';
        const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
        const parser = esp.createParser({
          onId: (id) => (lastEventId = id),
          onEvent: (e) => {
            const event = { type: e.event ?? 'message', data: e.data, lastEventId };
            events++;
            sum += event.type.length + event.data.length + event.lastEventId.length + 1;
          },
        });
        return {
          feed: (chunk) => parser.feed(decoder.decode(chunk, { stream: true })),
          finish: () => ({ sum, events }),
        };
      },
    },
    {
      name: 'fetch-event-source',
      create() {
        let sum = 0;
        let events = 0;
        let lastEventId = '';
        const onChunk = fes.getLines(
          fes.getMessages(
            (id) => (lastEventId = id),
            () => {},
            (m) => {
              const event = { type: m.event || 'message', data: m.data, lastEventId };
              events++;
              sum += event.type.length + event.data.length + event.lastEventId.length + 1;
            },
          ),
        );
        return { feed: onChunk, finish: () => ({ sum, events }) };
      },
    },
  ];
}

function once(candidate, chunks) {
  const parser = candidate.create();
  for (const chunk of chunks) parser.feed(chunk);
  return parser.finish();
}

export async function runAll({ sse, esp, fes, workloads, chunkings, now, log }) {
  const encoder = new TextEncoder();
  const results = [];
  const list = candidates({ sse, esp, fes });
  for (const workload of workloads) {
    const bytes = encoder.encode(workload.make());
    for (const chunking of chunkings) {
      const chunks = chunking.split(bytes);
      const size = chunks.reduce((n, c) => n + c.length, 0);
      const row = { workload: workload.name, chunking: chunking.name, bytes: size, cells: {} };
      const cells = await bestOf(
        list.map((candidate) => () => once(candidate, chunks)),
        { now, minimum: 1500, most: 20 },
      );
      list.forEach((candidate, index) => {
        const { sum, events } = cells[index].result;
        row.cells[candidate.name] = { ms: cells[index].ms, checksum: `${events}:${sum}`, events };
      });
      const { events } = row.cells['sse-wasm'];
      for (const cell of Object.values(row.cells)) {
        cell.mbps = size / 1e6 / (cell.ms / 1000);
        cell.eventsPerSecond = events / (cell.ms / 1000);
      }
      row.events = events;
      results.push(row);
      log?.(row);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  return results;
}
