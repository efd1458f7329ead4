// The fetch() transport of the C++ client (wasm/client/src/browser.cpp), as an Emscripten
// --js-library. Each stream's request, body reader and timers live here by the stream's id;
// what happens goes back through the client's exported hooks, one call per piece of news and
// one bulk copy per chunk. No eval and no Embind: it runs under
// `script-src 'self' 'wasm-unsafe-eval'`. A report for a request that was cancelled, for a
// stream that is done, or after the runtime exited, calls nothing.

mergeInto(LibraryManager.library, {
  $SSE_CLIENT__deps: ['$callUserCallback', '$runtimeKeepalivePush', '$runtimeKeepalivePop'],
  $SSE_CLIENT: {
    streams: {},
    encoder: null,
    decoder: null,

    // The stream's state, made on its first request; its life keeps the runtime alive.
    of: function (id) {
      var s = SSE_CLIENT.streams[id];
      if (!s) {
        s = { attempt: 0, controller: null, reader: null, response: null, timers: [null, null] };
        SSE_CLIENT.streams[id] = s;
        runtimeKeepalivePush();
      }
      return s;
    },

    text: function (ptr, size) {
      if (!SSE_CLIENT.decoder) SSE_CLIENT.decoder = new TextDecoder();
      return SSE_CLIENT.decoder.decode(HEAPU8.slice(ptr, ptr + size));
    },

    // A header value is a byte string: one character per byte.
    bytes: function (ptr, size) {
      var value = '';
      for (var i = 0; i < size; i += 4096) {
        value += String.fromCharCode.apply(null, HEAPU8.subarray(ptr + i, ptr + Math.min(size, i + 4096)));
      }
      return value;
    },

    // Runs `report` only while the request `attempt` of stream `id` is the live one.
    current: function (id, attempt, report) {
      callUserCallback(function () {
        var s = SSE_CLIENT.streams[id];
        if (s && s.attempt === attempt) report(s);
      });
    },

    // Copies UTF-8 strings into the client's buffer one after the other; returns their sizes.
    put: function (id, texts) {
      if (!SSE_CLIENT.encoder) SSE_CLIENT.encoder = new TextEncoder();
      var parts = texts.map(function (text) {
        return SSE_CLIENT.encoder.encode(text);
      });
      var total = parts.reduce(function (sum, part) {
        return sum + part.length;
      }, 0);
      var at = _sse_client_buffer(id, total);
      parts.forEach(function (part) {
        HEAPU8.set(part, at);
        at += part.length;
      });
      return parts.map(function (part) {
        return part.length;
      });
    },

    // A rejection handler that reports the request `attempt` of stream `id` as failed.
    failing: function (id, attempt) {
      return function (error) {
        SSE_CLIENT.current(id, attempt, function () {
          _sse_client_network_error(id, SSE_CLIENT.put(id, [String((error && error.message) || error)])[0]);
        });
      };
    },

    // Browsers and Node keep a timer's delay in a signed 32-bit integer and fire at once past
    // it, so a longer wait (a server's `retry: 2147483648`) is made of steps.
    after: function (ms, callback) {
      var longest = 2147483647;
      if (ms <= longest) return { timer: setTimeout(callback, ms) };
      var deadline = Date.now() + ms;
      var handle = {};
      var step = function () {
        var left = deadline - Date.now();
        if (left > 0) handle.timer = setTimeout(step, Math.min(left, longest));
        else callback();
      };
      handle.timer = setTimeout(step, longest);
      return handle;
    },
  },

  sse_client_js_fetch__deps: ['$SSE_CLIENT'],
  sse_client_js_fetch: function (id, method, methodSize, url, urlSize, headers, headersSize, body, bodySize, hasBody, credentials, credentialsSize, lastEventId, lastEventIdSize) {
    var s = SSE_CLIENT.of(id);
    var attempt = ++s.attempt;
    // The body before, ended or broken, is done with.
    s.reader = s.response = null;
    var init = {
      method: SSE_CLIENT.text(method, methodSize),
      headers: new Headers({ Accept: 'text/event-stream' }),
      cache: 'no-store',
      credentials: SSE_CLIENT.text(credentials, credentialsSize),
      redirect: 'follow',
    };
    var pairs = SSE_CLIENT.text(headers, headersSize).split('\0');
    try {
      for (var i = 0; i + 1 < pairs.length; i += 2) init.headers.set(pairs[i], pairs[i + 1]);
      if (lastEventIdSize > 0) init.headers.set('Last-Event-ID', SSE_CLIENT.bytes(lastEventId, lastEventIdSize));
    } catch (error) {
      Promise.reject(error).catch(SSE_CLIENT.failing(id, attempt));
      return;
    }
    if (hasBody) init.body = HEAPU8.slice(body, body + bodySize);
    s.controller = new AbortController();
    init.signal = s.controller.signal;
    fetch(SSE_CLIENT.text(url, urlSize), init).then(
      function (response) {
        SSE_CLIENT.current(id, attempt, function (s) {
          s.response = response;
          var h = response.headers;
          var sizes = SSE_CLIENT.put(id, [response.statusText, h.get('content-type') || '', h.get('retry-after') || '', response.url || '']);
          _sse_client_response(id, response.status, sizes[0], sizes[1], sizes[2], sizes[3]);
        });
      },
      SSE_CLIENT.failing(id, attempt),
    );
  },

  sse_client_js_read__deps: ['$SSE_CLIENT'],
  sse_client_js_read: function (id) {
    var s = SSE_CLIENT.streams[id];
    if (!s || !s.response) return;
    var attempt = s.attempt;
    if (!s.response.body) {
      Promise.resolve().then(function () {
        SSE_CLIENT.current(id, attempt, function () {
          _sse_client_end(id);
        });
      });
      return;
    }
    if (!s.reader) s.reader = s.response.body.getReader();
    s.reader.read().then(
      function (next) {
        SSE_CLIENT.current(id, attempt, function () {
          if (next.done) {
            _sse_client_end(id);
            return;
          }
          // The call may grow the memory, which replaces HEAPU8: it comes first.
          var at = _sse_client_buffer(id, next.value.length);
          HEAPU8.set(next.value, at);
          _sse_client_chunk(id, next.value.length);
        });
      },
      SSE_CLIENT.failing(id, attempt),
    );
  },

  // The start of a refused body, for its error: 4 KiB of text, JSON or XML, 1 s at most.
  sse_client_js_preview__deps: ['$SSE_CLIENT'],
  sse_client_js_preview: function (id) {
    var s = SSE_CLIENT.streams[id];
    if (!s || !s.response) return;
    var attempt = s.attempt;
    var type = s.response.headers.get('content-type') || '';
    var parts = [];
    var size = 0;
    var finished = false;
    var timer = null;
    var finish = function () {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      var bytes = new Uint8Array(Math.min(size, 4096));
      var at = 0;
      parts.forEach(function (part) {
        var take = part.subarray(0, bytes.length - at);
        bytes.set(take, at);
        at += take.length;
      });
      SSE_CLIENT.current(id, attempt, function () {
        if (!SSE_CLIENT.decoder) SSE_CLIENT.decoder = new TextDecoder();
        _sse_client_preview(id, SSE_CLIENT.put(id, [SSE_CLIENT.decoder.decode(bytes)])[0]);
      });
    };
    if (!s.response.body || !/json|text|xml/i.test(type)) {
      Promise.resolve().then(finish);
      return;
    }
    var reader = (s.reader = s.response.body.getReader());
    timer = setTimeout(finish, 1000);
    var next = function () {
      reader.read().then(function (piece) {
        if (piece.done) return finish();
        parts.push(piece.value);
        size += piece.value.length;
        if (size >= 4096) finish();
        else if (!finished) next();
      }, finish);
    };
    next();
  },

  sse_client_js_cancel__deps: ['$SSE_CLIENT'],
  sse_client_js_cancel: function (id) {
    var s = SSE_CLIENT.streams[id];
    if (!s) return;
    // Whatever the cancelled request still reports belongs to an old attempt.
    ++s.attempt;
    if (s.controller) s.controller.abort();
    if (s.reader) s.reader.cancel().catch(function () {});
    else if (s.response && s.response.body) s.response.body.cancel().catch(function () {});
    s.controller = s.reader = s.response = null;
  },

  sse_client_js_set_timer__deps: ['$SSE_CLIENT'],
  sse_client_js_set_timer: function (id, which, ms) {
    var s = SSE_CLIENT.of(id);
    if (s.timers[which]) clearTimeout(s.timers[which].timer);
    var handle = SSE_CLIENT.after(ms, function () {
      callUserCallback(function () {
        if (s.timers[which] !== handle) return;
        s.timers[which] = null;
        if (SSE_CLIENT.streams[id] === s) _sse_client_timer(id, which);
      });
    });
    s.timers[which] = handle;
  },

  sse_client_js_clear_timer__deps: ['$SSE_CLIENT'],
  sse_client_js_clear_timer: function (id, which) {
    var s = SSE_CLIENT.streams[id];
    if (!s || !s.timers[which]) return;
    clearTimeout(s.timers[which].timer);
    s.timers[which] = null;
  },

  sse_client_js_done__deps: ['$SSE_CLIENT'],
  sse_client_js_done: function (id) {
    if (!SSE_CLIENT.streams[id]) return;
    delete SSE_CLIENT.streams[id];
    runtimeKeepalivePop();
  },

  sse_client_js_now: function () {
    return performance.timeOrigin + performance.now();
  },

  sse_client_js_random: function () {
    return Math.random();
  },
});
