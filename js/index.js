export { init } from './wasm.js';
export { createParser } from './parser.js';
export { EventSource } from './event-source.js';
export { connect } from './connect.js';
export { typedModule } from './typed.js';
export { SseError, ParseError, DecodeError } from './errors.js';
