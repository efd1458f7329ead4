import { setDefaultLoader } from './wasm.js';
import { loadFromFile } from './load-node.js';
import { decodeTextRunsApart } from './parser.js';
import { setTypedBinaryReader } from './typed.js';
import { readFile } from 'node:fs/promises';

setDefaultLoader(loadFromFile);
decodeTextRunsApart();
setTypedBinaryReader(readFile);

export * from './index.js';
