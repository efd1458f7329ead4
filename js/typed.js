import { DecodeError, SseError } from './errors.js';
import { fetchModule, init, instantiateCore, loadPackaged } from './wasm.js';

// The typed module (dist/sse-typed.wasm): the core plus Boost.JSON and the schemas, loaded
// only when a stream asks for a decoder, so plain streams never pay for it.

/** The schemas the typed module knows, by the name `decode` takes, with their terminal markers. */
export const decoders = {
  'openai.chat': { kind: 1, terminal: { terminalData: '[DONE]' } },
  // A Responses stream ends with its response's last state: completed, or incomplete (a token
  // limit, a content filter). Terminal types go one per line.
  'openai.responses': { kind: 2, terminal: { terminalType: 'response.completed\nresponse.incomplete' } },
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
  return event;
}

let loading;

function unavailable(error) {
  if (error instanceof SseError) return error;
  return new SseError(`the typed WebAssembly module could not be loaded: ${error.message}`, {
    kind: 'wasm-unavailable',
    cause: error,
  });
}

/**
 * Loads the module a stream's `decoder` needs and resolves to the session's `typed` option:
 * the core alone without a decoder, else the decoder's typed module and kind.
 */
export function loadFor(decoder) {
  if (!decoder) return init().then(() => undefined);
  return loadTyped(decoder).then((core) => ({ core, kind: decoder.kind }));
}

/** The Core of the typed module a decoder needs: the built-in one, loaded once, or its own. */
function loadTyped(decoder) {
  if (decoder instanceof Decoder) return Promise.resolve(decoder.core);
  loading ??= loadPackaged('sse-typed.wasm')
    .then((compiled) => instantiateCore(compiled, 'sse-typed.wasm'))
    .catch((error) => {
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
 * Loads a typed module of your own (sse_add_typed_module in CMake) from its bytes
 * (`wasmBinary`), a compiled `module`, or a `url` to fetch. Resolves to its decoders:
 * `decoder(kind)` decodes as the kind-th type the module was built with.
 */
export async function typedModule({ wasmBinary, module, url } = {}) {
  let core;
  try {
    const compiled = module ?? (wasmBinary ? await WebAssembly.compile(wasmBinary) : await fetchModule(url));
    core = await instantiateCore(compiled, 'the typed module');
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
