/**
 * Runs candidates in turns, one run each per round, so that a machine whose speed drifts favours
 * none of them; each keeps its best time and the result of its last run. At least five rounds,
 * and more until `minimum` ms were spent, up to `most`. A run may be async. The first `warmup`
 * rounds are not timed: an engine compiles hot code in tiers, JavaScript and WebAssembly alike,
 * and a long stream runs on the last tier, so that is what is measured.
 */
export async function bestOf(runs, { now = () => performance.now(), minimum, most, warmup = 3 }) {
  for (let round = 0; round < warmup; round++) {
    for (const run of runs) await run();
  }
  const cells = runs.map(() => ({ ms: Infinity, result: undefined }));
  let spent = 0;
  for (let round = 0; round < most && (round < 5 || spent < minimum); round++) {
    for (let k = 0; k < runs.length; k++) {
      const index = (k + round) % runs.length;
      const started = now();
      const result = await runs[index]();
      const ms = now() - started;
      spent += ms;
      cells[index].ms = Math.min(cells[index].ms, ms);
      cells[index].result = result;
    }
  }
  return cells;
}
