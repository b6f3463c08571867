// The inspector: every node's state at the cursor time, read from the latest `state` trace event
// at or before it, plus whether the node is up and how far its clock is from true time.

import { formatMicros } from '../../core/sim/format-micros.ts';
import { stateAt, type RunModel } from '../model/run-model.ts';
import { clear, el } from './dom.ts';

/** Columns people look for first; any other state fields follow in the order they appear. */
const PREFERRED = ['role', 'term', 'leader', 'lastLogIndex', 'commitIndex', 'lastApplied'];
const LABELS: Record<string, string> = { lastLogIndex: 'log', commitIndex: 'commit', lastApplied: 'applied' };

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Clock offset (local − global) from the node's latest clock sample at or before t. */
export function clockOffsetAt(samples: ReadonlyArray<{ t: number; local: number }>, t: number): number | null {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (samples[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  const sample = lo === 0 ? null : samples[lo - 1]!;
  return sample === null ? null : sample.local - sample.t;
}

export class Inspector {
  readonly element = el('section', { class: 'fl-panel fl-inspector', 'aria-label': 'Inspector' });
  private readonly heading = el('h2', { text: 'At the cursor' });
  private readonly table = el('table', { class: 'fl-table' });

  constructor(private readonly model: RunModel) {
    this.element.append(this.heading, this.table);
  }

  update(cursor: number): void {
    this.heading.textContent = `At ${formatMicros(Math.round(cursor))}`;
    const rows = this.model.report.config.nodes.map((name, lane) => {
      const change = stateAt(this.model.states[lane]!, cursor);
      const outage = this.model.outages.find((o) => o.lane === lane && o.start <= cursor && cursor < o.end);
      return { name, state: change?.state ?? {}, status: outage === undefined ? 'up' : outage.kind === 'crash' ? 'crashed' : 'paused', offset: clockOffsetAt(this.model.clockSamples[lane]!, cursor) };
    });
    const keys: string[] = PREFERRED.filter((key) => rows.some((row) => key in row.state));
    for (const row of rows) for (const key of Object.keys(row.state)) if (!keys.includes(key)) keys.push(key);

    clear(this.table);
    const head = el('tr', {}, [el('th', { scope: 'col', text: 'node' }), el('th', { scope: 'col', text: 'status' })]);
    for (const key of keys) head.append(el('th', { scope: 'col', text: LABELS[key] ?? key }));
    head.append(el('th', { scope: 'col', text: 'clock', title: 'local clock minus true time' }));
    this.table.append(el('thead', {}, [head]));
    const body = el('tbody');
    for (const row of rows) {
      const tr = el('tr', { class: row.status === 'up' ? '' : 'fl-down' }, [el('th', { scope: 'row', text: row.name }), el('td', { text: row.status })]);
      for (const key of keys) {
        const cell = el('td', { text: show(row.state[key]) });
        if (key === 'role' && row.state[key] === 'leader') cell.className = 'fl-leader';
        tr.append(cell);
      }
      tr.append(el('td', { text: row.offset === null ? '—' : `${row.offset >= 0 ? '+' : ''}${formatMicros(row.offset)}` }));
      body.append(tr);
    }
    this.table.append(body);
  }
}
