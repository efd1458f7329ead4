import { connect, SESSION } from './connect.js';

// The Vercel AI SDK's ChatTransport over this package: the requests of the SDK's own
// DefaultChatTransport (ai/src/ui/http-chat-transport.ts in `ai` 7), and its chunk stream read
// by the `ai.ui` decoder. `ai` is not imported: the SDK takes any object with sendMessages()
// and reconnectToStream(), and its errors are recognised by their markers, which these carry.

// The SDK's errors are told apart by Symbol.for markers (AISDKError.isInstance), not by class.
function sdkError(name, message, fields) {
  const error = new Error(message);
  error.name = name;
  Object.assign(error, fields);
  error[Symbol.for('vercel.ai.error')] = true;
  error[Symbol.for(`vercel.ai.error.${name}`)] = true;
  return error;
}

async function refused(response, url) {
  const responseBody = await response.text();
  return sdkError('AI_APICallError', responseBody || 'Failed to fetch the chat response.', {
    url,
    statusCode: response.status,
    responseHeaders: Object.fromEntries(response.headers),
    responseBody,
    requestBodyValues: undefined,
    isRetryable: [408, 409, 429].includes(response.status) || response.status >= 500,
  });
}

const emptyBody = () => sdkError('AI_EmptyResponseBodyError', 'The response body is empty.', {});

// A value, a promise, or a function giving either; resolved on every request.
async function resolve(value) {
  return typeof value === 'function' ? value() : value;
}

// Header names in lower case, as the SDK sends them; undefined and null values dropped.
function normalizeHeaders(headers) {
  const out = {};
  if (headers == null) return out;
  const entries = headers instanceof Headers ? headers.entries() : Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [name, value] of entries) if (value != null) out[name.toLowerCase()] = String(value);
  return out;
}

// `${api}/${chatId}/stream`, before any query or fragment of `api`.
function streamUrl(api, chatId) {
  if (chatId === '.' || chatId === '..') {
    throw sdkError('AI_InvalidArgumentError', `Invalid chat ID "${chatId}"`, { argument: 'chatId' });
  }
  const at = api.search(/[?#]/);
  const [path, rest] = at === -1 ? [api, ''] : [api.slice(0, at), api.slice(at)];
  return `${path.replace(/\/$/, '')}/${encodeURIComponent(chatId)}/stream${rest}`;
}

/**
 * An AI SDK ChatTransport, constructed like DefaultChatTransport, that reads the UI message
 * stream with this package's parser and `ai.ui` decoder.
 */
export class SseWasmChatTransport {
  /**
   * @param {{ api?: string, credentials?: any, headers?: any, body?: any, fetch?: typeof fetch,
   *   prepareSendMessagesRequest?: Function, prepareReconnectToStreamRequest?: Function,
   *   resumeStreamIsReplay?: boolean }} [options]
   */
  constructor({
    api = '/api/chat',
    credentials,
    headers,
    body,
    fetch,
    prepareSendMessagesRequest,
    prepareReconnectToStreamRequest,
    resumeStreamIsReplay = true,
  } = {}) {
    this.api = api;
    this.credentials = credentials;
    this.headers = headers;
    this.body = body;
    this.fetch = fetch;
    this.prepareSendMessagesRequest = prepareSendMessagesRequest;
    this.prepareReconnectToStreamRequest = prepareReconnectToStreamRequest;
    /** The server replays the whole message when a stream is resumed (AbstractChat reads this). */
    this.resumeStreamIsReplay = resumeStreamIsReplay;
  }

  async sendMessages({ chatId, messages, abortSignal, trigger, messageId, headers, body, metadata }) {
    const base = await this.#base(headers, body);
    const prepared = await this.prepareSendMessagesRequest?.({
      api: this.api,
      id: chatId,
      messages,
      body: base.body,
      headers: base.headers,
      credentials: base.credentials,
      requestMetadata: metadata,
      trigger,
      messageId,
    });
    const api = prepared?.api ?? this.api;
    const sent = prepared?.body !== undefined ? prepared.body : { ...base.body, id: chatId, messages, trigger, messageId };
    return this.#request(api, abortSignal, base, prepared, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sent),
    });
  }

  async reconnectToStream({ chatId, abortSignal, headers, body, metadata }) {
    const base = await this.#base(headers, body);
    const prepared = await this.prepareReconnectToStreamRequest?.({
      api: this.api,
      id: chatId,
      body: base.body,
      headers: base.headers,
      credentials: base.credentials,
      requestMetadata: metadata,
    });
    return this.#request(prepared?.api ?? streamUrl(this.api, chatId), abortSignal, base, prepared, {
      method: 'GET',
      headers: {},
    });
  }

  // The request's parts before a prepare hook: the transport's, with the call's over them.
  async #base(headers, body) {
    return {
      body: { ...(await resolve(this.body)), ...body },
      headers: { ...normalizeHeaders(await resolve(this.headers)), ...normalizeHeaders(headers) },
      credentials: await resolve(this.credentials),
    };
  }

  // Sends the request, a prepare hook's headers and credentials taking the place of the base
  // ones; resolves to its chunks, or null when there is nothing to resume (204).
  async #request(api, signal, base, prepared, init) {
    const headers = prepared?.headers !== undefined ? normalizeHeaders(prepared.headers) : base.headers;
    const response = await (this.fetch ?? globalThis.fetch)(api, {
      ...init,
      headers: { ...init.headers, ...headers },
      credentials: prepared?.credentials ?? base.credentials,
      signal,
    });
    if (response.status === 204 && init.method === 'GET') return null;
    if (!response.ok) throw await refused(response, api);
    if (!response.body) throw emptyBody();
    return this.processResponseStream(response.body, signal);
  }

  /**
   * The UI message chunks of a response body. As the SDK's: an `error` chunk is a chunk like
   * any other, a chunk that is not one of the protocol's errors the stream (a DecodeError with
   * its path, where the SDK gives a TypeValidationError), and `[DONE]` ends it.
   * @param {ReadableStream<Uint8Array>} body
   * @param {AbortSignal} [signal]
   */
  processResponseStream(body, signal) {
    // The SDK reads any 200 body as the stream, whatever its Content-Type says.
    const response = new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    const stream = connect(response, { decode: 'ai.ui', signal, [SESSION]: { errorsAsEvents: true } });
    const events = stream[Symbol.asyncIterator]();
    return new ReadableStream({
      async pull(controller) {
        for (;;) {
          let next;
          try {
            next = await events.next();
          } catch (error) {
            return controller.error(error);
          }
          if (next.done) {
            const { state, error } = await stream.result;
            // As fetch's body would: an abort or a broken body errors the stream; a body that
            // ended cleanly, with [DONE] or without, closes it.
            if (state === 'aborted') return controller.error(signal?.reason ?? error);
            if (state === 'incomplete' && error?.kind !== 'ended') return controller.error(error);
            return controller.close();
          }
          const { payload, error } = next.value;
          if (error) {
            controller.error(error);
            return stream.abort(error);
          }
          if (payload !== undefined) return controller.enqueue(payload);
        }
      },
      cancel(reason) {
        stream.abort(reason);
      },
    });
  }
}
