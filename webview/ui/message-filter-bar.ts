// The diagram's filters: one checkbox per message type of the run (with its count), one for
// client traffic, one per node. Unticking hides those arrows and nothing else: lanes, faults,
// roles and operations stay, so the timeline keeps its shape.

import { messageTypeCounts, type MessageFilter } from '../model/message-filter.ts';
import type { RunModel } from '../model/run-model.ts';
import { el } from './dom.ts';

/** Past this many nodes a checkbox per node stops helping; the type filters still apply. */
export const MAX_NODE_FILTERS = 32;

export class MessageFilterBar {
  readonly element = el('div', { class: 'fl-filters', role: 'group', 'aria-label': 'Diagram filters' });
  private readonly hiddenTypes = new Set<string>();
  private readonly hiddenNodes = new Set<number>();
  private clientTraffic = true;

  constructor(model: RunModel, private readonly onChange: (filter: MessageFilter) => void) {
    const types = messageTypeCounts(model.messages);
    if (types.length === 0) return;
    const typeBoxes = types.map(({ type, count }) =>
      this.checkbox(type, `${count.toLocaleString('en')} ${count === 1 ? 'copy' : 'copies'} of ${type}`, count, (shown) => (shown ? this.hiddenTypes.delete(type) : this.hiddenTypes.add(type))),
    );
    this.element.append(el('span', { class: 'fl-filter-heading', text: 'Messages' }), ...typeBoxes);
    if (model.lanes.some((lane) => lane.kind === 'client')) {
      this.element.append(this.checkbox('client traffic', 'Requests and replies between clients and the cluster', null, (shown) => (this.clientTraffic = shown)));
    }
    const nodes = model.lanes.map((lane, index) => ({ lane, index })).filter(({ lane }) => lane.kind === 'node');
    if (nodes.length > 1 && nodes.length <= MAX_NODE_FILTERS) {
      this.element.append(
        el('span', { class: 'fl-filter-heading', text: 'Nodes' }),
        ...nodes.map(({ lane, index }) => this.checkbox(lane.name, `Messages sent or received by ${lane.name}`, null, (shown) => (shown ? this.hiddenNodes.delete(index) : this.hiddenNodes.add(index)))),
      );
    }
  }

  private checkbox(name: string, title: string, count: number | null, apply: (shown: boolean) => void): HTMLElement {
    const input = el('input', { type: 'checkbox', checked: true, 'data-filter': name });
    input.addEventListener('change', () => {
      apply(input.checked);
      this.onChange({ hiddenTypes: new Set(this.hiddenTypes), clientTraffic: this.clientTraffic, hiddenNodes: new Set(this.hiddenNodes) });
    });
    return el('label', { class: 'fl-chip', title }, [input, ` ${name}`, count === null ? null : el('span', { class: 'fl-chip-count', text: ` ${count.toLocaleString('en')}` })]);
  }
}
