// Everything the playground draws, prepared once from a Report: lanes, message copies, outages,
// partitions, leadership spans, client operations and per-node state changes. Pure data (no DOM),
// so tests and the benchmark can build it outside a browser.

import { formatMicros } from '../../core/sim/format-micros.ts';
import type { Report } from '../../core/types/report.ts';
import type { HistoryEvent } from '../../core/types/history.ts';
import { buildMessagePyramid, type MessagePyramid } from './message-pyramid.ts';
import { buildMessageTable, type MessageTable } from './messages-table.ts';
import { packTrace, STORED_EVENT, STORED_STATE, type PackedRun, type PackedTrace } from './packed-run.ts';

export type Lane = { name: string; kind: 'node' | 'client'; /** Scenario line that declares it (clients). */ line?: number };

export type Outage = { lane: number; start: number; end: number; kind: 'crash' | 'pause'; startLine?: number };

export type PartitionSpan = { start: number; end: number; label: string; blocked: Array<[string, string]>; line?: number };

export type LinkWindowSpan = { start: number; end: number; links: Array<[string, string]>; line?: number };

/** A moment worth a marker on the timeline: a fault, a heal, a note. */
export type Marker = { t: number; lane: number | null; kind: string; text: string; line?: number };

/** A node's role over an interval, with the term it held (when the protocol has terms). */
export type RoleSpan = { lane: number; start: number; end: number; role: string; term: number | null };

export type OpOutcome = 'ok' | 'fail' | 'info' | 'pending';

export type ClientOp = {
  lane: number;
  client: string;
  f: string;
  key?: string;
  value: unknown;
  result: unknown;
  start: number;
  end: number;
  outcome: OpOutcome;
  invokeIndex: number;
  completeIndex: number | null;
  node?: string;
  error?: string;
  /** Row inside the client lane, so concurrent operations do not hide each other. */
  row: number;
  line?: number;
};

export type StateChange = { t: number; local: number; state: Record<string, unknown> };

export type RunModel = {
  report: Report;
  /** The trace as columns (times of every event, message columns, the events drawn whole). */
  trace: PackedTrace;
  lanes: Lane[];
  nodeCount: number;
  endUs: number;
  messages: MessageTable;
  /** Level-of-detail counts of the messages for zoomed-out frames. */
  pyramid: MessagePyramid;
  outages: Outage[];
  partitions: PartitionSpan[];
  linkWindows: LinkWindowSpan[];
  markers: Marker[];
  roles: RoleSpan[];
  ops: ClientOp[];
  /** History index (invoke or completion) → index in ops. */
  opOfHistoryIndex: Map<number, number>;
  /** Per node lane: its state changes in time order. */
  states: StateChange[][];
  /** Per node lane: (global time, local clock reading) samples and clock jumps, in time order. */
  clockSamples: Array<Array<{ t: number; local: number }>>;
  /** Rows per client lane (at least 1). */
  clientRows: number[];
};

/** The client declaration an instance belongs to: `web3` of `client web * 5` belongs to `web`. */
function clientDeclarationOf(report: Report, instance: string): string | null {
  for (const client of report.config.clients) {
    if (client.name === instance) return client.name;
    if (client.count > 1 && instance.startsWith(client.name) && /^\d+$/.test(instance.slice(client.name.length))) return client.name;
  }
  return null;
}

