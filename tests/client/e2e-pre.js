// The runtime's exit does not end the Node process here, as it does not close a browser tab:
// what the event loop still holds (a request in flight) may answer after it.
Module.quit = function (status, toThrow) {
  throw toThrow;
};
