// The trash: what the user deleted (files and folders with all they held), until restored, purged, or older than the
// retention.

import { pageQuery, send, sendJson, seg } from './http.js';

const API = '/api/v1';

/** One page of the trash: `{items: [{kind, id, name, originalPath, originalFolderId, trashedAt, size, expiresAt}], nextCursor?}`. */
export function trash(connection, page) {
  return connection.call(({ serverUrl, token }) => sendJson(`${serverUrl}${API}/trash${pageQuery(page)}`, { token }));
}

/** Puts the item back where it was, or into `folderId` and/or under `name`; resolves with its view. */
export function restore(connection, id, { folderId, name } = {}) {
  const json = {};
  if (folderId) json.folderId = folderId;
  if (name) json.name = name;
  return connection.call(({ serverUrl, token }) =>
    sendJson(`${serverUrl}${API}/trash/${seg(id)}/restore`, { method: 'POST', token, json }));
}

/** Deletes the item for good. */
export function purge(connection, id) {
  return connection.call(({ serverUrl, token }) => send(`${serverUrl}${API}/trash/${seg(id)}`, { method: 'DELETE', token }));
}

/** Deletes everything in the trash for good. */
export function emptyTrash(connection) {
  return connection.call(({ serverUrl, token }) => send(`${serverUrl}${API}/trash`, { method: 'DELETE', token }));
}
