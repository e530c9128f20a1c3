// A small element builder: every string becomes a text node, so names users chose (file names, user names) are shown
// as text, never parsed as HTML. Nothing in this app writes innerHTML.

/**
 * h('button', { class: 'primary', type: 'button', on: { click } , 'aria-label': '…' }, 'Text', otherNode, [more])
 * Props: `on` holds event listeners; `class`, `hidden`, `value`, `checked`, `disabled` are set as properties; any other
 * key is an attribute (false/null/undefined leave it out).
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (key === 'on') {
      for (const [type, listener] of Object.entries(value)) element.addEventListener(type, listener);
    } else if (key === 'class') {
      element.className = value;
    } else if (['hidden', 'value', 'checked', 'disabled'].includes(key)) {
      element[key] = value;
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB" (binary multiples, as file managers show them). */
export function formatSize(bytes) {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso) {
  return iso ? DATE.format(new Date(iso)) : '';
}

let ids = 0;
/** A unique element id, for label/aria-describedby pairs. */
export function uid(prefix) {
  return `${prefix}-${++ids}`;
}
