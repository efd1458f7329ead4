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
