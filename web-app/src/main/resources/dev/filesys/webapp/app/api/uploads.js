// Resumable uploads over tus 1.0 (/api/v1/uploads/): create, then PATCH the file in chunks from the offset the server
// holds. The upload's URL and offset are kept in localStorage, keyed by the user and the file's name, size and date, so
// after a reload (or a crash of the browser) the same file, chosen again, continues where the server stopped instead of
// starting over; after a lost server, the session moves to another one, which asks the shared upload state for the
// offset (HEAD) and continues. PATCH goes through XMLHttpRequest, the one browser API that reports upload progress.

import { ApiError, ServerUnreachable, errorFrom, ifMatch, send, seg } from './http.js';

const API = '/api/v1';
const TUS = { 'Tus-Resumable': '1.0.0' };
const STORE_KEY = 'filesys.uploads';
/** One PATCH: a lost server repeats at most this much, and progress is saved this often. */
export const CHUNK_BYTES = 8 * 1024 * 1024;
/** No progress for this long: the connection is taken for dead and the upload continues after a fail-over. */
const STALL_MS = 30_000;

/** The user cancelled the upload. */
export class UploadCancelled extends Error {
  constructor() { super('Upload cancelled'); this.name = 'UploadCancelled'; }
}

/** The key of a file's unfinished upload: the same user, name, size and modification time, into the same folder. */
export function fingerprint(username, file, folderId = null) {
  return JSON.stringify([username, file.name, file.size, file.lastModified, folderId ?? null]);
}

/** The user's unfinished uploads, oldest first: what a reload left behind. */
export function unfinishedUploads(username) {
  return Object.values(readStore()).filter((entry) => entry.username === username)
    .sort((a, b) => a.createdAt - b.createdAt);
}

/** Terminates an unfinished upload at the server (releasing its reserved quota) and forgets it here. */
export async function discard(connection, entry) {
  forget(entry.key);
  try {
    await connection.call(({ serverUrl, token }) =>
      send(`${serverUrl}${API}/uploads/${seg(entry.uploadId)}`, { method: 'DELETE', token, headers: TUS }));
  } catch {
    // gone already, or the server will expire it: nothing left for the user to do
  }
}

export class Upload {
  /**
   * @param connection the session
   * @param file the File (from the picker or a drop)
   * @param onProgress called with the bytes the server has or is receiving
   * @param overwrite replace the user's file of the same name
   * @param folderId the folder the file goes into (null: the root)
   * @param version when replacing: the version of the file the page showed (sent as If-Match, so a file changed
   *   elsewhere meanwhile is not overwritten: 412)
   */
  constructor(connection, file, { onProgress = () => {}, overwrite = false, folderId = null, version = null } = {}) {
    this.connection = connection;
    this.file = file;
    this.onProgress = onProgress;
    this.overwrite = overwrite;
    this.folderId = folderId;
    this.version = version;
    this.key = fingerprint(connection.username, file, folderId);
    this.xhr = null;
    this.cancelled = false;
    this.uploadId = null;
    /** Where a resumed upload continued from (bytes), or 0. */
    this.resumedFrom = 0;
  }

  /** Uploads the file; resolves with the stored file's id. */
  async run() {
    let offset = 0;
    let needHead = false;
    const known = readStore()[this.key];
    if (known) {
      const state = await this.connection.call((session) => this.head(session, known.uploadId)).catch((e) => {
        if (e instanceof ApiError && (e.status === 404 || e.status === 410)) return null;
        throw e;
      });
      if (state?.fileId) {
        forget(this.key);
        this.onProgress(this.file.size);
        return state.fileId;
      }
      if (state) {
        this.uploadId = known.uploadId;
        offset = state.offset;
        this.resumedFrom = offset;
      } else {
        forget(this.key);
      }
    }
    if (!this.uploadId) {
      const created = await this.connection.call((session) => this.create(session));
      this.uploadId = created.id;
      remember({
        key: this.key,
        uploadId: created.id,
        url: created.url,
        username: this.connection.username,
        name: this.file.name,
        size: this.file.size,
        lastModified: this.file.lastModified,
        folderId: this.folderId,
        offset: 0,
        createdAt: Date.now(),
      });
    }
    this.onProgress(offset);
    for (;;) {
      this.throwIfCancelled();
      const outcome = await this.connection.call(async (session) => {
        if (needHead) {
          const state = await this.head(session, this.uploadId);
          needHead = false;
          if (state.fileId) return state;
          offset = state.offset;
          this.onProgress(offset);
        }
        try {
          return await this.patch(session, offset);
        } catch (e) {
          needHead = true; // whatever went wrong, the server says where to continue
          if (e instanceof ApiError && e.code === 'OFFSET_MISMATCH') return { offset, again: true };
          throw e;
        }
      });
      if (outcome.again) continue;
      offset = outcome.offset;
      update(this.key, offset);
      this.onProgress(offset);
      if (outcome.fileId) {
        forget(this.key);
        return outcome.fileId;
      }
    }
  }

