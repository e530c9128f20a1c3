// Folders: the user's tree (root, one folder, its children page by page), create, rename and move, delete (to the
// trash), and folder shares. Every change sends the version the page showed as If-Match, so a change made elsewhere
// meanwhile is refused (412) instead of overwritten.

import { ifMatch, pageQuery, sendJson, send, seg } from './http.js';

const API = '/api/v1';

/** A folder's view; `root` is the user's root folder. */
export function folder(connection, folderId) {
  return connection.call(({ serverUrl, token }) => sendJson(`${serverUrl}${API}/folders/${seg(folderId)}`, { token }));
}

/** The folder and its ancestors, root first (for breadcrumbs). */
export async function folderPath(connection, folderId) {
  const chain = [];
  let current = await folder(connection, folderId);
  chain.unshift(current);
  while (current.parentId && chain.length <= 64) {
    current = await folder(connection, current.parentId);
    chain.unshift(current);
  }
  return chain;
}

/**
 * One page of a folder's children, folders first: `{items, nextCursor?}`.
 *
 * @param page `{limit, cursor, sort}` (sort as `name,asc`)
 */
export function children(connection, folderId, page) {
  return connection.call(({ serverUrl, token }) =>
    sendJson(`${serverUrl}${API}/folders/${seg(folderId)}/children${pageQuery(page)}`, { token }));
}

export function createFolder(connection, name, parentId) {
  return connection.call(({ serverUrl, token }) =>
    sendJson(`${serverUrl}${API}/folders`, { method: 'POST', token, json: { name, parentId } }));
}

/** Renames and/or moves the folder (`{name?, parentId?}`), if it still is at `version`; resolves with its new view. */
export function updateFolder(connection, folderId, changes, version) {
  return connection.call(({ serverUrl, token }) =>
    sendJson(`${serverUrl}${API}/folders/${seg(folderId)}`, { method: 'PATCH', token, json: changes, headers: ifMatch(version) }));
}

/** Moves the folder and everything in it to the trash, if it still is at `version`. */
export function removeFolder(connection, folderId, version) {
  return connection.call(({ serverUrl, token }) =>
    send(`${serverUrl}${API}/folders/${seg(folderId)}`, { method: 'DELETE', token, headers: ifMatch(version) }));
}

export function shareFolder(connection, folderId, username, expiresAt) {
  const json = { permission: 'read' };
  if (expiresAt) json.expiresAt = expiresAt;
  return connection.call(({ serverUrl, token }) =>
    sendJson(`${serverUrl}${API}/folders/${seg(folderId)}/shares/${seg(username)}`, { method: 'PUT', token, json }));
}

export function unshareFolder(connection, folderId, username) {
  return connection.call(({ serverUrl, token }) =>
    send(`${serverUrl}${API}/folders/${seg(folderId)}/shares/${seg(username)}`, { method: 'DELETE', token }));
}
