import { setUpNode } from './node.js';

setUpNode();

export * from './mcp.js';
