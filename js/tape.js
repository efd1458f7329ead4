// Reads the tape a typed module writes for a chunk's payloads (wasm/bindings/js_tape.hpp):
// operations, numbers and one UTF-8 text, made into plain objects here, with one decoding
// call per tape and member names made into strings once per module.

import { decodeUtf8 } from './parser.js';

const OBJECT = 1;
const ARRAY = 2;
const STRING = 3;
const NUMBER = 4;
const TRUE = 5;
const FALSE = 6;
const NULL = 7;
const KEY = 8;
const DEFINE_KEY = 9;
const KEY_TEXT = 10;
const KEPT = 11;
const REPEAT = 12;

/**
 * The values of the module's last tape, in order. `keys` is the module's table of member
 * names, which a tape extends when it uses a name for the first time.
 */
export function readTape(core, keys) {
  const words = core.words;
  const at = core.exports.sse_typed_tape() >>> 2;
  const ops = words.subarray(words[at] >>> 2, (words[at] >>> 2) + words[at + 1]);
  const numbers = new Float64Array(core.memory.buffer, words[at + 2], words[at + 3]);
  const size = words[at + 5];
  const text = size === 0 ? '' : decodeUtf8(core.bytes, words[at + 4], size);
  let i = 0;
  let n = 0;
  let t = 0;
  const kept = []; // by key id: a string member's last value on this tape
  const value = () => {
    switch (ops[i++]) {
      case OBJECT: {
        const object = {};
        for (let count = ops[i++]; count > 0; count--) {
          const op = ops[i++];
          if (op === KEY) {
            object[keys[ops[i++]]] = value();
          } else if (op === DEFINE_KEY) {
            const id = ops[i++];
            keys[id] = text.slice(t, (t += ops[i++]));
            object[keys[id]] = value();
          } else {
            // A key of raw JSON. As JSON.parse does: "__proto__" is an own key, never the prototype.
            const name = text.slice(t, (t += ops[i++]));
            if (name === '__proto__') Object.defineProperty(object, name, { value: value(), enumerable: true, writable: true, configurable: true });
            else object[name] = value();
          }
        }
        return object;
      }
      case ARRAY: {
        const items = new Array(ops[i++]);
        for (let k = 0; k < items.length; k++) items[k] = value();
        return items;
      }
      case STRING:
        return text.slice(t, (t += ops[i++]));
      case KEPT: {
        const id = ops[i++];
        return (kept[id] = text.slice(t, (t += ops[i++])));
      }
      case REPEAT:
        return kept[ops[i++]];
      case NUMBER:
        return numbers[n++];
      case TRUE:
        return true;
      case FALSE:
        return false;
      default:
        return null;
    }
  };
  const values = [];
  while (i < ops.length) values.push(value());
  return values;
}
