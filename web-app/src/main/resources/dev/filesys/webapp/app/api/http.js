// HTTP plumbing shared by the API modules: JSON requests, and every refusal turned into an ApiError that carries the
// server's problem (RFC 9457): its stable code and the human detail the views show.

/** A refusal the service explained: status, stable code, and the detail to show to the user. */
export class ApiError extends Error {
  constructor(status, code, detail, retryAfterSeconds) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The server did not answer at all (refused, reset, timed out): the session should move to another server. */
export class ServerUnreachable extends Error {
  constructor(what, cause) {
    super(`${what} is not answering`);
    this.name = 'ServerUnreachable';
    this.cause = cause;
  }
}

/** The session is over (expired, closed, taken over elsewhere): the user must log in again. */
export class SessionEnded extends Error {
  constructor(detail) {
    super(detail || 'Your session has ended. Please log in again.');
    this.name = 'SessionEnded';
  }
}

const TIMEOUT_MS = 30_000;

/**
 * One request. Resolves with the Response for 2xx and 304; rejects with ApiError for a refusal and ServerUnreachable
 * when no answer came.
 */
export async function send(url, { method = 'GET', token, headers = {}, json, body, timeoutMs = TIMEOUT_MS, signal } = {}) {
  const all = { ...headers };
  if (token) all.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    all['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const signals = [AbortSignal.timeout(timeoutMs)];
  if (signal) signals.push(signal);
  let response;
  try {
    response = await fetch(url, { method, headers: all, body, signal: AbortSignal.any(signals), cache: 'no-store' });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ServerUnreachable(new URL(url).origin, e);
  }
  if (response.ok || response.status === 304) return response;
  throw await problemOf(response);
}

/** Sends a request and reads its JSON answer (null for 204). */
export async function sendJson(url, options) {
  const response = await send(url, options);
  if (response.status === 204) return null;
  return response.json();
}

/** The ApiError a refused response describes; a response without a problem body still gets words. */
export async function problemOf(response) {
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  let problem = {};
  try {
    const type = response.headers.get('Content-Type') ?? '';
    if (type.includes('json')) problem = await response.json();
  } catch {
    // an unreadable body: the status below still says what happened
  }
  return errorFrom(response.status, problem, Number.isNaN(retryAfter) ? undefined : retryAfter);
}

export function errorFrom(status, problem, retryAfterSeconds) {
  const code = typeof problem.code === 'string' ? problem.code : `HTTP_${status}`;
  const detail = typeof problem.detail === 'string' && problem.detail
    ? problem.detail
    : status >= 500
      ? 'The server could not do this just now. Please try again.'
      : `The request was refused (${status}).`;
  return new ApiError(status, code, detail, retryAfterSeconds);
}

export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
  });
}

/** A path segment, encoded. */
export const seg = (value) => encodeURIComponent(value);

/** The query of one page of a listing: `limit`, `cursor` (from the previous page's `nextCursor`) and `sort`. */
export function pageQuery({ limit, cursor, sort } = {}) {
  const query = new URLSearchParams();
  if (limit) query.set('limit', String(limit));
  if (cursor) query.set('cursor', cursor);
  if (sort) query.set('sort', sort);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The `If-Match` header for the version the page showed (none when it is not known). */
export function ifMatch(version) {
  return version === undefined || version === null ? {} : { 'If-Match': `"${version}"` };
}

/** The item changed since the page showed it (412 PRECONDITION_FAILED): nothing was done. */
export const isStale = (e) => e instanceof ApiError && (e.status === 412 || e.code === 'PRECONDITION_FAILED');
