/**
 * Runs candidates in turns, one run each per round, so that a machine whose speed drifts favours
 * none of them; each keeps its best time and the result of its last run. The first `warmup`
 * rounds are not timed: an engine compiles hot code in tiers, JavaScript and WebAssembly alike,
 * and a long stream runs on the last tier, so that is what is measured. Then each candidate runs
 * at least five times, and more until its own runs took its share of `minimum` ms, up to `most`:
 * a candidate that takes 50 times longer than another no longer holds the quick one to five
 * runs, where a 3 ms run on a busy 2-core machine needs many more to find its quiet moment.
 * A run ten times longer than `minimum` (fetch-event-source copying a 64 KiB line for each of
 * its bytes) is its own average, and reached the last tier during its first run: it is warmed
 * up once and timed once. A few seconds are not: timed once, this package's EventSource took
 * 4.3 s for 200,000 events in the end-to-end benchmark, and 1.1-1.6 s in repeated runs. A run
 * may be async.
 */
export async function bestOf(runs, { now = () => performance.now(), minimum, most, warmup = 3 }) {
  const share = minimum / runs.length;
  const cells = runs.map(
    () => ({ ms: Infinity, result: undefined, spent: 0, count: 0, long: false }),
  );
  const timed = async (index) => {
    const started = now();
    const result = await runs[index]();
    return { ms: now() - started, result };
  };
  for (let round = 0; round < warmup; round++) {
    for (let index = 0; index < runs.length; index++) {
      if (!cells[index].long) cells[index].long = (await timed(index)).ms > 10 * minimum;
    }
  }
  const wanted = (cell) =>
    cell.count < (cell.long ? 1 : 5) || (cell.spent < share && cell.count < most);
  for (let round = 0; cells.some(wanted); round++) {
    for (let k = 0; k < runs.length; k++) {
      const index = (k + round) % runs.length;
      const cell = cells[index];
      if (!wanted(cell)) continue;
      const { ms, result } = await timed(index);
      cell.spent += ms;
      cell.count++;
      cell.ms = Math.min(cell.ms, ms);
      cell.result = result;
    }
  }
  return cells;
}
