// Public links, for their owner: the "Public links" dialog of a file or folder (make a link, whose address is shown
// this once; the item's links), the "Links" tab with all of them, and for each link "Edit", "Downloads" (who
// downloaded what, page by page) and "Revoke". A download through a link (the link_used event) is announced and the
// counts shown are read again.

import { describe } from '../api/files.js';
import { folder } from '../api/folders.js';
import { allLinks, createLink, linkDownloads, links, revokeLink, updateLink } from '../api/links.js';
import { formatDate, formatSize, h, uid } from './dom.js';
import { expiryOf, openModal } from './dialogs.js';
import { messageOf, showError } from './errors.js';
import { notify } from './notices.js';

const PAGE_SIZE = 100;
const EXPIRY_CHOICES = [
  ['default', 'The service\'s default'],
  ['1d', 'In 1 day (until this time tomorrow)'],
  ['7d', 'In 7 days'],
  ['30d', 'In 30 days'],
  ['date', 'At the end of a date…'],
];
const STATES = { active: 'Active', expired: 'Expired', exhausted: 'Used up', revoked: 'Revoked' };

/** What is open and shows counts (dialogs), told when a link was used. */
const linkUsedListeners = new Set();

/** A download through one of my links: a notice, and the open dialogs read their counts again. */
export function announceLinkUsed(data) {
  const label = data.label ? ` “${data.label}”` : '';
  const from = data.clientAddress ? ` (from ${data.clientAddress})` : '';
  notify(`Someone downloaded ${data.fileName ?? 'a file'} through your link${label}${from}.`);
  for (const listener of linkUsedListeners) listener(data);
}

function whileOpen(dialog, listener) {
  linkUsedListeners.add(listener);
  dialog.addEventListener('close', () => linkUsedListeners.delete(listener));
}

/** A link in words, for button labels: its label, or when it was made. */
function nameOf(link) {
  return link.label ? `“${link.label}”` : `made ${formatDate(link.createdAt)}`;
}

function downloadsOf(link) {
  return link.maxDownloads ? `${link.downloads} of ${link.maxDownloads}` : `${link.downloads} (no limit)`;
}

/**
 * The fields of a link (expiry, password, download limit, label), for making one (`link` null) or changing one.
 * Each has its error line; a refusal of the service is shown under the field it is about.
 *
 * @returns `{elements, read(), showRefusal(e), fail(field, text), clear(), reset()}`; `read()` is the request's fields (for a
 *     change: only those that change), or null after showing what is wrong
 */
