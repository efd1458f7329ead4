import { SseError } from './errors.js';

// Where the default build of the package finds its module. Bundlers (Vite, webpack 5, esbuild)
// recognise this pattern and emit the file beside the bundle.
const defaultLocation = () => new URL('../dist/sse-core.wasm', import.meta.url);

async function fetchModule(url) {
  const response = fetch(url);
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(response);
    } catch (error) {
      // A server that sends the file with a MIME type other than application/wasm.
      if (!(error instanceof TypeError)) throw error;
    }
  }
  const answer = await response;
  if (!answer.ok) throw new Error(`fetching ${url} answered ${answer.status}`);
  return WebAssembly.compile(await answer.arrayBuffer());
}

let loadDefault = () => fetchModule(defaultLocation());

/** Lets the Node entry read the module from disk instead of fetching it. */
export function setDefaultLoader(load) {
  loadDefault = () => load(defaultLocation());
}

let loading;
let core;

/**
 * Loads the core module once; every call returns the same promise.
 * @param {{ module?: WebAssembly.Module, wasmBinary?: BufferSource,
 *           locateFile?: (name: string) => string | URL }} [options] used by the first call only
 */
export function init(options = {}) {
  loading ??= instantiate(options).then((instance) => {
    core = new Core(instance);
    return undefined;
  });
  return loading;
}

/** The loaded module, for the parts of the package that need it synchronously. */
export function loadedCore() {
  if (core === undefined) {
    throw new Error('await init() first: the WebAssembly module is not loaded yet');
  }
  return core;
}

async function instantiate({ module, wasmBinary, locateFile } = {}) {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new SseError('WebAssembly is not available in this environment', {
      kind: 'wasm-unavailable',
    });
  }
  try {
    let compiled = module;
    if (compiled === undefined && wasmBinary !== undefined) {
      compiled = await WebAssembly.compile(wasmBinary);
    }
    if (compiled === undefined && locateFile !== undefined) {
      compiled = await fetchModule(locateFile('sse-core.wasm'));
    }
    compiled ??= await loadDefault();
    return await WebAssembly.instantiate(compiled, imports);
  } catch (error) {
    throw new SseError(`the WebAssembly module could not be loaded: ${error.message}`, {
      kind: 'wasm-unavailable',
      cause: error,
    });
  }
}

// The module is built without emscripten's JavaScript glue; these are all it imports.
const imports = {
  env: { emscripten_notify_memory_growth() {} },
  wasi_snapshot_preview1: {
    proc_exit(code) {
      throw new SseError(`the WebAssembly module stopped (code ${code}): out of memory`, {
        kind: 'wasm-unavailable',
      });
    },
  },
};

/** The instantiated module with views on its memory that follow its growth. */
class Core {
  #memory;
  #buffer;
  #outcome;
  #inputPointer = 0;
  #inputSize = 0;

  constructor(instance) {
    this.exports = instance.exports;
    this.#memory = instance.exports.memory;
    this.exports._initialize();
    this.#outcome = this.exports.sse_outcome() >>> 2;
    this.#refresh();
  }

  #refresh() {
    this.#buffer = this.#memory.buffer;
    this.bytes = new Uint8Array(this.#buffer);
    this.words = new Uint32Array(this.#buffer);
  }

  /** Call after anything that may have grown the memory. */
  views() {
    if (this.#buffer !== this.#memory.buffer) this.#refresh();
    return this;
  }

  /** The address of a buffer of at least `size` bytes, shared by every parser. */
  input(size) {
    if (size > this.#inputSize) {
      this.#inputPointer = this.exports.sse_input(size);
      this.#inputSize = size;
      this.views();
    }
    return this.#inputPointer;
  }

  /**
   * Where the last call left its outcome, as an index into `words`: the ASCII run's pointer
   * and size, the other run's pointer and size, the records' pointer and count.
   */
  get outcome() {
    return this.#outcome;
  }
}
