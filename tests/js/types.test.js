import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

function compiles(config) {
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
  const project = fileURLToPath(new URL(`../types/${config}`, import.meta.url));
  const result = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, result.stdout + result.stderr);
}

test('js/index.d.ts accepts real use and rejects misuse (tsc --noEmit)', () => compiles('tsconfig.json'));

// @ai-sdk/react (useChat) pins an older `ai` than the one pinned here, so the check is against
// the ChatTransport type of `ai` itself, which useChat({ transport }) takes.
test("SseWasmChatTransport is the ai package's ChatTransport (tsc --noEmit)", () => compiles('tsconfig.ai.json'));
