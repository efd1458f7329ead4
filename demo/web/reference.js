// The HTML example's client, as it was written: the browser's own EventSource on /events.
const source = new EventSource('/events');
const messages = document.getElementById('messages');
source.onmessage = function (event) {
  const li = document.createElement('li');
  li.textContent = event.data;
  messages.appendChild(li);
};
