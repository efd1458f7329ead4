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

/**
 * The decoder `decode` names or is (one of `typedModule()`), or undefined for none and for
 * `json`; a TypeError for others.
 */
export function decoderOf(where, decode) {
  if (decode === undefined || decode === 'json') return undefined;
  if (decode instanceof Decoder) return decode;
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

function unavailable(error) {
  return new SseError(`the typed WebAssembly module could not be loaded: ${error.message}`, {
    kind: 'wasm-unavailable',
    cause: error,
  });
}

/** The Core of the typed module a decoder needs: the built-in one, loaded once, or its own. */
export function loadTyped(decoder) {
  if (decoder instanceof Decoder) return Promise.resolve(decoder.core);
  loading ??= (async () => {
    const { default: createTypedModule } = await import('../dist/sse-typed.js');
    const options = {};
    if (readBinary) options.wasmBinary = await readBinary(new URL('../dist/sse-typed.wasm', import.meta.url));
    return instantiate(createTypedModule, options);
  })().catch((error) => {
    throw unavailable(error);
  });
  return loading;
}

/** A schema of a typed module built with sse_add_typed_module(), for `decode`. */
class Decoder {
  constructor(core, kind) {
    this.core = core;
    this.kind = kind;
    this.terminal = {};
  }
}

/**
 * Loads a typed module of your own (sse_add_typed_module in CMake): `createModule` is the
 * default export of its .js file, `options` what emscripten's factory takes (`wasmBinary`,
 * `locateFile`). Resolves to its decoders: `decoder(kind)` for the kind-th type it was built with.
 */
export async function typedModule(createModule, options = {}) {
  let core;
  try {
    core = await instantiate(createModule, options);
  } catch (error) {
    throw unavailable(error);
  }
  return {
    decoder(kind) {
      if (!Number.isInteger(kind) || kind < 1) throw new RangeError('typedModule: decoder kinds start at 1');
      return new Decoder(core, kind);
    },
  };
}

async function instantiate(createTypedModule, options) {
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
