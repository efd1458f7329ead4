// Reads the tape a typed module writes for a chunk's payloads (wasm/bindings/js_tape.hpp):
// operations, numbers and one UTF-8 text, made into plain objects here, with one decoding
// call per tape and member names made into strings once per module.

import { decodeUtf8 } from './parser.js';
import { allowsEval } from './wasm.js';

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
const SHAPE = 13;
const DEFINE_SHAPE = 14;
const ITEM = 15;
const LAST = 16;

// The parts of a typed event's result, as wasm/bindings/js_tape.hpp numbers them.
const PAYLOAD = 1;
const ERROR = 2;
const IN_BAND = 4;
const TEXT = 8;

// Set when compiling code from strings failed once: the realm forbids it.
let refused = false;

/**
 * Makes the objects of one shape, a struct's keys in order, reading each value with `next`.
 * Where code may be compiled from strings (`init({ allowEval })`), an object literal compiled
 * once per shape makes every object of the shape alike, with its keys in place: three times
 * faster than keys added one by one at one site, which sees every shape. The keys are the
 * module's member names, each written as a JSON string; `__proto__` would set the prototype
 * in a literal, so it takes the slow way.
 */
function shapeOf(keys) {
  if (allowsEval() && !refused && !keys.includes('__proto__')) {
    try {
      return new Function('next', `return {${keys.map((key) => `${JSON.stringify(key)}: next()`).join(', ')}};`);
    } catch {
      refused = true;
    }
  }
  return (next) => {
    const object = {};
    for (const key of keys) object[key] = next();
    return object;
  };
}

/**
 * The values of the module's last tape, in order. `keys` and `shapes` are the module's tables
 * of member names and of struct shapes, which a tape extends when it uses one the first time.
 */
export function readTape(core, { keys, shapes }) {
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
  let last = ''; // the last string value read
  const defineKey = () => {
    const id = ops[i++];
    return (keys[id] = text.slice(t, (t += ops[i++])));
  };
  const value = () => {
    switch (ops[i++]) {
      case OBJECT: {
        const object = {};
        for (let count = ops[i++]; count > 0; count--) {
          const op = ops[i++];
          if (op === KEY) {
            object[keys[ops[i++]]] = value();
          } else if (op === DEFINE_KEY) {
            object[defineKey()] = value();
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
        return (last = text.slice(t, (t += ops[i++])));
      case KEPT: {
        const id = ops[i++];
        return (last = kept[id] = text.slice(t, (t += ops[i++])));
      }
      case REPEAT:
        return (last = kept[ops[i++]]);
      case LAST:
        return last;
      case SHAPE:
        return shapes[ops[i++]](value);
      case DEFINE_SHAPE: {
        const id = ops[i++];
        const names = new Array(ops[i++]);
        for (let k = 0; k < names.length; k++) {
          names[k] = ops[i++] === KEY ? keys[ops[i++]] : defineKey();
        }
        shapes[id] = shapeOf(names);
        return shapes[id](value);
      }
      case ITEM: {
        // One shape for every event's result, its parts' values in the order they were written.
        const parts = ops[i++];
        return {
          payload: parts & PAYLOAD ? value() : undefined,
          error: parts & ERROR ? value() : undefined,
          inBand: parts & IN_BAND ? value() : undefined,
          said: parts & IN_BAND ? value() : undefined,
          text: parts & TEXT ? value() : undefined,
        };
      }
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
