import { SseError } from './errors.js';

// The package finds its modules with `new URL('../dist/NAME', import.meta.url)`, a pattern
// bundlers (Vite, webpack 5, esbuild) recognise and emit the file beside the bundle for.

/** Compiles a module fetched from `url`. */
export async function fetchModule(url) {
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

let loadFrom = fetchModule;

/** Lets the Node entry read modules from disk instead of fetching them. */
export function setDefaultLoader(load) {
  loadFrom = load;
}

/** Compiles one of the package's modules from beside this file (`dist/NAME`). */
export function loadPackaged(name) {
  return loadFrom(new URL(`../dist/${name}`, import.meta.url));
}

let coreModule; // the core's ModuleInstance, from the first init()
let loading; // init()'s promise for the current healthy instance

// Whether typed decoding may compile code from strings (js/tape.js). Off in browsers, where a
// Content Security Policy without 'unsafe-eval' would report every attempt; the Node entry,
// with no such policy, turns it on.
let evalAllowed = false;

/** The Node entry's default for `allowEval`. */
export function setDefaultAllowEval(allowed) {
  evalAllowed = allowed;
}

/** Whether `init({ allowEval })` or the entry's default allows compiling code from strings. */
export function allowsEval() {
  return evalAllowed;
}

/**
 * Loads the core module once per healthy instance: every call returns the same promise until
 * the instance fails (a trap, a refused memory growth), after which the next call makes a
 * fresh instance of the same compiled module.
 * @param {{ module?: WebAssembly.Module, wasmBinary?: BufferSource,
 *           locateFile?: (name: string) => string | URL, allowEval?: boolean }} [options]
 *   used by the first call only
 */
export function init(options = {}) {
  if (coreModule === undefined) {
    if (options.allowEval !== undefined) evalAllowed = options.allowEval === true;
    coreModule = new ModuleInstance(compileCore(options), 'sse-core.wasm');
  }
  if (loading === undefined || coreModule.broken) {
    loading = coreModule.load().then(() => undefined, (error) => {
      if (error instanceof SseError) throw error;
      throw new SseError(`the WebAssembly module could not be loaded: ${error.message}`, {
        kind: 'wasm-unavailable',
        cause: error,
      });
    });
  }
  return loading;
}

/**
 * The loaded module, for the parts of the package that need it synchronously; after a failure
 * of its instance, a fresh one, made at once from the compiled module.
 */
export function loadedCore() {
  const core = coreModule?.now();
  if (core === undefined) {
    throw new Error('await init() first: the WebAssembly module is not loaded yet');
  }
  return core;
}

async function compileCore({ module, wasmBinary, locateFile } = {}) {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new SseError('WebAssembly is not available in this environment', {
      kind: 'wasm-unavailable',
    });
  }
  if (module !== undefined) return module;
  if (wasmBinary !== undefined) return WebAssembly.compile(wasmBinary);
  if (locateFile !== undefined) return fetchModule(locateFile('sse-core.wasm'));
  return loadPackaged('sse-core.wasm');
}

/** A module compiled once, instantiated again when its instance fails. */
export class ModuleInstance {
  #compiling;
  #compiled;
  #name;
  #core;
  #instancing;

