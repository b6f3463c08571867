// A counterexample as a scenario that `faultline run` replays: the explored schedule pinned to
// times and lines the simulator obeys.
//
// The explorer's model is untimed (world.ts): any armed timer may fire next and a message arrives
// whenever the schedule says. The simulator is timed: a timer fires when it is due, a message
// when its latency says. So the written scenario takes the timing away from the network and
// gives every remaining choice a time:
//   - Links between nodes get a latency longer than the run: no node message arrives by itself.
//     Each delivery of the schedule is an `at T deliver next TYPE A -> B` line, each loss a
//     `drop next` line. "Next" is the earliest-sent such message still on the network
//     (core/sim/message-faults.ts), so when the schedule takes a later one, the earlier ones of
//     that type on that link are dropped first by lines of their own.
//   - Client traffic cannot be named by those lines (A and B are nodes), so it keeps one fixed
//     latency L, and every client operation of the schedule becomes a client of its own, placed
//     `near` the node it sends to (its first request goes there), issuing one operation at the
//     time the schedule sends it (`closed loop`, `start at`, `stop at`), with a `timeout` when the
//     schedule gives up on it, exactly as long as the schedule waits.
//   - Crashes, restarts, partitions and heals are fault lines at their step's time.
//   - Timers cannot be pinned: they fire when due. Options given as a range (Raft's election
//     timeout) are fixed at the low end, the value the explorer used, and the schedule's steps
//     are placed on the simulator's clock: a timer step happens when that timer is due, and every
//     timer that comes due before a step fires there too, as it would in any timed run. Those
//     extra firings (and client messages that arrive on their own after L) are played into a
//     shadow copy of the explored world, so the text can say whether the schedule still breaks
//     the property once timing is added; the simulator's run of the file is the final word.

import { runScenario } from '../run.ts';
import { durationText } from '../sweep/format-values.ts';
import type { Report } from '../types/report.ts';
import type { ClientConfig, OptionValue, ScheduledFault, SimConfig } from '../types/sim-config.ts';
import type { Action } from './actions.ts';
import { describeAction, isolationText } from './actions.ts';
import type { Property } from './properties.ts';
import { applyAction } from './step.ts';
import type { Message, Setting, World } from './world.ts';

/** Microseconds between two steps of the schedule that no timer or latency places. */
const STEP_GAP_US = 10;
/** Latencies tried for client traffic, shortest first. */
const CLIENT_LATENCIES_US = [1_000, 10_000, 100_000, 1_000_000];
/** Timer firings and arrivals a timed run may add to one schedule before the attempt is given up. */
const MAX_TIMED_EVENTS = 10_000;

export type TimedSchedule = {
  /** The scenario's fault lines (faults and message lines), in time order. */
  faults: ScheduledFault[];
  /** One client per operation of the schedule. */
  clients: ClientConfig[];
  clientLatencyUs: number;
  /** The run ends just after the last step. */
  runForUs: number;
  /** Each step of the schedule with its time, and what a timed run adds, in order. */
  timeline: string[];
  /** Why the schedule cannot be pinned as explored (the first reason), or null. */
  obstacle: string | null;
  /** Whether every step found its counterpart (the obstacle, if any, is only the final check). */
  complete: boolean;
};

export type ReplayVerdict = { replays: boolean; why: string };

/** The schedule `path` (action indexes from the initial world) on the simulator's clock. */
export function timeSchedule(
  setting: Setting,
  root: World,
  actionsAt: (world: World) => Action[],
  path: readonly number[],
  property: Property,
): TimedSchedule {
  const steps = readSteps(setting, root, actionsAt, path);
  let first: TimedSchedule | null = null;
  // First the schedule's own order; then steps on different nodes reordered by the clock.
  for (const reorder of [false, true]) {
    for (const latency of CLIENT_LATENCIES_US) {
      const attempt = timeWith(setting, root, steps.map((step) => ({ ...step })), property, latency, reorder);
      if (attempt.obstacle === null) return attempt;
      // The most telling failure: one that got through the whole schedule, else the first.
      if (first === null || (attempt.complete && !first.complete)) first = attempt;
    }
  }
  return first!;
}

