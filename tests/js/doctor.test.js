// sse-wasm doctor against small servers of the test's own, each with one mistake, and a healthy
// one that raises no warn or fail. Watch windows are at most 2 s; the tests run side by side.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { doctor } from 'sse-wasm/doctor';
import { serve, sleep, streamHead } from './server.js';

const levelsOf = (report) => Object.fromEntries(report.findings.map((finding) => [finding.id, finding.level]));
const worrying = (report) => report.findings.filter((finding) => finding.level !== 'info');

/** The doctor's report on a server answering with `handle`, watched `watchMs`. */
async function check(handle, options = {}) {
  const server = await serve(handle);
  try {
    const report = await doctor(`${server.url}/events`, { watchMs: 2000, ...options });
    return { report, requests: server.requests };
  } finally {
    await server.close();
  }
}

// A healthy server: ids, resumption after Last-Event-ID, no-cache, a comment every 100 ms.
function healthy(count = 6, interval = 50) {
  return async (request, response) => {
    streamHead(response);
    const last = request.headers['last-event-id'];
    for (let i = last === undefined ? 0 : Number(last) + 1; i < count && !response.destroyed; i++) {
      response.write(`id: ${i}\ndata: event ${i}\n\n`);
      await sleep(interval);
    }
    response.end();
  };
}

