// The sizes of the smallest C++ programs that stream with sse-wasm (bench/cpp/minimal.cpp),
// linked with -Oz, emmalloc and no eval: the .wasm and Emscripten's JavaScript glue, raw and
// gzipped, for plain events or typed OpenAI chat chunks, with and without sse::embind.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const built = new URL('../build/wasm/', import.meta.url);
const size = (file) => {
  const bytes = readFileSync(new URL(file, built));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const kb = ({ raw, gzip }) => `${(raw / 1024).toFixed(1)} KiB (${(gzip / 1024).toFixed(1)} gzip)`;
console.log('\nC++ programs (bench/cpp/minimal.cpp, -Oz)   .wasm                  glue .js               both, gzip');
for (const variant of ['plain', 'typed', 'embind', 'typed-embind']) {
  const wasm = size(`minimal-${variant}.wasm`);
  const glue = size(`minimal-${variant}.js`);
  console.log(`${variant.padEnd(44)} ${kb(wasm).padEnd(22)} ${kb(glue).padEnd(22)} ${((wasm.gzip + glue.gzip) / 1024).toFixed(1)} KiB`);
}
