import { decodeWith } from './parser.js';
import { loadFromFile } from './load-node.js';
import { describeFetchErrorsWith } from './session.js';
import { setDefaultAllowEval, setDefaultLoader } from './wasm.js';

// Node's fetch (undici) fails a request without a head after 300 s, and ends a body silent for
// 300 s, saying only "fetch failed" or "terminated": the cause it wraps is named.
const undiciTimeouts = {
  UND_ERR_HEADERS_TIMEOUT: "no response head within the HTTP client's headersTimeout",
  UND_ERR_BODY_TIMEOUT: "the body was silent for the HTTP client's bodyTimeout",
};

function describeFetchError(error) {
  const limit = undiciTimeouts[error.cause?.code];
  if (limit === undefined) return error.message;
  return `${error.message}: ${limit} (${error.cause.code}; Node's fetch allows 300 s, see the README)`;
}

/** What every Node entry sets up before its exports are used. */
export function setUpNode() {
  setDefaultLoader(loadFromFile);
  // Node has no Content Security Policy to report to; where code generation is disallowed
  // (--disallow-code-generation-from-strings), typed decoding falls back without a word.
  setDefaultAllowEval(true);
  describeFetchErrorsWith(describeFetchError);
  // Buffer's slices take any Uint8Array, here a view of the module's memory, and the text
  // there is valid UTF-8 already, so no replacement or BOM rule of TextDecoder is lost. They
  // are not in Node's documentation, so TextDecoder stays in use should a version lack them.
  const { latin1Slice, utf8Slice } = Buffer.prototype;
  if (typeof latin1Slice === 'function' && typeof utf8Slice === 'function') {
    decodeWith({
      ascii: (bytes, start, end) => latin1Slice.call(bytes, start, end),
      utf8: (bytes, start, end) => utf8Slice.call(bytes, start, end),
    });
  }
}
