// One cold start, in a fresh browser context: ms from the first import to the first decoded
// event of an OpenAI chat stream, for the candidate the query names. bench/cold.js runs it.
const candidate = new URLSearchParams(location.search).get('candidate');
const url = '/bench/cold-stream';

const candidates = {
  // The package: the core and the openai.chat module, loaded on the first decode.
  async 'sse-wasm'() {
    const { connect } = await import('sse-wasm');
    const stream = connect(url, { decode: 'openai.chat' });
    for await (const { payload } of stream) {
      if (payload) {
        stream.abort();
        return payload.choices[0].delta.content;
      }
    }
  },
  // What JavaScript users do instead: eventsource-parser's stream, JSON.parse and a zod schema
  // of the fields the typed decoder reads.
  async zod() {
    const [{ z }, { EventSourceParserStream }] = await Promise.all([import('zod'), import('eventsource-parser/stream')]);
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
    const response = await fetch(url, { signal: controller.signal });
    const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
    for await (const { data } of events) {
      const payload = chunk.parse(JSON.parse(data));
      controller.abort();
      return payload.choices[0].delta.content;
    }
  },
};

const start = performance.now();
const first = await candidates[candidate]();
window.coldMs = performance.now() - start;
window.coldFirst = first;
