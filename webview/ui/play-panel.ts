// The time-travel panel beside the diagram: where the cursor is (event n of N), buttons to step one
// event and to jump to the previous or next message, fault, role change or broken expectation;
// every node's exact state at the cursor (read from the live simulation in the play worker, not
// from the trace); buttons to break things by hand (crash, restart, pause a node; cut nodes off,
// cut one link both ways or one way, heal; any other fault line typed); the messages in flight at the cursor, each of which the
// person, being the network, may drop, duplicate, delay or deliver now; the fork's breadcrumb
// with Undo, and Save as scenario.

import { formatMicros } from '../../core/sim/format-micros.ts';
import type { InFlightView, Landmark, PlaySnapshot } from '../../core/debug/playable-run.ts';
import { messageDelayProblem } from '../../core/debug/message-delay.ts';
import type { MessageAction } from '../../core/debug/scenario-fork.ts';
import type { NodeStateView } from '../../core/debug/node-state.ts';
import type { PlayMove } from '../worker-protocol.ts';
import { thousands } from '../run-view.ts';
import { clear, el } from './dom.ts';

export type PlayPanelActions = {
  move(move: PlayMove): void;
  act(action: string): void;
  /** You are the network: do `action` to the message with this trace id, in flight at the cursor. */
  message(id: number, action: MessageAction, delay?: string): void;
  undo(): void;
  save(): void;
};

/** How long "Pause" pauses a node. */
const PAUSE_FOR = '500ms';

const JUMPS: Array<[Landmark, string]> = [
  ['message', 'message'],
  ['fault', 'fault'],
  ['role', 'role change'],
  ['expectation', 'broken expectation'],
];

/** What "Delay" delays a message by until the person enters another amount. */
const DEFAULT_DELAY = '50ms';

/** The message buttons: the action and its words. */
const MESSAGE_BUTTONS: Array<[MessageAction, string, string]> = [
  ['drop', 'Drop', 'Drop it: it never arrives'],
  ['duplicate', 'Duplicate', 'Duplicate it: a second copy arrives right after it'],
  ['delay', 'Delay', 'Delay it by the amount above'],
  ['deliver', 'Deliver next', 'Deliver it now, before anything else pending'],
];

export class PlayPanel {
  readonly element = el('section', { class: 'fl-panel fl-play', 'aria-label': 'Time travel' });
  private readonly heading = el('h2', { class: 'fl-play-heading', text: 'Time travel: preparing…' });
  private readonly shown = el('p', { class: 'fl-play-shown' });
  private readonly nav = el('div', { class: 'fl-play-nav', role: 'toolbar', 'aria-label': 'Step and jump' });
  private readonly fork = el('div', { class: 'fl-fork', 'aria-label': 'Actions taken by hand' });
  private readonly nodes = el('div', { class: 'fl-nodes', 'aria-label': 'Node state at the cursor' });
  private readonly partition = el('div', { class: 'fl-partition', 'aria-label': 'Cut links' });
  private readonly actionInput = el('input', { type: 'text', class: 'fl-action-input', placeholder: 'crash n2 · pause n1 for 200ms · partition n1 | n2, n3 · heal · drop #42', 'aria-label': 'Fault action at the cursor' });
  private readonly happened = el('ul', { class: 'fl-happened', 'aria-label': 'What the event at the cursor did' });
  private readonly inFlightHeading = el('h3', { class: 'fl-inflight-heading', text: 'In flight' });
  private readonly inFlight = el('ul', { class: 'fl-inflight', 'aria-label': 'Messages in flight at the cursor' });
  private readonly inFlightMore = el('p', { class: 'fl-inflight-more' });
  private readonly delayInput = el('input', { type: 'text', class: 'fl-delay-input', value: DEFAULT_DELAY, size: 7, maxlength: 20, spellcheck: 'false', 'aria-label': 'Delay a message by (a duration such as 200ms)' });
  private readonly delayProblem = el('span', { class: 'fl-delay-problem', role: 'alert' });
  private readonly note = el('p', { class: 'fl-play-note', role: 'status', 'aria-live': 'polite' });
  private readonly buttons: HTMLButtonElement[] = [];
  private snapshot: PlaySnapshot | null = null;
  private busy = false;
  /** The link picker's choice, kept across the re-render every update does. */
  private readonly link: { from: string; to: string; way: 'both' | 'one' } = { from: '', to: '', way: 'both' };

