// A chat as useChat runs it, without React: the AI SDK's AbstractChat with a ChatState of plain
// fields. The Node tests and the Chromium page of sse-wasm/ai both use it.
import { AbstractChat } from 'ai';

class PlainState {
  status = 'ready';
  error = undefined;
  messages = [];
  pushMessage = (message) => {
    this.messages = this.messages.concat(message);
  };
  popMessage = () => {
    this.messages = this.messages.slice(0, -1);
  };
  replaceMessage = (index, message) => {
    this.messages = [...this.messages.slice(0, index), structuredClone(message), ...this.messages.slice(index + 1)];
  };
  snapshot = (value) => structuredClone(value);
}

export class PlainChat extends AbstractChat {
  constructor(init) {
    super({ ...init, state: new PlainState() });
  }
}
