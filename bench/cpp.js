// npm run bench -- --cpp: the C++ client (bench/cpp/bench.cpp, built with Emscripten as a
// program would link sse::browser) against connect() in the same headless Chromium, on the
// OpenAI workload over HTTP in 16 KiB writes: the time of a whole stream and per chunk, plain
// and decoded as OpenAI chat chunks (bench/cpp.html).
import { runPage } from './chromium.js';
import { route } from './e2e-route.js';

await runPage('bench/cpp.html', (text, version) => console.log(text ?? `\nsse-wasm from C++, headless ${version}; best of interleaved runs`), route);
