// A module worker: it streams an Anthropic-style answer, parsed and decoded by the package
// here, off the main thread, and posts each text delta and the outcome to the page.
import { connect } from '/js/index.js';

self.onmessage = async ({ data }) => {
  const stream = connect('/v1/messages?interval=0.02', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'demo-1', messages: [{ role: 'user', content: data.question }] }),
    decode: 'anthropic',
  });
  try {
    for await (const text of stream.text()) self.postMessage({ text });
  } catch {
    // The outcome carries the error.
  }
  const { state, error, timing } = await stream.result;
  self.postMessage({
    outcome: { state, timing, error: error && { kind: error.kind, message: error.message } },
    message: stream.snapshot(),
  });
};
