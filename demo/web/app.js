// The demo page: each panel uses the package as an application would. The page's own query
// (?tag=, ?gate=, ?interval=) is passed on to the chat's endpoint, so that tests can follow
// and hold the stream the page reads.
import { connect, EventSource, init, typedModule } from '/js/index.js';

const $ = (id) => document.getElementById(id);
const page = new URLSearchParams(location.search);

function item(list, text, className) {
  const li = document.createElement('li');
  li.textContent = text;
  if (className) li.className = className;
  list.append(li);
  return li;
}

function describeOutcome({ state, error, timing }) {
  const parts = [`state: ${state}`];
  if (error) parts.push(`${error.kind ?? error.name}: ${error.message}`);
  if (timing?.firstByte != null) parts.push(`first byte ${timing.firstByte.toFixed(0)} ms`);
  if (timing?.firstEvent != null) parts.push(`first event ${timing.firstEvent.toFixed(0)} ms`);
  if (timing) parts.push(`largest gap ${timing.largestGap.toFixed(0)} ms`);
  return parts.join(' · ');
}

function endpoint(path, extra = {}) {
  const url = new URL(path, location.href);
  for (const name of ['tag', 'gate', 'interval']) if (page.has(name)) url.searchParams.set(name, page.get(name));
  for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
  return url.pathname + url.search;
}

// The chat panel's providers: the request each one's API takes, and its decoder.
const providers = {
  openai: {
    path: '/v1/chat/completions',
    decode: 'openai.chat',
    body: (text, tools) => ({
      model: 'demo-1',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: text }],
      ...(tools && { tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }] }),
    }),
  },
  anthropic: {
    path: '/v1/messages',
    decode: 'anthropic',
    body: (text, tools) => ({
      model: 'demo-1',
      max_tokens: 1024,
      stream: true,
      messages: [{ role: 'user', content: text }],
      ...(tools && { tools: [{ name: 'get_weather', input_schema: { type: 'object' } }] }),
    }),
  },
  gemini: {
    path: '/v1beta/models/demo-1:streamGenerateContent',
    query: { alt: 'sse' },
    decode: 'gemini',
    body: (text, tools) => ({
      contents: [{ role: 'user', parts: [{ text }] }],
      ...(tools && { tools: [{ functionDeclarations: [{ name: 'get_weather', parameters: { type: 'object' } }] }] }),
    }),
  },
  'ai.ui': {
    path: '/api/chat',
    decode: 'ai.ui',
    body: (text, tools) => ({
      id: 'demo-chat',
      messages: [{ id: 'user-1', role: 'user', parts: [{ type: 'text', text }] }],
      trigger: 'submit-message',
      tools,
    }),
  },
};

// Chat: text as it arrives, tool calls as they assemble, Stop, and how it ended, from the
// message each decoder rebuilds, whichever the provider.
function chat() {
  let stop;
  $('chat-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const controller = new AbortController();
    stop = () => controller.abort();
    $('chat-send').disabled = true;
    $('chat-stop').disabled = false;
    $('chat-text').textContent = '';
    $('chat-tools-list').replaceChildren();
    $('chat-outcome').textContent = 'streaming…';
    const provider = providers[$('chat-provider').value];
    const body = provider.body($('chat-input').value, $('chat-tools').checked);
    const stream = connect(endpoint(provider.path, provider.query), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      decode: provider.decode,
      signal: controller.signal,
    });
    let shown = 0;
    try {
      for await (const { error } of stream) {
        if (error) {
          item($('chat-tools-list'), `decode error at ${error.path}: ${error.message}`, 'bad');
          continue;
        }
        const message = stream.snapshot();
        if (message.text !== $('chat-text').textContent) {
          $('chat-text').textContent = message.text;
          $('chat-text').dataset.tokens = String(++shown);
        }
        $('chat-tools-list').replaceChildren();
        for (const call of message.toolCalls) {
          const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
          item($('chat-tools-list'), `${call.name}(${args})`);
        }
      }
    } catch {
      // A failed stream's error is in its result too, shown below.
    }
    const outcome = await stream.result;
    const message = stream.snapshot();
    $('chat-outcome').textContent =
      describeOutcome(outcome) + (message?.stopReason ? ` · stop: ${message.stopReason}` : '') +
      (message?.usage?.outputTokens != null ? ` · ${message.usage.outputTokens} tokens` : '');
    $('chat-outcome').dataset.state = outcome.state;
    $('chat-send').disabled = false;
    $('chat-stop').disabled = true;
  });
  $('chat-stop').addEventListener('click', () => stop?.());
}

// Progress: a bar driven by typed progress events, decoded by a typed module of the demo's own
// (sse_add_typed_module in CMake), as a C++ user would build one for their schema.
let progressDecoder;

function progress() {
  $('progress-run').addEventListener('click', async () => {
    $('progress-run').disabled = true;
    $('progress-bar').value = 0;
    progressDecoder ??= typedModule({ url: '/dist/demo-progress.wasm' }).then((module) => module.decoder(1));
    const decode = await progressDecoder;
    const stream = connect(endpoint('/progress', { interval: page.get('interval') ?? '0.6' }), { decode });
    for await (const { payload } of stream) {
      if (!payload) continue;
      $('progress-bar').value = payload.percentage;
      $('progress-label').textContent = `${payload.step}/${payload.total} ${payload.message} (${payload.percentage}%)`;
    }
    const { state } = await stream.result;
    $('progress-label').dataset.state = state;
    $('progress-run').disabled = false;
  });
}

