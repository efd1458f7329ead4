import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * Packs the package and installs the tarball into a new empty folder, as a user would.
 * Returns { folder, tarball, files } (the tarball's file list); remove the folder when done.
 */
export function packAndInstall() {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const folder = mkdtempSync(join(tmpdir(), 'sse-wasm-pack-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: root, encoding: 'utf8' }));
  const tarball = join(folder, packed[0].filename);
  writeFileSync(join(folder, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: folder, stdio: 'ignore' });
  return { folder, tarball, files: packed[0].files.map((f) => f.path) };
}