  constructor(private readonly actions: PlayPanelActions) {
    const button = (text: string, label: string, onClick: () => void, data: Record<string, string> = {}) => {
      const b = el('button', { type: 'button', class: 'fl-button fl-small', text, title: label, 'aria-label': label, ...data });
      b.addEventListener('click', onClick);
      this.buttons.push(b);
      return b;
    };
    this.nav.append(
      el('div', { class: 'fl-play-row' }, [
        button('« start', 'Go to the start (event 0)', () => actions.move({ event: 0 }), { 'data-move': 'start' }),
        button('‹ event', 'Step back one event (exact: restore + re-run)', () => actions.move({ step: -1 }), { 'data-move': 'back' }),
        button('event ›', 'Step forward one event', () => actions.move({ step: 1 }), { 'data-move': 'forward' }),
      ]),
    );
    const jumps = el('div', { class: 'fl-play-jumps' });
    for (const [kind, words] of JUMPS) {
      jumps.append(
        el('span', { class: 'fl-jump' }, [
          button('‹', `Previous ${words}`, () => actions.move({ jump: kind, direction: -1 }), { 'data-jump': `${kind}-back` }),
          el('span', { class: 'fl-jump-label', text: words }),
          button('›', `Next ${words}`, () => actions.move({ jump: kind, direction: 1 }), { 'data-jump': `${kind}-forward` }),
        ]),
      );
    }
    this.nav.append(jumps);
    const form = el('form', { class: 'fl-action-form' }, [this.actionInput, el('button', { type: 'submit', class: 'fl-button fl-small', text: 'Do it' })]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.actionInput.value.trim();
      if (text === '') return;
      // `drop #42`, `delay #42 by 200ms`: a message listed in flight, by its number (as the debugger's console).
      const shorthand = /^(drop|duplicate|delay|deliver)\s+#(\d{1,15})(?:\s+by\s+(\S+))?$/.exec(text);
      if (shorthand !== null) actions.message(Number(shorthand[2]), shorthand[1] as MessageAction, shorthand[3]);
      else actions.act(text);
    });
    this.delayInput.addEventListener('input', () => this.checkDelay());
    const network = el('div', { class: 'fl-network', 'aria-label': 'You are the network' }, [
      el('div', { class: 'fl-inflight-head' }, [this.inFlightHeading, el('label', { class: 'fl-delay-label' }, ['delay by ', this.delayInput]), this.delayProblem]),
      this.inFlight,
      this.inFlightMore,
    ]);
    this.element.append(this.heading, this.shown, this.nav, this.fork, this.nodes, this.partition, network, form, el('h3', { text: 'This event' }), this.happened, this.note);
    this.setBusy(true);
  }

  /** Which file and scenario the panel plays (always on screen with the controls). */
  setShown(file: string | undefined, scenario: string, seed: number): void {
    this.shown.textContent = `${file === undefined ? '' : `${file} › `}${scenario} · seed ${seed}`;
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.element.setAttribute('aria-busy', String(busy));
    for (const b of this.buttons) b.disabled = busy && this.snapshot === null;
  }

  say(text: string): void {
    this.note.textContent = text;
  }

  update(snapshot: PlaySnapshot, note?: string): void {
    const first = this.snapshot === null;
    this.snapshot = snapshot;
    if (first) this.setBusy(this.busy);
    this.heading.textContent = `Event ${thousands(snapshot.event)} of ${thousands(snapshot.lastEvent)} · ${formatMicros(snapshot.now)}`;
    this.element.dataset['event'] = String(snapshot.event);
    this.renderFork(snapshot);
    this.renderNodes(snapshot);
    this.renderPartition(snapshot);
    this.renderInFlight(snapshot);
    clear(this.happened);
    for (const line of snapshot.happened.length === 0 ? ['(the start: nothing has happened yet)'] : snapshot.happened) this.happened.append(el('li', { text: line }));
    this.note.textContent = note ?? '';
  }

  /** A lane was clicked in the diagram: bring that node's row into view, its first action focused. */
  focusNode(name: string): void {
    const card = [...this.nodes.querySelectorAll<HTMLElement>('.fl-node')].find((c) => c.dataset['node'] === name);
    if (card === undefined) return;
    for (const other of this.nodes.querySelectorAll('.fl-node-focused')) other.classList.remove('fl-node-focused');
    card.classList.add('fl-node-focused');
    card.scrollIntoView?.({ block: 'nearest' });
    card.querySelector<HTMLButtonElement>('[data-act]')?.focus();
  }

  private renderFork(snapshot: PlaySnapshot): void {
    clear(this.fork);
    const crumbs = el('ol', { class: 'fl-breadcrumb' }, [el('li', { text: 'as written' })]);
    for (const line of snapshot.manual) crumbs.append(el('li', { class: 'fl-crumb-action', text: line }));
    const undo = el('button', { type: 'button', class: 'fl-button fl-small', text: 'Undo', title: 'Take back the last action', 'data-play': 'undo', disabled: snapshot.manual.length === 0 });
    undo.addEventListener('click', () => this.actions.undo());
    const save = el('button', { type: 'button', class: 'fl-button fl-small fl-primary', text: 'Save as scenario', title: 'Write the actions as a child scenario that extends this one', 'data-play': 'save', disabled: snapshot.manual.length === 0 });
    save.addEventListener('click', () => this.actions.save());
    this.fork.classList.toggle('fl-forked', snapshot.manual.length > 0);
    this.fork.append(
      el('span', { class: 'fl-fork-label', text: snapshot.manual.length === 0 ? 'Run as written' : `Forked by ${snapshot.manual.length} action${snapshot.manual.length === 1 ? '' : 's'}:` }),
      crumbs,
      el('span', { class: 'fl-fork-buttons' }, [undo, save]),
    );
  }

  private renderNodes(snapshot: PlaySnapshot): void {
    clear(this.nodes);
    for (const node of snapshot.nodes) this.nodes.append(this.nodeCard(node));
  }

  private nodeCard(node: NodeStateView): HTMLElement {
    const actionButton = (text: string, action: string) => {
      const b = el('button', { type: 'button', class: 'fl-button fl-small', text, title: `${action} (at the cursor)`, 'data-act': action });
      b.addEventListener('click', () => this.actions.act(action));
      return b;
    };
    const head = el('div', { class: 'fl-node-head' }, [
      el('b', { class: 'fl-node-name', text: node.name }),
      el('span', { class: `fl-role fl-role-${node.role ?? 'none'}`, text: node.status === 'up' ? (node.role ?? '—') : node.status === 'paused' ? `${node.role ?? ''} (paused)` : 'crashed' }),
      el('span', { class: 'fl-node-facts', text: facts(node) }),
      el('span', { class: 'fl-node-buttons' }, [
        node.status === 'crashed' ? actionButton('Restart', `restart ${node.name}`) : actionButton('Crash', `crash ${node.name}`),
        node.status === 'up' ? actionButton('Pause', `pause ${node.name} for ${PAUSE_FOR}`) : null,
      ]),
    ]);
    const card = el('div', { class: `fl-node fl-node-${node.status}`, 'data-node': node.name }, [head]);
    if (node.log !== null) card.append(logStrip(node.log));
    if (node.store !== null) {
      const shown = node.store.map(([k, v]) => `${k}=${v}`).join(' · ');
      card.append(el('div', { class: 'fl-node-line', text: `store: ${node.storeSize === 0 ? 'empty' : shown}${node.storeSize > node.store.length ? ` (+${node.storeSize - node.store.length} keys)` : ''}` }));
    }
    if (node.lock !== null) card.append(el('div', { class: 'fl-node-line', text: `lock: ${node.lock}` }));
    if (node.transaction !== null) card.append(el('div', { class: 'fl-node-line', text: `2PC: ${node.transaction}` }));
    if (node.more.length > 0) {
      card.append(el('details', { class: 'fl-node-more' }, [el('summary', { text: 'more' }), el('dl', {}, node.more.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]))]));
    }
    return card;
  }

  /** The delay amount, checked as the person types: the Delay buttons are off while it is not a duration. */
  private checkDelay(): boolean {
    const problem = messageDelayProblem(this.delayInput.value);
    this.delayProblem.textContent = problem ?? '';
    if (problem === null) this.delayInput.removeAttribute('aria-invalid');
    else this.delayInput.setAttribute('aria-invalid', 'true');
    for (const b of this.inFlight.querySelectorAll<HTMLButtonElement>('[data-msg-act="delay"]')) b.disabled = problem !== null;
    return problem === null;
  }

  private renderInFlight(snapshot: PlaySnapshot): void {
    clear(this.inFlight);
    const total = snapshot.inFlightTotal;
    this.inFlightHeading.textContent = total === 0 ? 'In flight: nothing on the network' : `In flight: ${thousands(total)} message${total === 1 ? '' : 's'}`;
    for (const message of snapshot.inFlight) this.inFlight.append(this.inFlightRow(message));
    const more = total - snapshot.inFlight.length;
    this.inFlightMore.textContent = more > 0 ? `… and ${thousands(more)} more arriving later (the first ${snapshot.inFlight.length} by arrival are listed; step on to reach them)` : '';
    this.checkDelay();
  }

  private inFlightRow(message: InFlightView): HTMLElement {
    const refused = message.refusal !== undefined;
    // A message no line can name alone gets the reason instead of buttons.
    const buttons = refused
      ? []
      : MESSAGE_BUTTONS.map(([action, text, title]) => {
          const b = el('button', { type: 'button', class: 'fl-button fl-small', text, title, 'data-msg-act': action, 'data-msg': message.id });
          b.addEventListener('click', () => {
            if (action === 'delay' && !this.checkDelay()) return;
            this.actions.message(message.id, action, action === 'delay' ? this.delayInput.value.trim() : undefined);
          });
          return b;
        });
    const when = `sent ${formatMicros(message.sentAt)} · ${message.heldBy === undefined ? `due ${formatMicros(message.dueAt)}` : `held by ${message.heldBy} (paused)`}`;
    return el('li', { class: `fl-inflight-message${refused ? ' fl-inflight-refused' : ''}`, 'data-msg': message.id }, [
      el('div', { class: 'fl-inflight-line' }, [
        el('span', { class: 'fl-inflight-id', text: `#${message.id}` }),
        el('b', { class: 'fl-inflight-type', text: message.type }),
        el('span', { class: 'fl-inflight-link', text: `${message.from} → ${message.to}` }),
        el('span', { class: 'fl-inflight-when', text: when }),
      ]),
      el('div', { class: 'fl-inflight-payload', text: message.payload, title: message.payload }),
      refused ? el('div', { class: 'fl-inflight-why', text: message.refusal! }) : el('div', { class: 'fl-inflight-buttons' }, buttons),
    ]);
  }

  /**
   * Cutting links: the ticked nodes off from the rest (`partition n1, n2 | n3`), or one link
   * (`partition n1 <-> n3`, both ways; `partition n1 -> n3`, one way: n1's messages to n3 are
   * lost, n3's to n1 arrive), and Heal. The same link cut comes from dragging one lane's name onto
   * another in the diagram (Shift: one way).
   */
  private renderPartition(snapshot: PlaySnapshot): void {
    clear(this.partition);
    const names = snapshot.nodes.map((n) => n.name);
    const boxes = names.map((name) => el('input', { type: 'checkbox', value: name, 'aria-label': `cut off ${name}` }));
    const cut = el('button', { type: 'button', class: 'fl-button fl-small', text: 'Cut off', title: 'Partition the ticked nodes from the rest', 'data-play': 'cut' });
    cut.addEventListener('click', () => {
      const side = boxes.filter((b) => b.checked).map((b) => b.value);
      const rest = names.filter((n) => !side.includes(n));
      if (side.length === 0 || rest.length === 0) {
        this.note.textContent = 'Tick the nodes to cut off from the others (not all of them).';
        return;
      }
      this.actions.act(`partition ${side.join(', ')} | ${rest.join(', ')}`);
    });
    const heal = el('button', { type: 'button', class: 'fl-button fl-small', text: 'Heal', title: 'Heal every partition', 'data-play': 'heal' });
    heal.addEventListener('click', () => this.actions.act('heal'));
    this.partition.append(
      el('div', { class: 'fl-partition-row' }, [
        el('span', { class: 'fl-partition-label', text: 'cut off:' }),
        ...names.map((name, i) => el('label', { class: 'fl-partition-node' }, [boxes[i]!, name])),
        cut,
      ]),
    );
    if (names.length >= 2) this.partition.append(this.linkPicker(names, heal));
    else this.partition.append(heal);
  }

  /** One link: from, which way, to; the choice survives the re-render every update does. */
  private linkPicker(names: readonly string[], heal: HTMLElement): HTMLElement {
    const link = this.link;
    if (!names.includes(link.from)) link.from = names[0]!;
    if (!names.includes(link.to) || link.to === link.from) link.to = names.find((n) => n !== link.from)!;
    const select = (label: string, options: ReadonlyArray<readonly [string, string]>, value: string, set: (v: string) => void, data: string) => {
      const box = el('select', { class: 'fl-link-select', 'aria-label': label, 'data-link': data }, options.map(([v, text]) => el('option', { value: v, text })));
      box.value = value;
      box.addEventListener('change', () => set(box.value));
      return box;
    };
    const nodes = names.map((n) => [n, n] as const);
    const cutLink = el('button', { type: 'button', class: 'fl-button fl-small', text: 'Cut link', title: 'Cut the link between the two nodes', 'data-play': 'cut-link' });
    cutLink.addEventListener('click', () => this.cutLink(link.from, link.to, link.way === 'one'));
    return el('div', { class: 'fl-partition-row' }, [
      el('span', { class: 'fl-partition-label', text: 'link:' }),
      select('Cut the link from', nodes, link.from, (v) => (link.from = v), 'from'),
      select('Which way', [['both', '↔ both ways'], ['one', '→ one way']], link.way, (v) => (link.way = v === 'one' ? 'one' : 'both'), 'way'),
      select('Cut the link to', nodes, link.to, (v) => (link.to = v), 'to'),
      cutLink,
      heal,
      el('span', { class: 'fl-partition-hint', text: 'or drag one lane name onto another (Shift: one way)' }),
    ]);
  }

  /** Cuts the link between two nodes at the cursor: both ways, or only `from`'s messages to `to`. */
  cutLink(from: string, to: string, oneWay: boolean): void {
    if (from === to) {
      this.note.textContent = 'A link joins two different nodes: pick another one for its other end.';
      return;
    }
    this.actions.act(`partition ${from} ${oneWay ? '->' : '<->'} ${to}`);
  }
}

