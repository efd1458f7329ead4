// The package: the core and the openai.chat module, fetched and compiled on the first decode.
import { connect } from 'sse-wasm';

const stream = connect('/cold-stream', { decode: 'openai.chat' });
for await (const { payload } of stream) {
  if (!payload) continue;
  window.coldFirst = payload.choices[0].delta.content;
  window.coldMs = performance.now() - window.coldStart;
  stream.abort();
  break;
}
