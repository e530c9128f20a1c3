// The signed-in page: uploads, then four tabs: my files (a folder at a time, with breadcrumbs), what is shared with
// me, my public links, and the trash. Lists are read page by page from the server in the chosen order ("Load more" for the next page),
// and kept up to date by the event stream (something created, changed, moved, trashed or restored where the page is
// looking; something shared with me or unshared) and by my own actions. Every change sends the version the page showed
// (If-Match): a change made elsewhere meanwhile is refused and the page offers to reload instead of overwriting it.

import { downloadUrl, remove, sharedWithMe, updateFile } from '../api/files.js';
import { children, createFolder, folderPath, removeFolder, updateFolder } from '../api/folders.js';
import { followEvents } from '../api/events.js';
import { formatDate, formatSize, h } from './dom.js';
import { confirmDelete, openShareDialog } from './dialogs.js';
import { showError } from './errors.js';
import { openFolderPicker, openNameDialog, openVersionsDialog } from './folder-dialogs.js';
import { announceLinkUsed, linksPanel, openLinksDialog } from './links-view.js';
import { notify } from './notices.js';
import { trashPanel } from './trash-view.js';
import { uploadsPanel } from './uploads-panel.js';

const PAGE_SIZE = 100;
const COLUMNS = [
  { key: 'name', label: 'Name', sort: 'name' },
  { key: 'size', label: 'Size', sort: 'size' },
  { key: 'updatedAt', label: 'Modified', sort: 'updatedAt' },
  { key: 'owner', label: 'Owner' },
];
const TABS = [
  { key: 'owned', label: 'My files' },
  { key: 'shared', label: 'Shared with me' },
  { key: 'links', label: 'Links' },
  { key: 'trash', label: 'Trash' },
];
const EMPTY = {
  owned: 'No files yet. Drag files into the box above, or choose them, to upload.',
  folder: 'This folder is empty. Upload files into it, or create a folder.',
  shared: 'Nothing is shared with you yet. When someone shares a file or a folder, it appears here at once.',
  sharedFolder: 'This folder is empty.',
};
/** Events about files and folders: the list is read again when one concerns what the page shows. */
const TREE_EVENTS = ['file_created', 'file_updated', 'item_moved', 'item_trashed', 'item_restored', 'folder_created'];

const idOf = (item) => (item.kind === 'folder' ? item.folderId : item.fileId);

/**
 * @param onSessionEnded called with a message when the session is over (the page goes back to the login)
 * @returns a function that tears the view down (stops the event stream)
 */
