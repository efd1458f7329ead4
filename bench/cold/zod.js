// What JavaScript users do instead: eventsource-parser's stream, JSON.parse and a zod schema of
// the fields the typed decoder reads.
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { z } from 'zod';

const chunk = z.object({
  id: z.string(),
  object: z.string().optional(),
  created: z.number().int().optional(),
  model: z.string().optional(),
  system_fingerprint: z.string().nullish(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({ role: z.string().nullish(), content: z.string().nullish(), refusal: z.string().nullish() }),
      finish_reason: z.string().nullish(),
    }),
  ),
});

const controller = new AbortController();
const response = await fetch('/cold-stream', { signal: controller.signal });
const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
for await (const { data } of events) {
  window.coldFirst = chunk.parse(JSON.parse(data)).choices[0].delta.content;
  window.coldMs = performance.now() - window.coldStart;
  controller.abort();
  break;
}
