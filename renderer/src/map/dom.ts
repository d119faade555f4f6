/**
 * Tooltip and popup content is built as DOM nodes, never as HTML strings:
 * plates, site names and OCR alternatives come from outside and must not be
 * able to inject markup.
 */

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A definition list of label/value rows, the layout of every map tooltip. */
export function facts(rows: Array<[string, Child] | null | false>): HTMLDListElement {
  const dl = h('dl', { class: 'anpr-map-facts' });
  for (const row of rows) {
    if (!row) continue;
    dl.append(h('dt', null, row[0]), h('dd', null, row[1]));
  }
  return dl;
}

/** A coloured swatch (class-based: the CSP forbids style attributes in markup). */
export function swatch(colour: string, shape: 'dot' | 'line' = 'dot'): HTMLSpanElement {
  const s = h('span', { class: `anpr-swatch anpr-swatch-${shape}`, 'aria-hidden': 'true' });
  // CSSOM assignment, not a style attribute: allowed under style-src 'self'.
  s.style.setProperty('--swatch', colour);
  return s;
}