/** One step of the explored schedule, read once in the explored order. */
type Step = {
  readonly action: Action;
  readonly text: string;
  readonly before: World;
  readonly after: World;
  /** Steps that must come before it: same node or client, or the step that sent its message. */
  readonly deps: readonly number[];
  /** For a client's request delivered later in the schedule: the step that delivers it. */
  attachedTo: number;
  /** For the delivery of a request: the step that sent it (its invoke). */
  invoke: number;
  readonly touchedSet: ReadonlySet<number>;
};

function readSteps(setting: Setting, root: World, actionsAt: (world: World) => Action[], path: readonly number[]): Step[] {
  const nodeCount = setting.nodes.length;
  const steps: Step[] = [];
  const sentBy = new Map<Message, number>();
  let world = root;
  for (let k = 0; k < path.length; k++) {
    const action = actionsAt(world)[path[k]!];
    if (action === undefined) throw new Error(`explore: the schedule does not replay at step ${k + 1}`);
    const text = describeAction(action, world, setting);
    const after = applyAction(world, setting, action);
    // What the step touches: endpoints (nodes, then clients); -1 for everything (a partition).
    let touched: number[];
    let message: Message | undefined;
    switch (action.kind) {
      case 'deliver':
      case 'drop':
        message = world.messages[action.index]!;
        touched = [message.to];
        break;
      case 'timer':
      case 'crash':
      case 'restart':
        touched = [action.node];
        break;
      case 'invoke':
      case 'give-up':
        touched = [nodeCount + action.client];
        break;
      case 'partition':
      case 'heal':
        touched = [-1];
        break;
    }
    const deps: number[] = [];
    for (let j = 0; j < k; j++) {
      const other = steps[j]!.touchedSet;
      if (touched.some((t) => t === -1 || other.has(t) || other.has(-1))) deps.push(j);
    }
    const sender = message === undefined ? undefined : sentBy.get(message);
    if (sender !== undefined && !deps.includes(sender)) deps.push(sender);
    const known = new Set(world.messages);
    for (const m of after.messages) if (!known.has(m)) sentBy.set(m, k);
    const step: Step = { action, text, before: world, after, deps, attachedTo: -1, invoke: -1, touchedSet: new Set(touched) };
    if (sender !== undefined && steps[sender]!.action.kind === 'invoke' && action.kind === 'deliver') {
      steps[sender]!.attachedTo = k;
      step.invoke = sender;
    }
    steps.push(step);
    world = after;
  }
  return steps;
}

type Sent = { at: number };

