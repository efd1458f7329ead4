export { init } from './wasm.js';
export { createParser } from './parser.js';
export { SseError, ParseError, DecodeError } from './errors.js';
