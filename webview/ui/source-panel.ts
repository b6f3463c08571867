// The scenario file a standalone report carries, line by line, so the report's "line N" links
// (verdicts, faults, markers) have somewhere to go when no editor is at hand: the link scrolls
// to the line and marks it. Built once per page; the text is the user's and only ever goes in
// through textContent.

import type { EmbeddedSource } from '../html.ts';
import { el } from './dom.ts';

/** More lines than any hand-written scenario has; past it the panel says what it left out. */
export const MAX_SOURCE_LINES = 20_000;

export class SourcePanel {
  readonly element = el('section', { class: 'fl-panel fl-source', 'aria-label': 'Scenario source' });
  private readonly lines: HTMLElement[] = [];
  private current: HTMLElement | null = null;

  constructor(source: EmbeddedSource) {
    const all = source.text.split(/\r\n|\r|\n/);
    if (all.length > 1 && all[all.length - 1] === '') all.pop(); // the file's final newline ends a line, it starts none
    const shown = Math.min(all.length, MAX_SOURCE_LINES);
    const list = el('ol', { class: 'fl-source-lines' });
    for (let i = 0; i < shown; i++) {
      const line = el('li', { id: `fl-source-line-${i + 1}`, text: all[i]! });
      this.lines.push(line);
      list.append(line);
    }
    this.element.append(el('h2', { text: `Scenario source — ${source.fileName}` }), list);
    if (shown < all.length) this.element.append(el('p', { class: 'fl-muted', text: `Lines ${shown + 1}–${all.length} are left out (the report shows the first ${MAX_SOURCE_LINES.toLocaleString('en')}).` }));
  }

  /** Scrolls to a 1-based line and marks it; false when the file has no such line. */
  showLine(line: number): boolean {
    const target = this.lines[line - 1];
    if (target === undefined) return false;
    this.current?.classList.remove('fl-source-current');
    target.classList.add('fl-source-current');
    this.current = target;
    target.scrollIntoView({ block: 'center' });
    return true;
  }
}

/** The page's embedded source, when it is well-formed: a report may be hand-edited or old. */
export function readEmbeddedSource(value: unknown): EmbeddedSource | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { fileName, text } = value as Record<string, unknown>;
  return typeof fileName === 'string' && typeof text === 'string' ? { fileName, text } : undefined;
}
