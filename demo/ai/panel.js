// The AI SDK panel: the SDK's own chat (AbstractChat, which useChat and new Chat() run) over
// SseWasmChatTransport, against the demo's /api/chat. Bundled by Vite (scripts/build-demo.js)
// into build/demo-ai/panel.js; the package itself stays /js/ai.js, as the page loads it.
import { AbstractChat } from 'ai';
import { z } from 'zod';
import { SseWasmChatTransport } from '/js/ai.js';

// zod, which the SDK validates chunks with, otherwise tries `new Function` once to see whether
// it may compile its checks, and the page's policy reports the attempt.
z.config({ jitless: true });

const $ = (id) => document.getElementById(id);

// The chat's state as plain fields, re-rendered on every change (what useChat keeps in React).
class PanelState {
  status = 'ready';
  error = undefined;
  #messages = [];
  get messages() {
    return this.#messages;
  }
  set messages(messages) {
    this.#messages = messages;
    render(this);
  }
  pushMessage = (message) => {
    this.messages = this.#messages.concat(message);
  };
  popMessage = () => {
    this.messages = this.#messages.slice(0, -1);
  };
  replaceMessage = (index, message) => {
    this.messages = [...this.#messages.slice(0, index), structuredClone(message), ...this.#messages.slice(index + 1)];
  };
  snapshot = (value) => structuredClone(value);
}

function describe(part) {
  if (part.type === 'text') return part.text;
  if (part.type.startsWith('tool-')) return `${part.type.slice(5)}(${JSON.stringify(part.input ?? {})}) → ${JSON.stringify(part.output ?? null)}`;
  return '';
}

function render(state) {
  const list = $('ai-messages');
  list.replaceChildren(
    ...state.messages.map((message) => {
      const li = document.createElement('li');
      li.className = message.role;
      li.textContent = `${message.role}: ${message.parts.map(describe).filter(Boolean).join(' · ')}`;
      return li;
    }),
  );
}

class PanelChat extends AbstractChat {
  constructor(init) {
    super({ ...init, state: new PanelState() });
  }
}

const chat = new PanelChat({
  id: 'demo-chat',
  transport: new SseWasmChatTransport({ api: '/api/chat', body: () => ({ tools: $('ai-tools').checked }) }),
});

$('ai-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('ai-send').disabled = true;
  delete $('ai-status').dataset.state;
  $('ai-status').textContent = 'streaming…';
  await chat.sendMessage({ text: $('ai-input').value });
  $('ai-status').textContent = `status: ${chat.status}${chat.error ? ` · ${chat.error.message}` : ''}`;
  $('ai-status').dataset.state = chat.status;
  $('ai-send').disabled = false;
});
$('ai-send').disabled = false;
