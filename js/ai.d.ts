import type { AiUiChunk } from './index.js';

export type { AiUiChunk } from './index.js';

type Resolvable<T> = T | Promise<T> | (() => T | Promise<T>);
type HeadersLike = Record<string, string | undefined> | Headers;

/** The request a `prepare*` hook may give instead of the default one. */
export interface PreparedRequest {
  api?: string;
  headers?: HeadersLike;
  credentials?: RequestCredentials;
  body?: object;
}

/**
 * The options of the AI SDK's `DefaultChatTransport`, with the same meaning; `UI_MESSAGE` is
 * the app's UIMessage type.
 */
export interface SseWasmChatTransportOptions<UI_MESSAGE = unknown> {
  /** The chat endpoint; `'/api/chat'` by default. Resumption asks `GET {api}/{chatId}/stream`. */
  api?: string;
  credentials?: Resolvable<RequestCredentials>;
  headers?: Resolvable<HeadersLike>;
  /** Merged into every request's JSON body. */
  body?: Resolvable<object>;
  fetch?: typeof fetch;
  prepareSendMessagesRequest?: (options: {
    api: string;
    id: string;
    messages: UI_MESSAGE[];
    body: Record<string, any>;
    headers: Record<string, string>;
    credentials: RequestCredentials | undefined;
    requestMetadata: unknown;
    trigger: 'submit-message' | 'regenerate-message';
    messageId: string | undefined;
  }) => PreparedRequest | Promise<PreparedRequest>;
  prepareReconnectToStreamRequest?: (options: {
    api: string;
    id: string;
    body: Record<string, any>;
    headers: Record<string, string>;
    credentials: RequestCredentials | undefined;
    requestMetadata: unknown;
  }) => Omit<PreparedRequest, 'body'> | Promise<Omit<PreparedRequest, 'body'>>;
  /** The server replays the whole message when a stream is resumed; true by default. */
  resumeStreamIsReplay?: boolean;
}

/**
 * The AI SDK's `ChatTransport` (`useChat({ transport })`, `new Chat({ transport })`), built like
 * `DefaultChatTransport`, reading the UI message stream with sse-wasm's `ai.ui` decoder.
 */
export class SseWasmChatTransport<UI_MESSAGE = any> {
  constructor(options?: SseWasmChatTransportOptions<UI_MESSAGE>);
  readonly api: string;
  resumeStreamIsReplay: boolean;
  sendMessages(options: {
    chatId: string;
    messages: UI_MESSAGE[];
    abortSignal: AbortSignal | undefined;
    trigger: 'submit-message' | 'regenerate-message';
    messageId: string | undefined;
    headers?: HeadersLike;
    body?: object;
    metadata?: unknown;
  }): Promise<ReadableStream<any>>;
  reconnectToStream(options: {
    chatId: string;
    abortSignal?: AbortSignal;
    headers?: HeadersLike;
    body?: object;
    metadata?: unknown;
  }): Promise<ReadableStream<any> | null>;
  /** The chunks of a UI message stream body. */
  processResponseStream(body: ReadableStream<Uint8Array>, signal?: AbortSignal): ReadableStream<AiUiChunk>;
}
