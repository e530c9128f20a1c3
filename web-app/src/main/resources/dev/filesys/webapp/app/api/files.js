// Files and shares: listing, metadata, rename and move, deletion (to the trash), sharing, and download links.

import { ifMatch, pageQuery, sendJson, send, seg } from './http.js';

const API = '/api/v1';

/**
 * One page of the files and folders shared with me (`GET /api/v1/shared`): `{items, nextCursor?}`.
 *
 * @param page `{limit, cursor, sort}` (sort as `name,asc`)
 */
export function sharedWithMe(connection, page) {
  return connection.call(({ serverUrl, token }) => sendJson(`${serverUrl}${API}/shared${pageQuery(page)}`, { token }));
}

export async function listAll(connection) {
  return connection.call(async ({ serverUrl, token }) => {
    const items = [];
    let cursor = null;
    do {
      const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const answer = await sendJson(`${serverUrl}${API}/files?scope=all&sort=name&limit=${PAGE_SIZE}${after}`, { token });
      items.push(...answer.items);
      cursor = answer.nextCursor;
    } while (cursor);
    return items;
  });
}

/** A file's metadata; for its owner, with the list of its unexpired shares. */
export function describe(connection, fileId) {
  return connection.call(({ serverUrl, token }) => sendJson(`${serverUrl}${API}/files/${seg(fileId)}`, { token }));
}

/** Moves the file to the trash, if it still is at `version` (the one the page showed). */
export function remove(connection, fileId, version) {
  return connection.call(({ serverUrl, token }) =>
    send(`${serverUrl}${API}/files/${seg(fileId)}`, { method: 'DELETE', token, headers: ifMatch(version) }));
}

/** Renames and/or moves the file (`{name?, folderId?}`), if it still is at `version`; resolves with its new view. */
export function updateFile(connection, fileId, changes, version) {
  return connection.call(({ serverUrl, token }) =>
    sendJson(`${serverUrl}${API}/files/${seg(fileId)}`, { method: 'PATCH', token, json: changes, headers: ifMatch(version) }));
}

/** Shares read access with `username`, until `expiresAt` (an ISO instant) or for good (null). */
export function share(connection, fileId, username, expiresAt) {
  const json = { permission: 'read' };
  if (expiresAt) json.expiresAt = expiresAt;
  return connection.call(({ serverUrl, token }) =>
    sendJson(`${serverUrl}${API}/files/${seg(fileId)}/shares/${seg(username)}`, { method: 'PUT', token, json }));
}

export function unshare(connection, fileId, username) {
  return connection.call(({ serverUrl, token }) =>
    send(`${serverUrl}${API}/files/${seg(fileId)}/shares/${seg(username)}`, { method: 'DELETE', token }));
}

/**
 * A short-lived URL that downloads the file without the session header, so the browser can start the download by
 * navigation (with the file's own name, from Content-Disposition, and the browser's download manager, which resumes).
 */
export async function downloadUrl(connection, fileId) {
  return connection.call(async ({ serverUrl, token }) => {
    const link = await sendJson(`${serverUrl}${API}/files/${seg(fileId)}/download-links`, { method: 'POST', token });
    return `${serverUrl}${link.path}`;
  });
}
