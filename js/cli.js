#!/usr/bin/env node
// npx sse-wasm URL [-X METHOD] [-H 'Name: value']... [-d BODY] [--decode KIND] [--json | --text]
// Prints a stream's events as they arrive, like curl for Server-Sent Events. Exit status: 0 when
// the stream completed, 3 when it ended before its terminal marker, 1 when it failed, 2 for bad
// arguments, 130 when interrupted.
// npx sse-wasm doctor URL [-X METHOD] [-H 'K: V']... [-d BODY] [--origin O] [--watch S] [--resend]
// [--json]: checks the endpoint (js/doctor.js); exit status 1 when a finding is `fail`.
import { readFileSync } from 'node:fs';
import { doctor } from './doctor.node.js';
import { connect } from './index.node.js';

const USAGE = `usage: sse-wasm URL [options]
  -X, --request METHOD     the HTTP method (POST when -d is given, else GET)
  -H, --header 'K: V'      a request header; repeat for more
  -d, --data BODY          the request body; @file reads it from a file
      --decode KIND        openai.chat | openai.responses | anthropic | gemini | ai.ui | json
      --json               one JSON object per event: { type, data, lastEventId, payload?, error? }
      --text               only the text deltas of an LLM decoder, as they arrive
      --last-event-id ID   resume after this event ID
      --idle-timeout MS    fail when nothing arrives for this long
      --response-timeout MS  fail when the response's head takes longer than this
      --retry              retry 429/502/503/504 and failures before the first event
  -h, --help               this text

usage: sse-wasm doctor URL [options]   checks an SSE endpoint as browsers and proxies meet it
  -X, -H, -d               as above
      --origin ORIGIN      also check CORS for a page on this origin
      --watch SECONDS      how long to watch an endless stream (10)
      --resend             send a request other than GET again, to check resumption
      --json               the report as JSON`;

class UsageError extends Error {}

function isJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function parse(argv) {
  const doctoring = argv[0] === 'doctor';
  if (doctoring) argv = argv.slice(1);
  const options = { headers: {}, output: 'wire', doctoring };
  let url;
  const value = (i, name) => {
    if (i >= argv.length) throw new UsageError(`${name} needs a value`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '-X':
      case '--request':
        options.method = value(++i, arg).toUpperCase();
        break;
      case '-H':
      case '--header': {
        const header = value(++i, arg);
        const colon = header.indexOf(':');
        if (colon < 1) throw new UsageError(`a header is 'Name: value', not '${header}'`);
        options.headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
        break;
      }
      case '-d':
      case '--data': {
        const data = value(++i, arg);
        options.body = data.startsWith('@') ? readFileSync(data.slice(1), 'utf8') : data;
        break;
      }
      case '--decode':
        options.decode = value(++i, arg);
        break;
      case '--json':
      case '--text':
        options.output = arg.slice(2);
        break;
      case '--last-event-id':
        options.lastEventId = value(++i, arg);
        break;
      case '--idle-timeout':
        options.idleTimeout = Number(value(++i, arg));
        break;
      case '--response-timeout':
        options.responseTimeout = Number(value(++i, arg));
        break;
      case '--retry':
        options.retry = true;
        break;
      case '--origin':
        options.origin = value(++i, arg);
        break;
      case '--watch': {
        const watch = Number(value(++i, arg));
        if (!(watch > 0)) throw new UsageError('--watch takes a number of seconds > 0');
        options.watchMs = watch * 1000;
        break;
      }
      case '--resend':
        options.resend = true;
        break;
      default:
        if (arg.startsWith('-') || url !== undefined) throw new UsageError(`unknown argument '${arg}'`);
        url = arg;
    }
  }
  if (!options.help && url === undefined) throw new UsageError('a URL is needed');
  options.method ??= options.body === undefined ? 'GET' : 'POST';
  // A JSON body is sent as JSON unless a Content-Type says otherwise: LLM APIs expect it.
  const typed = Object.keys(options.headers).some((name) => name.toLowerCase() === 'content-type');
  if (options.body !== undefined && !typed && isJson(options.body)) options.headers['Content-Type'] = 'application/json';
  return { url, options };
}