export function showFiles(main, connection, { onSessionEnded }) {
  let tab = 'owned';
  let sort = { key: 'name', ascending: true };
  /** The folders from the tab's top to the one shown (owned: root first; shared: the shared folders opened). */
  let crumbs = [];
  let items = [];
  let nextCursor = null;
  const liveState = h('span', { class: 'live-state', id: 'live-state' }, 'Connecting…');
  const listError = h('p', { class: 'form-error', hidden: true, id: 'list-error' });
  const tabButtons = new Map();
  const tablist = h('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Files' },
    TABS.map((t, index) => {
      const button = h('button', {
        type: 'button', role: 'tab', id: `tab-${t.key}`, 'aria-controls': 'files-panel',
        on: { click: () => select(t.key), keydown: (event) => arrowKeys(event, index) },
      }, t.label);
      tabButtons.set(t.key, button);
      return button;
    }));
  const toolbar = h('div', { class: 'toolbar', id: 'toolbar' });
  // one button for the page's life: the toolbar is drawn again at every read of the list, the button stays the same
  const newFolderButton = h('button', { type: 'button', class: 'button small', id: 'new-folder', on: { click: () => newFolder() } }, 'New folder');
  const panel = h('div', { role: 'tabpanel', id: 'files-panel', tabindex: 0 });
  const trash = trashPanel(connection, { onChanged: () => {}, onSessionEnded: (message) => end(message) });
  const linksList = linksPanel(connection, { onSessionEnded: (message) => end(message) });
  /** The tabs that are not a folder list, with the panel each shows. */
  const OTHER_PANELS = { trash, links: linksList };

  function arrowKeys(event, index) {
    const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: TABS.length - 1 - index };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = TABS[(index + moves[event.key] + TABS.length) % TABS.length];
    select(next.key);
    tabButtons.get(next.key).focus();
  }

  function select(key) {
    if (key === tab) return;
    tab = key;
    crumbs = [];
    items = [];
    nextCursor = null;
    render();
    refresh();
  }

  /** The folder shown (null: the shared tab's top, or the root before it is known). */
  const shownFolder = () => crumbs[crumbs.length - 1] ?? null;

  function open(folder) {
    if (tab === 'owned') crumbs = [folder]; // the path is read again below
    else crumbs = [...crumbs, folder];
    items = [];
    nextCursor = null;
    refresh({ focusList: true });
  }

  function openCrumb(index) {
    crumbs = crumbs.slice(0, index + 1);
    if (tab === 'shared' && index < 0) crumbs = [];
    items = [];
    nextCursor = null;
    refresh({ focusList: true });
  }

  const sortParam = () => `${COLUMNS.find((c) => c.key === sort.key).sort},${sort.ascending ? 'asc' : 'desc'}`;

  /** One page of what the page shows, from `cursor` (null: the first). */
  async function readPage(cursor) {
    const page = { limit: PAGE_SIZE, cursor, sort: sortParam() };
    if (tab === 'owned') {
      const folderId = shownFolder()?.folderId ?? 'root';
      if (!cursor) crumbs = await folderPath(connection, folderId);
      return children(connection, folderId, page);
    }
    const folder = shownFolder();
    return folder ? children(connection, folder.folderId, page) : sharedWithMe(connection, page);
  }

  let refreshing = null;
  let again = false;
  /**
   * Reads the list again, as many items as are shown now at least one page; calls that arrive meanwhile are folded
   * into one more read.
   */
  async function refresh({ focusList = false } = {}) {
    if (OTHER_PANELS[tab]) {
      render();
      return OTHER_PANELS[tab].refresh();
    }
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async () => {
      do {
        again = false;
        const wanted = Math.max(items.length, 1);
        try {
          const read = [];
          let cursor = null;
          do {
            const page = await readPage(cursor);
            read.push(...page.items);
            cursor = page.nextCursor ?? null;
          } while (cursor && read.length < wanted);
          items = read;
          nextCursor = cursor;
          listError.hidden = true;
        } catch (e) {
          if (e.name === 'SessionEnded') { end(e.message); return; }
          if (e.status === 404 && crumbs.length > 0) {
            // the folder shown is gone (trashed, moved away from what is shared with me): back to the top
            notify('The folder shown is no longer there.');
            crumbs = tab === 'owned' ? [] : crumbs.slice(0, -1);
            again = true;
            continue;
          }
          showError(listError, e);
        }
        render();
      } while (again);
      if (focusList) panel.focus();
    })().finally(() => { refreshing = null; });
    return refreshing;
  }

  async function loadMore() {
    if (!nextCursor) return;
    const from = items.length;
    try {
      const page = await readPage(nextCursor);
      items = [...items, ...page.items];
      nextCursor = page.nextCursor ?? null;
      render();
      // the first of the new rows takes the focus, so a keyboard user continues where the list grew
      panel.querySelectorAll('tbody tr')[from]?.querySelector('button')?.focus();
    } catch (e) {
      showError(listError, e);
    }
  }

  function breadcrumbs() {
    const top = tab === 'owned' ? 'My files' : 'Shared with me';
    const shown = tab === 'owned' ? crumbs.slice(1) : crumbs;
    const trail = [{ label: top, index: tab === 'owned' ? 0 : -1 }, ...shown.map((f, i) => ({ label: f.name, index: i + (tab === 'owned' ? 1 : 0) }))];
    return h('nav', { 'aria-label': 'Folder path', class: 'breadcrumbs' }, h('ol', { class: 'crumbs', id: 'crumbs' },
      trail.map((c, i) => h('li', {}, i === trail.length - 1
        ? h('span', { 'aria-current': 'location', class: 'crumb-here' }, c.label)
        : h('button', { type: 'button', class: 'crumb', on: { click: () => openCrumb(c.index) } }, c.label)))));
  }

  /** What the list was last drawn from. */
  let drawn = null;

  function render() {
    for (const t of TABS) {
      const button = tabButtons.get(t.key);
      button.setAttribute('aria-selected', String(t.key === tab));
      button.tabIndex = t.key === tab ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', `tab-${tab}`);
    if (OTHER_PANELS[tab]) {
      drawn = null;
      toolbar.replaceChildren();
      toolbar.hidden = true;
      panel.replaceChildren(OTHER_PANELS[tab].element);
      return;
    }
    const shown = JSON.stringify([tab, sort, crumbs, items, nextCursor]);
    if (shown === drawn) return; // a read that changed nothing leaves the list, and the focus in it, as they are
    drawn = shown;
    toolbar.hidden = false;
    const folder = shownFolder();
    const inOwnTree = tab === 'owned';
    toolbar.replaceChildren(...[breadcrumbs(), inOwnTree
      ? newFolderButton
      : null].filter(Boolean));
    if (items.length === 0) {
      const empty = tab === 'owned' ? (folder?.parentId ? EMPTY.folder : EMPTY.owned) : (folder ? EMPTY.sharedFolder : EMPTY.shared);
      panel.replaceChildren(h('p', { class: 'empty' }, empty));
      return;
    }
    const column = COLUMNS.find((c) => c.key === sort.key);
    const direction = sort.ascending ? 'ascending' : 'descending';
    const where = folder?.parentId || tab === 'shared' ? (folder?.name ?? 'Shared with me') : 'My files';
    panel.replaceChildren(...[h('table', { class: 'files', id: `files-${tab}` },
      h('caption', { class: 'visually-hidden' }, `${where}, folders first, sorted by ${column.label.toLowerCase()}, ${direction}`),
      h('thead', {}, h('tr', {},
        COLUMNS.map((c) => h('th', { scope: 'col', 'aria-sort': c.key === sort.key ? direction : (c.sort ? 'none' : null), class: `col-${c.key}` },
          c.sort
            ? h('button', {
              type: 'button', class: 'sort', 'data-sort': c.key,
              on: {
                async click() {
                  sort = { key: c.key, ascending: c.key === sort.key ? !sort.ascending : c.key === 'name' };
                  items = [];
                  nextCursor = null;
                  await refresh();
                  panel.querySelector(`[data-sort="${c.key}"]`)?.focus();
                },
              },
            }, c.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, c.key === sort.key ? (sort.ascending ? '▲' : '▼') : ''))
            : c.label)),
        h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, items.map(itemRow))),
    nextCursor
      ? h('div', { class: 'more' }, h('button', { type: 'button', class: 'button', id: 'load-more', on: { click: loadMore } }, 'Load more'))
      : null].filter(Boolean)); // replaceChildren would show a null as the text "null"
  }

  function itemRow(item) {
    const own = item.access === 'owner';
    const isFolder = item.kind === 'folder';
    const error = h('p', { class: 'row-error', hidden: true });
    const fail = (e) => showError(error, e, () => refresh());
    const button = (label, onClick, extra = {}) => h('button', {
      type: 'button', class: `button small ${extra.class ?? ''}`.trim(), 'aria-label': `${label} ${item.name}`,
      on: { async click() { error.hidden = true; try { await onClick(); } catch (e) { fail(e); } } },
    }, label);
    const actions = [];
    if (!isFolder) {
      actions.push(button('Download', async () => {
        // a navigation to an attachment downloads it and leaves this page where it is
        window.location.assign(await downloadUrl(connection, item.fileId));
      }));
    }
    if (own) {
      if (!isFolder) actions.push(button('Versions', () => openVersionsDialog(connection, item, { onChanged: () => refresh(), onReload: refresh })));
      actions.push(button('Share', () => openShareDialog(connection, item, { onChanged: refresh })));
      actions.push(button('Link', () => openLinksDialog(connection, item)));
      actions.push(button('Rename', () => rename(item)));
      actions.push(button('Move', () => move(item)));
      actions.push(button('Delete', () => trashItem(item), { class: 'danger-text' }));
    }
    const name = isFolder
      ? h('button', { type: 'button', class: 'folder-link', 'data-open': item.name, on: { click: () => open(item) } },
        h('span', { class: 'icon', 'aria-hidden': 'true' }, '📁'), h('span', { class: 'visually-hidden' }, 'Folder '),
        h('span', { class: 'filename' }, item.name))
      : h('span', { class: 'filename' }, item.name);
    return h('tr', { 'data-file-id': item.fileId, 'data-folder-id': item.folderId, 'data-kind': item.kind ?? 'file', 'data-name': item.name, 'data-version': item.version },
      h('td', { class: 'col-name', 'data-label': 'Name' }, name, error),
      h('td', { class: 'col-size', 'data-label': 'Size' }, isFolder ? h('span', { class: 'muted' }, 'folder') : formatSize(item.size)),
      h('td', { class: 'col-updatedAt', 'data-label': 'Modified' }, formatDate(item.updatedAt ?? item.createdAt)),
      h('td', { class: 'col-owner', 'data-label': 'Owner' }, own ? 'me' : item.owner,
        item.sharedUntil ? h('span', { class: 'muted until' }, ` until ${formatDate(item.sharedUntil)}`) : null),
      h('td', { class: 'col-actions' }, h('div', { class: 'row-actions' }, actions)));
  }

  function newFolder() {
    const parent = shownFolder();
    openNameDialog({
      id: 'folder-dialog', title: 'New folder', label: 'Folder name', submitLabel: 'Create',
      async action(name) {
        await createFolder(connection, name, parent?.folderId);
        notify(`Folder ${name} created.`);
        await refresh();
      },
    });
  }

  function rename(item) {
    openNameDialog({
      id: 'rename-dialog', title: `Rename ${item.name}`, label: 'New name', initial: item.name, submitLabel: 'Rename',
      onReload: refresh,
      async action(name) {
        if (name === item.name) return;
        if (item.kind === 'folder') await updateFolder(connection, item.folderId, { name }, item.version);
        else await updateFile(connection, item.fileId, { name }, item.version);
        notify(`${item.name} is now called ${name}.`);
        await refresh();
      },
    });
  }

  function move(item) {
    const isFolder = item.kind === 'folder';
    const from = isFolder ? item.parentId : item.folderId;
    openFolderPicker(connection, {
      id: 'move-dialog', title: `Move ${item.name}`, intro: 'Open the folder to move it to, then choose "Move here".',
      submitLabel: 'Move here', startFolderId: from, excludeId: isFolder ? item.folderId : null, disableIn: from,
      onReload: refresh,
      async action(folderId) {
        const moved = isFolder
          ? await updateFolder(connection, item.folderId, { parentId: folderId }, item.version)
          : await updateFile(connection, item.fileId, { folderId }, item.version);
        notify(`${item.name} moved to ${moved.path ?? 'another folder'}.`);
        await refresh();
      },
    });
  }

  async function trashItem(item) {
    const isFolder = item.kind === 'folder';
    const action = () => (isFolder ? removeFolder(connection, item.folderId, item.version) : remove(connection, item.fileId, item.version));
    if (await confirmDelete(item, action, { onReload: refresh })) {
      notify(`${item.name} was moved to the trash.`);
      await refresh();
      panel.focus();
    }
  }

  /** Whether an event is about what the page shows: the folder shown, an item listed, or a folder of the path. */
  function concernsShown(data) {
    const shown = new Set([...crumbs.map((f) => f.folderId), ...items.map(idOf)]);
    const mentioned = Object.entries(data)
      .filter(([key, value]) => typeof value === 'string' && /(^id$|fileid$|folderid$|parentid$)/i.test(key))
      .map(([, value]) => value);
    return mentioned.length === 0 || mentioned.some((id) => shown.has(id)) || (tab === 'owned' && crumbs.length === 0);
  }

  let stopEvents = () => {};
  let ended = false;
  function end(message) {
    if (ended) return;
    ended = true;
    stopEvents();
    onSessionEnded(message);
  }

  /** Where an upload chosen now goes, and the version of a file of that name the page shows there. */
  function uploadTarget() {
    const folder = tab === 'owned' ? shownFolder() : null;
    const folderId = folder?.parentId ? folder.folderId : null; // the root: no folder named (the server's default)
    return {
      folderId,
      versionOf: (name, into) => (into === folderId ? items.find((i) => i.kind !== 'folder' && i.name === name)?.version : null) ?? null,
    };
  }

  const upload = uploadsPanel(connection, { onUploaded: () => { if (tab === 'owned') refresh(); }, target: uploadTarget });
  main.replaceChildren(
    h('h1', { class: 'visually-hidden', id: 'files-title', tabindex: -1 }, 'Your files'),
    upload,
    h('section', { class: 'card files-card', 'aria-labelledby': 'files-heading' },
      h('div', { class: 'files-head' }, h('h2', { id: 'files-heading' }, 'Files'), liveState),
      tablist,
      toolbar,
      listError,
      panel));
  render();
  refresh();

  stopEvents = followEvents(connection, {
    onEvent(type, data) {
      const name = data.name ?? data.fileName;
      const other = data.owner && data.owner !== connection.username;
      if (type === 'file_shared' && data.created !== false) notify(`${data.owner} shared ${data.fileName ?? data.name} with you.`);
      if (type === 'file_unshared') notify(`${data.owner} stopped sharing ${data.fileName ?? data.name} with you.`);
      if (type === 'file_deleted') notify(`${data.owner} deleted ${data.fileName}.`);
      if (type === 'item_trashed' && other && name) notify(`${data.owner} moved ${name} to the trash.`);
      if (type === 'folder_shared' && other && data.created !== false) notify(`${data.owner} shared the folder ${data.folderName} with you.`);
      if (type === 'folder_unshared' && other) notify(`${data.owner} stopped sharing the folder ${data.folderName} with you.`);
      if (type === 'link_used') {
        announceLinkUsed(data);
        if (tab === 'links') refresh();
      }
      if (['file_shared', 'file_unshared', 'folder_shared', 'folder_unshared', 'file_deleted', 'resync'].includes(type)) refresh();
      else if (TREE_EVENTS.includes(type)) {
        if (OTHER_PANELS[tab] ? ['item_trashed', 'item_restored'].includes(type) : (tab === 'shared' || concernsShown(data))) refresh();
      }
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
