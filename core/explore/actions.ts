// Every choice the explorer owns, named (the Stateright habit): deliver or drop one message in
// flight, fire one armed timer, let a client issue its next operation or give up on one, crash or
// restart a node, cut one node off or heal. `enabledActions` lists them in a fixed order, so an
// action is also its index in that list, which is how a path is stored and replayed.

import type { World, Setting } from './world.ts';

export type Action =
  | { readonly kind: 'deliver'; readonly index: number }
  | { readonly kind: 'drop'; readonly index: number }
  | { readonly kind: 'timer'; readonly node: number; readonly name: string }
  | { readonly kind: 'invoke'; readonly client: number; readonly node: number }
  | { readonly kind: 'give-up'; readonly client: number }
  | { readonly kind: 'crash'; readonly node: number }
  | { readonly kind: 'restart'; readonly node: number }
  | { readonly kind: 'partition'; readonly isolated: number }
  | { readonly kind: 'heal' };

/**
 * How many faults of each kind a schedule may hold (restarts of crashed nodes are free), and the
 * bound that keeps untimed timers finite: a node's timer may fire only while fewer than
 * `inFlightPerLink` of its messages are in flight on every link it has. Without it a heartbeat
 * timer could fire forever before anything is delivered, which no real timing allows.
 */
export type FaultBudget = { readonly crashes: number; readonly drops: number; readonly partitions: number; readonly inFlightPerLink: number };

/** The actions enabled in `world`, in their fixed order; in `into` (emptied first) when given. */
export function enabledActions(world: World, setting: Setting, budget: FaultBudget, into?: Action[]): Action[] {
  const actions: Action[] = into ?? [];
  while (actions.length > 0) actions.pop();
  const messages = world.messages;
  for (let i = 0; i < messages.length; i++) {
    if (!isFirstCopy(world, i)) continue;
    actions.push(indexed(deliverActions, 'deliver', i));
  }
  if (world.drops < budget.drops) {
    for (let i = 0; i < messages.length; i++) if (isFirstCopy(world, i)) actions.push(indexed(dropActions, 'drop', i));
  }
  const nodes = world.nodes;
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index]!;
    if (!node.up || node.timers.length === 0 || busiestLink(world, index) >= budget.inFlightPerLink) continue;
    // A timer due after the scenario's `run for` never fires in it: that bounds time here too.
    for (const timer of node.timers) if (timer.due <= setting.horizonUs) actions.push(timerAction(index, timer.name));
  }
  const clients = world.clients;
  for (let index = 0; index < clients.length; index++) {
    const client = clients[index]!;
    const plan = setting.clients[index]!;
    // A client may send its next operation to any node (clients pick nodes in many ways; a
    // redirect then leads it on), so a path need not go through redirects to reach the right one.
    if (client.pending === null && client.issued < plan.ops.length) {
      for (let node = 0; node < nodes.length; node++) actions.push(cached(index * 64 + node, 'invoke', index, node));
    }
    if (client.pending !== null && plan.timesOut) actions.push(cached(-1 - index, 'give-up', index, 0));
  }
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index]!;
    if (node.up && world.crashes < budget.crashes) actions.push(cached(1_000_000 + index, 'crash', index, 0));
    if (!node.up) actions.push(cached(2_000_000 + index, 'restart', index, 0));
  }
  if (world.isolated !== 0) actions.push(HEAL);
  else if (world.partitions < budget.partitions && nodes.length >= 2) {
    // One node cut off from the rest: with two nodes, cutting off either is the same cut.
    const count = nodes.length === 2 ? 1 : nodes.length;
    for (let i = 0; i < count; i++) actions.push(cached(3_000_000 + i, 'partition', 1 << i, 0));
  }
  return actions;
}