// The event as it came on the wire, with the decoded payload in place of the data.
function wire({ type, data, lastEventId, payload, error }) {
  const lines = [];
  if (error) lines.push(`: ${error.name}: ${error.message}`);
  if (type !== 'message') lines.push(`event: ${type}`);
  if (lastEventId) lines.push(`id: ${lastEventId}`);
  const shown = payload === undefined ? data : JSON.stringify(payload);
  for (const line of shown.split('\n')) lines.push(`data: ${line}`);
  return `${lines.join('\n')}\n\n`;
}

function json({ type, data, lastEventId, payload, error }) {
  const line = { type, data, lastEventId };
  if (payload !== undefined) line.payload = payload;
  if (error) line.error = { name: error.name, message: error.message, path: error.path, kind: error.kind };
  return `${JSON.stringify(line)}\n`;
}

const EXIT = { completed: 0, incomplete: 3, failed: 1, aborted: 130 };

const LEVELS = { fail: 0, warn: 1, info: 2 };

// The doctor's report: one line per finding, worst first, each fail and warn with its fix.
async function checkup(url, { output, doctoring, ...options }, signal) {
  const { findings, timing } = await doctor(url, { ...options, signal });
  const count = (level) => findings.filter((finding) => finding.level === level).length;
  if (output === 'json') {
    process.stdout.write(`${JSON.stringify({ url, findings, timing }, null, 2)}\n`);
  } else {
    const lines = [`sse-wasm doctor: ${options.method} ${url}`];
    lines.push(`  ${timing.events} events, ${timing.bytes} bytes in ${timing.chunks} chunks; the body ${timing.ended === 'watch' ? 'was still open when the watch ended' : timing.ended === 'clean' ? 'ended' : timing.ended === 'error' ? 'broke' : 'was not read'}`);
    for (const finding of [...findings].sort((a, b) => LEVELS[a.level] - LEVELS[b.level])) {
      lines.push(`  ${finding.level.padEnd(4)}  ${finding.id.padEnd(15)} ${finding.message}`);
      if (finding.hint) lines.push(`  ${''.padEnd(4)}  ${''.padEnd(15)} fix: ${finding.hint}`);
    }
    lines.push(`${count('fail')} fail, ${count('warn')} warn, ${count('info')} info`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return count('fail') > 0 ? 1 : 0;
}

async function main() {
  let url;
  let options;
  try {
    ({ url, options } = parse(process.argv.slice(2)));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sse-wasm: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  if (options.doctoring) {
    try {
      return await checkup(url, options, controller.signal);
    } catch (error) {
      process.stderr.write(`sse-wasm doctor: ${error.message}\n`);
      return error instanceof TypeError ? 2 : 1;
    }
  }
  const { output, doctoring, origin, watchMs, resend, ...request } = options;
  let stream;
  try {
    stream = connect(url, { ...request, signal: controller.signal });
  } catch (error) {
    process.stderr.write(`sse-wasm: ${error.message}\n`);
    return 2;
  }
  const write = (text) => process.stdout.write(text);
  try {
    if (output === 'text') {
      for await (const text of stream.text()) write(text);
      write('\n');
    } else {
      for await (const event of stream) write(output === 'json' ? json(event) : wire(event));
    }
  } catch {
    // The result says how it failed.
  }
  const { state, error } = await stream.result;
  // A provider's error: its words, and its code.
  const code = error?.kind === 'in-band' ? ` (${error.code})` : '';
  if (error) process.stderr.write(`sse-wasm: ${state}: ${error.message}${code}\n`);
  return EXIT[state];
}

process.exitCode = await main();
