// The details line under the diagram: what the pointer is on (or what was clicked), in words,
// with a link to the scenario line that caused it when there is one.

import { formatMicros } from '../../core/sim/format-micros.ts';
import { FATE_DELIVERED, FATE_DROPPED, FATE_DUPLICATE_DELIVERED, FATE_DUPLICATE_DROPPED } from '../model/messages-table.ts';
import type { QuorumSegment } from '../model/quorum-strip.ts';
import { describeQuorum } from '../model/quorum-words.ts';
import type { RunModel } from '../model/run-model.ts';
import type { Target } from '../render/diagram.ts';
import { clear, el } from './dom.ts';

function show(value: unknown): string {
  return value === null || value === undefined ? 'nothing' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** One sentence about a target, and the scenario line behind it (if any). */
export function describeTarget(model: RunModel, quorum: readonly QuorumSegment[], target: Target): { text: string; line?: number } {
  switch (target.kind) {
    case 'message': {
      const m = model.messages;
      const i = target.index;
      const from = model.lanes[m.fromLane[i]!]!.name;
      const to = model.lanes[m.toLane[i]!]!.name;
      const type = m.types[m.typeIndex[i]!]!;
      const sent = formatMicros(m.sendT[i]!);
      const fate = m.fate[i]!;
      const copy = fate === FATE_DUPLICATE_DELIVERED || fate === FATE_DUPLICATE_DROPPED ? ' (duplicate copy)' : '';
      if (fate === FATE_DELIVERED || fate === FATE_DUPLICATE_DELIVERED) return { text: `${type} #${m.msgId[i]}${copy} ${from} → ${to}: sent ${sent}, delivered ${formatMicros(m.endT[i]!)} (${formatMicros(m.endT[i]! - m.sendT[i]!)} in flight)` };
      if (fate === FATE_DROPPED || fate === FATE_DUPLICATE_DROPPED) return { text: `${type} #${m.msgId[i]}${copy} ${from} → ${to}: sent ${sent}, dropped ${formatMicros(m.endT[i]!)} (${m.reasons[m.reasonIndex[i]!] ?? 'dropped'})` };
      return { text: `${type} #${m.msgId[i]} ${from} → ${to}: sent ${sent}, still in flight when the run stopped` };
    }
    case 'op': {
      const op = model.ops[target.index]!;
      const what = `${op.f}${op.key === undefined ? '' : ` ${op.key}`}`;
      const input = op.f === 'read' || op.f === 'get' ? '' : ` ${show(op.value)}`;
      const result = op.outcome === 'ok' ? `ok${op.f === 'read' || op.f === 'get' ? ` → ${show(op.result)}` : ''}` : op.outcome === 'fail' ? `failed${op.error === undefined ? '' : ` (${op.error})`}` : op.outcome === 'info' ? `indeterminate${op.error === undefined ? '' : ` (${op.error})`}` : 'still pending';
      const served = op.node === undefined ? '' : ` by ${op.node}`;
      const described: { text: string; line?: number } = { text: `${op.client}: ${what}${input} — ${result}${served}, ${formatMicros(op.start)} → ${op.outcome === 'pending' ? 'end' : formatMicros(op.end)} (history #${op.invokeIndex})` };
      if (op.line !== undefined) described.line = op.line;
      return described;
    }
    case 'marker': {
      const marker = model.markers[target.index]!;
      const described: { text: string; line?: number } = { text: `${formatMicros(marker.t)}: ${marker.text}` };
      if (marker.line !== undefined) described.line = marker.line;
      return described;
    }
    case 'quorum': {
      const s = quorum[target.index]!;
      return { text: `${formatMicros(s.start)} → ${formatMicros(s.end)}: ${describeQuorum(s, model.report.config.protocol.name, model.report.config.nodes.length).sentence}` };
    }
  }
}

export class DetailsLine {
  readonly element = el('p', { class: 'fl-details', 'aria-live': 'polite' });

  constructor(private readonly revealLine: (line: number) => void, private readonly placeholder: string) {
    this.element.textContent = placeholder;
  }

  show(described: { text: string; line?: number } | null): void {
    clear(this.element);
    if (described === null) {
      this.element.textContent = this.placeholder;
      return;
    }
    this.element.append(el('span', { text: described.text }));
    if (described.line !== undefined) {
      const line = described.line;
      const link = el('a', { href: '#', class: 'fl-source-link', text: `scenario line ${line}` });
      link.addEventListener('click', (event) => {
        event.preventDefault();
        this.revealLine(line);
      });
      this.element.append(' · ', link);
    }
  }
}
