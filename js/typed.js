import { DecodeError, SseError } from './errors.js';
import { fetchModule, init, loadPackaged, ModuleInstance } from './wasm.js';

// Each decoder has a typed module of its own (dist/sse-NAME.wasm): the core plus Boost.JSON and
// that provider's schema, loaded on the first stream that asks for it, so a page pays only for
// what it decodes and plain streams for none.

/**
 * The schemas `decode` names: the module that holds each, and its terminal markers. Every
 * module here holds one schema, as decode kind 1.
 */
export const decoders = {
  'openai.chat': { module: 'sse-openai-chat.wasm', kind: 1, terminal: { terminalData: '[DONE]' } },
  // A Responses stream ends with its response's last state: completed, or incomplete (a token
  // limit, a content filter). Terminal types go one per line.
  'openai.responses': {
    module: 'sse-openai-responses.wasm',
    kind: 1,
    terminal: { terminalType: 'response.completed\nresponse.incomplete' },
  },
  anthropic: { module: 'sse-anthropic.wasm', kind: 1, terminal: { terminalType: 'message_stop' } },
  // Gemini sends no terminal marker: its module completes a stream whose body ends cleanly
  // after a finishReason (or a blocked prompt's feedback).
  gemini: { module: 'sse-gemini.wasm', kind: 1, terminal: {} },
  // The Vercel AI SDK's UI message stream, which its chat hooks read.
  'ai.ui': { module: 'sse-ai-ui.wasm', kind: 1, terminal: { terminalData: '[DONE]' } },
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

const packaged = new Map(); // module file name → its ModuleInstance

function unavailable(error) {
  if (error instanceof SseError) return error;
  return new SseError(`the typed WebAssembly module could not be loaded: ${error.message}`, {
    kind: 'wasm-unavailable',
    cause: error,
  });
}

/**
 * Loads the module a stream's `decoder` needs and resolves to the session's `typed` option:
 * the core alone without a decoder, else the decoder's typed module, kind and tape reader. The
 * reader comes with the first typed stream, so that a page of plain streams never loads it.
 */
export function loadFor(decoder) {
  if (!decoder) return init().then(() => undefined);
  return Promise.all([loadTyped(decoder), import('./tape.js')]).then(([core, { readTape }]) => ({
    core,
    kind: decoder.kind,
    readTape,
  }));
}

/** The Core of the typed module a decoder needs: a packaged one, or its own. */
function loadTyped(decoder) {
  let instance = decoder instanceof Decoder ? decoder.instance : packaged.get(decoder.module);
  if (instance === undefined) {
    instance = new ModuleInstance(loadPackaged(decoder.module), decoder.module);
    packaged.set(decoder.module, instance);
  }
  return instance.load().catch((error) => {
    throw unavailable(error);
  });
}

/** A schema of a typed module built with sse_add_typed_module(), for `decode`. */
class Decoder {
  /** @param {ModuleInstance} instance */
  constructor(instance, kind) {
    this.instance = instance;
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
  const compiled = module ? Promise.resolve(module) : wasmBinary ? WebAssembly.compile(wasmBinary) : fetchModule(url);
  const instance = new ModuleInstance(compiled, 'the typed module');
  try {
    await instance.load();
  } catch (error) {
    throw unavailable(error);
  }
  return {
    decoder(kind) {
      if (!Number.isInteger(kind) || kind < 1) throw new RangeError('typedModule: decoder kinds start at 1');
      return new Decoder(instance, kind);
    },
  };
}
