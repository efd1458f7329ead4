import { readFile } from 'node:fs/promises';

/** Node's fetch() cannot read file: URLs, so the Node entry reads the module itself. */
export async function loadFromFile(url) {
  return WebAssembly.compile(await readFile(url));
}
