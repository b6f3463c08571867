// Walks the faults in time order, keeping track of which nodes are down and which partitions
// are active, to catch schedules that do not do what their author thinks.

import type { Fault, Identifier, PartitionShape, Scenario } from '../ast.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import { formatMicros } from '../../sim/format-micros.ts';
import { earliestStartUs, faultEvents, partitionEffect, type FaultEvent } from './fault-events.ts';

export function checkTimeline(scenario: Scenario, nodes: readonly string[], known: ReadonlySet<string>, sink: DiagnosticSink): void {
  const faults = scenario.faults?.items ?? [];
  if (faults.length === 0) return;
  for (const fault of faults) {
    if (fault.action.kind === 'Partition') checkPartitionShape(fault.action.shape, sink);
  }
  const runForUs = scenario.runFor?.duration.us;
  const clients = new Set((scenario.workload?.clients ?? []).map((c) => c.name.name));
  const down = new Map<string, FaultEvent>();
  let activePartition: FaultEvent | undefined;
  // A crash that named a role (`crash leader`) downs a node nobody can name in advance: a later
  // restart of a named node may be meant for it, so it is not reported as "not down".
  let roleDown = false;
  // A random crash downs and restarts nodes the run picks, so a named node the walk believes down
  // may be up again (or down when it believes it up): what it says of such a node's state is a
  // guess, and the warnings that rest on it (FL041, FL046, FL056) stay silent.
  // A random crash line with no node list, or one naming a role, may pick any node.
  const randomCrashes = faults.flatMap((fault) => (fault.action.kind === 'Random' && fault.action.what === 'crash' ? [fault.action.nodes] : []));
  const anyNodeRandomly = randomCrashes.some((names) => names.length === 0 || names.some((n) => !known.has(n.name)));
  const namedRandomly = new Set(randomCrashes.flatMap((names) => names.map((n) => n.name)));
  const randomlyCrashed = (node: string) => anyNodeRandomly || namedRandomly.has(node);
  // Every kind of fault line, not only the ones the walk follows: a skew, a link fault or a random
  // fault that can only start after the end is as dead as a late crash.
  const tooLate = new Set<Fault>();
  if (runForUs !== undefined) {
    for (const fault of faults) {
      const startUs = earliestStartUs(fault.timing);
      if (startUs < runForUs) continue;
      tooLate.add(fault);
      const when = fault.timing.kind === 'Every' ? `The first of these faults comes at ${formatMicros(startUs)} at the earliest` : `This fault ${fault.timing.kind === 'Window' ? 'starts' : 'is'} at ${formatMicros(startUs)}`;
      sink.warning('FL040', fault.timing.range, `${when}, but the run ends at ${formatMicros(runForUs)}: it never happens.`);
    }
  }
  // The event's time is formatted inside each message, not up front: most events report nothing.
  for (const event of faultEvents(faults)) {
    if (tooLate.has(event.source)) continue;
    const range = event.source.range;
    const node = event.node ?? '';
    switch (event.type) {
      case 'crash':
        if (!known.has(node)) {
          roleDown = true;
          break;
        }
        if (down.has(node) && !randomlyCrashed(node)) {
          sink.warning('FL046', range, `\`${node}\` is already down at ${formatMicros(event.atUs)}.`, [{ range: down.get(node)!.source.range, message: 'crashed here' }]);
        }
        down.set(node, event);
        break;
      case 'restart':
        if (!known.has(node)) break;
        if (!down.has(node) && !roleDown && !randomlyCrashed(node)) {
          sink.warning('FL041', range, `\`${node}\` is not down at ${formatMicros(event.atUs)}, so there is nothing to restart. Crash it first: \`at ... crash ${node}\`.`);
        }
        down.delete(node);
        break;
      case 'partition': {
        if (activePartition !== undefined) {
          sink.warning('FL043', range, `A partition is still active at ${formatMicros(event.atUs)}; both cuts apply until the next \`heal\`.`, [
            { range: activePartition.source.range, message: 'the active partition' },
          ]);
        }
        const effect = partitionEffect(event.shape!, nodes, clients);
        if (!effect.separates) {
          sink.warning('FL045', range, 'This partition separates no nodes; it has no effect.');
        } else if (effect.unlisted.length > 0 && effect.namesRole === true) {
          sink.info('FL047', range, 'The nodes this partition does not name form one more group of their own (without the node holding the role when it fires); write `| rest` to say so.');
        } else if (effect.unlisted.length > 0) {
          const names = effect.unlisted;
          const one = names.length === 1;
          sink.info('FL047', range, `${names.join(', ')} ${one ? 'is' : 'are'} not listed; ${one ? 'it forms' : 'they form'} one more group of ${one ? 'its' : 'their'} own.`);
        }
        activePartition = event;
        break;
      }
      case 'pause': {
        const crash = down.get(node);
        if (crash !== undefined && !roleDown && !randomlyCrashed(node) && surelyAfter(event, crash)) {
          sink.warning(
            'FL056',
            range,
            `\`${node}\` is down at ${formatMicros(event.atUs)}, so this pause does nothing: a crashed node cannot be paused, and it does not come back paused when it restarts.`,
            [{ range: crash.source.range, message: 'crashed here' }],
          );
        }
        break;
      }
      case 'message':
        // Only its time is checked here (FL040, above); the rest is in message-lines.ts.
        break;
      case 'heal':
        if (activePartition === undefined) {
          sink.warning('FL042', range, `No partition is active at ${formatMicros(event.atUs)}, so there is nothing to heal.`);
        }
        activePartition = undefined;
        break;
    }
  }
}

/** True when `later` happens after `earlier` in every run: neither time is drawn from a range across the other. */
function surelyAfter(later: FaultEvent, earlier: FaultEvent): boolean {
  return later.latestUs === undefined && (earlier.latestUs === undefined || earlier.latestUs < later.atUs);
}

function checkPartitionShape(shape: PartitionShape, sink: DiagnosticSink): void {
  const lists: Identifier[][] = shape.kind === 'Groups' ? shape.groups : shape.kind === 'OneWay' || shape.kind === 'BothWays' ? [shape.from, shape.to] : [];
  const seen = new Map<string, Identifier>();
  for (const list of lists) {
    for (const node of list) {
      const previous = seen.get(node.name);
      if (previous !== undefined) {
        sink.error('FL044', node.range, `\`${node.name}\` is on both sides of this partition.`, [{ range: previous.range, message: 'also listed here' }]);
      } else {
        seen.set(node.name, node);
      }
    }
  }
  // One group alone (`partition n1`) is fine: the unlisted nodes become the other side (see
  // partitions.ts); one group holding every node is caught as "separates nothing" above.
}
