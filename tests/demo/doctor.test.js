// sse-wasm doctor against the demo server: each of its fault flags yields its finding at its
// level, the seed that resumes (/stream/resilient) yields no warn or fail, and the command line
// reports and exits as documented. Watch windows are at most 2 s; the checks run side by side.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { doctor } from 'sse-wasm/doctor';
import { startDemo } from './demo.js';

const cli = fileURLToPath(new URL('../../js/cli.js', import.meta.url));

let demo;
before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.stop();
});

const worrying = (report) => report.findings.filter((finding) => finding.level !== 'info').map((f) => [f.id, f.level]);

// Each fault on the resuming seed, with what it must yield: a short, quick stream.
const faults = [
  ['gzip=1', 'compression', 'warn'],
  ['buffer=400&count=40&interval=0.03', 'buffering', 'warn'],
  ['buffer_all=1&count=8&interval=0.08', 'buffering', 'warn'],
  ['content_length=1', 'content-length', 'warn'],
  ['no_ids=1', 'ids', 'warn'],
  ['ignore_last_event_id=1', 'resume', 'fail'],
  ['bad_retry=1', 'retry', 'warn'],
  ['cut_mid_event=1', 'unterminated', 'fail'],
  ['invalid_utf8=1', 'invalid-utf8', 'fail'],
];

describe('the demo server, checked', { concurrency: true }, () => {
  test('/stream/resilient: no warn or fail, and its resumption is confirmed', async () => {
    const report = await doctor(`${demo.base}/stream/resilient?count=8&interval=0.05`, { watchMs: 2000 });
    assert.deepEqual(worrying(report), []);
    assert.match(report.findings.find((f) => f.id === 'resume').message, /^resumes after Last-Event-ID: 3/);
  });

  for (const [query, id, level] of faults) {
    test(`/stream/resilient?${query}: ${id} at ${level}`, async () => {
      const report = await doctor(`${demo.base}/stream/resilient?count=8&interval=0.05&${query}`, { watchMs: 2000 });
      const found = report.findings.find((finding) => finding.id === id);
      assert.equal(found?.level, level, JSON.stringify(report.findings));
      assert.ok(found.hint, 'a fail or warn says how to fix it');
    });
  }

  test('the seed that ignores Last-Event-ID (/stream) is found out, and its last event has no id', async () => {
    const report = await doctor(`${demo.base}/stream?count=6&interval=0.05`, { watchMs: 2000 });
    assert.deepEqual(worrying(report), [['ids', 'warn'], ['resume', 'fail']]);
  });
});

function run(...args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'doctor', ...args], { timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
  });
}

test('the command line: a report a line per finding, exit 1 on a fail, 0 without, 2 for bad arguments', async () => {
  const failing = await run(`${demo.base}/stream?count=6&interval=0.05`, '--watch', '2');
  assert.equal(failing.code, 1, failing.stderr);
  assert.match(failing.stdout, /^sse-wasm doctor: GET http:\/\/127\.0\.0\.1:\d+\/stream\?count=6&interval=0\.05\n/);
  assert.match(failing.stdout, /\n {2}fail {2}resume {10}Last-Event-ID: 2 was ignored/);
  assert.match(failing.stdout, /\n {24}fix: On a request with Last-Event-ID/);
  assert.match(failing.stdout, /\n1 fail, 1 warn, 0 info\n$/);
  const healthy = await run(`${demo.base}/stream/resilient?count=6&interval=0.05`, '--watch', '2', '--json');
  assert.equal(healthy.code, 0, healthy.stderr);
  const report = JSON.parse(healthy.stdout);
  assert.deepEqual(report.findings.map((f) => f.level), ['info']);
  assert.equal(report.timing.events, 6);
  const posted = await run(`${demo.base}/v1/chat/completions?interval=0`, '-d', '{"stream":true,"messages":[{"role":"user","content":"hi"}]}', '--watch', '2', '--json');
  assert.deepEqual(JSON.parse(posted.stdout).findings.map((f) => [f.id, f.level]), [['ids', 'warn'], ['resume', 'info']]);
  const crossOrigin = await run(`${demo.base}/stream/resilient?count=4&interval=0.05`, '--watch', '2', '--origin', 'https://app.example', '--json');
  assert.equal(crossOrigin.code, 1);
  assert.deepEqual(
    JSON.parse(crossOrigin.stdout).findings.filter((f) => f.id === 'cors').map((f) => [f.level, f.message]),
    [['fail', 'a page on https://app.example gets no stream: Access-Control-Allow-Origin is absent']],
  );
  const bad = await run(`${demo.base}/sse`, '--watch', 'soon');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--watch takes a number of seconds > 0/);
});
