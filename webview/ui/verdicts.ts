// The verdicts panel: each expectation and checker verdict with its summary. Activating one
// (click, Enter or Space) highlights its evidence operations and moves the cursor to when it
// broke; its scenario line is a source link.

import { formatMicros } from '../../core/sim/format-micros.ts';
import type { Finding } from '../model/verdict-list.ts';
import { el } from './dom.ts';

export type VerdictActions = {
  select(finding: Finding): void;
  revealLine(line: number): void;
};

const MARK = { true: '✓', false: '✗', null: '?' } as const;
const WORD = { true: 'holds', false: 'broken', null: 'undecided' } as const;

export class VerdictsPanel {
  /** The editor's cursor is on this line: mark the expectations written there. */
  highlightLine(line: number | null): void {
    this.items.forEach((item, i) => item.classList.toggle('fl-line-highlight', line !== null && this.lines[i] === line));
  }

  readonly element = el('section', { class: 'fl-panel fl-verdicts', 'aria-label': 'Verdicts' });
  private readonly items: HTMLElement[] = [];
  private readonly lines: Array<number | undefined> = [];
  private actions: VerdictActions;

  constructor(findings: readonly Finding[], actions: VerdictActions) {
    this.actions = actions;
    const failed = findings.filter((f) => f.holds === false).length;
    this.element.append(el('h2', { text: findings.length === 0 ? 'Verdicts' : `Verdicts — ${failed === 0 ? 'nothing broke' : `${failed} broken`}` }));
    if (findings.length === 0) {
      this.element.append(el('p', { class: 'fl-muted', text: 'This scenario states no expectations; add `expect ...` lines to judge the run.' }));
      return;
    }
    const groups: Array<[Finding['source'], string]> = [
      ['expectation', 'Your expectations'],
      ['checker', 'Checked on every run'],
    ];
    for (const [source, heading] of groups) {
      const members = findings.filter((f) => f.source === source);
      if (members.length === 0) continue;
      this.element.append(el('h3', { text: heading }), this.list(members));
    }
  }

  /**
   * Who answers a click from now on: the panel shown with the run's verdicts, before its diagram,
   * is handed to the run's view when the diagram arrives (the same elements stay on screen).
   */
  rebind(actions: VerdictActions): void {
    this.actions = actions;
  }

  private list(findings: readonly Finding[]): HTMLElement {
    const list = el('ul', { class: 'fl-verdict-list', role: 'list' });
    for (const finding of findings) {
      const key = String(finding.holds) as 'true' | 'false' | 'null';
      // A checker verdict that holds is one line (its sentence in the tooltip): the broken ones matter.
      const compact = finding.source === 'checker' && finding.holds === true;
      const item = el('li', { class: `fl-verdict fl-verdict-${WORD[key]}${compact ? ' fl-compact' : ''}`, title: compact ? finding.summary : undefined, tabindex: 0, role: 'button', 'aria-label': `${finding.title}: ${WORD[key]}. ${finding.summary}` });
      const evidence = finding.operations.length === 0 ? '' : ` · ${finding.operations.length} operation${finding.operations.length === 1 ? '' : 's'}`;
      const when = finding.at === undefined ? '' : ` · at ${formatMicros(finding.at)}`;
      item.append(
        el('span', { class: 'fl-verdict-mark', text: MARK[key], 'aria-hidden': 'true' }),
        // Checker names are identifiers (monotonic-reads); expectations are already words.
        el('span', { class: 'fl-verdict-title', text: finding.source === 'checker' ? finding.title.replace(/-/g, ' ') : finding.title }),
        el('span', { class: 'fl-verdict-summary', text: finding.summary }),
        el('span', { class: 'fl-verdict-meta', text: `${WORD[key]}${evidence}${when}` }),
      );
      if (finding.line !== undefined) {
        const line = finding.line;
        const link = el('a', { class: 'fl-source-link', href: '#', text: `line ${line}`, title: 'Show this line of the scenario' });
        link.addEventListener('click', (event) => {
          event.preventDefault();
          event.stopPropagation();
          this.actions.revealLine(line);
        });
        item.querySelector('.fl-verdict-meta')!.append(' · ', link);
      }
      const activate = () => {
        for (const other of this.items) other.classList.remove('fl-selected');
        item.classList.add('fl-selected');
        this.actions.select(finding);
      };
      item.addEventListener('click', activate);
      item.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          activate();
        }
      });
      this.items.push(item);
      this.lines.push(finding.line);
      list.append(item);
    }
    return list;
  }
}