// Actions are immutable values, so each is made once and reused by every state that enables it:
// listing a state's actions then allocates only the list (this runs once per state explored).
const HEAL: Action = { kind: 'heal' };
const deliverActions: Action[] = [];
const dropActions: Action[] = [];
/** Timer actions by node, then by name. */
const timerActions: Array<Map<string, Action>> = [];
/**
 * The other kinds by a number naming them (a string key would itself be allocated per lookup):
 * invoke client·64 + node (at most 8 clients, 16 nodes: EXPLORE_LIMITS), give-up -1 - client,
 * crash 1,000,000 + node, restart 2,000,000 + node, partition 3,000,000 + node.
 */
const otherActions = new Map<number, Action>();

function indexed(table: Action[], kind: 'deliver' | 'drop', index: number): Action {
  while (table.length <= index) table.push({ kind, index: table.length });
  return table[index]!;
}

function timerAction(node: number, name: string): Action {
  while (timerActions.length <= node) timerActions.push(new Map());
  const byName = timerActions[node]!;
  let action = byName.get(name);
  if (action === undefined) {
    action = { kind: 'timer', node, name };
    byName.set(name, action);
  }
  return action;
}

function cached(key: number, kind: 'invoke' | 'give-up' | 'crash' | 'restart' | 'partition', a: number, b: number): Action {
  const known = otherActions.get(key);
  if (known !== undefined) return known;
  const action: Action =
    kind === 'invoke' ? { kind, client: a, node: b } : kind === 'give-up' ? { kind, client: a } : kind === 'partition' ? { kind, isolated: a } : { kind, node: a };
  otherActions.set(key, action);
  return action;
}

/** The most messages `node` has in flight to any one endpoint. */
function busiestLink(world: World, node: number): number {
  let most = 0;
  const messages = world.messages;
  for (let i = 0; i < messages.length; i++) {
    if (messages[i]!.from !== node) continue;
    let count = 0;
    const to = messages[i]!.to;
    for (let j = 0; j < messages.length; j++) if (messages[j]!.from === node && messages[j]!.to === to) count++;
    if (count > most) most = count;
  }
  return most;
}

/** Two identical messages in flight (a heartbeat sent twice) are one choice, not two. */
function isFirstCopy(world: World, index: number): boolean {
  const m = world.messages[index]!;
  for (let j = 0; j < index; j++) {
    const other = world.messages[j]!;
    if (other.hi === m.hi && other.lo === m.lo) return false;
  }
  return true;
}

/** The action in words, as the counterexample lists it. */
export function describeAction(action: Action, world: World, setting: Setting): string {
  const endpoint = (index: number) =>
    index < setting.nodes.length ? setting.nodes[index]! : setting.clients[index - setting.nodes.length]!.name;
  switch (action.kind) {
    case 'deliver':
    case 'drop': {
      const m = world.messages[action.index]!;
      return `${action.kind} ${m.type} ${endpoint(m.from)} -> ${endpoint(m.to)}`;
    }
    case 'timer':
      return `${setting.nodes[action.node]}'s ${action.name} timer fires`;
    case 'invoke': {
      const plan = setting.clients[action.client]!;
      const op = plan.ops[world.clients[action.client]!.issued]!;
      return `client ${plan.name} sends ${op.f} ${op.key} to ${setting.nodes[action.node]}`;
    }
    case 'give-up':
      return `client ${setting.clients[action.client]!.name} times out`;
    case 'crash':
    case 'restart':
      return `${action.kind} ${setting.nodes[action.node]}`;
    case 'partition':
      return `partition ${isolationText(action.isolated, setting.nodes)}`;
    case 'heal':
      return 'heal';
  }
}

/** `n1 | n2, n3`: the isolated nodes, then the rest. */
export function isolationText(isolated: number, nodes: readonly string[]): string {
  const inside = nodes.filter((_, i) => (isolated & (1 << i)) !== 0);
  const outside = nodes.filter((_, i) => (isolated & (1 << i)) === 0);
  return `${inside.join(', ')} | ${outside.join(', ')}`;
}