// Resume: the server cuts the connection on request; the client reconnects with
// Last-Event-ID and the server resumes after it. Every event must arrive once, in order.
function resilient() {
  let source;
  const tag = `resilient-${Math.random().toString(36).slice(2)}`;
  const count = Number(page.get('count') ?? 30);
  const seen = [];
  let reconnections = 0;
  const summary = () => {
    const duplicates = seen.length - new Set(seen).size;
    const inOrder = seen.every((id, i) => id === i);
    $('resilient-summary').textContent =
      `${seen.length} of ${count} events · reconnections: ${reconnections} · duplicates: ${duplicates} · ` +
      `${inOrder ? 'none missing, in order' : 'out of order or missing'}`;
    $('resilient-summary').className = `outcome ${duplicates === 0 && inOrder ? 'ok' : 'bad'}`;
    Object.assign($('resilient-summary').dataset, { received: seen.length, reconnections, duplicates, inOrder });
  };
  $('resilient-start').addEventListener('click', () => {
    source?.close();
    seen.length = 0;
    reconnections = 0;
    $('resilient-events').replaceChildren();
    const interval = page.get('interval') ?? '0.3';
    source = new EventSource(`/stream/resilient?count=${count}&interval=${interval}&retry=500&tag=${tag}`);
    source.onmessage = (event) => {
      seen.push(Number(event.lastEventId));
      item($('resilient-events'), `#${event.lastEventId} ${event.data}`);
      summary();
      if (seen.length === count) source.close();
    };
    source.onerror = () => {
      if (source.readyState === EventSource.CONNECTING) {
        reconnections++;
        item($('resilient-events'), '… connection lost, reconnecting with Last-Event-ID', 'muted');
        summary();
      }
    };
    $('resilient-cut').disabled = false;
    $('resilient-close').disabled = false;
  });
  $('resilient-cut').addEventListener('click', () => fetch(`/control/cut/${tag}`, { method: 'POST' }));
  $('resilient-close').addEventListener('click', () => source?.close());
}

// Inspector: any endpoint, its raw events and the time each arrived.
function inspector() {
  let current;
  $('inspector-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    current?.abort();
    const rows = $('inspector-table').tBodies[0];
    rows.replaceChildren();
    const method = $('inspector-method').value;
    const started = performance.now();
    let last = started;
    const stream = connect($('inspector-url').value, {
      method,
      headers: method === 'POST' ? { 'Content-Type': 'application/json' } : undefined,
      body: method === 'POST' ? $('inspector-body').value : undefined,
    });
    current = stream;
    $('inspector-timing').textContent = 'streaming…';
    try {
      for await (const e of stream) {
        const now = performance.now();
        const row = rows.insertRow();
        for (const text of [(now - started).toFixed(1), (now - last).toFixed(1), e.type, e.lastEventId, e.error ? `${e.error.name}: ${e.error.message}` : e.data]) {
          row.insertCell().textContent = text;
        }
        last = now;
      }
    } catch {
      // Shown from the result below.
    }
    $('inspector-timing').textContent = describeOutcome(await stream.result);
  });
}

// Side by side: both clients on one URL, each stopped at its first error, then compared.
function compare() {
  const observe = (Source, url, list) =>
    new Promise((resolve) => {
      const events = [];
      const states = [];
      const source = new Source(url);
      states.push(source.readyState);
      const record = (event) => {
        events.push({ type: event.type, data: event.data, lastEventId: event.lastEventId });
        item(list, `${event.type} #${event.lastEventId} ${JSON.stringify(event.data)}`);
      };
      for (const type of ['message', 'update', 'complete']) source.addEventListener(type, record);
      source.onopen = () => states.push(source.readyState);
      source.onerror = () => {
        states.push(source.readyState);
        source.close();
        states.push(source.readyState);
        resolve({ events, states });
      };
    });
  $('compare-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const url = $('compare-url').value;
    $('compare-ours').replaceChildren();
    $('compare-native').replaceChildren();
    $('compare-verdict').textContent = 'listening until the first error…';
    const [ours, native] = await Promise.all([
      observe(EventSource, url, $('compare-ours')),
      observe(globalThis.EventSource, url, $('compare-native')),
    ]);
    const same = JSON.stringify(ours) === JSON.stringify(native);
    $('compare-verdict').textContent = same
      ? `identical: ${ours.events.length} events, readyState ${ours.states.join('→')}`
      : `different: ours ${ours.events.length} events (${ours.states.join('→')}), native ${native.events.length} (${native.states.join('→')})`;
    $('compare-verdict').className = `outcome ${same ? 'ok' : 'bad'}`;
    $('compare-verdict').dataset.same = String(same);
  });
}

// Worker: the same package in a module worker; the page only shows what it posts back.
function worker() {
  $('worker-run').addEventListener('click', () => {
    $('worker-text').textContent = '';
    const thread = new Worker('/web/worker.js', { type: 'module' });
    thread.onmessage = ({ data }) => {
      if (data.text !== undefined) $('worker-text').textContent += data.text;
      if (data.outcome) {
        $('worker-outcome').textContent = `${describeOutcome(data.outcome)} · stop: ${data.message?.stopReason}`;
        $('worker-outcome').dataset.state = data.outcome.state;
        thread.terminate();
      }
    };
    thread.postMessage({ question: $('chat-input').value });
  });
}

chat();
progress();
resilient();
inspector();
compare();
worker();
init().then(
  () => ($('status').textContent = 'WebAssembly module loaded.'),
  (error) => ($('status').textContent = `The WebAssembly module could not be loaded: ${error.message}`),
);
