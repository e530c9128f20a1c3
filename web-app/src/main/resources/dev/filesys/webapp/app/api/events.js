// The user's event stream (GET /api/v1/events, Server-Sent Events) read with fetch, because the browser's EventSource
// cannot send the Authorization header and the session token must not go into a URL. Reconnects with Last-Event-ID, so
// no event is lost or repeated; a stream the server ends for shutdown, or a broken connection, moves the session to
// another server first (through the connection's fail-over).

import { ApiError, ServerUnreachable, SessionEnded, problemOf, sleep } from './http.js';

const MAX_BACKOFF_MS = 15_000;

/**
 * Follows the stream until `stop()` is called or the session ends.
 *
 * @param onEvent called with (type, data) for each event (file_shared, file_unshared, folder_shared, folder_unshared,
 *   file_deleted, resync, …)
 * @param onSessionEnded called once when the server ends the session (closed, expired, logged in elsewhere)
 * @param onState called with 'live' or 'reconnecting'
 * @returns a function that stops following
 */
export function followEvents(connection, { onEvent, onSessionEnded, onState = () => {} }) {
  const control = new AbortController();
  let lastId = null;
  let backoff = 500;

  async function readOnce({ serverUrl, token }) {
    const headers = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
    if (lastId !== null) headers['Last-Event-ID'] = lastId;
    let response;
    try {
      response = await fetch(`${serverUrl}/api/v1/events`, { headers, signal: control.signal, cache: 'no-store' });
    } catch (e) {
      if (control.signal.aborted) throw e;
      throw new ServerUnreachable(new URL(serverUrl).origin, e);
    }
    if (!response.ok) throw await problemOf(response);
    backoff = 500;
    onState('live');
    try {
      for await (const frame of frames(response.body, control.signal)) {
        if (frame.id !== null) lastId = frame.id;
        if (!frame.event) continue;
        const data = frame.data ? JSON.parse(frame.data) : {};
        if (frame.event === 'end') {
          if (data.reason === 'session_ended') throw new SessionEnded('Your session has ended. Please log in again.');
          break; // server_shutdown: continue elsewhere
        }
        onEvent(frame.event, data);
      }
    } catch (e) {
      if (e instanceof SessionEnded || control.signal.aborted) throw e;
    }
    onState('reconnecting');
    throw new ServerUnreachable(new URL(serverUrl).origin);
  }

  (async () => {
    while (!control.signal.aborted) {
      try {
        await connection.call(readOnce);
      } catch (e) {
        if (control.signal.aborted) return;
        if (e instanceof SessionEnded || (e instanceof ApiError && e.status === 401)) {
          onSessionEnded(e);
          return;
        }
        onState('reconnecting');
        try {
          await sleep(backoff, control.signal);
        } catch {
          return;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        continue;
      }
    }
  })();

  return () => control.abort();
}

/** The frames of an SSE body: {id, event, data}, per the WHATWG rules (comments and retry ignored). */
async function* frames(body, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  signal.addEventListener('abort', () => reader.cancel().catch(() => {}), { once: true });
  let buffer = '';
  let frame = { id: null, event: null, data: '' };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (frame.event || frame.data) yield frame;
        frame = { id: null, event: null, data: '' };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') frame.data += (frame.data ? '\n' : '') + value;
    }
  }
}
