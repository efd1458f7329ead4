// The benchmark's streams and chunkings, made the same way in Node and in the browser.

/** mulberry32: a small seeded generator that gives the same numbers on every machine. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tokens = ['Hello', ' world', ',', ' the', ' model', ' says', ' café', ' 日本語', ' 🎉', '\n', ' "quoted"', ' and', ' more'];

function openai(lineEnd) {
  const next = random(1);
  const parts = [];
  for (let i = 0; i < 20_000; i++) {
    const content = JSON.stringify(tokens[Math.floor(next() * tokens.length)]);
    parts.push(
      `data: {"id":"chatcmpl-9x8y7z","object":"chat.completion.chunk","created":1732000000,` +
        `"model":"gpt-4o-mini","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,` +
        `"delta":{"content":${content}},"logprobs":null,"finish_reason":null}]}${lineEnd}${lineEnd}`,
    );
  }
  parts.push(`data: [DONE]${lineEnd}${lineEnd}`);
  return parts.join('');
}

function anthropic() {
  const next = random(2);
  const parts = [
    'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4","stop_reason":null,"usage":{"input_tokens":25,"output_tokens":1}}}\n\n',
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
  ];
  for (let i = 0; i < 20_000; i++) {
    if (i % 500 === 0) parts.push('event: ping\ndata: {"type": "ping"}\n\n');
    const text = JSON.stringify(tokens[Math.floor(next() * tokens.length)]);
    parts.push(
      `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${text}}}\n\n`,
    );
  }
  parts.push('event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n');
  parts.push('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  return parts.join('');
}

function tiny() {
  const parts = [];
  for (let i = 0; i < 200_000; i++) parts.push(`data: ${i % 10}\n\n`);
  return parts.join('');
}

function large() {
  const line = 'x'.repeat(64 * 1024 - 7);
  const parts = [];
  for (let i = 0; i < 200; i++) parts.push(`data: ${line}\n\n`);
  return parts.join('');
}

export const workloads = [
  { name: 'openai', make: () => openai('\n') },
  { name: 'anthropic', make: anthropic },
  { name: 'tiny', make: tiny },
  { name: '64k', make: large },
  { name: 'openai-crlf', make: () => openai('\r\n') },
];

// One-byte and random small pieces take the longest per byte; a prefix of the stream keeps
// those cells short without changing what they measure.
const SMALL_PIECES_BYTES = 1_000_000;

function pieces(bytes, sizeOf) {
  const chunks = [];
  for (let at = 0; at < bytes.length; ) {
    const size = sizeOf();
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

export const chunkings = [
  { name: 'whole', split: (bytes) => [bytes] },
  { name: '16KiB', split: (bytes) => pieces(bytes, () => 16 * 1024) },
  { name: '1KiB', split: (bytes) => pieces(bytes, () => 1024) },
  {
    name: 'rand1-100',
    split: (bytes) => {
      const next = random(3);
      return pieces(bytes.subarray(0, SMALL_PIECES_BYTES), () => 1 + Math.floor(next() * 100));
    },
  },
  { name: '1B', split: (bytes) => pieces(bytes.subarray(0, SMALL_PIECES_BYTES), () => 1) },
];
