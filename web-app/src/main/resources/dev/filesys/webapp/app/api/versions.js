// A file's earlier contents: list them (newest first), download one, restore one (which makes the current content a
// version in turn).

import { ifMatch, pageQuery, send, sendJson, seg } from './http.js';

const API = '/api/v1';

/** One page of the file's versions: `{items: [{versionId, size, sha256, createdAt, createdBy, replacedAt}], nextCursor?}`. */
export function versions(connection, fileId, page) {
  return connection.call(({ serverUrl, token }) =>
    sendJson(`${serverUrl}${API}/files/${seg(fileId)}/versions${pageQuery(page)}`, { token }));
}

/**
 * The content of one version, as a Blob. A version has no download link, so the page reads it with the session header
 * and hands it to the browser as a download (`saveAs`).
 */
export function versionContent(connection, fileId, versionId) {
  return connection.call(async ({ serverUrl, token }) => {
    const response = await send(`${serverUrl}${API}/files/${seg(fileId)}/versions/${seg(versionId)}/content`,
      { token, timeoutMs: 10 * 60_000 });
    return response.blob();
  });
}

/** Makes the version the file's content again, if the file still is at `version`; resolves with the file's view. */
export function restoreVersion(connection, fileId, versionId, version) {
  return connection.call(({ serverUrl, token }) =>
    sendJson(`${serverUrl}${API}/files/${seg(fileId)}/versions/${seg(versionId)}/restore`,
      { method: 'POST', token, headers: ifMatch(version) }));
}

/** Saves a Blob under `name` through the browser's downloads. */
export function saveAs(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
