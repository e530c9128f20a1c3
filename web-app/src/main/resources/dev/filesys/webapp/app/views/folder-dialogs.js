// The dialogs of the folder view: a name (new folder, rename), a target folder (move, restore elsewhere), and a file's
// versions. Each shows a refusal in the service's words inside the dialog and stays open, so the person can correct it.

import { children, folderPath } from '../api/folders.js';
import { restoreVersion, saveAs, versionContent, versions } from '../api/versions.js';
import { formatDate, formatSize, h, uid } from './dom.js';
import { openModal } from './dialogs.js';
import { showError } from './errors.js';

/**
 * Asks for a name: `action(name)` runs on submit; the dialog closes when it succeeds.
 *
 * @param onReload offered with the error when the item changed elsewhere (412)
 */
export function openNameDialog({ id, title, label, initial = '', submitLabel, action, onReload }) {
  const fieldId = `${id}-name`;
  const errorId = `${id}-error`;
  const input = h('input', { id: fieldId, type: 'text', value: initial, autocomplete: 'off', spellcheck: 'false', required: true });
  const error = h('p', { id: errorId, class: 'form-error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button primary', id: `${id}-submit` }, submitLabel);
  const dialog = h('dialog', { class: 'dialog', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    h('form', {
      novalidate: true,
      on: {
        async submit(event) {
          event.preventDefault();
          const name = input.value.trim();
          input.removeAttribute('aria-invalid');
          error.hidden = true;
          if (!name) {
            showError(error, new Error('Enter a name.'));
            input.setAttribute('aria-invalid', 'true');
            input.setAttribute('aria-describedby', errorId);
            input.focus();
            return;
          }
          submit.disabled = true;
          try {
            await action(name);
            dialog.close();
          } catch (e) {
            showError(error, e, onReload && (() => { dialog.close(); onReload(); }));
            input.setAttribute('aria-invalid', 'true');
            input.setAttribute('aria-describedby', errorId);
            input.focus();
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    h('div', { class: 'field' }, h('label', { for: fieldId }, label), input),
    error,
    h('div', { class: 'actions' }, submit,
      h('button', { type: 'button', class: 'button', on: { click: () => dialog.close() } }, 'Cancel'))));
  openModal(dialog);
  input.focus();
  const dot = initial.lastIndexOf('.');
  input.setSelectionRange(0, dot > 0 ? dot : initial.length); // the name without its extension, as file managers do
}

/** The folders directly in `folderId`, all pages of them (children list folders first, so this stops at a file). */
async function subfolders(connection, folderId) {
  const found = [];
  let cursor;
  do {
    const page = await children(connection, folderId, { limit: 1000, cursor, sort: 'name,asc' });
    const folders = page.items.filter((item) => item.kind === 'folder');
    found.push(...folders);
    if (folders.length < page.items.length) break;
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/**
 * Chooses a folder of the user's tree: breadcrumbs, the folders in the one shown (to open), and the action's button
 * for the folder shown. With `name`, a name field too (restoring under another name).
 *
 * @param startFolderId the folder shown first (null: the root)
 * @param excludeId a folder not to offer (the one being moved: never into its own subtree)
 * @param disableIn a folder where the action makes no sense (where the item already is)
 * @param action `(folderId, name)`; the dialog closes when it succeeds
 */
export function openFolderPicker(connection, { id, title, intro, submitLabel, startFolderId, excludeId, disableIn, name, action, onReload }) {
  const crumbs = h('ol', { class: 'crumbs', id: `${id}-crumbs` });
  const list = h('ul', { class: 'picker', id: `${id}-folders`, 'aria-label': 'Folders here' });
  const error = h('p', { class: 'form-error', id: `${id}-error`, hidden: true });
  const nameId = `${id}-name`;
  const nameInput = name === undefined ? null
    : h('input', { id: nameId, type: 'text', value: name, autocomplete: 'off', spellcheck: 'false' });
  const submit = h('button', { type: 'button', class: 'button primary', id: `${id}-submit` }, submitLabel);
  const here = h('p', { class: 'muted', id: `${id}-here`, 'aria-live': 'polite' });
  let current = null;

  async function show(folderId) {
    error.hidden = true;
    try {
      const chain = await folderPath(connection, folderId ?? 'root');
      current = chain[chain.length - 1];
      crumbs.replaceChildren(...chain.map((f, index) => h('li', {},
        index === chain.length - 1
          ? h('span', { 'aria-current': 'location' }, f.parentId ? f.name : 'My files')
          : h('button', { type: 'button', class: 'crumb', on: { click: () => show(f.folderId) } }, f.parentId ? f.name : 'My files'))));
      const folders = (await subfolders(connection, current.folderId)).filter((f) => f.folderId !== excludeId);
      list.replaceChildren(...(folders.length === 0
        ? [h('li', { class: 'muted' }, 'No folders in here.')]
        : folders.map((f) => h('li', {}, h('button', {
          type: 'button', class: 'button small picker-folder', 'data-name': f.name, on: { click: () => show(f.folderId) },
        }, h('span', { 'aria-hidden': 'true' }, '📁 '), h('span', { class: 'visually-hidden' }, 'Open '), f.name)))));
      here.textContent = `Chosen: ${current.path ?? (current.parentId ? current.name : '/')}`;
      submit.disabled = current.folderId === disableIn;
    } catch (e) {
      showError(error, e);
    }
  }

  submit.addEventListener('click', async () => {
    if (!current) return;
    submit.disabled = true;
    try {
      await action(current.folderId, nameInput ? nameInput.value.trim() : undefined);
      dialog.close();
    } catch (e) {
      showError(error, e, onReload && (() => { dialog.close(); onReload(); }));
      submit.disabled = false;
    }
  });

  const dialog = h('dialog', { class: 'dialog wide', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    intro ? h('p', {}, intro) : null,
    h('nav', { 'aria-label': 'Folder path' }, crumbs),
    list,
    here,
    nameInput ? h('div', { class: 'field' }, h('label', { for: nameId }, 'Name'), nameInput) : null,
    error,
    h('div', { class: 'actions' }, submit,
      h('button', { type: 'button', class: 'button', on: { click: () => dialog.close() } }, 'Cancel')));
  openModal(dialog);
  show(startFolderId);
}

/**
 * The earlier contents of `file`, newest first: download one, or restore one (the current content becomes a version
 * in turn). Restoring sends the version of the file the page showed, so a newer content is never replaced unseen.
 *
 * @param onChanged called with the file's new view after a restore
 */
export function openVersionsDialog(connection, file, { onChanged, onReload }) {
  let shown = file;
  const body = h('tbody', {});
  const error = h('p', { class: 'form-error', id: 'versions-error', hidden: true });
  const current = h('p', { id: 'versions-current' });
  const more = h('button', { type: 'button', class: 'button small', id: 'versions-more', hidden: true }, 'Load more');
  const empty = h('p', { class: 'empty', hidden: true }, 'No earlier versions: an overwrite keeps the content it replaces here.');
  let cursor = null;

  function showCurrent() {
    current.replaceChildren('Current: ', h('strong', {}, formatSize(shown.size)), `, ${formatDate(shown.updatedAt ?? shown.createdAt)}`);
  }

  async function load(reset) {
    error.hidden = true;
    try {
      const page = await versions(connection, file.fileId, { limit: 100, cursor: reset ? null : cursor });
      if (reset) body.replaceChildren();
      body.append(...page.items.map(row));
      cursor = page.nextCursor ?? null;
      more.hidden = !cursor;
      empty.hidden = body.children.length > 0;
    } catch (e) {
      showError(error, e);
    }
  }

  function row(version) {
    const when = formatDate(version.createdAt);
    return h('tr', { 'data-version-id': version.versionId },
      h('td', { 'data-label': 'Saved' }, when),
      h('td', { 'data-label': 'Size' }, formatSize(version.size)),
      h('td', { 'data-label': 'By' }, version.createdBy ?? ''),
      h('td', { 'data-label': 'SHA-256' }, h('code', { title: version.sha256 }, (version.sha256 ?? '').slice(0, 12))),
      h('td', { class: 'col-actions' }, h('div', { class: 'row-actions' },
        h('button', {
          type: 'button', class: 'button small', 'aria-label': `Download the version of ${when}`,
          on: {
            async click() {
              error.hidden = true;
              try {
                saveAs(await versionContent(connection, file.fileId, version.versionId), file.name);
              } catch (e) {
                showError(error, e);
              }
            },
          },
        }, 'Download'),
        h('button', {
          type: 'button', class: 'button small', 'aria-label': `Restore the version of ${when}`,
          on: {
            async click(event) {
              const button = event.currentTarget;
              error.hidden = true;
              button.disabled = true;
              try {
                shown = await restoreVersion(connection, file.fileId, version.versionId, shown.version);
                showCurrent();
                onChanged(shown);
                await load(true);
                current.focus();
              } catch (e) {
                showError(error, e, onReload && (() => { dialog.close(); onReload(); }));
                button.disabled = false;
              }
            },
          },
        }, 'Restore'))));
  }

  more.addEventListener('click', () => load(false));
  current.tabIndex = -1;
  const captionId = uid('versions-caption');
  const dialog = h('dialog', { class: 'dialog wide', id: 'versions-dialog', 'aria-labelledby': 'versions-title' },
    h('h2', { id: 'versions-title' }, 'Versions of ', h('span', { class: 'filename' }, file.name)),
    current,
    error,
    h('table', { class: 'files versions', 'aria-describedby': captionId },
      h('caption', { class: 'visually-hidden', id: captionId }, 'Earlier versions, newest first'),
      h('thead', {}, h('tr', {},
        ['Saved', 'Size', 'By', 'SHA-256'].map((label) => h('th', { scope: 'col' }, label)),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      body),
    empty,
    h('div', { class: 'actions' }, more,
      h('button', { type: 'button', class: 'button', id: 'versions-close', on: { click: () => dialog.close() } }, 'Close')));
  showCurrent();
  openModal(dialog);
  load(true);
}