describe('sse-wasm doctor', { concurrency: true }, () => {
  test('a healthy stream raises no warn or fail, and its resumption is checked', async () => {
    const { report, requests } = await check(healthy());
    assert.deepEqual(worrying(report), []);
    assert.deepEqual(report.findings, [{ id: 'resume', level: 'info', message: 'resumes after Last-Event-ID: 2 (the next event had id 3)' }]);
    assert.equal(report.timing.events, 6);
    assert.equal(report.events.length, 6);
    assert.equal(requests[1].headers['last-event-id'], '2');
    // It meets the server as a browser's fetch does.
    assert.equal(requests[0].headers.accept, 'text/event-stream');
    assert.match(requests[0].headers['accept-encoding'], /gzip/);
  });

  test("an endless healthy stream is watched for its window, and the doctor's own cut is no finding", async () => {
    const { report } = await check(healthy(10_000, 100), { watchMs: 1500 });
    assert.deepEqual(worrying(report), []);
    assert.equal(report.timing.ended, 'watch');
    assert.ok(report.timing.end < 2500, `${report.timing.end} ms`);
  });

  test('status: another status than 200 fails', async () => {
    const { report } = await check((request, response) => response.writeHead(404, { 'Content-Type': 'text/plain' }).end('no'));
    assert.equal(levelsOf(report).status, 'fail');
    assert.match(report.findings[0].message, /^the server answered 404 Not Found/);
    assert.ok(report.findings[0].hint);
  });

  test('content-type: a body that is not text/event-stream fails', async () => {
    const { report } = await check((request, response) => response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
    assert.deepEqual(levelsOf(report)['content-type'], 'fail');
  });

  test('charset, cache, compression, content-length: the head warns', async () => {
    const body = 'id: 1\ndata: a\n\n';
    const { report } = await check((request, response) => {
      const gzipped = gzipSync(body);
      response
        .writeHead(200, { 'Content-Type': 'text/event-stream; charset=ISO-8859-1', 'Content-Encoding': 'gzip', 'Content-Length': gzipped.length })
        .end(gzipped);
    });
    const levels = levelsOf(report);
    for (const id of ['charset', 'cache', 'compression', 'content-length']) assert.equal(levels[id], 'warn', id);
    assert.match(report.findings.find((f) => f.id === 'charset').message, /charset=ISO-8859-1/);
    // Decompressed as a browser would, the event was read.
    assert.equal(report.timing.events, 1);
  });

  test('connect: a port nobody listens on, and a server that never answers, fail within the window', async () => {
    const refused = await doctor('http://127.0.0.1:9/events', { watchMs: 1000 });
    assert.deepEqual(refused.findings.map((f) => [f.id, f.level]), [['connect', 'fail']]);
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await new Promise((resolve) => silent.once('listening', resolve));
    const started = performance.now();
    try {
      const report = await doctor(`http://127.0.0.1:${silent.address().port}/`, { watchMs: 600 });
      assert.deepEqual(report.findings.map((f) => [f.id, f.level]), [['connect', 'fail']]);
      assert.match(report.findings[0].message, /no response within 0\.60 s/);
      assert.ok(performance.now() - started < 2000);
    } finally {
      silent.close();
    }
  });

  test('buffering: events made over time that arrive all at once at the end', async () => {
    const { report } = await check(async (request, response) => {
      streamHead(response);
      let text = '';
      for (let i = 0; i < 6; i++) {
        text += `id: ${i}\ndata: ${i}\n\n`;
        await sleep(100);
      }
      response.end(text);
    });
    assert.equal(levelsOf(report).buffering, 'warn');
    assert.match(report.findings.find((f) => f.id === 'buffering').message, /all 6 events came in one burst/);
  });

  test('buffering: events flushed in bursts, and in fixed-size blocks', async () => {
    const bursty = await check(async (request, response) => {
      streamHead(response);
      for (let burst = 0; burst < 4; burst++) {
        response.write(Array.from({ length: 4 }, (_, i) => `id: ${burst * 4 + i}\ndata: x\n\n`).join(''));
        await sleep(300);
      }
      response.end();
    }, { watchMs: 2000 });
    assert.match(bursty.report.findings.find((f) => f.id === 'buffering')?.message ?? '', /bursts of 4/);
    const blocks = await check(async (request, response) => {
      streamHead(response);
      const text = Array.from({ length: 60 }, (_, i) => `id: ${i}\ndata: ${'y'.repeat(20)}\n\n`).join('');
      for (let at = 0; at < text.length; at += 512) {
        response.write(text.slice(at, at + 512));
        await sleep(60);
      }
      response.end();
    }, { watchMs: 2000 });
    assert.match(blocks.report.findings.find((f) => f.id === 'buffering')?.message ?? '', /chunks of exactly 512 bytes/);
  });

  test('ids: events without an id warn, and resumption is then not checked (info)', async () => {
    const { report, requests } = await check((request, response) => {
      streamHead(response);
      response.end('data: a\n\ndata: b\n\n');
    });
    assert.deepEqual(levelsOf(report), { ids: 'warn', resume: 'info' });
    assert.equal(requests.length, 1);
  });

  test('resume: a server that ignores Last-Event-ID, or repeats the named event, fails', async () => {
    const resumes = await check(healthy(6, 20));
    assert.equal(levelsOf(resumes.report).resume, 'info');
    const replays = await check(async (request, response) => {
      streamHead(response);
      for (let i = 0; i < 6; i++) response.write(`id: ${i}\ndata: ${i}\n\n`);
      response.end();
    });
    assert.equal(levelsOf(replays.report).resume, 'fail');
    assert.match(replays.report.findings.find((f) => f.id === 'resume').message, /was ignored/);
    const repeats = await check(async (request, response) => {
      streamHead(response);
      const last = request.headers['last-event-id'];
      for (let i = last === undefined ? 0 : Number(last); i < 6; i++) response.write(`id: ${i}\ndata: ${i}\n\n`);
      response.end();
    });
    assert.match(repeats.report.findings.find((f) => f.id === 'resume').message, /sent that event again \(ids 2\)/);
    assert.equal(levelsOf(repeats.report).resume, 'fail');
  });

  test('resume: a POST is not sent again without resend (info), and is with it', async () => {
    const handle = healthy();
    const without = await check(handle, { method: 'POST', body: '{}' });
    assert.deepEqual(levelsOf(without.report), { resume: 'info' });
    assert.equal(without.requests.length, 1);
    const withResend = await check(handle, { method: 'POST', body: '{"q":1}', resend: true });
    assert.equal(withResend.requests.length, 2);
    assert.equal(withResend.requests[1].body, '{"q":1}');
    assert.deepEqual(worrying(withResend.report), []);
  });

  test('retry, unterminated, invalid-utf8, line-endings, bom: what the parser saw on the wire', async () => {
    const { report } = await check((request, response) => {
      streamHead(response);
      response.write('retry: soon\n\nid: 1\r\ndata: a\r\n\r\n');
      response.write(Buffer.from([...Buffer.from('id: 2\ndata: b'), 0xff, ...Buffer.from('\n\n\uFEFFdata: lost\n\nid: 3\ndata: last')]));
      response.end();
    });
    const levels = levelsOf(report);
    assert.equal(levels.retry, 'warn');
    assert.equal(levels.unterminated, 'fail');
    assert.equal(levels['invalid-utf8'], 'fail');
    assert.equal(levels['line-endings'], 'warn');
    assert.equal(levels.bom, 'warn');
    const said = Object.fromEntries(report.findings.map((f) => [f.id, f.message]));
    assert.match(said.retry, /"soon"/);
    assert.match(said['invalid-utf8'], /^1 invalid UTF-8 sequence \(the first at byte 44\)/);
    assert.match(said['line-endings'], /\(8 LF, 3 CRLF\)/);
  });

  test('event-too-large: an event over maxEventSize, and a 100 MB one, stay bounded', async () => {
    const small = await check((request, response) => {
      streamHead(response);
      response.end(`id: 1\ndata: ${'z'.repeat(5000)}\n\nid: 2\ndata: ok\n\n`);
    }, { maxEventSize: 1000 });
    assert.equal(levelsOf(small.report)['event-too-large'], 'warn');
    assert.equal(small.report.timing.events, 1);
    const huge = await check(async (request, response) => {
      streamHead(response);
      response.write('data: ');
      const block = Buffer.alloc(1 << 20, 'h');
      for (let i = 0; i < 100 && !response.destroyed; i++) {
        if (!response.write(block)) await new Promise((resolve) => response.once('drain', resolve));
      }
      response.end('\n\n');
    }, { watchMs: 2000, maxEventSize: 1 << 20 });
    assert.equal(levelsOf(huge.report)['event-too-large'], 'warn');
  });

  test('heartbeat: a silence over the threshold warns; comments keep it quiet', async () => {
    const silent = await check(async (request, response) => {
      streamHead(response);
      response.write('id: 1\ndata: a\n\n');
    }, { watchMs: 1000 });
    assert.equal(levelsOf(silent.report).heartbeat, 'warn');
    assert.match(silent.report.findings.find((f) => f.id === 'heartbeat').message, /threshold 0\.50 s/);
    const pinging = await check(async (request, response) => {
      streamHead(response);
      response.write('id: 1\ndata: a\n\n');
      for (let i = 0; i < 20 && !response.destroyed; i++) {
        await sleep(100);
        response.write(': ping\n\n');
      }
    }, { watchMs: 1500 });
    assert.equal(levelsOf(pinging.report).heartbeat, undefined);
  });

  test('cors: a refused origin fails; "*", credentials and a preflight without Last-Event-ID warn', async () => {
    const origin = 'https://app.example';
    const refused = await check(healthy(), { origin });
    assert.equal(levelsOf(refused.report).cors, 'fail');
    const star = await check((request, response) => {
      if (request.method === 'OPTIONS') return response.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end();
      response.setHeader('Access-Control-Allow-Origin', '*');
      return healthy()(request, response);
    }, { origin });
    const said = star.report.findings.filter((f) => f.id === 'cors').map((f) => `${f.level} ${f.message}`);
    assert.equal(said.length, 2, said.join(' | '));
    assert.match(said[0], /^warn a credentialed client .* is "\*"/);
    assert.match(said[1], /^warn a fetch-based client .* cannot resume: the preflight does not allow the Last-Event-ID header/);
  });

  test('cors: an origin echoed with credentials and a preflight that allows Last-Event-ID raise nothing', async () => {
    const origin = 'https://app.example';
    const { report, requests } = await check((request, response) => {
      const allow = { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' };
      if (request.method === 'OPTIONS') {
        return response.writeHead(204, { ...allow, 'Access-Control-Allow-Headers': 'Last-Event-ID, Authorization' }).end();
      }
      for (const [name, value] of Object.entries(allow)) response.setHeader(name, value);
      return healthy()(request, response);
    }, { origin, headers: { Authorization: 'Bearer k' } });
    assert.deepEqual(worrying(report), []);
    const preflight = requests.find((r) => r.method === 'OPTIONS');
    assert.equal(preflight.headers['access-control-request-headers'], 'authorization,last-event-id');
    assert.equal(requests[0].headers.origin, origin);
  });
});

test('bad options are a TypeError at the call', async () => {
  await assert.rejects(doctor('http://127.0.0.1:9/', { watchMs: 0 }), { name: 'TypeError', message: 'doctor(): watchMs must be a number of ms > 0' });
  await assert.rejects(doctor('http://127.0.0.1:9/', { maxEventSize: -1 }), TypeError);
});