/** A run as a Report, or already packed (the HTML report and the worker hand over packed runs). */
export function buildRunModel(run: Report | PackedRun): RunModel {
  const packed = isPackedRun(run);
  const report = packed ? run.report : run;
  const trace = packed ? run.trace : packTrace(run.trace);
  const lanes: Lane[] = report.config.nodes.map((name) => ({ name, kind: 'node' }));
  const laneByName = new Map<string, number>(lanes.map((lane, i) => [lane.name, i]));
  for (const client of report.config.clients) {
    laneByName.set(client.name, lanes.length);
    lanes.push({ name: client.count > 1 ? `${client.name} ×${client.count}` : client.name, kind: 'client', line: client.line });
  }
  const nodeCount = report.config.nodes.length;
  const laneOf = (endpoint: string): number => {
    const known = laneByName.get(endpoint);
    if (known !== undefined) return known;
    const declaration = clientDeclarationOf(report, endpoint);
    const lane = declaration === null ? undefined : laneByName.get(declaration);
    if (lane !== undefined) {
      laneByName.set(endpoint, lane);
      return lane;
    }
    // An endpoint the config does not declare (imported or hand-made reports): give it a lane.
    laneByName.set(endpoint, lanes.length);
    lanes.push({ name: endpoint, kind: 'client' });
    return lanes.length - 1;
  };

  let endUs = Math.max(report.stats.simulatedUs, report.config.runForUs > 0 ? 0 : 0);
  const times = trace.t;
  for (let i = 0; i < times.length; i++) if (times[i]! > endUs) endUs = times[i]!;
  for (const event of report.history) if (event.time > endUs) endUs = event.time;
  if (endUs <= 0) endUs = Math.max(1, report.config.runForUs);

  const messages = buildMessageTable(trace, laneOf, endUs);
  const outages: Outage[] = [];
  const openOutage = new Map<string, Outage>();
  const partitions: PartitionSpan[] = [];
  const linkWindows: LinkWindowSpan[] = [];
  const markers: Marker[] = [];
  const roles: RoleSpan[] = [];
  const openRole = new Map<number, RoleSpan>();
  const states: StateChange[][] = report.config.nodes.map(() => []);
  const clockSamples: Array<Array<{ t: number; local: number }>> = report.config.nodes.map(() => []);
  let openPartition: PartitionSpan | null = null;

  const withLine = <T extends object>(target: T, line: number | undefined): T => {
    if (line !== undefined) (target as { line?: number }).line = line;
    return target;
  };

  /** A node's state change: its state history, a clock sample, and its role span. */
  const stateChange = (t: number, node: string, local: number, state: Record<string, unknown>): void => {
    const lane = laneByName.get(node);
    if (lane === undefined || lane >= nodeCount) return;
    states[lane]!.push({ t, local, state });
    clockSamples[lane]!.push({ t, local });
    const role = typeof state.role === 'string' ? state.role : null;
    const term = typeof state.term === 'number' ? state.term : null;
    if (role === null) return;
    const open = openRole.get(lane);
    if (open !== undefined && open.role === role && open.term === term) return;
    if (open !== undefined) open.end = t;
    const span: RoleSpan = { lane, start: t, end: endUs, role, term };
    roles.push(span);
    openRole.set(lane, span);
  };

  // The events kept whole (faults, timers, notes) and the state changes, in trace order (packing
  // set messages, client and apply events apart).
  const records = trace.stateRecords();
  let whole = 0;
  let stateIndex = 0;
  for (let k = 0; k < trace.count; k++) {
    const stored = trace.stored[k]!;
    if (stored === STORED_STATE) {
      stateChange(trace.t[k]!, trace.strings[trace.stateNode[stateIndex]!]!, trace.stateLocal[stateIndex]!, records[stateIndex]!);
      stateIndex++;
      continue;
    }
    if (stored !== STORED_EVENT) continue;
    const event = trace.events[whole++]!;
    const kind = event.kind;
    // Messages (most of a trace) were handled by buildMessageTable; client and apply events are
    // read from the history instead.
    if (kind === 'send' || kind === 'deliver' || kind === 'client' || kind === 'apply' || kind === 'drop' || kind === 'duplicate') continue;
    switch (event.kind) {
      case 'crash':
      case 'pause': {
        const lane = laneOf(event.node);
        const outage: Outage = { lane, start: event.t, end: endUs, kind: event.kind };
        if (event.line !== undefined) outage.startLine = event.line;
        outages.push(outage);
        openOutage.set(`${event.kind}:${event.node}`, outage);
        // A fault that named a role says so: "n2 crashes (the leader)".
        const as = event.role === undefined ? '' : ` (the ${event.role})`;
        markers.push(withLine({ t: event.t, lane, kind: event.kind, text: `${event.node} ${event.kind === 'crash' ? 'crashes' : 'pauses'}${as}` }, event.line));
        const role = openRole.get(lane);
        if (role !== undefined && event.kind === 'crash') {
          role.end = event.t;
          openRole.delete(lane);
        }
        break;
      }
      case 'restart':
      case 'resume': {
        const key = `${event.kind === 'restart' ? 'crash' : 'pause'}:${event.node}`;
        const outage = openOutage.get(key);
        if (outage !== undefined) {
          outage.end = event.t;
          openOutage.delete(key);
        }
        markers.push(withLine({ t: event.t, lane: laneOf(event.node), kind: event.kind, text: `${event.node} ${event.kind === 'restart' ? 'restarts' : 'resumes'}` }, event.line));
        break;
      }
      case 'partition': {
        if (openPartition !== null) openPartition.end = event.t;
        openPartition = withLine({ start: event.t, end: endUs, label: event.label, blocked: event.blocked }, event.line);
        partitions.push(openPartition);
        markers.push(withLine({ t: event.t, lane: null, kind: 'partition', text: `partition: ${event.declared === undefined ? event.label : `${event.declared} → ${event.label}`}` }, event.line));
        break;
      }
      case 'heal':
        if (openPartition !== null) openPartition.end = event.t;
        openPartition = null;
        markers.push(withLine({ t: event.t, lane: null, kind: 'heal', text: 'the network heals' }, event.line));
        break;
      case 'link-window':
        linkWindows.push(withLine({ start: event.t, end: event.untilUs, links: event.links }, event.line));
        markers.push(withLine({ t: event.t, lane: null, kind: 'link-window', text: `degraded links until ${formatMicros(event.untilUs)}` }, event.line));
        break;
      case 'clock-jump': {
        const lane = laneOf(event.node);
        markers.push(withLine({ t: event.t, lane, kind: 'clock-jump', text: `${event.node}'s clock jumps ${event.deltaUs >= 0 ? '+' : ''}${formatMicros(event.deltaUs)}` }, event.line));
        break;
      }
      case 'note':
        markers.push({ t: event.t, lane: event.node === undefined ? null : laneOf(event.node), kind: 'note', text: event.text });
        break;
      case 'timer': {
        const lane = laneByName.get(event.node);
        if (lane !== undefined && lane < nodeCount) clockSamples[lane]!.push({ t: event.t, local: event.local });
        break;
      }
      case 'state':
        stateChange(event.t, event.node, event.local, event.state);
        break;
      default:
        break;
    }
  }

  const { ops, opOfHistoryIndex, clientRows } = buildOps(report, lanes, laneOf, endUs);
  return { report, trace, lanes, nodeCount, endUs, messages, pyramid: buildMessagePyramid(messages, endUs), outages, partitions, linkWindows, markers, roles, ops, opOfHistoryIndex, states, clockSamples, clientRows };
}

