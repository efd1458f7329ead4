// The AI SDK takes SseWasmChatTransport where it takes a ChatTransport, as useChat({ transport })
// and new Chat({ transport }) do; checked against the pinned `ai` package's own types.
import type { ChatTransport, UIMessage } from 'ai';
import { SseWasmChatTransport } from 'sse-wasm/ai';

type MyMessage = UIMessage<{ model: string }>;

const transport: ChatTransport<MyMessage> = new SseWasmChatTransport<MyMessage>({
  api: '/api/chat',
  headers: () => ({ Authorization: 'Bearer t' }),
  body: { sessionId: 's' },
  credentials: 'include',
  prepareSendMessagesRequest: ({ messages, id }) => ({ body: { id, last: messages.at(-1) } }),
  prepareReconnectToStreamRequest: ({ id }) => ({ api: `/api/chat/${id}/resume` }),
});
void transport;

const plain: ChatTransport<UIMessage> = new SseWasmChatTransport();
void plain;

// @ts-expect-error: api is a string
new SseWasmChatTransport({ api: 42 });
