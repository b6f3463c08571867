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

export function enabledActions(world: World, setting: Setting, budget: FaultBudget): Action[] {
  const actions: Action[] = [];
  const messages = world.messages;
  for (let i = 0; i < messages.length; i++) {
    if (!isFirstCopy(world, i)) continue;
    actions.push({ kind: 'deliver', index: i });
  }
  if (world.drops < budget.drops) {
    for (let i = 0; i < messages.length; i++) if (isFirstCopy(world, i)) actions.push({ kind: 'drop', index: i });
  }
  world.nodes.forEach((node, index) => {
    if (!node.up || node.timers.length === 0 || busiestLink(world, index) >= budget.inFlightPerLink) return;
    // A timer due after the scenario's `run for` never fires in it: that bounds time here too.
    for (const timer of node.timers) if (timer.due <= setting.horizonUs) actions.push({ kind: 'timer', node: index, name: timer.name });
  });
  world.clients.forEach((client, index) => {
    const plan = setting.clients[index]!;
    // A client may send its next operation to any node (clients pick nodes in many ways; a
    // redirect then leads it on), so a path need not go through redirects to reach the right one.
    if (client.pending === null && client.issued < plan.ops.length) {
      for (let node = 0; node < world.nodes.length; node++) actions.push({ kind: 'invoke', client: index, node });
    }
    if (client.pending !== null && plan.timesOut) actions.push({ kind: 'give-up', client: index });
  });
  world.nodes.forEach((node, index) => {
    if (node.up && world.crashes < budget.crashes) actions.push({ kind: 'crash', node: index });
    if (!node.up) actions.push({ kind: 'restart', node: index });
  });
  if (world.isolated !== 0) actions.push({ kind: 'heal' });
  else if (world.partitions < budget.partitions && world.nodes.length >= 2) {
    // One node cut off from the rest: with two nodes, cutting off either is the same cut.
    const count = world.nodes.length === 2 ? 1 : world.nodes.length;
    for (let i = 0; i < count; i++) actions.push({ kind: 'partition', isolated: 1 << i });
  }
  return actions;
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
