// A refusal in words: the problem's detail, except for a change made elsewhere (412), which the page explains itself
// and offers to reload.

import { isStale } from '../api/http.js';
import { h } from './dom.js';

export const STALE_TEXT = 'This was changed elsewhere since the page showed it, so nothing was done. Reload to see it as it is now.';

export function messageOf(e) {
  if (isStale(e)) return STALE_TEXT;
  return e?.detail ?? e?.message ?? 'Something went wrong.';
}

/**
 * Shows `e` in `element` (an alert), with a "Reload" button when the item changed elsewhere.
 *
 * @param onReload called by that button
 */
export function showError(element, e, onReload) {
  element.replaceChildren(h('span', {}, messageOf(e)));
  if (isStale(e) && onReload) {
    element.append(' ', h('button', { type: 'button', class: 'button small reload', on: { click: onReload } }, 'Reload'));
  }
  element.hidden = false;
  element.setAttribute('role', 'alert');
}
