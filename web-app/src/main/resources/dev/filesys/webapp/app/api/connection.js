// The session with a file-service, as the CLI keeps it: ask the balancer for a server, handshake with the auth code
// (nonce, ack), and when that server stops answering ask again and resume the same session on the new one
// (resumeToken), so the user stays logged in and work carries on.
//
// The session lives in sessionStorage, not localStorage or a cookie: it is per tab (alice and bob can use two tabs of
// one browser), it ends when the tab closes, it survives a reload (an upload in progress resumes after one), and no
// request carries it unless this code adds it (so no other site can make the browser use it: no CSRF). It never goes
// into a URL, where logs and the Referer header would keep it.

import { ApiError, ServerUnreachable, SessionEnded, send, sendJson, sleep, seg } from './http.js';

const STORAGE_KEY = 'filesys.session';
const API = '/api/v1';
const MAX_FAILOVERS = 3;
const FAILOVER_WAIT_SECONDS = 10;

/** A file-service that is stopping or overloaded answers 502/503/504: the session moves to another. */
const isDraining = (e) => e instanceof ApiError && [502, 503, 504].includes(e.status);
/** The server does not know (SESSION_REQUIRED) or no longer accepts (SESSION_EXPIRED) the token. */
const isSessionDead = (e) => e instanceof ApiError && e.status === 401 && e.code.includes('SESSION');
/** A handshake refusal that a new assignment cures (expired or replayed code, late ack, server stopping). */
const isHandshakeRetryable = (e) => e instanceof ApiError
  && (e.code.includes('AUTH_CODE') || e.code === 'HANDSHAKE_EXPIRED' || e.code === 'INVALID_NONCE' || isDraining(e));

export class Connection {
  /**
   * @param balancerUrl the balancer's base URL: the page's own origin (or the edge's)
   * @param notify called with one human sentence when the session moves to another server
   */
  constructor(balancerUrl, notify = () => {}) {
    this.balancerUrl = balancerUrl.replace(/\/$/, '');
    this.notify = notify;
    this.state = load();
    this.pendingFailover = null;
    this.listeners = new Set();
  }

  get username() { return this.state?.username ?? null; }
  get serverId() { return this.state?.serverId ?? null; }
  get serverUrl() { return this.state?.serverUrl ?? null; }
  get hasSession() { return Boolean(this.state?.token); }

  /** Called with the connection after every change of server, token or user. */
  onChange(listener) { this.listeners.add(listener); return () => this.listeners.delete(listener); }

  /**
   * Runs `operation({serverUrl, token})`, opening a session first if there is none. When the server does not
   * answer, or says it is stopping, the session moves to another server and the operation runs again there (so it
   * must be safe to repeat or continue). When the session is dead: an operation that needs a user fails with
   * SessionEnded; one that does not (log in, register) runs again on a fresh session.
   */
  async call(operation, { needsLogin = true } = {}) {
    let failovers = 0;
    let renewed = false;
    for (;;) {
      if (!this.hasSession) {
        if (needsLogin) throw new SessionEnded();
        await this.establish({ resume: false });
      }
      const used = this.state.token;
      try {
        return await operation({ serverUrl: this.state.serverUrl, token: used });
      } catch (e) {
        if (e instanceof ServerUnreachable || isDraining(e)) {
          if (++failovers > MAX_FAILOVERS) throw e;
          await this.failover(used, e instanceof ServerUnreachable
            ? `${this.state.serverId} stopped answering`
            : `${this.state.serverId} is not taking requests (${e.detail})`);
        } else if (isSessionDead(e)) {
          if (this.state?.token && this.state.token !== used) continue; // another request moved the session meanwhile
          if (needsLogin || renewed) {
            this.forget();
            throw new SessionEnded(`Your session has ended (${e.detail}). Please log in again.`);
          }
          renewed = true;
          this.state = null;
        } else {
          throw e;
        }
      }
    }
  }

  /**
   * Moves the session to another server, once however many requests noticed the failure: one that failed with a token
   * that has since been replaced just runs again.
   */
  async failover(usedToken, reason) {
    if (this.state?.token !== usedToken) return;
    if (!this.pendingFailover) {
      const from = this.state.serverId;
      this.pendingFailover = this.establish({ resume: true, waitSeconds: FAILOVER_WAIT_SECONDS })
        .then((resumed) => {
          if (!resumed && this.state?.username) {
            this.forget();
            throw new SessionEnded(`${reason}, and the new server did not take over your session. Please log in again.`);
          }
          this.notify(`${reason}; continuing on ${this.state.serverId}.`, from);
        })
        .finally(() => { this.pendingFailover = null; });
    }
    await this.pendingFailover;
  }

  /**
   * Gets an assignment and handshakes with that server. A server that dies or refuses before the session is open costs
   * one more assignment, up to the fail-over limit.
   *
   * @returns whether an earlier session was resumed
   */
  async establish({ resume, waitSeconds = 0 }) {
    const resumeToken = resume ? this.state?.token : undefined;
    for (let attempt = 1; ; attempt++) {
      const assignment = await this.assign(waitSeconds);
      const server = assignment.serverUrl.replace(/\/$/, '');
      try {
        const hello = { authCode: assignment.authCode };
        if (resumeToken) hello.resumeToken = resumeToken;
        const opened = await sendJson(`${server}${API}/sessions`, { method: 'POST', json: hello });
        const ack = await sendJson(`${server}${API}/sessions/${seg(opened.sessionId)}/ack`, {
          method: 'POST', json: { serverNonce: opened.serverNonce },
        });
        const resumed = Boolean(resumeToken) && ack.resumed === true;
        this.save({
          serverId: assignment.serverId,
          serverUrl: server,
          token: ack.sessionToken,
          username: resumed ? this.state?.username ?? null : null,
        });
        return resumed;
      } catch (e) {
        const retryable = e instanceof ServerUnreachable || isHandshakeRetryable(e);
        if (!retryable || attempt > MAX_FAILOVERS) throw e;
        if (isDraining(e)) await sleep(200);
      }
    }
  }

  async assign(waitSeconds) {
    try {
      return await sendJson(`${this.balancerUrl}${API}/assignments`, {
        method: 'POST',
        json: waitSeconds > 0 ? { waitSeconds } : {},
        timeoutMs: 30_000 + waitSeconds * 1000,
      });
    } catch (e) {
      if (e instanceof ServerUnreachable) {
        throw new ApiError(0, 'BALANCER_UNREACHABLE', 'The service cannot be reached. Check your connection and try again.');
      }
      throw e;
    }
  }

  /** The session is now logged in as `username` (its token may have been rotated by the login). */
  loggedIn(username, token) {
    this.save({ ...this.state, username, token: token ?? this.state.token });
  }

  /** Ends the session at the server (best effort) and here. */
  async logout() {
    const state = this.state;
    this.forget();
    if (state?.token) {
      try {
        await send(`${state.serverUrl}${API}/sessions/current`, { method: 'DELETE', token: state.token, timeoutMs: 5000 });
      } catch {
        // the server is gone or the session already ended: either way it is over
      }
    }
  }

  forget() {
    this.state = null;
    sessionStorage.removeItem(STORAGE_KEY);
    this.changed();
  }

  save(state) {
    this.state = state;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    this.changed();
  }

  changed() {
    for (const listener of this.listeners) listener(this);
  }
}

function load() {
  try {
    const state = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    return state && typeof state.token === 'string' && typeof state.serverUrl === 'string' ? state : null;
  } catch {
    return null;
  }
}
