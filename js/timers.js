// Every timer of the package goes through here. Browsers and Node keep a timer's delay in a
// signed 32-bit integer and fire at once past it, so a server's `retry: 2147483648` would turn
// a reconnection wait into a reconnection loop. A wait longer than that is made of steps.
const LONGEST_STEP = 2 ** 31 - 1;

/**
 * Calls `callback` once `ms` milliseconds have passed, however long that is.
 * @returns {() => void} cancels the wait; nothing of it stays behind
 */
export function after(ms, callback) {
  if (ms <= LONGEST_STEP) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  }
  // Each step measures what is left, so that a step that fired late (a throttled tab) does not
  // lengthen the whole. Only waits of over 24 days read the wall clock; shorter ones cannot be
  // moved by a change of the system's time.
  const deadline = Date.now() + ms;
  let timer;
  const step = () => {
    const left = deadline - Date.now();
    if (left > 0) timer = setTimeout(step, Math.min(left, LONGEST_STEP));
    else callback();
  };
  timer = setTimeout(step, LONGEST_STEP);
  return () => clearTimeout(timer);
}

/** Epoch ms (Retry-After dates) with the monotonic clock's precision (timings). */
export const now = () => performance.timeOrigin + performance.now();
