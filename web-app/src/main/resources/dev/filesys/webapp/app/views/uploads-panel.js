// Uploading: a drop zone and a file picker, one row per file with its own progress bar, and the refusals in the
// server's words next to the file they are about. Unfinished uploads a reload left behind are listed too: choosing (or
// dropping) the same file again continues it where the server stopped.

import { ApiError } from '../api/http.js';
import { Upload, UploadCancelled, discard, fingerprint, unfinishedUploads } from '../api/uploads.js';
import { formatSize, h } from './dom.js';
import { messageOf } from './errors.js';
import { notify } from './notices.js';

/**
 * @param onUploaded called after each upload that stored a file
 * @param target where a file chosen now goes: `{folderId, folderName}` (folderId null for the root), and
 *   `versionOf(name)`, the version of the file of that name the page shows there (sent as If-Match on a replace)
 * @returns the panel's element
 */
export function uploadsPanel(connection, { onUploaded, target = () => ({ folderId: null, versionOf: () => null }) }) {
  const input = h('input', { id: 'file-input', type: 'file', multiple: true, class: 'visually-hidden' });
  const list = h('ul', { class: 'uploads', id: 'uploads', 'aria-label': 'Uploads' });
  const zone = h('div', { class: 'dropzone', id: 'dropzone' },
    h('p', { class: 'dropzone-text' }, 'Drag files here to upload them, or'),
    h('label', { for: 'file-input', class: 'button primary' }, 'Choose files'),
    input);
  const rows = new Map(); // fingerprint → row of an upload in progress or waiting for its file

  input.addEventListener('change', () => {
    startAll([...input.files]);
    input.value = '';
  });
  let depth = 0;
  zone.addEventListener('dragenter', (event) => { event.preventDefault(); depth++; zone.classList.add('dragging'); });
  zone.addEventListener('dragover', (event) => { event.preventDefault(); event.dataTransfer.dropEffect = 'copy'; });
  zone.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; zone.classList.remove('dragging'); } });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    zone.classList.remove('dragging');
    startAll([...(event.dataTransfer?.files ?? [])]);
  });

  function startAll(files) {
    const { folderId } = target();
    for (const file of files) start(file, false, folderId);
  }

  /** Starts (or resumes) the upload of `file` into the folder `folderId` (null: the root) in its row. */
  function start(file, overwrite, folderId) {
    const key = fingerprint(connection.username, file, folderId);
    const existing = rows.get(key);
    const row = existing ?? createRow(file.name, file.size);
    const resuming = existing?.waiting ?? false;
    rows.set(key, row);
    row.reset();
    const upload = new Upload(connection, file, {
      overwrite,
      folderId,
      version: overwrite ? target().versionOf(file.name, folderId) : null,
      onProgress: (bytes) => row.progress(bytes, file.size),
    });
    row.onCancel(async () => {
      await upload.cancel();
      rows.delete(key);
      row.element.remove();
    });
    row.status(resuming ? 'Resuming…' : 'Starting…');
    upload.run().then(
      () => {
        row.done(upload.resumedFrom);
        rows.delete(key);
        onUploaded();
      },
      (e) => {
        if (e instanceof UploadCancelled) return;
        row.failed(e, e instanceof ApiError && e.code === 'NAME_TAKEN' ? () => start(file, true, folderId) : null,
          () => start(file, overwrite, folderId));
      });
  }

  function createRow(name, size) {
    const bar = h('progress', { max: 100, value: 0, 'aria-label': `Upload of ${name}` });
    const percent = h('span', { class: 'percent' }, '0 %');
    const status = h('span', { class: 'upload-status' });
    const error = h('p', { class: 'upload-error', hidden: true });
    const buttons = h('span', { class: 'upload-actions' });
    const element = h('li', { class: 'upload', 'data-name': name },
      h('div', { class: 'upload-head' },
        h('span', { class: 'upload-name' }, name),
        h('span', { class: 'muted' }, formatSize(size))),
      h('div', { class: 'upload-bar' }, bar, percent),
      h('div', { class: 'upload-foot' }, status, buttons),
      error);
    list.prepend(element);
    let cancel = null;
    const row = {
      element,
      waiting: false,
      reset() {
        row.waiting = false;
        error.hidden = true;
        error.textContent = '';
        element.classList.remove('failed', 'done', 'waiting');
        buttons.replaceChildren(h('button', { type: 'button', class: 'button small', on: { click: () => cancel?.() } }, 'Cancel'));
      },
      onCancel(handler) { cancel = handler; },
      progress(bytes, total) {
        const value = total === 0 ? 100 : Math.floor((bytes / total) * 100);
        bar.value = value;
        percent.textContent = `${value} %`;
        status.textContent = value >= 100 ? 'Finishing…' : `Uploading: ${formatSize(bytes)} of ${formatSize(total)}`;
      },
      status(text) { status.textContent = text; },
      done(resumedFrom) {
        bar.value = 100;
        percent.textContent = '100 %';
        element.classList.add('done');
        status.textContent = resumedFrom > 0 ? `Uploaded (resumed from ${formatSize(resumedFrom)})` : 'Uploaded';
        buttons.replaceChildren(h('button', { type: 'button', class: 'button small', on: { click: () => element.remove() } }, 'Clear'));
      },
      failed(e, replace, retry) {
        element.classList.add('failed');
        status.textContent = 'Not uploaded';
        error.textContent = messageOf(e);
        error.hidden = false;
        error.setAttribute('role', 'alert');
        buttons.replaceChildren(...[
          replace ? h('button', { type: 'button', class: 'button small', on: { click: replace } }, 'Replace it') : null,
          h('button', { type: 'button', class: 'button small', on: { click: retry } }, 'Try again'),
          h('button', { type: 'button', class: 'button small', on: { click: () => element.remove() } }, 'Dismiss'),
        ].filter(Boolean));
      },
    };
    return row;
  }

  /** An unfinished upload from before a reload: its file must be chosen again (a page cannot keep access to it). */
  function showUnfinished(entry) {
    const row = createRow(entry.name, entry.size);
    row.waiting = true;
    row.progress(entry.offset, entry.size);
    element(row).classList.add('waiting');
    row.status(`Paused at ${formatSize(entry.offset)}. Choose or drop this file again to continue.`);
    const again = h('input', { type: 'file', class: 'visually-hidden', id: `resume-${entry.uploadId}`, 'aria-label': `Choose ${entry.name} again to continue its upload` });
    again.addEventListener('change', () => {
      const file = again.files[0];
      const folderId = entry.folderId ?? null;
      if (file && fingerprint(connection.username, file, folderId) !== entry.key) {
        notify(`That is not the same file as ${entry.name} (name, size or date differ); it is uploaded on its own.`);
      }
      if (file) start(file, false, folderId);
    });
    row.element.querySelector('.upload-actions').replaceChildren(
      h('label', { for: again.id, class: 'button small' }, 'Choose file'), again,
      h('button', {
        type: 'button', class: 'button small',
        on: { async click() { rows.delete(entry.key); row.element.remove(); await discard(connection, entry); } },
      }, 'Discard'));
    rows.set(entry.key, row);
  }

  function element(row) { return row.element; }

  for (const entry of unfinishedUploads(connection.username)) showUnfinished(entry);

  return h('section', { class: 'card upload-panel', 'aria-labelledby': 'upload-title' },
    h('h2', { id: 'upload-title' }, 'Upload'),
    zone,
    list);
}
