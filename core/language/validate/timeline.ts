// Walks the faults in time order, keeping track of which nodes are down and which partitions
// are active, to catch schedules that do not do what their author thinks.

import type { Identifier, PartitionShape, Scenario } from '../ast.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import { expandFaults, type TimelineEntry } from '../compile-faults.ts';
import { formatMicros } from '../values.ts';

export function checkTimeline(scenario: Scenario, nodes: readonly string[], known: ReadonlySet<string>, sink: DiagnosticSink): void {
  const faults = scenario.faults?.items ?? [];
  if (faults.length === 0) return;
  for (const fault of faults) {
    if (fault.action.kind === 'Partition') checkPartitionShape(fault.action.shape, sink);
  }
  const { timeline } = expandFaults(faults, nodes);
  const runForUs = scenario.runFor?.duration.us;
  const down = new Map<string, TimelineEntry>();
  let activePartition: TimelineEntry | undefined;
  for (const entry of timeline) {
    const at = entry.scheduled;
    const range = entry.source.range;
    if (runForUs !== undefined && at.atUs >= runForUs) {
      sink.warning('FL040', entry.source.timing.range, `This fault is at ${formatMicros(at.atUs)}, but the run ends at ${formatMicros(runForUs)}: it never happens.`);
      continue;
    }
    switch (at.type) {
      case 'crash':
        if (!known.has(at.node)) break;
        if (down.has(at.node)) {
          sink.warning('FL046', range, `\`${at.node}\` is already down at ${formatMicros(at.atUs)}.`, [
            { range: down.get(at.node)!.source.range, message: 'crashed here' },
          ]);
        }
        down.set(at.node, entry);
        break;
      case 'restart':
        if (!known.has(at.node)) break;
        if (!down.has(at.node)) {
          sink.warning('FL041', range, `\`${at.node}\` is not down at ${formatMicros(at.atUs)}, so there is nothing to restart. Crash it first: \`at ... crash ${at.node}\`.`);
        }
        down.delete(at.node);
        break;
      case 'partition':
        if (activePartition !== undefined) {
          sink.warning('FL043', range, `A partition is still active at ${formatMicros(at.atUs)}; both cuts apply until the next \`heal\`.`, [
            { range: activePartition.source.range, message: 'the active partition' },
          ]);
        }
        if (entry.partition !== undefined && entry.partition.unlisted.length > 0 && entry.partition.blocked.length > 0) {
          const names = entry.partition.unlisted;
          sink.info('FL047', range, `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not listed; ${names.length === 1 ? 'it forms' : 'they form'} one more group of ${names.length === 1 ? 'its' : 'their'} own.`);
        }
        if (entry.partition !== undefined && entry.partition.blocked.length === 0) {
          sink.warning('FL045', range, 'This partition separates no nodes; it has no effect.');
        }
        activePartition = entry;
        break;
      case 'heal':
        if (activePartition === undefined) {
          sink.warning('FL042', range, `No partition is active at ${formatMicros(at.atUs)}, so there is nothing to heal.`);
        }
        activePartition = undefined;
        break;
      default:
        break;
    }
  }
}

function checkPartitionShape(shape: PartitionShape, sink: DiagnosticSink): void {
  const lists: Identifier[][] = shape.kind === 'Groups' ? shape.groups : shape.kind === 'OneWay' ? [shape.from, shape.to] : [];
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
