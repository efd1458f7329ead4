import { setDefaultLoader } from './wasm.js';
import { loadFromFile } from './load-node.js';

setDefaultLoader(loadFromFile);

export * from './index.js';
