// The signed-in page: uploads, then my files and the files shared with me as two tabs of one sortable table, kept up to
// date by the event stream (something shared with me, unshared, deleted) and by my own actions.

import { listAll, downloadUrl, remove } from '../api/files.js';
import { followEvents } from '../api/events.js';
import { formatDate, formatSize, h } from './dom.js';
import { confirmDelete, openShareDialog } from './dialogs.js';
import { notify } from './notices.js';
import { uploadsPanel } from './uploads-panel.js';

const COLUMNS = [
  { key: 'name', label: 'Name', value: (f) => f.name, compare: (a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' }) },
  { key: 'size', label: 'Size', value: (f) => f.size, compare: (a, b) => a - b },
  { key: 'updatedAt', label: 'Modified', value: (f) => f.updatedAt ?? f.createdAt, compare: (a, b) => Date.parse(a) - Date.parse(b) },
  { key: 'owner', label: 'Owner', value: (f) => f.owner, compare: (a, b) => a.localeCompare(b) },
];
const TABS = [
  { key: 'owned', label: 'My files', empty: 'No files yet. Drag files into the box above, or choose them, to upload.' },
  { key: 'shared', label: 'Shared with me', empty: 'Nothing is shared with you yet. When someone shares a file, it appears here at once.' },
];

/**
 * @param onSessionEnded called with a message when the session is over (the page goes back to the login)
 * @returns a function that tears the view down (stops the event stream)
 */
export function showFiles(main, connection, { onSessionEnded }) {
  let files = [];
  let tab = 'owned';
  let sort = { key: 'name', ascending: true };
  const liveState = h('span', { class: 'live-state', id: 'live-state' }, 'Connecting…');
  const listError = h('p', { class: 'form-error', role: 'alert', hidden: true, id: 'list-error' });
  const tabButtons = new Map();
  const tablist = h('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Files' },
    TABS.map((t, index) => {
      const button = h('button', {
        type: 'button', role: 'tab', id: `tab-${t.key}`, 'aria-controls': 'files-panel',
        on: { click: () => select(t.key), keydown: (event) => arrowKeys(event, index) },
      }, t.label, ' ', h('span', { class: 'count' }));
      tabButtons.set(t.key, button);
      return button;
    }));
  const panel = h('div', { role: 'tabpanel', id: 'files-panel', tabindex: 0 });

  function arrowKeys(event, index) {
    const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: TABS.length - 1 - index };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = TABS[(index + moves[event.key] + TABS.length) % TABS.length];
    select(next.key);
    tabButtons.get(next.key).focus();
  }

  function select(key) {
    tab = key;
    render();
  }

  let refreshing = null;
  let again = false;
  /** Reads the list again; calls that arrive meanwhile are folded into one more read. */
  async function refresh() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async () => {
      do {
        again = false;
        try {
          files = await listAll(connection);
          listError.hidden = true;
        } catch (e) {
          if (e.name === 'SessionEnded') { end(e.message); return; }
          listError.textContent = e.detail ?? e.message;
          listError.hidden = false;
        }
        render();
      } while (again);
    })().finally(() => { refreshing = null; });
    return refreshing;
  }

  function render() {
    for (const t of TABS) {
      const button = tabButtons.get(t.key);
      const count = files.filter((f) => f.access === (t.key === 'owned' ? 'owner' : 'shared')).length;
      button.setAttribute('aria-selected', String(t.key === tab));
      button.tabIndex = t.key === tab ? 0 : -1;
      button.querySelector('.count').textContent = `(${count})`;
    }
    panel.setAttribute('aria-labelledby', `tab-${tab}`);
    const shown = files.filter((f) => f.access === (tab === 'owned' ? 'owner' : 'shared'));
    const column = COLUMNS.find((c) => c.key === sort.key);
    shown.sort((a, b) => (sort.ascending ? 1 : -1) * column.compare(column.value(a), column.value(b))
      || a.name.localeCompare(b.name));
    const current = TABS.find((t) => t.key === tab);
    if (shown.length === 0) {
      panel.replaceChildren(h('p', { class: 'empty' }, current.empty));
      return;
    }
    const direction = sort.ascending ? 'ascending' : 'descending';
    panel.replaceChildren(h('table', { class: 'files', id: `files-${tab}` },
      h('caption', { class: 'visually-hidden' }, `${current.label}, sorted by ${column.label.toLowerCase()}, ${direction}`),
      h('thead', {}, h('tr', {},
        COLUMNS.map((c) => h('th', { scope: 'col', 'aria-sort': c.key === sort.key ? direction : 'none', class: `col-${c.key}` },
          h('button', {
            type: 'button', class: 'sort', 'data-sort': c.key,
            on: { click: () => { sort = { key: c.key, ascending: c.key === sort.key ? !sort.ascending : true }; render(); panel.querySelector(`[data-sort="${c.key}"]`)?.focus(); } },
          }, c.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, c.key === sort.key ? (sort.ascending ? '▲' : '▼') : '')))),
        h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, shown.map(fileRow))));
  }

  function fileRow(file) {
    const own = file.access === 'owner';
    const error = h('p', { class: 'row-error', hidden: true });
    const fail = (e) => {
      error.textContent = e.detail ?? e.message;
      error.hidden = false;
      error.setAttribute('role', 'alert');
    };
    const download = h('button', {
      type: 'button', class: 'button small', 'aria-label': `Download ${file.name}`,
      on: {
        async click() {
          error.hidden = true;
          try {
            // a navigation to an attachment downloads it and leaves this page where it is
            window.location.assign(await downloadUrl(connection, file.fileId));
          } catch (e) {
            fail(e);
          }
        },
      },
    }, 'Download');
    const actions = [download];
    if (own) {
      actions.push(h('button', {
        type: 'button', class: 'button small', 'aria-label': `Share ${file.name}`,
        on: { click: () => openShareDialog(connection, file, { onChanged: refresh }) },
      }, 'Share'));
      actions.push(h('button', {
        type: 'button', class: 'button small danger-text', 'aria-label': `Delete ${file.name}`,
        on: {
          async click() {
            error.hidden = true;
            if (await confirmDelete(file, () => remove(connection, file.fileId))) {
              notify(`${file.name} was deleted.`);
              await refresh();
              document.getElementById('files-panel')?.focus();
            }
          },
        },
      }, 'Delete'));
    }
    return h('tr', { 'data-file-id': file.fileId, 'data-name': file.name },
      h('td', { class: 'col-name', 'data-label': 'Name' }, h('span', { class: 'filename' }, file.name), error),
      h('td', { class: 'col-size', 'data-label': 'Size' }, formatSize(file.size)),
      h('td', { class: 'col-updatedAt', 'data-label': 'Modified' }, formatDate(file.updatedAt ?? file.createdAt)),
      h('td', { class: 'col-owner', 'data-label': 'Owner' }, own ? 'me' : file.owner,
        file.sharedUntil ? h('span', { class: 'muted until' }, ` until ${formatDate(file.sharedUntil)}`) : null),
      h('td', { class: 'col-actions' }, h('div', { class: 'row-actions' }, actions)));
  }

  let stopEvents = () => {};
  let ended = false;
  function end(message) {
    if (ended) return;
    ended = true;
    stopEvents();
    onSessionEnded(message);
  }

  const upload = uploadsPanel(connection, { onUploaded: refresh });
  main.replaceChildren(
    h('h1', { class: 'visually-hidden', id: 'files-title', tabindex: -1 }, 'Your files'),
    upload,
    h('section', { class: 'card files-card', 'aria-labelledby': 'files-heading' },
      h('div', { class: 'files-head' }, h('h2', { id: 'files-heading' }, 'Files'), liveState),
      tablist,
      listError,
      panel));
  render();
  refresh();

  stopEvents = followEvents(connection, {
    onEvent(type, data) {
      if (type === 'file_shared' && data.created !== false) notify(`${data.owner} shared ${data.fileName} with you.`);
      if (type === 'file_unshared') notify(`${data.owner} stopped sharing ${data.fileName} with you.`);
      if (type === 'file_deleted') notify(`${data.owner} deleted ${data.fileName}.`);
      if (['file_shared', 'file_unshared', 'file_deleted', 'resync'].includes(type)) refresh();
    },
    onSessionEnded: (e) => end(e.message),
    onState(state) {
      liveState.textContent = state === 'live' ? 'Live' : 'Reconnecting…';
      liveState.classList.toggle('offline', state !== 'live');
    },
  });
  document.getElementById('files-title').focus();
  return () => { ended = true; stopEvents(); };
}