function linkFields(prefix, link) {
  const editing = Boolean(link);
  const fields = {};
  function field(key, label, input, hint) {
    const errorId = `${prefix}-${key}-error`;
    const hintId = hint ? `${prefix}-${key}-hint` : null;
    const error = h('p', { id: errorId, class: 'field-error', hidden: true });
    if (hintId) input.setAttribute('aria-describedby', hintId);
    fields[key] = { input, error, hintId };
    return h('div', { class: 'field' }, h('label', { for: input.id }, label), input,
      hint ? h('p', { class: 'hint', id: hintId }, hint) : null, error);
  }

  const choices = editing
    ? [['keep', `Keep (until ${formatDate(link.expiresAt)})`], ['default', 'The service\'s default, from now'], ...EXPIRY_CHOICES.slice(1)]
    : EXPIRY_CHOICES;
  const expiry = h('select', { id: `${prefix}-expiry` }, choices.map(([value, label]) => h('option', { value }, label)));
  const date = h('input', { id: `${prefix}-date`, type: 'date' });
  const dateField = field('date', 'Last day the link works', date);
  dateField.hidden = true;
  expiry.addEventListener('change', () => { dateField.hidden = expiry.value !== 'date'; });

  const passwordChoice = editing
    ? h('select', { id: `${prefix}-password-choice` },
      h('option', { value: 'keep' }, link.passwordProtected ? 'Keep the password' : 'Keep: no password'),
      h('option', { value: 'set' }, link.passwordProtected ? 'Set a new password' : 'Set a password'),
      link.passwordProtected ? h('option', { value: 'remove' }, 'Remove the password') : null)
    : null;
  const password = h('input', { id: `${prefix}-password`, type: 'password', autocomplete: 'new-password' });
  const passwordField = field('password', editing ? 'New password' : 'Password (optional)', password,
    'Whoever opens the link must give it too. Tell them separately.');
  if (passwordChoice) {
    passwordField.hidden = true;
    passwordChoice.addEventListener('change', () => { passwordField.hidden = passwordChoice.value !== 'set'; });
  }

  const limit = h('input', {
    id: `${prefix}-limit`, type: 'number', min: 1, max: 1000000, step: 1, inputmode: 'numeric',
    value: editing && link.maxDownloads ? String(link.maxDownloads) : '',
  });
  const label = h('input', { id: `${prefix}-label`, type: 'text', autocomplete: 'off', maxlength: 200, value: editing ? link.label : '' });
  const formError = h('p', { id: `${prefix}-error`, class: 'form-error', hidden: true });

  const elements = [
    h('div', { class: 'link-fields' },
      h('div', {}, field('expiry', 'The link works until', expiry), dateField),
      h('div', {},
        passwordChoice ? h('div', { class: 'field' }, h('label', { for: passwordChoice.id }, 'Password'), passwordChoice) : null,
        passwordField),
      field('limit', 'Download limit (optional)', limit, 'The link stops working after this many downloads. Empty: no limit.'),
      field('label', 'Label (optional)', label, 'A note for you, such as who the link is for.')),
    formError,
  ];

  function clear() {
    for (const { input, error, hintId } of Object.values(fields)) {
      error.hidden = true;
      input.removeAttribute('aria-invalid');
      if (hintId) input.setAttribute('aria-describedby', hintId);
      else input.removeAttribute('aria-describedby');
    }
    formError.hidden = true;
  }

  /** Shows `text` under the field (null: for the whole form) and moves the focus there. */
  function fail(key, text) {
    const target = key === 'expiry' && expiry.value === 'date' ? 'date' : key;
    const f = fields[target];
    if (!f) {
      formError.replaceChildren(text);
      formError.hidden = false;
      formError.setAttribute('role', 'alert');
      return;
    }
    f.error.textContent = text;
    f.error.hidden = false;
    f.error.setAttribute('role', 'alert');
    f.input.setAttribute('aria-invalid', 'true');
    f.input.setAttribute('aria-describedby', [f.error.id, f.hintId].filter(Boolean).join(' '));
    f.input.focus();
  }

  function showRefusal(e) {
    const detail = e?.detail ?? '';
    let key = null;
    if (e?.code === 'INVALID_EXPIRY') key = 'expiry';
    else if (e?.code === 'INVALID_PASSWORD') key = 'password';
    else if (e?.code === 'INVALID_LINK_REQUEST') {
      if (detail.startsWith('maxDownloads')) key = 'limit';
      else if (detail.startsWith('label')) key = 'label';
      else if (detail.startsWith('password')) key = 'password';
    }
    fail(key, messageOf(e));
  }

  function read() {
    clear();
    const out = {};
    if (expiry.value !== 'keep') {
      const until = expiry.value === 'default' ? null : expiryOf(expiry.value, date.value);
      if (until === undefined) { fail('date', 'Choose the last day the link works.'); return null; }
      out.expiresAt = until;
    }
    if (!editing) {
      if (password.value) out.password = password.value;
    } else if (passwordChoice.value === 'set') {
      if (!password.value) { fail('password', 'Enter the new password.'); return null; }
      out.password = password.value;
    } else if (passwordChoice.value === 'remove') {
      out.password = null;
    }
    if (limit.validity.badInput) { fail('limit', 'Enter a whole number of downloads, or leave it empty for no limit.'); return null; }
    const max = limit.value.trim() === '' ? null : Number(limit.value);
    if (!editing || max !== (link.maxDownloads ?? null)) out.maxDownloads = max;
    const text = label.value.trim();
    if (!editing || text !== link.label) out.label = text;
    if (!editing && out.expiresAt === null) delete out.expiresAt;
    return out;
  }

  return { elements, read, showRefusal, fail, clear, reset() { password.value = ''; limit.value = ''; label.value = ''; } };
}

