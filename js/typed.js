import { DecodeError, SseError } from './errors.js';
import { Core } from './wasm.js';

// The typed module (dist/sse-typed.js and .wasm): the core plus Boost.JSON and the schemas,
// loaded only when a stream asks for a decoder, so plain streams never pay for it.

/** The schemas the typed module knows, by the name `decode` takes, with their terminal markers. */
export const decoders = {
  'openai.chat': { kind: 1, terminal: { terminalData: '[DONE]' } },
  'openai.responses': { kind: 2, terminal: { terminalType: 'response.completed' } },
  anthropic: { kind: 3, terminal: { terminalType: 'message_stop' } },
  'demo.progress': { kind: 4, terminal: {} },
};

/** The decoder `decode` names, or undefined for none and for `json`; a TypeError for others. */
export function decoderOf(where, decode) {
  if (decode === undefined || decode === 'json') return undefined;
  const decoder = decoders[decode];
  if (!decoder) {
    throw new TypeError(`${where}: decode must be one of ${[...Object.keys(decoders), 'json'].join(', ')}`);
  }
  return decoder;
}

// decode: 'json' is the one decoder without a schema, so it needs no typed module.
export function decodeJson(event) {
  try {
    event.payload = JSON.parse(event.data);
  } catch (error) {
    event.error = new DecodeError(`payload: expected JSON, got ${error.message}`, {
      path: '',
      expected: 'JSON',
      got: error.message,
    });
  }
}

let readBinary; // set by the Node entry: the glue would fetch() a file path there
let loading;

/** Lets the Node entry hand the typed module its bytes from disk. */
export function setTypedBinaryReader(read) {
  readBinary = read;
}

/** The typed module's Core, loaded once; rejects with SseError{kind:'wasm-unavailable'}. */
export function loadTyped() {
  loading ??= instantiate().catch((error) => {
    throw new SseError(`the typed WebAssembly module could not be loaded: ${error.message}`, {
      kind: 'wasm-unavailable',
      cause: error,
    });
  });
  return loading;
}

async function instantiate() {
  const { default: createTypedModule } = await import('../dist/sse-typed.js');
  const options = {};
  if (readBinary) options.wasmBinary = await readBinary(new URL('../dist/sse-typed.wasm', import.meta.url));
  const module = await createTypedModule(options);
  // emscripten's glue grows the memory inside calls and replaces its own views; ours follow
  // after every call, before anything reads them.
  let core;
  const follow = (call) =>
    function (...args) {
      const result = call(...args);
      if (core && core.bytes.buffer !== module.HEAPU8.buffer) core.refresh();
      return result;
    };
  const exports = {};
  for (const name of Object.keys(module)) {
    if (name.startsWith('_sse_')) exports[name.slice(1)] = follow(module[name]);
  }
  exports.takePayloads = follow(module.takePayloads);
  exports.snapshot = follow(module.snapshot);
  const memory = {
    get buffer() {
      return module.HEAPU8.buffer;
    },
  };
  core = new Core(exports, memory);
  return core;
}
