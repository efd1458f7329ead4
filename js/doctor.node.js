import { setUpNode } from './node.js';

setUpNode();

export * from './doctor.js';