/**
 * The links of a list (an item's, or all of them): label, made, expires, password, downloads, state, and the actions.
 *
 * @param nameOfItem for the overview: the name of the linked file or folder (a promise); absent in an item's dialog
 * @param onChanged called after a link was changed or revoked
 */
function linksTable(connection, list, { id, nameOfItem, onChanged, captionText }) {
  const captionId = uid('links-caption');
  const headings = ['Label', 'Made', 'Expires', 'Password', 'Downloads', 'State'];
  if (nameOfItem) headings.unshift('Shared item');
  return h('table', { class: 'files links', id, 'aria-describedby': captionId },
    h('caption', { class: 'visually-hidden', id: captionId }, captionText),
    h('thead', {}, h('tr', {},
      headings.map((label) => h('th', { scope: 'col' }, label)),
      h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    h('tbody', {}, list.map((link) => linkRow(connection, link, { nameOfItem, onChanged }))));
}

function linkRow(connection, link, { nameOfItem, onChanged }) {
  const error = h('p', { class: 'row-error', hidden: true });
  const what = nameOf(link);
  const item = nameOfItem ? h('span', { class: 'filename' }, '…') : null;
  if (nameOfItem) nameOfItem(link).then((name) => item.replaceChildren(name));
  const live = link.state !== 'revoked';
  const button = (label, onClick, extra = '') => h('button', {
    type: 'button', class: `button small ${extra}`.trim(), 'aria-label': `${label} link ${what}`,
    on: { async click() { error.hidden = true; try { await onClick(); } catch (e) { showError(error, e); } } },
  }, label);
  return h('tr', { 'data-link-id': link.linkId, 'data-label': link.label, 'data-state': link.state },
    item ? h('td', { class: 'col-name', 'data-label': 'Shared item' },
      link.folderId ? h('span', { class: 'icon', 'aria-hidden': 'true' }, '📁 ') : null,
      link.folderId ? h('span', { class: 'visually-hidden' }, 'Folder ') : null, item, error) : null,
    h('td', { class: item ? 'link-label' : 'col-name', 'data-label': 'Label' },
      link.label ? h('span', { class: 'filename' }, link.label) : h('span', { class: 'muted' }, 'no label'), item ? null : error),
    h('td', { 'data-label': 'Made' }, formatDate(link.createdAt)),
    h('td', { 'data-label': 'Expires' }, formatDate(link.expiresAt)),
    h('td', { 'data-label': 'Password' }, link.passwordProtected ? 'yes' : 'no'),
    h('td', { class: 'link-downloads', 'data-label': 'Downloads' }, downloadsOf(link)),
    h('td', { 'data-label': 'State' }, h('span', { class: `link-state state-${link.state}` }, STATES[link.state] ?? link.state),
      live ? null : h('span', { class: 'muted until' }, formatDate(link.revokedAt))),
    h('td', { class: 'col-actions' }, h('div', { class: 'row-actions' },
      live ? button('Edit', () => openEditLinkDialog(connection, link, { onChanged })) : null,
      button('Downloads', () => openDownloadsDialog(connection, link)),
      live ? button('Revoke', () => confirmRevoke(connection, link, { onChanged }), 'danger-text') : null)));
}

/**
 * The "Public links" dialog of a file or folder I own: make a link (its address shown this once, with "Copy"), and
 * the item's links with their actions.
 */
export function openLinksDialog(connection, item) {
  const isFolder = item.kind === 'folder';
  const target = isFolder ? { folderId: item.folderId } : { fileId: item.fileId };
  const fields = linkFields('link', null);
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'link-submit' }, 'Create link');
  const list = h('div', { id: 'link-list' });
  const listError = h('p', { class: 'form-error', id: 'link-list-error', hidden: true });
  const created = h('div', { id: 'link-created', class: 'created-link', hidden: true });
  const listTitle = h('h3', { id: 'link-list-title', tabindex: -1 }, `Links to this ${isFolder ? 'folder' : 'file'}`);
  // the page's notices are behind the modal dialog, so a download through one of these links is told here too
  const used = h('p', { class: 'muted', id: 'link-used', role: 'status' });
  let shownIds = new Set();

  async function refresh() {
    try {
      const mine = (await allLinks(connection))
        .filter((l) => (isFolder ? l.folderId === item.folderId : l.fileId === item.fileId));
      shownIds = new Set(mine.map((l) => l.linkId));
      list.replaceChildren(mine.length === 0
        ? h('p', { class: 'empty' }, `No links to this ${isFolder ? 'folder' : 'file'} yet.`)
        : linksTable(connection, mine, { id: 'link-table', onChanged: changed, captionText: `Links to ${item.name}, newest first` }));
      listError.hidden = true;
    } catch (e) {
      showError(listError, e);
    }
  }

  /** After an edit or a revocation: the list again, and the focus on its heading when its button went with the old list. */
  async function changed() {
    await refresh();
    if (!dialog.contains(document.activeElement)) listTitle.focus();
  }

  function showCreated(link) {
    const urlId = 'link-url';
    const url = h('input', { id: urlId, type: 'text', readonly: true, value: link.url, spellcheck: 'false', 'aria-describedby': 'link-once' });
    const status = h('p', { class: 'hint', id: 'link-copy-status', role: 'status' });
    const copy = h('button', {
      type: 'button', class: 'button', id: 'link-copy',
      on: {
        async click() {
          try {
            await navigator.clipboard.writeText(link.url);
            status.textContent = 'Copied.';
          } catch {
            url.focus();
            url.select();
            status.textContent = 'Selected: press Ctrl+C (⌘C on a Mac) to copy it.';
          }
        },
      },
    }, 'Copy');
    created.replaceChildren(
      h('h3', {}, 'Link created'),
      h('div', { class: 'field' }, h('label', { for: urlId }, 'Link address'), h('div', { class: 'copy-row' }, url, copy), status),
      h('p', { class: 'once', id: 'link-once' }, h('strong', {}, 'This address is shown only now.'),
        ' Copy it before you close this dialog: nobody, you included, can see it again. If it is lost, revoke the link and make a new one.'));
    created.hidden = false;
    url.focus();
    url.select();
  }

  const form = h('form', {
    novalidate: true,
    on: {
      async submit(event) {
        event.preventDefault();
        const request = fields.read();
        if (!request) return;
        submit.disabled = true;
        try {
          const link = await createLink(connection, { ...target, ...request });
          fields.reset();
          showCreated(link);
          await refresh();
        } catch (e) {
          if (e.code === 'LINK_TARGET_NOT_FOUND') fields.fail(null, messageOf(e));
          else fields.showRefusal(e);
        } finally {
          submit.disabled = false;
        }
      },
    },
  },
  h('h3', {}, 'New link'),
  fields.elements,
  h('div', { class: 'actions' }, submit));

  const dialog = h('dialog', { class: 'dialog wide links-dialog', id: 'links-dialog', 'aria-labelledby': 'links-title' },
    h('h2', { id: 'links-title' }, 'Public links to ', h('span', { class: 'filename' }, item.name)),
    h('p', { class: 'muted' }, isFolder
      ? 'Anyone who has a link can list and download everything in this folder, including what is added later, without an account.'
      : 'Anyone who has a link can download this file, without an account.'),
    form,
    created,
    listTitle,
    used,
    listError,
    list,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', id: 'links-close', on: { click: () => dialog.close() } }, 'Close')));
  whileOpen(dialog, (data) => {
    if (!shownIds.has(data.linkId)) return;
    used.textContent = `Just now: ${data.fileName ?? 'a file'} was downloaded through ${data.label ? `the link “${data.label}”` : 'a link'}.`;
    refresh();
  });
  openModal(dialog);
  dialog.querySelector('#link-expiry').focus();
  refresh();
}

/** Changes a link's expiry, password, limit and label (only what is changed is sent). */
function openEditLinkDialog(connection, link, { onChanged }) {
  const fields = linkFields('link-edit', link);
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'link-edit-submit' }, 'Save');
  const dialog = h('dialog', { class: 'dialog', id: 'link-edit-dialog', 'aria-labelledby': 'link-edit-title' },
    h('h2', { id: 'link-edit-title' }, `Edit link ${nameOf(link)}`),
    h('form', {
      novalidate: true,
      on: {
        async submit(event) {
          event.preventDefault();
          const changes = fields.read();
          if (!changes) return;
          if (Object.keys(changes).length === 0) { dialog.close(); return; }
          submit.disabled = true;
          try {
            await updateLink(connection, link.linkId, changes);
            notify('The link was changed.');
            dialog.close();
            onChanged();
          } catch (e) {
            fields.showRefusal(e);
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    fields.elements,
    h('div', { class: 'actions' }, submit,
      h('button', { type: 'button', class: 'button', on: { click: () => dialog.close() } }, 'Cancel'))));
  openModal(dialog);
  dialog.querySelector('#link-edit-expiry').focus();
}

/** Asks before revoking (starting on "Cancel"); the refusal, if any, stays in the dialog. */
function confirmRevoke(connection, link, { onChanged }) {
  const error = h('p', { class: 'form-error', hidden: true });
  const cancel = h('button', { type: 'button', class: 'button', id: 'revoke-cancel', on: { click: () => dialog.close() } }, 'Cancel');
  const confirm = h('button', {
    type: 'button', class: 'button danger', id: 'revoke-confirm',
    on: {
      async click() {
        confirm.disabled = true;
        try {
          await revokeLink(connection, link.linkId);
          notify(`The link ${nameOf(link)} was revoked.`);
          dialog.close();
          onChanged();
        } catch (e) {
          showError(error, e);
          confirm.disabled = false;
        }
      },
    },
  }, 'Revoke');
  const dialog = h('dialog', { class: 'dialog', role: 'alertdialog', id: 'revoke-dialog', 'aria-labelledby': 'revoke-title', 'aria-describedby': 'revoke-text' },
    h('h2', { id: 'revoke-title' }, `Revoke link ${nameOf(link)}?`),
    h('p', { id: 'revoke-text' }, 'The address stops working at once, for everyone who has it. The link stays in your list, with its downloads.'),
    error,
    h('div', { class: 'actions' }, cancel, confirm));
  openModal(dialog);
  cancel.focus();
}

/** Who downloaded what through a link, newest first, page by page as the service pages it. */
function openDownloadsDialog(connection, link) {
  const body = h('tbody', {});
  const error = h('p', { class: 'form-error', id: 'link-downloads-error', hidden: true });
  const more = h('button', { type: 'button', class: 'button small', id: 'link-downloads-more', hidden: true }, 'Load more');
  const empty = h('p', { class: 'empty', hidden: true }, 'Nobody has downloaded through this link yet.');
  const count = h('p', { id: 'link-downloads-count' });
  let before = null;
  let shown = 0;

  async function load(reset) {
    error.hidden = true;
    try {
      const wanted = reset ? Math.max(shown, 1) : 1;
      const read = [];
      let cursor = reset ? null : before;
      do {
        const page = await linkDownloads(connection, link.linkId, { limit: PAGE_SIZE, before: cursor });
        read.push(...page.items);
        cursor = page.next ?? null;
      } while (cursor !== null && read.length < wanted);
      if (reset) body.replaceChildren();
      body.append(...read.map(row));
      shown = body.children.length;
      before = cursor;
      more.hidden = before === null;
      empty.hidden = shown > 0;
    } catch (e) {
      showError(error, e);
    }
  }

  function row(download) {
    return h('tr', { 'data-download-id': download.id },
      h('td', { 'data-label': 'When' }, formatDate(download.downloadedAt)),
      link.folderId ? h('td', { 'data-label': 'File' }, h('span', { class: 'filename' }, download.fileName)) : null,
      h('td', { 'data-label': 'Address' }, download.clientAddress),
      h('td', { 'data-label': 'Bytes', title: `${download.bytes} bytes` }, formatSize(download.bytes)));
  }

  function showCount(downloads, maxDownloads) {
    count.textContent = `Downloads so far: ${maxDownloads ? `${downloads} of ${maxDownloads}` : downloads}.`;
  }

  more.addEventListener('click', async () => {
    const from = body.children.length;
    await load(false);
    const cell = body.children[from]?.firstElementChild;
    if (cell) { cell.tabIndex = -1; cell.focus(); }
  });
  const captionId = uid('downloads-caption');
  const dialog = h('dialog', { class: 'dialog wide', id: 'link-downloads-dialog', 'aria-labelledby': 'link-downloads-title' },
    h('h2', { id: 'link-downloads-title' }, `Downloads through link ${nameOf(link)}`),
    count,
    error,
    h('table', { class: 'files', 'aria-describedby': captionId },
      h('caption', { class: 'visually-hidden', id: captionId }, 'Downloads, newest first'),
      h('thead', {}, h('tr', {},
        ['When', ...(link.folderId ? ['File'] : []), 'Address', 'Bytes'].map((label) => h('th', { scope: 'col' }, label)))),
      body),
    empty,
    h('div', { class: 'actions' }, more,
      h('button', { type: 'button', class: 'button', id: 'link-downloads-close', on: { click: () => dialog.close() } }, 'Close')));
  whileOpen(dialog, (data) => {
    if (data.linkId !== link.linkId) return;
    showCount(data.downloads, link.maxDownloads);
    load(true);
  });
  showCount(link.downloads, link.maxDownloads);
  openModal(dialog);
  load(true);
}

/**
 * The "Links" tab: every link I made, newest first, with the file or folder it opens and the same actions.
 *
 * @returns `{element, refresh}`
 */
export function linksPanel(connection, { onSessionEnded }) {
  let items = [];
  let next = null;
  const names = new Map();
  const error = h('p', { class: 'form-error', id: 'links-error', hidden: true });
  const list = h('div', { id: 'links-list' });
  const element = h('div', { class: 'links-overview', tabindex: -1 },
    h('p', { class: 'muted' }, 'Every public link you made, newest first. Revoked and expired ones stay here with their downloads. '
      + 'To make one, choose "Link" on a file or folder.'),
    error,
    list);

  /** The linked item's name (read once per item); a deleted one says so. */
  function nameOfItem(link) {
    const id = link.fileId ?? link.folderId;
    if (!names.has(id)) {
      const read = link.fileId ? describe(connection, link.fileId) : folder(connection, link.folderId);
      names.set(id, read.then((view) => (!view.parentId && link.folderId ? 'My files' : view.name), () => {
        names.delete(id); // read again next time: it may have been restored from the trash
        return link.fileId ? '(a deleted file)' : '(a deleted folder)';
      }));
    }
    return names.get(id);
  }

  async function refresh() {
    try {
      const read = [];
      let after = null;
      do {
        const page = await links(connection, { limit: PAGE_SIZE, after });
        read.push(...page.items);
        after = page.next ?? null;
      } while (after && read.length < items.length);
      items = read;
      next = after;
      error.hidden = true;
    } catch (e) {
      if (e.name === 'SessionEnded') { onSessionEnded(e.message); return; }
      showError(error, e);
    }
    render();
  }

  /** After an edit or a revocation: the list again, and the focus on it when its button went with the old list. */
  async function changed() {
    await refresh();
    if (!element.contains(document.activeElement)) element.focus();
  }

  async function loadMore() {
    const from = items.length;
    try {
      const page = await links(connection, { limit: PAGE_SIZE, after: next });
      items = [...items, ...page.items];
      next = page.next ?? null;
      render();
      list.querySelectorAll('tbody tr')[from]?.querySelector('button')?.focus();
    } catch (e) {
      showError(error, e);
    }
  }

  function render() {
    if (items.length === 0) {
      list.replaceChildren(h('p', { class: 'empty' }, 'You have no public links yet.'));
      return;
    }
    list.replaceChildren(...[
      linksTable(connection, items, { id: 'links-table', nameOfItem, onChanged: changed, captionText: 'Your public links, newest first' }),
      next ? h('div', { class: 'more' }, h('button', { type: 'button', class: 'button', id: 'links-more', on: { click: loadMore } }, 'Load more')) : null,
    ].filter(Boolean));
  }

  return { element, refresh };
}
