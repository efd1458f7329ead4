// The bits of sse_options_resume (wasm/bindings/core.cpp): how a stream resumes beyond
// connect()'s own `resume`, and who says that it is complete.

/** Resume even before any event ID arrived (MCP's standalone stream). */
export const RESUME_WITHOUT_ID = 1;
/** Wait the retry policy's backoff before a resumption, unless the server sent `retry`. */
export const RESUME_BACKOFF = 2;
/** Only an event with data gives the resumptions their attempts back. */
export const PROGRESS_NEEDS_DATA = 4;
/** The caller's matcher says when the stream is complete, so a clean end before it is a cut. */
export const TERMINAL_BY_CALLER = 8;