function buildOps(report: Report, lanes: Lane[], laneOf: (name: string) => number, endUs: number) {
  const ops: ClientOp[] = [];
  const opOfHistoryIndex = new Map<number, number>();
  // Open operations by process, then by operation id (no string built per event).
  const openByProcess = new Map<string, Map<unknown, number>>();
  const openOf = (event: HistoryEvent): Map<unknown, number> => {
    const process = String(event.process);
    let open = openByProcess.get(process);
    if (open === undefined) {
      open = new Map();
      openByProcess.set(process, open);
    }
    return open;
  };
  for (const event of report.history) {
    if (event.type === 'invoke') {
      const lane = laneOf(String(event.process));
      const op: ClientOp = {
        lane,
        client: String(event.process),
        f: event.f,
        value: event.value,
        result: null,
        start: event.time,
        end: endUs,
        outcome: 'pending',
        invokeIndex: event.index,
        completeIndex: null,
        row: 0,
      };
      if (event.key !== undefined) op.key = event.key;
      const line = lanes[lane]?.line;
      if (line !== undefined) op.line = line;
      openOf(event).set(event.opId, ops.length);
      opOfHistoryIndex.set(event.index, ops.length);
      ops.push(op);
      continue;
    }
    const open = openOf(event);
    const at = open.get(event.opId);
    if (at === undefined) continue;
    open.delete(event.opId);
    const op = ops[at]!;
    op.end = event.time;
    op.outcome = event.type;
    op.result = event.value;
    op.completeIndex = event.index;
    if (event.node !== undefined) op.node = event.node;
    if (event.error !== undefined) op.error = event.error;
    opOfHistoryIndex.set(event.index, at);
  }
  // Greedy rows per lane: an operation takes the first row free at its start (at most 4 rows;
  // beyond that they overlap, which the density already says).
  const MAX_ROWS = 4;
  const rowEnds = new Map<number, number[]>();
  const clientRows = lanes.map(() => 1);
  const order = ops.map((_, i) => i);
  // Invocations come in time order: sort (stably) only a history that does not.
  if (ops.some((op, i) => i > 0 && op.start < ops[i - 1]!.start)) order.sort((a, b) => ops[a]!.start - ops[b]!.start);
  for (const i of order) {
    const op = ops[i]!;
    const ends = rowEnds.get(op.lane) ?? [];
    rowEnds.set(op.lane, ends);
    let row = ends.findIndex((end) => end <= op.start);
    if (row === -1) row = ends.length < MAX_ROWS ? ends.length : ends.indexOf(Math.min(...ends));
    ends[row] = op.end;
    op.row = row;
    clientRows[op.lane] = Math.max(clientRows[op.lane]!, row + 1);
  }
  return { ops, opOfHistoryIndex, clientRows };
}

function isPackedRun(run: Report | PackedRun): run is PackedRun {
  return typeof run.trace === 'object' && run.trace !== null && 'stored' in run.trace;
}

/** The last state change of a node at or before t (binary search), or null before the first. */
export function stateAt(changes: readonly StateChange[], t: number): StateChange | null {
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (changes[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : changes[lo - 1]!;
}
