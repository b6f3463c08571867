// The message inspector: a clicked arrow, opened. What the message carried (its payload, in the
// protocol's own field names), why it was sent (what its sender was handling), and what its
// receiver did while handling it (the messages it sent, clickable; its state before → after; the
// timers it armed; the client it answered). Cause and effects are read from the page's own trace
// (core/debug/message-inspection.ts); the payload and the timers need the run itself, which the
// play worker re-runs on request — a static report has no simulator, and says so.

import type { MessageCause, MessageEffects, MessageQuery, PayloadField, RunInspection } from '../../core/debug/message-inspection.ts';
import { messageCause, messageEffects } from '../../core/debug/message-inspection.ts';
import { findMessageEvent } from '../../core/debug/causal-events.ts';
import { formatMicros } from '../../core/sim/format-micros.ts';
import { FATE_DELIVERED, FATE_DROPPED, FATE_DUPLICATE_DELIVERED, FATE_DUPLICATE_DROPPED } from '../model/messages-table.ts';
import type { RunModel } from '../model/run-model.ts';
import { packedTraceReader, type PackedTraceReader } from '../model/trace-reader.ts';
import { el } from './dom.ts';

export type MessageInspectorHost = {
  /** Selects another message of the diagram (an effect or a cause was clicked). */
  selectMessage(msg: number, at: { sendT: number } | { deliverT: number }): void;
  revealLine(line: number): void;
  /** The payload and timers, from the run itself; a string says why they cannot be read here. */
  inspectInRun(query: MessageQuery): Promise<RunInspection | string>;
};

export class MessageInspector {
  readonly element = el('section', { class: 'fl-panel fl-message-inspector', 'aria-label': 'Message inspector', hidden: true });
  private reader: PackedTraceReader | null = null;
  private readonly nodes: Set<string>;
  /** The row shown, so a late answer from the worker for an earlier selection is ignored. */
  private shown = -1;

  constructor(private readonly model: RunModel, private readonly host: MessageInspectorHost) {
    this.nodes = new Set(model.report.config.nodes);
  }

  /** Opens message copy `row` of the diagram's table (null: closes the inspector). */
  show(row: number | null): void {
    this.shown = row ?? -1;
    if (row === null) {
      this.element.hidden = true;
      this.element.replaceChildren();
      return;
    }
    const m = this.model.messages;
    const msg = m.msgId[row]!;
    const type = m.types[m.typeIndex[row]!]!;
    const from = this.model.lanes[m.fromLane[row]!]!.name;
    const to = this.model.lanes[m.toLane[row]!]!.name;
    const sendT = m.sendT[row]!;
    const fate = m.fate[row]!;
    const delivered = fate === FATE_DELIVERED || fate === FATE_DUPLICATE_DELIVERED;
    const reader = (this.reader ??= packedTraceReader(this.model.trace));
    const isNode = (name: string) => this.nodes.has(name);
    const sendIndex = findMessageEvent(reader, 'send', msg, sendT);
    const deliverIndex = delivered ? findMessageEvent(reader, 'deliver', msg, m.endT[row]!) : -1;
    const cause = sendIndex < 0 ? null : messageCause(reader, sendIndex, this.model.report.config, isNode);
    const effects = deliverIndex < 0 ? null : messageEffects(reader, deliverIndex, isNode, reader.valuesBefore);

    const close = el('button', { type: 'button', class: 'fl-button fl-mi-close', text: '×', title: 'Close the inspector', 'aria-label': 'Close the message inspector' });
    close.addEventListener('click', () => this.show(null));
    const payload = el('div', { class: 'fl-mi-payload' }, [el('p', { class: 'fl-mi-pending', text: 'Reading the payload (re-running the send)…' })]);
    const timers = el('ul', { class: 'fl-mi-list fl-mi-timers', hidden: true });
    const copy = fate === FATE_DUPLICATE_DELIVERED || fate === FATE_DUPLICATE_DROPPED ? ' (duplicate copy)' : '';
    this.element.replaceChildren(
      el('h2', {}, [el('span', { class: 'fl-mi-type', text: type }), ` #${msg}${copy} `, el('span', { class: 'fl-mi-route', text: `${from} → ${to}` }), close]),
      el('h3', { text: 'Payload' }),
      payload,
      el('h3', { text: 'Sent because' }),
      this.causeLine(cause, from),
      el('h3', { text: delivered ? `What ${to} did handling it (${formatMicros(m.endT[row]!)})` : 'Fate' }),
      delivered ? this.effectsList(effects) : el('p', { text: fate === FATE_DROPPED || fate === FATE_DUPLICATE_DROPPED ? `Lost at ${formatMicros(m.endT[row]!)} (${m.reasons[m.reasonIndex[row]!] ?? 'dropped'}): ${to} never handled it.` : 'Still in flight when the run stopped: nobody handled it.' }),
      timers,
    );
    this.element.hidden = false;

    const query: MessageQuery = { msg, sendT, ...(delivered ? { deliverT: m.endT[row]! } : {}) };
    void this.host.inspectInRun(query).then((answer) => {
      if (this.shown !== row) return;
      if (typeof answer === 'string') {
        payload.replaceChildren(el('p', { class: 'fl-mi-unavailable', text: answer }));
        return;
      }
      payload.replaceChildren(answer.payload === null ? el('p', { class: 'fl-mi-unavailable', text: answer.payloadNote ?? 'no payload' }) : payloadTable(answer.payload));
      if (answer.timers !== null && delivered) {
        timers.hidden = false;
        if (answer.timers.length === 0) timers.append(el('li', { class: 'fl-mi-quiet', text: 'no timer armed or cancelled' }));
        for (const timer of answer.timers) timers.append(el('li', { text: `timer '${timer.name}' ${timer.change}${timer.due === null ? '' : ` (fires at ${formatMicros(timer.due)})`}` }));
      }
    });
  }

