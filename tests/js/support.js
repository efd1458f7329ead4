import { readFileSync, readdirSync } from 'node:fs';

export const fixturesDir = new URL('../fixtures/', import.meta.url);

/** Every shared fixture: its name, raw bytes, size limit and expected entries. */
export function loadFixtures() {
  return readdirSync(fixturesDir)
    .filter((name) => name.endsWith('.sse'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.sse'.length);
      const spec = JSON.parse(readFileSync(new URL(`${name}.json`, fixturesDir), 'utf8'));
      return {
        name,
        bytes: new Uint8Array(readFileSync(new URL(file, fixturesDir))),
        maxEventSize: spec.maxEventSize,
        expect: spec.expect,
      };
    });
}

/** Callbacks that record what a parser reports in the fixtures' notation. */
export function recorder(options = {}) {
  const entries = [];
  return {
    entries,
    callbacks: {
      ...options,
      onEvent: (e) => entries.push(['event', e.type, e.data, e.lastEventId]),
      onRetry: (ms) => entries.push(['retry', ms]),
      onComment: (text) => entries.push(['comment', text]),
      onError: (error) => entries.push(['error', error.type]),
    },
  };
}

/** Feeds `pieces` to a new parser made by `createParser` and returns what it reported. */
export function parseWith(createParser, pieces, options) {
  const { entries, callbacks } = recorder(options);
  const parser = createParser(callbacks);
  for (const piece of pieces) parser.feed(piece);
  parser.free();
  return entries;
}

/** ASCII and other strings in one chunk, which the module hands back in separate runs. */
export const interleaved = {
  stream: 'event: é\ndata: a\n\ndata: 日本\nid: x\n\nevent: t\ndata: 🎉b\nid: ü\n\n: ç\ndata: z\n\n',
  expect: [
    ['event', 'é', 'a', ''],
    ['event', 'message', '日本', 'x'],
    ['event', 't', '🎉b', 'ü'],
    ['comment', ' ç'],
    ['event', 'message', 'z', 'ü'],
  ],
};

/** The browser entry's module and every module it imports, as paths from the package root. */
export function entryModules(file = 'js/index.js', seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  for (const [, path] of source.matchAll(/from '\.\/([\w-]+\.js)'/g)) entryModules(`js/${path}`, seen);
  return seen;
}
