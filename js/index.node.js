import { setDefaultLoader } from './wasm.js';
import { loadFromFile } from './load-node.js';
import { decodeTextRunsApart } from './parser.js';

setDefaultLoader(loadFromFile);
decodeTextRunsApart();

export * from './index.js';
