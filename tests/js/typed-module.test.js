// A typed module built for a schema of the caller's own (tests/typed-module/weather.hpp, with
// sse_add_typed_module in CMake): the wasm tree builds it, and connect() decodes with it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { connect, DecodeError, typedModule } from 'sse-wasm';
import { drain, streamHead, suiteServer } from './server.js';

const built = new URL('../../build/wasm/weather-typed.wasm', import.meta.url);

describe('a typed module of ones own', () => {
  const suite = suiteServer();

  test('decodes with the struct it was built with', async () => {
    assert.ok(existsSync(built), 'build/wasm/weather-typed.wasm is built by the wasm tree (npm test builds it)');
    const weather = await typedModule({ wasmBinary: readFileSync(built) });
    suite.handle = (request, response) => {
      streamHead(response);
      response.end(
        'data: {"city":"Oslo","celsius":-3.5,"station":"x"}\n\ndata: {"city":"Lima","celsius":"warm"}\n\n' +
          'data: {"city":"Nuuk","celsius":-20,"note":"wind"}\n\n',
      );
    };
    const { events, result } = await drain(connect(suite.url, { decode: weather.decoder(1) }));
    assert.equal(result.state, 'completed');
    assert.deepEqual(events[0].payload, { city: 'Oslo', celsius: -3.5 });
    assert.ok(events[1].error instanceof DecodeError);
    assert.equal(events[1].error.message, 'celsius: expected number, got string');
    assert.deepEqual(events[2].payload, { city: 'Nuuk', celsius: -20, note: 'wind' });
    assert.equal(connect(suite.url, { decode: weather.decoder(1) }).snapshot(), null);
    assert.throws(() => weather.decoder(0), RangeError);
  });
});
