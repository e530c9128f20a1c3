// Sharing a file or a folder, and confirming a deletion. Native <dialog> elements opened as modals: the browser keeps
// focus inside, Escape closes them, and focus returns to the button that opened them.

import { describe, share, unshare } from '../api/files.js';
import { folder, shareFolder, unshareFolder } from '../api/folders.js';
import { formatDate, h } from './dom.js';
import { messageOf, showError } from './errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRY_CHOICES = [
  ['never', 'Never'],
  ['1h', 'In 1 hour'],
  ['1d', 'In 1 day (until this time tomorrow)'],
  ['7d', 'In 7 days'],
  ['30d', 'In 30 days'],
  ['date', 'At the end of a date…'],
];

export function openModal(dialog) {
  const opener = document.activeElement;
  document.body.append(dialog);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  });
  dialog.showModal();
}

/** The instant a choice of the expiry menu means, as ISO-8601, or null for no expiry. */
export function expiryOf(choice, date) {
  const now = Date.now();
  switch (choice) {
    case '1h': return new Date(now + 60 * 60 * 1000).toISOString();
    case '1d': return new Date(now + DAY_MS).toISOString();
    case '7d': return new Date(now + 7 * DAY_MS).toISOString();
    case '30d': return new Date(now + 30 * DAY_MS).toISOString();
    case 'date': {
      if (!date) return undefined;
      const [y, m, d] = date.split('-').map(Number);
      return new Date(y, m - 1, d, 23, 59, 59).toISOString(); // the end of that day, in the user's time
    }
    default: return null;
  }
}

/**
 * Shares `file` (or a folder: `kind: "folder"`, with all it holds) with a user until an expiry, and lists (and
 * revokes) its current shares.
 *
 * @param onChanged called after a share was made or revoked
 */
