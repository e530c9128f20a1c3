// Public links: an address that lets anyone who holds it read one of my files or folders, with an expiry, and
// optionally a password, a download limit and a label. Create (the address is in that answer only), list, change,
// revoke, and read who downloaded what.

import { send, sendJson, seg } from './http.js';

const API = '/api/v1';

/**
 * Creates a link for a file (`{fileId}`) or a folder (`{folderId}`); `expiresAt`, `password`, `maxDownloads`, `label`
 * are left out when not given. Resolves with the link, with its `url`, which is never shown again.
 */
export function createLink(connection, { fileId, folderId, expiresAt, password, maxDownloads, label }) {
  const json = fileId ? { fileId } : { folderId };
  if (expiresAt) json.expiresAt = expiresAt;
  if (password) json.password = password;
  if (maxDownloads !== null && maxDownloads !== undefined) json.maxDownloads = maxDownloads;
  if (label) json.label = label;
  return connection.call(({ serverUrl, token }) => sendJson(`${serverUrl}${API}/links`, { method: 'POST', token, json }));
}

/** One page of my links, newest first (revoked and expired ones too): `{items, next?}`, `next` being the next `after`. */
export function links(connection, { limit, after } = {}) {
  const query = new URLSearchParams();
  if (limit) query.set('limit', String(limit));
  if (after) query.set('after', after);
  const text = query.toString();
  return connection.call(({ serverUrl, token }) => sendJson(`${serverUrl}${API}/links${text ? `?${text}` : ''}`, { token }));
}

/** All my links, every page of them. */
export async function allLinks(connection) {
  const found = [];
  let after = null;
  do {
    const page = await links(connection, { limit: 1000, after });
    found.push(...page.items);
    after = page.next ?? null;
  } while (after);
  return found;
}

/**
 * Changes a link (a JSON merge patch): only the fields in `changes` change; `null` removes the password or the limit,
 * or sets the expiry to the deployment's default from now. Resolves with the link as it is now.
 */
export function updateLink(connection, linkId, changes) {
  return connection.call(({ serverUrl, token }) =>
    sendJson(`${serverUrl}${API}/links/${seg(linkId)}`, { method: 'PATCH', token, json: changes }));
}

/** Revokes a link: it stops working at once (it stays listed, revoked, with its downloads). */
export function revokeLink(connection, linkId) {
  return connection.call(({ serverUrl, token }) => send(`${serverUrl}${API}/links/${seg(linkId)}`, { method: 'DELETE', token }));
}

/**
 * One page of a link's downloads, newest first: `{items: [{id, downloadedAt, fileId, fileName, clientAddress, bytes}],
 * next?}`, `next` being the next page's `before`.
 */
export function linkDownloads(connection, linkId, { limit, before } = {}) {
  const query = new URLSearchParams();
  if (limit) query.set('limit', String(limit));
  if (before !== null && before !== undefined) query.set('before', String(before));
  const text = query.toString();
  return connection.call(({ serverUrl, token }) =>
    sendJson(`${serverUrl}${API}/links/${seg(linkId)}/downloads${text ? `?${text}` : ''}`, { token }));
}
