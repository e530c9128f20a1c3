// Short messages about what happened elsewhere ("bob shared report.pdf with you", "continuing on file-2"): shown for a
// while, and read out by screen readers through the polite live region they live in.

import { h } from './dom.js';

const SHOWN_MS = 10_000;
// more than this and the stack would climb over the files; the oldest goes first
const MOST_SHOWN = 3;

export function notify(text, { kind = 'info' } = {}) {
  const region = document.getElementById('notices');
  const notice = h('div', { class: `notice notice-${kind}` },
    h('span', {}, text),
    h('button', { type: 'button', class: 'notice-close', 'aria-label': 'Dismiss', on: { click: () => notice.remove() } }, '×'));
  region.append(notice);
  while (region.children.length > MOST_SHOWN) region.firstElementChild.remove();
  setTimeout(() => notice.remove(), SHOWN_MS);
}