  /** Stops the upload and terminates it at the server, releasing the quota it reserved. */
  async cancel() {
    this.cancelled = true;
    this.xhr?.abort();
    forget(this.key);
    if (this.uploadId) {
      const id = this.uploadId;
      try {
        await this.connection.call(({ serverUrl, token }) =>
          send(`${serverUrl}${API}/uploads/${seg(id)}`, { method: 'DELETE', token, headers: TUS }));
      } catch {
        // the server expires it later
      }
    }
  }

  throwIfCancelled() {
    if (this.cancelled) throw new UploadCancelled();
  }

  async create({ serverUrl, token }) {
    const metadata = [`filename ${base64(this.file.name)}`];
    if (this.file.type) metadata.push(`filetype ${base64(this.file.type)}`);
    if (this.overwrite) metadata.push(`overwrite ${base64('true')}`);
    if (this.folderId) metadata.push(`folderId ${base64(this.folderId)}`);
    const response = await send(`${serverUrl}${API}/uploads`, {
      method: 'POST',
      token,
      headers: {
        ...TUS,
        ...(this.overwrite ? ifMatch(this.version) : {}),
        'Upload-Length': String(this.file.size),
        'Upload-Metadata': metadata.join(','),
      },
    });
    const location = response.headers.get('Location');
    if (!location) throw new ApiError(response.status, 'NO_LOCATION', 'The server did not say where the upload is.');
    const id = location.replace(/\/+$/, '').split('/').pop();
    return { id, url: new URL(location, `${serverUrl}/`).href };
  }

  async head({ serverUrl, token }, id) {
    try {
      const response = await send(`${serverUrl}${API}/uploads/${seg(id)}`, { method: 'HEAD', token, headers: TUS });
      return {
        offset: Number(response.headers.get('Upload-Offset')),
        fileId: response.headers.get('X-File-Id'),
      };
    } catch (e) {
      // HEAD answers carry no body: name the two refusals that matter here
      if (e instanceof ApiError && e.status === 404) {
        throw new ApiError(404, 'UPLOAD_NOT_FOUND', 'The server no longer has this upload; start it again.');
      }
      if (e instanceof ApiError && e.status === 410) {
        throw new ApiError(410, 'UPLOAD_EXPIRED', 'This upload expired at the server; start it again.');
      }
      throw e;
    }
  }

  /** One chunk from `offset`: resolves with the server's new offset (and the file's id when that completed it). */
  patch({ serverUrl, token }, offset) {
    this.throwIfCancelled();
    const url = `${serverUrl}${API}/uploads/${seg(this.uploadId)}`;
    const chunk = this.file.slice(offset, Math.min(offset + CHUNK_BYTES, this.file.size));
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      this.xhr = xhr;
      let stalled = false;
      let watchdog = setTimeout(stall, STALL_MS);
      function stall() { stalled = true; xhr.abort(); }
      xhr.open('PATCH', url);
      xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.setRequestHeader('Tus-Resumable', '1.0.0');
      xhr.setRequestHeader('Upload-Offset', String(offset));
      xhr.setRequestHeader('Content-Type', 'application/offset+octet-stream');
      xhr.upload.onprogress = (event) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(stall, STALL_MS);
        this.onProgress(offset + event.loaded);
      };
      const done = (outcome) => { clearTimeout(watchdog); this.xhr = null; outcome(); };
      xhr.onload = () => done(() => {
        if (xhr.status === 204) {
          resolve({ offset: Number(xhr.getResponseHeader('Upload-Offset')), fileId: xhr.getResponseHeader('X-File-Id') });
          return;
        }
        let problem = {};
        try { problem = JSON.parse(xhr.responseText); } catch { /* no problem body */ }
        const retryAfter = Number.parseInt(xhr.getResponseHeader('Retry-After') ?? '', 10);
        reject(errorFrom(xhr.status, problem, Number.isNaN(retryAfter) ? undefined : retryAfter));
      });
      xhr.onerror = () => done(() => reject(new ServerUnreachable(new URL(url).origin)));
      xhr.onabort = () => done(() => reject(this.cancelled && !stalled
        ? new UploadCancelled()
        : new ServerUnreachable(new URL(url).origin)));
      xhr.send(chunk);
    });
  }
}

function base64(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function readStore() {
  try {
    const store = JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}');
    return store && typeof store === 'object' ? store : {};
  } catch {
    return {};
  }
}

function writeStore(store) {
  localStorage.setItem(STORE_KEY, JSON.stringify(store));
}

function remember(entry) {
  const store = readStore();
  store[entry.key] = entry;
  writeStore(store);
}

function update(key, offset) {
  const store = readStore();
  if (store[key]) {
    store[key].offset = offset;
    writeStore(store);
  }
}

function forget(key) {
  const store = readStore();
  delete store[key];
  writeStore(store);
}
