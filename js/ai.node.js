import { setUpNode } from './node.js';

setUpNode();

export * from './ai.js';
