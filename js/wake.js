import { now } from './timers.js';

// reconnectOnWake: the page's lifecycle, told to the streams that asked for it. A page goes
// away (hidden, offline, frozen, or into the back-forward cache) and comes back; each stream's
// session then decides what its connection is worth. Inert where there is no document (workers,
// Node): nothing there says the page slept.

const streams = new Set();

// When the page went away, per way of going; undefined while it is not away that way.
const away = { hidden: undefined, offline: undefined, frozen: undefined, cached: undefined };

function wakeAll(since) {
  // A return without a known departure ends the waits only: no body is old enough to doubt.
  for (const stream of [...streams]) stream.wake(since ?? -Infinity);
}

function back(way) {
  const since = away[way];
  away[way] = undefined;
  wakeAll(since);
}

const listeners = {
  visibilitychange() {
    if (document.visibilityState === 'hidden') away.hidden ??= now();
    else back('hidden');
  },
  offline() {
    away.offline ??= now();
  },
  online() {
    back('offline');
  },
  freeze() {
    away.frozen ??= now();
  },
  resume() {
    back('frozen');
  },
  // Into the back-forward cache, the connections are closed: an open request would keep the
  // page out of it, and a server would hold a connection for a page that may never return.
  pagehide(event) {
    if (!event.persisted) return;
    away.cached ??= now();
    const reason = new DOMException('the page went into the back-forward cache', 'AbortError');
    for (const stream of [...streams]) stream.sleep(reason);
  },
  pageshow(event) {
    if (event.persisted) back('cached');
  },
};

const targets = { visibilitychange: () => document, freeze: () => document, resume: () => document };

function listen(on) {
  for (const [type, listener] of Object.entries(listeners)) {
    const target = targets[type]?.() ?? globalThis;
    if (on) target.addEventListener(type, listener);
    else target.removeEventListener(type, listener);
  }
}

export const lifecycle = {
  /** Tells `stream` (wake(since), sleep(reason)) of the page's returns; false where inert. */
  watch(stream) {
    if (typeof document !== 'object' || document === null || typeof addEventListener !== 'function') return false;
    if (streams.size === 0) {
      listen(true);
      // A stream opened in a hidden tab: the page is away from now on.
      if (document.visibilityState === 'hidden') away.hidden ??= now();
    }
    streams.add(stream);
    return true;
  },

  unwatch(stream) {
    if (streams.delete(stream) && streams.size === 0) {
      listen(false);
      for (const way of Object.keys(away)) away[way] = undefined;
    }
  },
};
