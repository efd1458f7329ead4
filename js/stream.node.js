import { setUpNode } from './node.js';

setUpNode();

export * from './stream.js';
