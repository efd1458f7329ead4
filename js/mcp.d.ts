/** A JSON-RPC 2.0 message of MCP: a request, a notification, a result or an error. */
export type JSONRPCMessage = { jsonrpc: '2.0'; [key: string]: unknown };

export type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

export interface TransportSendOptions {
  relatedRequestId?: string | number | undefined;
  /** Resume the stream of an earlier request from this event ID instead of sending. */
  resumptionToken?: string | undefined;
  /** Each new event ID of the request's stream, also after it was resumed. */
  onresumptiontoken?: ((token: string) => void) | undefined;
}

/** The MCP SDK's `Transport`, which its `Client` takes. */
export interface Transport {
  start(): Promise<void>;
  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void>;
  close(): Promise<void>;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: ((message: any, extra?: any) => void) | undefined;
  sessionId?: string | undefined;
  setProtocolVersion?: ((version: string) => void) | undefined;
}

/** As the SDK's: how a stream is asked for again after a cut, before its response. */
export interface StreamableHTTPReconnectionOptions {
  /** ms; 1000 by default. */
  initialReconnectionDelay: number;
  /** ms; 30000 by default. */
  maxReconnectionDelay: number;
  /** Each attempt's delay over the one before; 1.5 by default. */
  reconnectionDelayGrowFactor: number;
  /** Attempts in a row without a new message; 2 by default. */
  maxRetries: number;
}

export interface StreamableHTTPClientTransportOptions {
  /** Merged into every request (headers too: put an Authorization header here). */
  requestInit?: RequestInit;
  fetch?: FetchLike;
  /** A session to continue. */
  sessionId?: string;
  reconnectionOptions?: Partial<StreamableHTTPReconnectionOptions>;
  /** 'same-origin' (default) follows a redirect only within the server's origin. */
  redirectPolicy?: 'follow' | 'same-origin';
  /** ms without a byte, a comment included, after which a stream counts as cut. */
  idleTimeout?: number;
  /**
   * ms from sending a request (a POST, the GET stream, a resumption) to its response's head;
   * past it, the request fails with an SseError of kind `response-timeout`. Before the head it
   * takes precedence over `idleTimeout`.
   */
  responseTimeout?: number;
  /**
   * In a page: when it comes back (visible, online, thawed, restored from the back-forward
   * cache), a stream silent since it went away (the standalone GET stream, a request's stream)
   * is resumed at once with `Last-Event-ID`, as in connect(). Off by default.
   */
  reconnectOnWake?: boolean;
  /** Not taken: a TypeError says to use `requestInit.headers` or `fetch`. */
  authProvider?: never;
}

export class StreamableHTTPError extends Error {
  constructor(code: number, message: string);
  /** The HTTP status, or -1. */
  readonly code: number;
}

/**
 * MCP's Streamable HTTP client transport (specification 2025-11-25), with the SDK class's
 * options and members: `new Client(…).connect(new StreamableHTTPClientTransport(url))`.
 */
export class StreamableHTTPClientTransport implements Transport {
  constructor(url: URL | string, options?: StreamableHTTPClientTransportOptions);
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: ((message: any, extra?: any) => void) | undefined;
  readonly sessionId: string | undefined;
  readonly protocolVersion: string | undefined;
  setProtocolVersion(version: string): void;
  start(): Promise<void>;
  send(message: JSONRPCMessage | JSONRPCMessage[], options?: TransportSendOptions): Promise<void>;
  close(): Promise<void>;
  terminateSession(): Promise<void>;
  resumeStream(lastEventId: string, options?: { onresumptiontoken?: (token: string) => void }): Promise<void>;
  /** Always rejects: no authProvider is taken. */
  finishAuth(authorizationCode: string): Promise<void>;
}
