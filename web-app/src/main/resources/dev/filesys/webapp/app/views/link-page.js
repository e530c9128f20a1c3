// What a visitor sees at a public link's address, without an account: a file's name, size and expiry with a
// "Download" button; a folder's files by path, page by page, each with "Download"; a password form first for a
// protected link; and one page for a link that does not work, whatever the reason (the service does not say which).
// A download is a navigation to the link's address with a query (the browser's download manager saves it and can
// resume it); just before it, the page checks that the link still works, so a link that ended or an access token that
// expired meanwhile shows this page's words, never the service's JSON.

import { ApiError } from '../api/http.js';
import { formatDate, formatSize, h } from './dom.js';

const DEAD_TITLE = 'This link does not work (anymore)';

/**
 * @param main the element to render into
 * @param link the PublicLink to show
 */
export function showLink(main, link) {
  async function load({ note = null, focus = true } = {}) {
    try {
      const info = await link.describe();
      if (info.type === 'folder') folderView(info, note);
      else fileView(info);
    } catch (e) {
      failed(e);
      return;
    }
    if (focus) document.getElementById('link-title')?.focus();
  }

  function render(title, ...children) {
    document.title = `${title} · filesys`;
    main.replaceChildren(h('div', { class: 'link-page' }, ...children));
  }

  /** The refusal a request got, as this page shows it: a password form, the dead link, or what went wrong. */
  function failed(e) {
    if (e instanceof ApiError && e.code === 'LINK_PASSWORD_REQUIRED') {
      const hadAccess = Boolean(link.access);
      link.forgetAccess();
      passwordView(hadAccess ? 'Your access to this link has ended. Enter the password again.' : null);
    } else if (e instanceof ApiError && e.status === 404) {
      deadView();
    } else {
      troubleView(e);
    }
  }

  function heading(text) {
    return h('h1', { id: 'link-title', tabindex: '-1' }, text);
  }

  function labelOf(info) {
    return info.label ? h('p', { class: 'link-label', id: 'link-label' }, info.label) : null;
  }

  function errorLine(id) {
    return h('p', { id, class: 'form-error', hidden: true });
  }

  function showError(element, text) {
    element.textContent = text;
    element.hidden = false;
    element.setAttribute('role', 'alert');
  }

  /** Checks that the link (or the file in the folder) still works, then lets the browser download it. */
  async function download(fileId, error) {
    error.hidden = true;
    try {
      if (fileId) await link.describeFile(fileId);
      else await link.describe();
    } catch (e) {
      if (fileId && e instanceof ApiError && e.status === 404) {
        // the link may still work and only this file be gone from the folder: the listing says which
        load({ note: 'That file is no longer in the shared folder.' });
        return;
      }
      if (e instanceof ApiError && (e.status === 404 || e.code === 'LINK_PASSWORD_REQUIRED')) failed(e);
      else showError(error, e.detail ?? e.message);
      return;
    }
    location.assign(link.downloadUrl(fileId));
  }

  function fileView(info) {
    const error = errorLine('link-error');
    const button = h('button', {
      type: 'button', class: 'button primary', id: 'download',
      on: { click: () => download(null, error) },
    }, 'Download');
    render(info.name,
      h('section', { class: 'card link-card', 'aria-labelledby': 'link-title' },
        h('p', { class: 'muted link-kind' }, 'A file shared with you'),
        heading(info.name),
        labelOf(info),
        h('dl', { class: 'link-facts' },
          h('dt', {}, 'Size'), h('dd', { id: 'link-size' }, formatSize(info.size)),
          h('dt', {}, 'Type'), h('dd', {}, info.contentType),
          h('dt', {}, 'Changed'), h('dd', {}, formatDate(info.updatedAt)),
          h('dt', {}, 'Link works until'), h('dd', { id: 'link-expires' }, formatDate(info.expiresAt))),
        error,
        h('div', { class: 'actions' }, button)));
  }

  function folderView(listing, note) {
    const title = listing.name || 'Shared folder';
    const error = errorLine('link-error');
    const rows = h('tbody', {});
    const more = h('div', { class: 'more' });
    const table = h('table', { class: 'files link-files', id: 'link-files' },
      h('caption', { class: 'visually-hidden' }, `Files in ${title}, by path`),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'col-name' }, 'File'),
        h('th', { scope: 'col', class: 'col-size' }, 'Size'),
        h('th', { scope: 'col', class: 'col-updatedAt' }, 'Changed'),
        h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      rows);

    function addRows(items) {
      const added = items.map((item) => h('tr', { 'data-path': item.path },
        h('td', { class: 'col-name filename' }, item.path),
        h('td', { class: 'col-size', 'data-label': 'Size' }, formatSize(item.size)),
        h('td', { class: 'col-updatedAt', 'data-label': 'Changed' }, formatDate(item.updatedAt)),
        h('td', { class: 'col-actions' }, h('button', {
          type: 'button', class: 'button small', 'aria-label': `Download ${item.path}`,
          on: { click: () => download(item.fileId, error) },
        }, 'Download'))));
      rows.append(...added);
      return added;
    }

    function showMore(next) {
      more.replaceChildren();
      if (!next) return;
      const button = h('button', {
        type: 'button', class: 'button', id: 'load-more',
        on: {
          async click() {
            button.disabled = true;
            try {
              const page = await link.more(next);
              const added = addRows(page.items);
              showMore(page.next);
              added[0]?.querySelector('button')?.focus();
            } catch (e) {
              button.disabled = false;
              if (e instanceof ApiError && (e.status === 404 || e.code === 'LINK_PASSWORD_REQUIRED')) failed(e);
              else showError(error, e.detail ?? e.message);
            }
          },
        },
      }, 'Load more');
      more.append(button);
    }

    addRows(listing.items);
    showMore(listing.next);
    render(title,
      h('section', { class: 'card link-card', 'aria-labelledby': 'link-title' },
        h('p', { class: 'muted link-kind' }, 'A folder shared with you'),
        heading(title),
        labelOf(listing),
        h('p', { class: 'muted', id: 'link-expires' }, `Link works until ${formatDate(listing.expiresAt)}`),
        note ? h('p', { class: 'notice notice-info', role: 'status' }, note) : null,
        error,
        listing.items.length ? table : h('p', { class: 'empty' }, 'This folder is empty.'),
        more));
  }

  function passwordView(note) {
    const fieldError = h('p', { id: 'link-password-error', class: 'field-error', hidden: true });
    const formError = errorLine('link-error');
    const password = h('input', {
      id: 'link-password', name: 'password', type: 'password', autocomplete: 'off', required: true, maxlength: 1024,
    });
    const submit = h('button', { type: 'submit', class: 'button primary', id: 'unlock' }, 'Open');

    function fieldRefusal(text) {
      fieldError.textContent = text;
      fieldError.hidden = false;
      fieldError.setAttribute('role', 'alert');
      password.setAttribute('aria-invalid', 'true');
      password.setAttribute('aria-describedby', fieldError.id);
      password.focus();
    }

    const form = h('form', {
      class: 'card login link-card', 'aria-labelledby': 'link-title', novalidate: true,
      on: {
        async submit(event) {
          event.preventDefault();
          fieldError.hidden = true;
          formError.hidden = true;
          password.removeAttribute('aria-invalid');
          password.removeAttribute('aria-describedby');
          if (!password.value) {
            fieldRefusal('Enter the password.');
            return;
          }
          submit.disabled = true;
          form.setAttribute('aria-busy', 'true');
          let blockedFor = 0;
          try {
            await link.unlock(password.value);
            await load();
            return;
          } catch (e) {
            if (e instanceof ApiError && e.status === 404) {
              deadView();
              return;
            }
            if (e instanceof ApiError && ['INVALID_LINK_PASSWORD', 'TOO_MANY_ATTEMPTS'].includes(e.code)) {
              fieldRefusal(e.detail);
              if (e.code === 'TOO_MANY_ATTEMPTS') blockedFor = e.retryAfterSeconds ?? 0;
            } else {
              showError(formError, e.detail ?? e.message);
            }
          } finally {
            form.removeAttribute('aria-busy');
          }
          // after throttling, "Open" comes back when the service takes guesses again
          setTimeout(() => { submit.disabled = false; }, blockedFor * 1000);
        },
      },
    },
    heading('This link needs a password'),
    h('p', { class: 'lead' }, 'Enter the password you were given with the link.'),
    note ? h('p', { class: 'notice notice-info', role: 'status' }, note) : null,
    h('div', { class: 'field' },
      h('label', { for: 'link-password' }, 'Password'),
      password, fieldError),
    formError,
    h('div', { class: 'actions' }, submit));
    render('Password needed', form);
    password.focus();
  }

  function deadView() {
    render(DEAD_TITLE,
      h('section', { class: 'card link-card link-dead', 'aria-labelledby': 'link-title', id: 'link-dead' },
        heading(DEAD_TITLE),
        h('p', {}, 'It may have expired, reached its download limit or been turned off by the person who shared it,'
          + ' or its address was not copied whole.'),
        h('p', { class: 'muted' }, 'Ask the person who sent it for a new link.')));
    document.getElementById('link-title').focus();
  }

  function troubleView(e) {
    render('Cannot open the link',
      h('section', { class: 'card link-card', 'aria-labelledby': 'link-title' },
        heading('The link cannot be opened just now'),
        h('p', { class: 'form-error', role: 'alert', id: 'link-error' }, e.detail ?? e.message),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button primary', id: 'retry', on: { click: () => load() } }, 'Try again'))));
    document.getElementById('link-title').focus();
  }

  load({ focus: false });
}