  /** @param {Promise<WebAssembly.Module>} compiling  @param {string} name, for errors */
  constructor(compiling, name) {
    this.#name = name;
    this.#compiling = compiling.then((compiled) => {
      this.#compiled = compiled;
      return compiled;
    });
  }

  /** Whether the current instance failed. */
  get broken() {
    return this.#core?.broken !== undefined;
  }

  /** Resolves to a healthy instance: the current one, or a fresh one once it failed. */
  load() {
    if (this.#instancing === undefined || this.broken) {
      this.#core = undefined;
      this.#instancing = this.#compiling
        .then((compiled) => instantiateCore(compiled, this.#name))
        .then((core) => {
          this.#core = core;
          return core;
        });
    }
    return this.#instancing;
  }

  /** The loaded instance (none before load() resolved); a failed one is replaced at once. */
  now() {
    if (this.broken) {
      try {
        this.#core = instantiateNow(this.#compiled, this.#name);
        this.#instancing = Promise.resolve(this.#core);
      } catch {
        // Callers throw the failed instance's error; load() tries again.
      }
    }
    return this.#core;
  }
}

// The layout of the outcome and records that this shim reads; a module built from other
// sources would be misread, so loading it fails instead.
const ABI_VERSION = 10;

// The usual way a module and its JavaScript disagree: a .wasm served from a cache, a CDN or a
// copy of its own that an update of the package did not replace.
function mismatch(name, version) {
  const found = version === undefined ? 'has no sse_abi_version: it is not an sse-wasm module' : `has ABI version ${version}`;
  return new SseError(
    `${name} ${found}, and this sse-wasm JavaScript reads ABI version ${ABI_VERSION}. ` +
      'Most likely the .wasm is a stale copy (cached by a browser or CDN, or self-hosted beside ' +
      'a newer release of the package): serve the .wasm files of the same sse-wasm version as ' +
      'its JavaScript.',
    { kind: 'wasm-unavailable' },
  );
}

/**
 * Instantiates a module with the core's exports (the core, or a typed module), named `name` in
 * errors, refused when its ABI version is not this JavaScript's. The modules
 * are built without emscripten's JavaScript glue; these are all they import. Memory growth
 * detaches every view on the old buffer, so the module reports each growth.
 */
export async function instantiateCore(compiled, name) {
  const imports = new CoreImports();
  return imports.bind(await WebAssembly.instantiate(compiled, imports), name);
}

function instantiateNow(compiled, name) {
  const imports = new CoreImports();
  return imports.bind(new WebAssembly.Instance(compiled, imports), name);
}

// What a module imports, bound to its Core once there is one.
class CoreImports {
  #loaded;
  #memory;
  env = { emscripten_notify_memory_growth: () => this.#loaded?.refresh() };
  wasi_snapshot_preview1 = {
    proc_exit(code) {
      throw new Error(`the module aborted with code ${code}, most likely out of memory`);
    },
    // The typed module's C++ library asks for the environment once; it has none.
    environ_sizes_get: (countAt, sizeAt) => {
      const words = new Uint32Array(this.#memory.buffer);
      words[countAt >>> 2] = 0;
      words[sizeAt >>> 2] = 0;
      return 0;
    },
    environ_get: () => 0,
  };

  bind({ exports }, name) {
    const version = exports.sse_abi_version?.();
    if (version !== ABI_VERSION) throw mismatch(name, version);
    this.#memory = exports.memory;
    this.#loaded = new Core(exports, this.#memory);
    // Static constructors ran in the constructor, and may have grown the memory before
    // `loaded` was there to be told.
    this.#loaded.refresh();
    return this.#loaded;
  }
}

/**
 * An instantiated module with the core's exports (the core module, or the typed module that
 * contains it), with views on its memory that its owner refreshes when the memory grows.
 */
export class Core {
  #outcome;
  #watchers = new Set();
  #inputPointer = 0;
  #inputSize = 0;
  /** The error that stopped the module, after which every call would be unsafe. */
  broken;

  constructor(exports, memory) {
    this.exports = exports;
    this.memory = memory;
    this.refresh();
    exports._initialize?.();
    this.#outcome = exports.sse_outcome() >>> 2;
  }

  refresh() {
    this.bytes = new Uint8Array(this.memory.buffer);
    this.words = new Uint32Array(this.memory.buffer);
  }

  /** The address of a buffer of at least `size` bytes, shared by every parser. */
  input(size) {
    if (size > this.#inputSize) {
      this.#inputPointer = this.exports.sse_input(size);
      this.#inputSize = size;
    }
    return this.#inputPointer;
  }

  /**
   * Where the last call left its outcome, as an index into `words`: pointer and size of the
   * ASCII run, of the other run and of the names run, the records' pointer and count, then
   * whether any record's string is to be sliced from the decoded runs.
   */
  get outcome() {
    return this.#outcome;
  }

  /**
   * Records that a call into the module trapped or aborted, and gives the error to throw; the
   * streams watching this instance are told, since its memory can no longer be trusted.
   */
  fail(error) {
    if (this.broken === undefined) {
      this.broken = new SseError(`the WebAssembly module stopped: ${error.message}`, {
        kind: 'wasm-unavailable',
        cause: error,
      });
      const watchers = [...this.#watchers];
      this.#watchers.clear();
      for (const watcher of watchers) watcher.lost(this.broken);
    }
    return this.broken;
  }

  /** Calls `watcher.lost(error)` if this instance fails, until unwatch(watcher). */
  watch(watcher) {
    this.#watchers.add(watcher);
  }

  unwatch(watcher) {
    this.#watchers.delete(watcher);
  }
}
