// A public link as its holder reads it, through the link's own address at the balancer, which redirects each request
// to an available file-service (the browser follows; that service allows this page's origin by CORS). Nothing here
// needs an account or a session.
//
// A password-protected link is unlocked once (POST …/unlock); the access token it gives goes along as ?access=,
// because a page of this origin cannot read or send the file-service's cookie. It is kept in sessionStorage for this
// tab until it expires, so a reload does not ask for the password again.

import { send, sendJson } from './http.js';

const PAGE = 100;
const STORAGE_PREFIX = 'filesys.link-access.';

export class PublicLink {
  /** @param address the link's address, {balancer}/l/{token}, without a query */
  constructor(address) {
    this.address = address;
    this.storageKey = STORAGE_PREFIX + new URL(address).pathname;
    this.access = this.#storedAccess();
  }

  /**
   * What the link is: for a file link `{type: 'file', name, size, contentType, updatedAt, label, expiresAt}`, for a
   * folder link the first page of its files `{type: 'folder', name, label, expiresAt, items, next}`. Counts no
   * download. Rejects with LINK_PASSWORD_REQUIRED until unlocked, LINK_NOT_FOUND for a link that does not work.
   */
  describe() {
    return this.#json({ info: '', limit: String(PAGE) });
  }

  /** The folder's next page of files, after the previous page's `next`. */
  more(after) {
    return this.#json({ limit: String(PAGE), after });
  }

  /** One file under a folder link, described (without downloading it): whether it is still there. */
  describeFile(fileId) {
    return this.#json({ info: '', fileId });
  }

  /** Trades the password for an access token; rejects with INVALID_LINK_PASSWORD or TOO_MANY_ATTEMPTS. */
  async unlock(password) {
    const answer = await sendJson(`${this.address}/unlock`, {
      method: 'POST', headers: { Accept: 'application/json' }, json: { password },
    });
    this.access = answer.accessToken;
    try {
      sessionStorage.setItem(this.storageKey, JSON.stringify(answer));
    } catch {
      // storage full or off: the token still works for this page
    }
  }

  /** Forgets an access token the service no longer takes (expired, or the password changed). */
  forgetAccess() {
    this.access = null;
    sessionStorage.removeItem(this.storageKey);
  }

  /**
   * The address the browser navigates to for the download (the file link's file, or one file of a folder link):
   * a query keeps the balancer from answering with this page, so it redirects to the bytes.
   */
  downloadUrl(fileId) {
    const query = new URLSearchParams();
    if (fileId) query.set('fileId', fileId);
    else query.set('download', '');
    if (this.access) query.set('access', this.access);
    return `${this.address}?${query}`;
  }

  async #json(parameters) {
    const query = new URLSearchParams(parameters);
    if (this.access) query.set('access', this.access);
    const response = await send(`${this.address}?${query}`, { headers: { Accept: 'application/json' } });
    return response.json();
  }

  #storedAccess() {
    try {
      const stored = JSON.parse(sessionStorage.getItem(this.storageKey) ?? 'null');
      return stored && Date.parse(stored.expiresAt) > Date.now() ? stored.accessToken : null;
    } catch {
      return null;
    }
  }
}
