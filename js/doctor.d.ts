/** What the doctor found, by a public and stable id (README, "sse-wasm doctor"). */
export type FindingId =
  | 'status'
  | 'content-type'
  | 'charset'
  | 'cache'
  | 'compression'
  | 'content-length'
  | 'buffering'
  | 'ids'
  | 'resume'
  | 'retry'
  | 'unterminated'
  | 'invalid-utf8'
  | 'line-endings'
  | 'bom'
  | 'event-too-large'
  | 'heartbeat'
  | 'cors'
  | 'connect';

export interface Finding {
  id: FindingId;
  /**
   * `fail`: a client gets no stream, loses events, or gets corrupted or duplicated data. `warn`:
   * it works today but breaks behind proxies, on reconnection or in other clients, or it is
   * inferred from timing. `info`: what could not be checked, or was checked and is fine.
   */
  level: 'fail' | 'warn' | 'info';
  /** What was seen, with its numbers. */
  message: string;
  /** How to fix it (FastAPI/Starlette, nginx, any server); on every `fail` and `warn`. */
  hint?: string;
}

export interface DoctorOptions {
  method?: string | undefined;
  headers?: HeadersInit | undefined;
  body?: BodyInit | null | undefined;
  /** Also check CORS, for a page on this origin. */
  origin?: string | undefined;
  /** How long an endless stream is watched; a stream that ends sooner is read to its end. 10 s. */
  watchMs?: number | undefined;
  /** Send a request other than GET again, with Last-Event-ID, to check resumption. */
  resend?: boolean | undefined;
  /** A silence longer than this (or half the watch, when shorter) is a `heartbeat` finding. 30 s. */
  heartbeatMs?: number | undefined;
  /** Events over this many bytes are dropped, with an `event-too-large` finding. 16 MiB. */
  maxEventSize?: number | undefined;
  fetch?: typeof fetch | undefined;
  signal?: AbortSignal | undefined;
}

/** An event of the first response, as seen: its data cut at 1,024 characters; at most 1,000. */
export interface SeenEvent {
  type: string;
  /** The block's own `id` field, if it had one. */
  id?: string | undefined;
  data: string;
  /** ms from the request to the chunk that completed it. */
  at: number;
}

export interface DoctorReport {
  url: string;
  findings: Finding[];
  events: SeenEvent[];
  /** ms from the first request; null for what did not happen. */
  timing: {
    head: number | null;
    firstByte: number | null;
    firstEvent: number | null;
    end: number | null;
    /** How the body ended: by itself (`clean`), broken (`error`), at the watch's end, or not read. */
    ended: 'clean' | 'error' | 'watch' | 'refused';
    chunks: number;
    bytes: number;
    events: number;
    comments: number;
    longestSilence: number | null;
  };
}

/** Checks an SSE endpoint as browsers, fetch-based clients and proxies will meet it. */
export function doctor(url: string | URL, options?: DoctorOptions): Promise<DoctorReport>;