function timeWith(setting: Setting, root: World, steps: readonly Step[], property: Property, latency: number, reorder: boolean): TimedSchedule {
  const nodeCount = setting.nodes.length;
  const name = (endpoint: number) => (endpoint < nodeCount ? setting.nodes[endpoint]! : setting.clients[endpoint - nodeCount]!.name);
  const faults: ScheduledFault[] = [];
  const clients: ClientConfig[] = [];
  const timed: Array<{ time: number; text: string }> = [];
  const timeline = { push: (time: number, text: string) => timed.push({ time, text: `${clock(time)}  ${text}` }) };
  let obstacle: string | null = null;
  const blocked = (why: string) => {
    obstacle ??= why;
  };
  let shadow: World = root;
  // When each client message in the shadow left (arrival = at + latency): messages are
  // immutable, so their identity is the key.
  const sentAt = new Map<Message, Sent>();
  // The written client of each explored client's pending operation.
  const pendingClient = new Map<number, { config: ClientConfig; startUs: number }>();
  const issuedBy = new Map<number, number>();
  // Which shadow message each explored message is: paired when the same step sends them (their
  // bodies may differ, a time stamp say); the initial messages are the same objects.
  const twin = new Map<Message, Message>();
  for (const m of root.messages) twin.set(m, m);
  const pairNew = (exploredBefore: World, exploredAfter: World, shadowBefore: World, shadowAfter: World) => {
    const oldExplored = new Set(exploredBefore.messages);
    const oldShadow = new Set(shadowBefore.messages);
    const fresh = shadowAfter.messages.filter((m) => !oldShadow.has(m));
    let next = 0;
    for (const m of exploredAfter.messages) {
      if (oldExplored.has(m)) continue;
      while (next < fresh.length && !(fresh[next]!.from === m.from && fresh[next]!.to === m.to && fresh[next]!.type === m.type)) next++;
      if (next < fresh.length) twin.set(m, fresh[next++]!);
    }
  };
  const shadowIndexOf = (m: Message): number => {
    const s = twin.get(m);
    return s === undefined ? -1 : shadow.messages.indexOf(s);
  };
  let now = 0;
  let events = 0;
  const doneAt = new Map<number, number>();

  const at = (world: World, time: number): World => (world.now === time ? world : { ...world, now: time });
  const noteNew = (before: World, after: World, time: number) => {
    const known = new Set(before.messages);
    for (const m of after.messages) {
      if (known.has(m) || (m.from < nodeCount && m.to < nodeCount)) continue;
      // A request leaves 0 or 1 µs after its client's start (the workload's random phase).
      sentAt.set(m, { at: m.from >= nodeCount ? time + 1 : time });
    }
  };
  const arrival = (m: Message): number => sentAt.get(m)!.at + latency;

  /** The first event a timed run has before `limit` (a timer due, a client message arriving). */
  const nextTimed = (limit: number): { time: number; action: Action; text: string } | null => {
    let best: { time: number; action: Action; text: string } | null = null;
    shadow.nodes.forEach((node, index) => {
      if (!node.up) return;
      for (const timer of node.timers) {
        if (timer.due < limit && (best === null || timer.due < best.time)) {
          best = { time: timer.due, action: { kind: 'timer', node: index, name: timer.name }, text: `${setting.nodes[index]}'s ${timer.name} timer fires` };
        }
      }
    });
    shadow.messages.forEach((m, index) => {
      if (m.from < nodeCount && m.to < nodeCount) return;
      const time = arrival(m);
      if (time < limit && (best === null || time < best.time)) best = { time, action: { kind: 'deliver', index }, text: `${m.type} ${name(m.from)} -> ${name(m.to)} arrives` };
    });
    return best;
  };

  /** Plays every timed event before `limit` into the shadow. */
  const catchUp = (limit: number) => {
    for (let next = nextTimed(limit); next !== null; next = nextTimed(limit)) {
      if (++events > MAX_TIMED_EVENTS) {
        blocked(`a timed run fires more than ${MAX_TIMED_EVENTS} timers before the schedule ends`);
        return;
      }
      const before = shadow;
      shadow = applyAction(at(shadow, next.time), setting, next.action);
      noteNew(before, shadow, next.time);
      timeline.push(next.time, `(timed) ${next.text}`);
    }
  };

  /** The earliest time step k can happen now (its deps done), on the simulator's clock. */
  const earliest = (k: number): number => {
    const step = steps[k]!;
    const action = step.action;
    const free = now + STEP_GAP_US;
    if (action.kind === 'timer') {
      const node = shadow.nodes[action.node]!;
      const timer = node.timers.find((t) => t.name === action.name);
      return timer !== undefined && node.up && timer.due > now ? timer.due : free;
    }
    if (action.kind === 'deliver' && step.invoke >= 0 && !doneAt.has(step.invoke)) {
      // The request's client starts just in time for it: after the client's previous step.
      const after = Math.max(0, ...steps[step.invoke]!.deps.map((j) => doneAt.get(j)!));
      return Math.max(free, after + STEP_GAP_US + latency + 1);
    }
    if (action.kind === 'deliver' || action.kind === 'drop') {
      const m = step.before.messages[action.index]!;
      if (m.from >= nodeCount || m.to >= nodeCount) {
        const index = shadowIndexOf(m);
        if (index >= 0) return Math.max(free, arrival(shadow.messages[index]!));
      }
    }
    return free;
  };

  /** Runs step k at `time`: its lines, its client, the shadow. */
  const run = (k: number, time: number) => {
    const { action, text, before: exploredBefore, after: exploredAfter } = steps[k]!;
    let shadowAction: Action | null = action;
    if (action.kind === 'timer') {
      const node = shadow.nodes[action.node]!;
      const timer = node.timers.find((t) => t.name === action.name);
      if (timer === undefined || !node.up) {
        blocked(`in a timed run ${text.replace(' fires', '')} is not armed when the schedule fires it (step ${k + 1})`);
        shadowAction = null;
      } else if (timer.due !== time) blocked(`in a timed run ${text.replace(' fires', '')} fires at ${durationText(timer.due)}, not at step ${k + 1}`);
    } else if (action.kind === 'deliver' || action.kind === 'drop') {
      const m = exploredBefore.messages[action.index]!;
      const index = shadowIndexOf(m);
      if (index < 0) {
        blocked(`step ${k + 1} (${text}) has no such message in a timed run: it arrived on its own earlier, or was never sent`);
        shadowAction = null;
      } else if (m.from >= nodeCount || m.to >= nodeCount) {
        // Client traffic arrives after the latency, whatever the schedule says.
        if (action.kind === 'drop') blocked(`step ${k + 1} drops a client message, which no line can name`);
        else if (arrival(shadow.messages[index]!) !== time) blocked(`step ${k + 1} (${text}) is not when a ${durationText(latency)} latency brings it`);
        shadowAction = { kind: action.kind, index };
      } else {
        const s = shadow.messages[index]!;
        const link = { messageType: s.type, from: name(s.from), to: name(s.to) };
        // Earlier messages of this type on this link would be "next": drop them first, oldest first.
        for (let earlier = shadow.messages.findIndex((o) => o.from === s.from && o.to === s.to && o.type === s.type); shadow.messages[earlier] !== s; ) {
          faults.push({ type: 'message', effect: 'drop', ...link, atUs: time - 2, line: 0 });
          shadow = applyAction(at(shadow, time - 2), setting, { kind: 'drop', index: earlier });
          timeline.push(time - 2, `(so that the next one is it) drop ${s.type} ${link.from} -> ${link.to}`);
          earlier = shadow.messages.findIndex((o) => o.from === s.from && o.to === s.to && o.type === s.type);
        }
        shadowAction = { kind: action.kind, index: shadow.messages.indexOf(s) };
        faults.push({ type: 'message', effect: action.kind, ...link, atUs: time, line: 0 });
      }
    }
    switch (action.kind) {
      case 'crash':
      case 'restart':
        faults.push({ type: action.kind, node: setting.nodes[action.node]!, atUs: time, line: 0 });
        break;
      case 'heal':
        faults.push({ type: 'heal', atUs: time, line: 0 });
        break;
      case 'partition': {
        const inside = setting.nodes.filter((_, i) => (action.isolated & (1 << i)) !== 0);
        const outside = setting.nodes.filter((_, i) => (action.isolated & (1 << i)) === 0);
        const cut: Array<[string, string]> = [];
        for (const a of inside) for (const b of outside) cut.push([a, b], [b, a]);
        faults.push({ type: 'partition', partition: { blocked: cut, label: isolationText(action.isolated, setting.nodes) }, atUs: time, line: 0 });
        // A written client sits near a node and is cut with it; the explored clients never are.
        if (setting.clients.length > 0) blocked('a partition also cuts the written clients placed near the isolated node, which the explored clients never are');
        break;
      }
      case 'invoke': {
        const plan = setting.clients[action.client]!;
        const op = plan.ops[exploredBefore.clients[action.client]!.issued]!;
        const count = (issuedBy.get(action.client) ?? 0) + 1;
        issuedBy.set(action.client, count);
        const config: ClientConfig = {
          name: count === 1 ? plan.name : `${plan.name}_${count}`,
          ops: [{ op: op.f as ClientConfig['ops'][number]['op'], keys: [op.key], intervalUs: { min: 0, max: 0 }, line: 0 }],
          closedLoop: true,
          timeoutUs: null,
          retry: null,
          idempotencyKeyTtlUs: null,
          readFrom: 'leader',
          startUs: time,
          // Long enough for its one tick (at start or a microsecond later), too short for a second.
          stopUs: time + 2,
          count: 1,
          place: { near: setting.nodes[action.node]! },
          line: 0,
        };
        clients.push(config);
        pendingClient.set(action.client, { config, startUs: time });
        break;
      }
      case 'give-up': {
        const pending = pendingClient.get(action.client);
        if (pending !== undefined) pending.config.timeoutUs = time - pending.startUs;
        break;
      }
    }
    if (shadowAction !== null) {
      const before = shadow;
      shadow = applyAction(at(shadow, Math.max(shadow.now, time)), setting, shadowAction);
      noteNew(before, shadow, time);
      pairNew(exploredBefore, exploredAfter, before, shadow);
    }
    timeline.push(time, `${String(k + 1).padStart(3)}. ${text}`);
    doneAt.set(k, time);
  };

  const remaining = steps.map((_, k) => k);
  while (remaining.length > 0) {
    let pick = -1;
    let pickTime = Infinity;
    if (!reorder) {
      pick = remaining[0]!;
      pickTime = earliest(pick);
    } else {
      // The ready step that comes first on the clock; a request waits for its delivery (below).
      for (const k of remaining) {
        const step = steps[k]!;
        if (step.attachedTo >= 0 || !step.deps.every((j) => doneAt.has(j) || j === step.invoke)) continue;
        if (step.invoke >= 0 && !steps[step.invoke]!.deps.every((j) => doneAt.has(j))) continue;
        const time = earliest(k);
        if (time < pickTime) {
          pick = k;
          pickTime = time;
        }
      }
      if (pick < 0) {
        // Only requests whose delivery cannot come yet: send the first.
        pick = remaining.find((k) => steps[k]!.attachedTo >= 0)!;
        steps[pick]!.attachedTo = -1;
        pickTime = earliest(pick);
      }
    }
    const step = steps[pick]!;
    if (reorder && step.invoke >= 0 && !doneAt.has(step.invoke)) {
      // Its client starts just in time: the request arrives when the schedule delivers it.
      catchUp(pickTime - latency - 1);
      run(step.invoke, pickTime - latency - 1);
      remaining.splice(remaining.indexOf(step.invoke), 1);
    }
    catchUp(pickTime);
    run(pick, pickTime);
    remaining.splice(remaining.indexOf(pick), 1);
    now = pickTime;
  }

  // The run stops right after the last step; a client message due by then arrives in it.
  const runForUs = now + 1;
  catchUp(runForUs + 1);
  for (const m of shadow.messages) {
    if ((m.from >= nodeCount || m.to >= nodeCount) && arrival(m) <= runForUs) blocked(`${m.type} ${name(m.from)} -> ${name(m.to)} arrives before the run ends, which the schedule does not have`);
  }
  const complete = obstacle === null;
  // What the run's end sees: messages still in flight are simply never delivered.
  if (obstacle === null && property.check({ ...shadow, messages: [] }) === null) {
    const extra = timed.filter((e) => e.text.includes('(timed)')).map((e) => e.text.replace(/^.*\(timed\) /, ''));
    const named = extra.slice(0, 3).join('; ') + (extra.length > 3 ? `; and ${extra.length - 3} more` : '');
    blocked(`in a timed run ${extra.length === 0 ? 'the same steps' : `also ${named}`}, and then the schedule no longer breaks it`);
  }
  timed.sort((a, b) => a.time - b.time);
  return { faults, clients, clientLatencyUs: latency, runForUs, timeline: timed.map((e) => e.text), obstacle, complete };
}