  private causeLine(cause: MessageCause | null, from: string): HTMLElement {
    if (cause === null) return el('p', { text: `${from}'s send is not in the trace.` });
    const line = el('p', { class: 'fl-mi-cause' });
    const message = cause.message;
    if (message !== undefined) {
      line.append(`${message.to} was handling `, this.link(`${message.type} #${message.msg}`, () => this.host.selectMessage(message.msg, { deliverT: message.deliverT })), ` from ${message.from}`);
    } else {
      line.append(cause.text);
    }
    const at = cause.line;
    if (at !== undefined) line.append(' · ', this.link(`scenario line ${at}`, () => this.host.revealLine(at)));
    return line;
  }

  private effectsList(effects: MessageEffects | null): HTMLElement {
    const list = el('ul', { class: 'fl-mi-list fl-mi-effects' });
    if (effects === null) {
      list.append(el('li', { class: 'fl-mi-quiet', text: 'its delivery is not in the trace' }));
      return list;
    }
    for (const sent of effects.sent) {
      const item = el('li', { class: sent.reply ? 'fl-mi-reply' : '' }, [sent.reply ? 'replied ' : 'sent ', this.link(`${sent.type} #${sent.msg}`, () => this.host.selectMessage(sent.msg, { sendT: sent.t })), ` → ${sent.to}`]);
      if (sent.lost !== undefined) item.append(el('span', { class: 'fl-mi-lost', text: ` (lost: ${sent.lost})` }));
      list.append(item);
    }
    if (effects.moreSent > 0) list.append(el('li', { class: 'fl-mi-quiet', text: `… and ${effects.moreSent} more sends` }));
    for (const change of effects.state) list.append(el('li', {}, [el('span', { class: 'fl-mi-field', text: change.field }), ` ${change.before} → `, el('strong', { text: change.after })]));
    for (const text of effects.applied) list.append(el('li', { text }));
    for (const text of effects.notes) list.append(el('li', { class: 'fl-mi-quiet', text }));
    if (list.childElementCount === 0) list.append(el('li', { class: 'fl-mi-quiet', text: 'nothing the trace records: no message sent, no state changed' }));
    return list;
  }

  private link(text: string, action: () => void): HTMLAnchorElement {
    const link = el('a', { href: '#', class: 'fl-source-link', text });
    link.addEventListener('click', (event) => {
      event.preventDefault();
      action();
    });
    return link;
  }
}

function payloadTable(fields: readonly PayloadField[]): HTMLElement {
  if (fields.length === 0) return el('p', { class: 'fl-mi-quiet', text: 'an empty message' });
  const table = el('dl', { class: 'fl-mi-fields' });
  for (const field of fields) {
    const value = el('dd', { text: field.value });
    if (field.items !== undefined) {
      const items = el('ul', { class: 'fl-mi-items' }, field.items.map((item) => el('li', { text: item })));
      if (field.more !== undefined) items.append(el('li', { class: 'fl-mi-quiet', text: `… ${field.more} more` }));
      value.append(items);
    }
    table.append(el('dt', { text: field.name }), value);
  }
  return table;
}
