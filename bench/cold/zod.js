// What JavaScript users do instead: eventsource-parser's stream, JSON.parse and a zod schema of
// the fields the typed decoder reads.
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { chatChunk as chunk } from '../chat-schema.js';

const controller = new AbortController();
const response = await fetch('/cold-stream', { signal: controller.signal });
const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
for await (const { data } of events) {
  window.coldFirst = chunk.parse(JSON.parse(data)).choices[0].delta.content;
  window.coldMs = performance.now() - window.coldStart;
  controller.abort();
  break;
}