/** The scenario that pins the timed schedule: links slow, lines for every choice. */
export function timedConfig(config: SimConfig, timed: TimedSchedule): SimConfig {
  const nodes = config.nodes;
  const slowUs = timed.runForUs + 3_600_000_000;
  const links: SimConfig['network']['links'] = [];
  for (const a of nodes) for (const b of nodes) if (a !== b) links.push({ from: a, to: b, latency: { kind: 'fixed', us: slowUs }, line: 0 });
  const options: Record<string, OptionValue> = {};
  for (const [key, value] of Object.entries(config.protocol.options)) {
    // The explorer arms a ranged timer at its low end; so does the written scenario.
    options[key] = typeof value === 'object' && !Array.isArray(value) ? { min: value.min, max: value.min } : value;
  }
  return {
    ...config,
    runForUs: timed.runForUs,
    protocol: { ...config.protocol, options },
    network: {
      defaults: { latency: { kind: 'fixed', us: timed.clientLatencyUs }, drop: 0, duplicate: 0, reorder: 0, bandwidthBytesPerSec: 0 },
      links,
      regions: {},
    },
    // The explorer's nodes read one true clock.
    clocks: [],
    clients: timed.clients,
    faults: timed.faults.slice().sort((a, b) => a.atUs - b.atUs),
    randomFaults: [],
  };
}

