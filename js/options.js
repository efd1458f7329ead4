import { DEFAULT_MAX_EVENT_SIZE, MAX_EVENT_SIZE_LIMIT } from './parser.js';
import { decoderOf } from './typed.js';

// The options EventSource and connect() share, checked once so that a mistake is a clear
// TypeError at the call instead of a strange stream later.

const DEFAULT_RETRY = {
  statuses: [429, 502, 503, 504],
  attempts: 3,
  initialDelay: 1000,
  maxDelay: 30_000,
  jitter: 0.2,
  growth: 2,
};

function fail(where, message) {
  throw new TypeError(`${where}: ${message}`);
}

// Strict decoding refuses keys a schema does not describe, so it needs a schema.
function strictOption(where, { strict, decode }) {
  if (strict === undefined || strict === false) return false;
  if (strict !== true) fail(where, 'strict must be a boolean');
  if (decode === undefined || decode === 'json') fail(where, 'strict needs a schema decoder in decode');
  return true;
}

function retryPolicy(where, retry) {
  if (retry === undefined || retry === false) return undefined;
  if (retry === true) return DEFAULT_RETRY;
  if (typeof retry !== 'object' || retry === null) fail(where, 'retry must be true or an object');
  const policy = { ...DEFAULT_RETRY, ...retry };
  if (!Array.isArray(policy.statuses) || !policy.statuses.every((s) => Number.isInteger(s) && s >= 100 && s <= 599)) {
    fail(where, 'retry.statuses must be an array of HTTP statuses');
  }
  if (!Number.isInteger(policy.attempts) || policy.attempts < 0) fail(where, 'retry.attempts must be an integer ≥ 0');
  for (const name of ['initialDelay', 'maxDelay']) {
    if (!(policy[name] >= 0) || !Number.isFinite(policy[name])) fail(where, `retry.${name} must be a number of ms ≥ 0`);
  }
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) fail(where, 'retry.jitter must be from 0 to 1');
  if (!(policy.growth >= 1) || !Number.isFinite(policy.growth)) fail(where, 'retry.growth must be a number ≥ 1');
  return policy;
}

/**
 * The request and session options of one stream.
 * @param {string} where the API's name, for error messages
 * @param {'event-source' | 'connect'} api
 */
export function streamOptions(where, api, options) {
  if (options === null || typeof options !== 'object') fail(where, 'options must be an object');
  const method = (options.method ?? 'GET').toUpperCase();
  const { body, headers, credentials = 'same-origin', signal, lastEventId, idleTimeout = 0, responseTimeout = 0 } = options;
  if (headers !== undefined && typeof headers !== 'function' && typeof headers !== 'object') {
    fail(where, 'headers must be a HeadersInit or a function returning one');
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) fail(where, 'signal must be an AbortSignal');
  if (lastEventId !== undefined && typeof lastEventId !== 'string') fail(where, 'lastEventId must be a string');
  if (!(idleTimeout >= 0) || !Number.isFinite(idleTimeout)) fail(where, 'idleTimeout must be a number of ms ≥ 0');
  if (!(responseTimeout >= 0) || !Number.isFinite(responseTimeout)) {
    fail(where, 'responseTimeout must be a number of ms ≥ 0');
  }
  const { resume } = options;
  if (resume !== undefined && resume !== false && resume !== 'last-event-id') {
    fail(where, "resume must be 'last-event-id'");
  }
  const { maxEventSize = DEFAULT_MAX_EVENT_SIZE } = options;
  if (!Number.isInteger(maxEventSize) || maxEventSize < 1 || maxEventSize > MAX_EVENT_SIZE_LIMIT) {
    fail(where, 'maxEventSize must be an integer from 1 to 2^28 (256 MiB)');
  }
  const { reconnectOnWake = false } = options;
  if (typeof reconnectOnWake !== 'boolean') fail(where, 'reconnectOnWake must be a boolean');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') fail(where, 'no fetch: pass options.fetch');
  return {
    api,
    method,
    body: body ?? undefined,
    headers,
    credentials,
    signal,
    lastEventId,
    idleTimeout,
    responseTimeout,
    reconnectOnWake,
    maxEventSize,
    fetch: fetchImpl,
    plainGet: method === 'GET' && body == null,
    resume: resume === 'last-event-id',
    retry: retryPolicy(where, options.retry),
    reconnectionTime: 3000,
    decoder: decoderOf(where, options.decode),
    json: options.decode === 'json',
    strict: strictOption(where, options),
  };
}

/** A URL resolved as the spec resolves an EventSource's, against the document when there is one. */
export function resolveUrl(url) {
  return new URL(url, globalThis.location?.href).href;
}
