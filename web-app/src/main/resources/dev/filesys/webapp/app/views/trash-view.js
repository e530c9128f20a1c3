// The trash tab: what I deleted, newest first as the server orders it, page by page; restore an item (to where it was,
// or, when that name is taken or that folder is gone, to a folder and name I choose), delete one for good, or empty
// the trash. Above the list, how much of my quota the files, their versions and the trash take.

import { usage as readUsage } from '../api/accounts.js';
import { emptyTrash, purge, restore, trash } from '../api/trash.js';
import { formatDate, formatSize, h } from './dom.js';
import { openModal } from './dialogs.js';
import { showError } from './errors.js';
import { openFolderPicker } from './folder-dialogs.js';
import { notify } from './notices.js';

const PAGE_SIZE = 100;

/**
 * @param onChanged called after something was restored (the folder lists may show it again)
 * @returns `{element, refresh}`
 */
export function trashPanel(connection, { onChanged, onSessionEnded }) {
  let items = [];
  let nextCursor = null;
  const usage = h('p', { class: 'muted usage', id: 'usage' });
  const error = h('p', { class: 'form-error', id: 'trash-error', hidden: true });
  const list = h('div', { id: 'trash-list' });
  const emptyButton = h('button', { type: 'button', class: 'button small danger-text', id: 'empty-trash', on: { click: confirmEmpty } }, 'Empty the trash');
  const element = h('div', { class: 'trash' },
    h('div', { class: 'toolbar' }, usage, emptyButton),
    error,
    list);

  async function refresh() {
    try {
      const read = [];
      let cursor = null;
      do {
        const page = await trash(connection, { limit: PAGE_SIZE, cursor });
        read.push(...page.items);
        cursor = page.nextCursor ?? null;
      } while (cursor && read.length < items.length);
      items = read;
      nextCursor = cursor;
      error.hidden = true;
    } catch (e) {
      if (e.name === 'SessionEnded') { onSessionEnded(e.message); return; }
      showError(error, e);
    }
    render();
    showUsage();
  }

  async function showUsage() {
    try {
      const u = await readUsage(connection);
      if (!u) return;
      const parts = [`files ${formatSize(u.filesBytes ?? 0)}`, `earlier versions ${formatSize(u.versionsBytes ?? 0)}`, `trash ${formatSize(u.trashBytes ?? 0)}`];
      usage.textContent = `Using ${formatSize(u.usedBytes ?? 0)}${u.quotaBytes ? ` of ${formatSize(u.quotaBytes)}` : ''}: ${parts.join(', ')}.`;
    } catch {
      usage.textContent = '';
    }
  }

  async function loadMore() {
    try {
      const page = await trash(connection, { limit: PAGE_SIZE, cursor: nextCursor });
      items = [...items, ...page.items];
      nextCursor = page.nextCursor ?? null;
      render();
    } catch (e) {
      showError(error, e);
    }
  }

  function render() {
    emptyButton.disabled = items.length === 0;
    if (items.length === 0) {
      list.replaceChildren(h('p', { class: 'empty' }, 'The trash is empty. What you delete stays here for a while, so you can restore it.'));
      return;
    }
    list.replaceChildren(...[h('table', { class: 'files', id: 'files-trash' },
      h('caption', { class: 'visually-hidden' }, 'Trash'),
      h('thead', {}, h('tr', {},
        ['Name', 'Was in', 'Deleted', 'Size', 'Deleted for good'].map((label) => h('th', { scope: 'col' }, label)),
        h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, items.map(row))),
    nextCursor ? h('div', { class: 'more' }, h('button', { type: 'button', class: 'button', id: 'trash-more', on: { click: loadMore } }, 'Load more')) : null].filter(Boolean));
  }

  function row(item) {
    const rowError = h('p', { class: 'row-error', hidden: true });
    const where = parentOf(item.originalPath);
    return h('tr', { 'data-trash-id': item.id, 'data-name': item.name, 'data-kind': item.kind },
      h('td', { class: 'col-name', 'data-label': 'Name' },
        item.kind === 'folder' ? h('span', { class: 'icon', 'aria-hidden': 'true' }, '📁 ') : null,
        item.kind === 'folder' ? h('span', { class: 'visually-hidden' }, 'Folder ') : null,
        h('span', { class: 'filename' }, item.name), rowError),
      h('td', { 'data-label': 'Was in' }, where),
      h('td', { 'data-label': 'Deleted' }, formatDate(item.trashedAt)),
      h('td', { 'data-label': 'Size' }, formatSize(item.size ?? 0)),
      h('td', { 'data-label': 'Deleted for good' }, formatDate(item.expiresAt)),
      h('td', { class: 'col-actions' }, h('div', { class: 'row-actions' },
        h('button', {
          type: 'button', class: 'button small', 'aria-label': `Restore ${item.name}`,
          on: { click: () => restoreItem(item, rowError) },
        }, 'Restore'),
        h('button', {
          type: 'button', class: 'button small danger-text', 'aria-label': `Delete ${item.name} for good`,
          on: { click: () => confirm(`Delete ${item.name} for good?`, item.kind === 'folder'
            ? 'The folder and everything in it are deleted for good, with their earlier versions. This cannot be undone.'
            : 'The file and its earlier versions are deleted for good. This cannot be undone.',
          'Delete for good', async () => {
            await purge(connection, item.id);
            notify(`${item.name} was deleted for good.`);
            await refresh();
          }) },
        }, 'Delete for good'))));
  }

  async function restoreItem(item, rowError) {
    rowError.hidden = true;
    try {
      const restored = await restore(connection, item.id);
      notify(`${item.name} is back in ${parentOf(restored.path ?? item.originalPath)}.`);
      onChanged();
      await refresh();
    } catch (e) {
      if (e.code === 'NAME_TAKEN' || e.code === 'RESTORE_TARGET_GONE') {
        openFolderPicker(connection, {
          id: 'restore-dialog', title: `Restore ${item.name}`,
          intro: `${e.detail} Choose a folder${e.code === 'NAME_TAKEN' ? ' or another name' : ''} for it.`,
          submitLabel: 'Restore here', startFolderId: e.code === 'NAME_TAKEN' ? item.originalFolderId : null,
          name: item.name,
          async action(folderId, name) {
            const restored = await restore(connection, item.id, { folderId, name: name || undefined });
            notify(`${item.name} is back in ${parentOf(restored.path)}.`);
            onChanged();
            await refresh();
          },
        });
        return;
      }
      showError(rowError, e, refresh);
    }
  }

  function confirmEmpty() {
    confirm('Empty the trash?', 'Everything in the trash is deleted for good, with its earlier versions. This cannot be undone.',
      'Empty the trash', async () => {
        await emptyTrash(connection);
        notify('The trash is empty.');
        await refresh();
      });
  }

  /** A confirmation that starts on "Cancel"; `action` runs on the other button, and its refusal stays in the dialog. */
  function confirm(title, text, label, action) {
    const dialogError = h('p', { class: 'form-error', hidden: true });
    const cancel = h('button', { type: 'button', class: 'button', id: 'confirm-cancel', on: { click: () => dialog.close() } }, 'Cancel');
    const ok = h('button', {
      type: 'button', class: 'button danger', id: 'confirm-ok',
      on: {
        async click() {
          ok.disabled = true;
          try {
            await action();
            dialog.close();
          } catch (e) {
            showError(dialogError, e);
            ok.disabled = false;
          }
        },
      },
    }, label);
    const dialog = h('dialog', { class: 'dialog', role: 'alertdialog', id: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', { id: 'confirm-text' }, text),
      dialogError,
      h('div', { class: 'actions' }, cancel, ok));
    openModal(dialog);
    cancel.focus();
  }

  return { element, refresh };
}

/** "/reports/2026/q3.pdf" → "/reports/2026"; "/q3.pdf" → "/". */
function parentOf(path) {
  if (!path) return '';
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}
