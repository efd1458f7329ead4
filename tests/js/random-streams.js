// The random streams of the differential tests: lines of every field, valid and invalid
// retries, comments, every line end, and UTF-8 that is valid, invalid or split. `next` is a
// seeded random function (bench/workloads.js).

const encoder = new TextEncoder();
const pieces = [
  'a', 'hello', ' ', '  ', ':', ': ', 'x:y', '{"k":1}', 'é', '日本', '🎉', '\u2028', '\t',
  [0xff], [0xc0, 0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0x00],
  [0xef, 0xbb, 0xbf], [0xf4, 0x90, 0x80, 0x80],
];
const fieldNames = ['data', 'data', 'data', 'event', 'id', 'retry', 'DATA', 'foo', ' data', 'data ', ''];

/** A random stream of fields, comments, retries and blank lines, with bytes of every kind. */
export function streamFrom(next) {
  const pick = (list) => list[Math.floor(next() * list.length)];
  const bytes = [];
  const push = (part) => bytes.push(...(typeof part === 'string' ? encoder.encode(part) : part));
  const value = () => {
    const parts = [];
    const count = Math.floor(next() * 4);
    for (let i = 0; i < count; i++) parts.push(pick(pieces));
    return parts;
  };
  if (next() < 0.3) push([0xef, 0xbb, 0xbf]);
  const lines = 1 + Math.floor(next() * 30);
  for (let i = 0; i < lines; i++) {
    const roll = next();
    if (roll < 0.2) {
      // blank line: dispatch
    } else if (roll < 0.3) {
      push(':');
      value().forEach(push);
    } else if (roll < 0.4) {
      push('retry');
      push(pick([':', ': ', ':  ']));
      push(pick(['0', '10', '3000', '007', '123456789012345', '', '1.5', '-1', '12abc', ' 5']));
    } else {
      push(pick(fieldNames));
      const separator = next();
      if (separator < 0.8) push(separator < 0.5 ? ': ' : ':');
      value().forEach(push);
    }
    push(pick(['\n', '\n', '\r\n', '\r']));
  }
  return new Uint8Array(bytes);
}

/** `bytes` whole, one byte at a time, or in random pieces of up to 10 or 100 bytes. */
export function chunksOf(bytes, next) {
  const mode = Math.floor(next() * 4);
  if (mode === 0) return [bytes];
  const chunks = [];
  for (let at = 0; at < bytes.length; ) {
    const size = mode === 1 ? 1 : mode === 2 ? 1 + Math.floor(next() * 10) : 1 + Math.floor(next() * 100);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}