/** "term 5 · vote n1 · leader n1 · clock +2ms" */
function facts(node: NodeStateView): string {
  const parts: string[] = [];
  if (node.term !== null) parts.push(`${node.termLabel} ${node.term}`);
  if (node.vote !== null) parts.push(`vote ${node.vote}`);
  if (node.leader !== null && node.leader !== node.name) parts.push(`leader ${node.leader}`);
  if (node.clockOffsetUs !== 0) parts.push(`clock ${node.clockOffsetUs > 0 ? '+' : ''}${formatMicros(node.clockOffsetUs)}`);
  return parts.join(' · ');
}

/** The log's newest entries as boxes (index:term), committed ones solid, applied ones ticked. */
function logStrip(log: NonNullable<NodeStateView['log']>): HTMLElement {
  const strip = el('div', { class: 'fl-log', 'aria-label': `log of ${log.length}, commit ${log.commit ?? '—'}, applied ${log.applied ?? '—'}` });
  strip.append(el('span', { class: 'fl-log-label', text: `log ${log.length} · commit ${log.commit ?? '—'} · applied ${log.applied ?? '—'}` }));
  const boxes = el('span', { class: 'fl-log-entries' });
  for (const entry of log.tail) {
    const committed = log.commit !== null && entry.index <= log.commit;
    const applied = log.applied !== null && entry.index <= log.applied;
    boxes.append(
      el('span', {
        class: `fl-log-entry${committed ? ' fl-committed' : ''}${applied ? ' fl-applied' : ''}`,
        text: `${entry.index}${entry.term === null ? '' : `:${entry.term}`}`,
        title: `#${entry.index}${entry.term === null ? '' : ` term ${entry.term}`}: ${entry.text}${committed ? ' (committed' + (applied ? ', applied)' : ')') : ''}`,
      }),
    );
  }
  strip.append(boxes);
  return strip;
}