export function openShareDialog(connection, file, { onChanged }) {
  const isFolder = file.kind === 'folder';
  const api = isFolder
    ? { describe: () => folder(connection, file.folderId), share: (u, until) => shareFolder(connection, file.folderId, u, until), unshare: (u) => unshareFolder(connection, file.folderId, u) }
    : { describe: () => describe(connection, file.fileId), share: (u, until) => share(connection, file.fileId, u, until), unshare: (u) => unshare(connection, file.fileId, u) };
  const titleId = 'share-title';
  const username = h('input', { id: 'share-username', type: 'text', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', required: true });
  const userError = h('p', { id: 'share-username-error', class: 'field-error', hidden: true });
  const expiry = h('select', { id: 'share-expiry' }, EXPIRY_CHOICES.map(([value, label]) => h('option', { value }, label)));
  const date = h('input', { id: 'share-date', type: 'date', 'aria-label': 'Last day of access' });
  const dateField = h('div', { class: 'field', hidden: true }, h('label', { for: 'share-date' }, 'Last day of access'), date);
  const formError = h('p', { id: 'share-error', class: 'form-error', role: 'alert', hidden: true });
  const sharesList = h('ul', { class: 'shares', id: 'share-list', 'aria-label': 'Shared with' });
  const listError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  expiry.addEventListener('change', () => { dateField.hidden = expiry.value !== 'date'; });

  async function refreshShares() {
    try {
      const details = await api.describe();
      const shares = details.shares ?? [];
      sharesList.replaceChildren(...(shares.length === 0
        ? [h('li', { class: 'muted' }, 'Not shared with anyone yet.')]
        : shares.map((s) => h('li', { 'data-username': s.username },
          h('span', { class: 'share-who' }, s.username),
          h('span', { class: 'muted' }, s.expiresAt ? `until ${formatDate(s.expiresAt)}` : 'no expiry'),
          h('button', {
            type: 'button', class: 'button small', 'aria-label': `Stop sharing with ${s.username}`,
            on: { click: () => revoke(s.username) },
          }, 'Stop sharing')))));
      listError.hidden = true;
    } catch (e) {
      showError(listError, e);
    }
  }

  async function revoke(name) {
    try {
      await api.unshare(name);
      onChanged();
      await refreshShares();
    } catch (e) {
      showError(listError, e);
    }
  }

  const shareButton = h('button', { type: 'submit', class: 'button primary', id: 'share-submit' }, 'Share');
  const form = h('form', {
    novalidate: true,
    on: {
      async submit(event) {
        event.preventDefault();
        userError.hidden = true;
        formError.hidden = true;
        username.removeAttribute('aria-invalid');
        const name = username.value.trim();
        const until = expiryOf(expiry.value, date.value);
        if (!name) return fail(userError, username, 'Enter the user name to share with.');
        if (until === undefined) return fail(formError, date, 'Choose the last day of access.');
        shareButton.disabled = true;
        try {
          await api.share(name, until);
          username.value = '';
          onChanged();
          await refreshShares();
          formError.hidden = true;
        } catch (e) {
          const aboutUser = ['USER_NOT_FOUND', 'CANNOT_SHARE_WITH_SELF'].includes(e.code);
          fail(aboutUser ? userError : formError, aboutUser ? username : null, messageOf(e));
        } finally {
          shareButton.disabled = false;
        }
      },
    },
  },
  h('div', { class: 'field' }, h('label', { for: 'share-username' }, 'Share with (user name)'), username, userError),
  h('div', { class: 'field' }, h('label', { for: 'share-expiry' }, 'Access ends'), expiry),
  dateField,
  formError,
  h('div', { class: 'actions' },
    shareButton,
    h('button', { type: 'button', class: 'button', on: { click: () => dialog.close() } }, 'Close')));

  function fail(errorElement, field, text) {
    errorElement.textContent = text;
    errorElement.hidden = false;
    errorElement.setAttribute('role', 'alert');
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      if (errorElement.id) field.setAttribute('aria-describedby', errorElement.id);
      field.focus();
    }
  }

  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId, id: 'share-dialog' },
    h('h2', { id: titleId }, 'Share ', h('span', { class: 'filename' }, file.name)),
    isFolder ? h('p', { class: 'muted' }, 'They can read everything in this folder, including what is added later.') : null,
    form,
    h('h3', {}, 'Shared with'),
    sharesList,
    listError);
  openModal(dialog);
  refreshShares();
}

/**
 * Asks before moving an item to the trash; resolves true when the user confirmed and `action` succeeded. A refusal is
 * shown in the dialog (a change made elsewhere with a "Reload" that calls `onReload`).
 */
export function confirmDelete(file, action, { onReload } = {}) {
  return new Promise((resolve) => {
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const cancel = h('button', { type: 'button', class: 'button', id: 'delete-cancel', on: { click: () => dialog.close() } }, 'Cancel');
    const confirm = h('button', {
      type: 'button', class: 'button danger', id: 'delete-confirm',
      on: {
        async click() {
          confirm.disabled = true;
          try {
            await action();
            confirmed = true;
            dialog.close();
          } catch (e) {
            showError(error, e, onReload && (() => { dialog.close(); onReload(); }));
            confirm.disabled = false;
          }
        },
      },
    }, 'Move to trash');
    let confirmed = false;
    const dialog = h('dialog', { class: 'dialog', role: 'alertdialog', 'aria-labelledby': 'delete-title', 'aria-describedby': 'delete-text', id: 'delete-dialog' },
      h('h2', { id: 'delete-title' }, 'Delete ', h('span', { class: 'filename' }, file.name), '?'),
      h('p', { id: 'delete-text' }, file.kind === 'folder'
        ? 'The folder and everything in it go to the trash, and everyone it is shared with loses access. You can restore it from the trash until it expires there.'
        : 'The file goes to the trash, and everyone it is shared with loses access. You can restore it from the trash until it expires there.'),
      error,
      h('div', { class: 'actions' }, cancel, confirm));
    dialog.addEventListener('close', () => resolve(confirmed));
    openModal(dialog);
    cancel.focus();
  });
}
