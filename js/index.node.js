import { setUpNode } from './node.js';

setUpNode();

export * from './index.js';