/** Runs the written scenario and says whether it breaks `property` as the schedule did. */
export function replayVerdict(config: SimConfig, setting: Setting, property: Property, obstacle: string | null): ReplayVerdict {
  let report: Report;
  try {
    report = runScenario(config, { protocol: setting.protocol, maxEvents: 1_000_000 });
  } catch (error) {
    return { replays: false, why: `running it failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const broken = breaksInRun(report, property, setting);
  // A built-in property has no expectation line: the run shows it in its trace, not in `expect`.
  const builtIn = property.kind === 'no-blocking' || property.kind === 'fenced-writes';
  if (broken && builtIn) return { replays: true, why: `faultline run of it breaks \`${property.text}\` (in its trace: no expectation line names this property)` };
  if (broken) return { replays: true, why: `faultline run of it breaks \`${property.text}\`` };
  return { replays: false, why: obstacle ?? `the simulator's run of it does not break \`${property.text}\` (its timing diverges from the schedule)` };
}

function breaksInRun(report: Report, property: Property, setting: Setting): boolean {
  if (property.kind === 'no-blocking') return blockedInTrace(report, setting);
  if (property.kind === 'fenced-writes') return property.check({ trace: report.trace } as unknown as World) !== null;
  return report.expectations.some((e) => e.text === property.text && e.holds === false);
}

/** 2PC blocking read from a run's trace: a participant reports `blocked` while the coordinator is down. */
function blockedInTrace(report: Report, setting: Setting): boolean {
  const named = report.config.protocol.options['coordinator'];
  const coordinator = typeof named === 'string' ? named : setting.nodes[0]!;
  let coordinatorUp = true;
  const blocked = new Map<string, boolean>();
  const up = new Map<string, boolean>();
  for (const e of report.trace) {
    if (e.kind === 'crash' || e.kind === 'restart') {
      up.set(e.node, e.kind === 'restart');
      if (e.node === coordinator) coordinatorUp = e.kind === 'restart';
    } else if (e.kind === 'state') blocked.set(e.node, e.state['blocked'] === true);
    if (!coordinatorUp && [...blocked].some(([node, is]) => is && node !== coordinator && up.get(node) !== false)) return true;
  }
  return false;
}

/** A time as the timeline shows it, as the scenario writes times: `1.021ms`, `500ms`. */
function clock(us: number): string {
  return `at ${durationText(us)}`.padEnd(14);
}
