// The faults one seed actually drew, read back from its trace as fixed `at` faults. Random fault
// lines (`every 2s..5s random crash for 1s`) become the concrete crashes and restarts they caused,
// so a shrunk scenario no longer depends on the fault stream and each fault can be dropped alone.

import type { ScheduledFault, SimConfig } from '../types/sim-config.ts';
import type { TraceEvent } from '../types/trace.ts';

export function faultsFromTrace(trace: readonly TraceEvent[], config: SimConfig): ScheduledFault[] {
  const faults: ScheduledFault[] = [];
  const openPauses = new Map<string, ScheduledFault & { type: 'pause' }>();
  const dropOf = (line: number | undefined): number | undefined => {
    const random = config.randomFaults.find((spec) => spec.line === line && spec.kind === 'drop');
    if (random !== undefined) return random.magnitude > 1 ? random.magnitude / 100 : random.magnitude;
    const scheduled = config.faults.find((fault) => fault.line === line && fault.type === 'link-window');
    return scheduled?.type === 'link-window' ? scheduled.drop : undefined;
  };
  const windowOf = (line: number | undefined) => config.faults.find((fault) => fault.line === line && fault.type === 'link-window');
  for (const event of trace) {
    const line = event.kind === 'note' ? 0 : ('line' in event ? event.line : undefined) ?? 0;
    switch (event.kind) {
      case 'crash':
      case 'restart':
        faults.push({ type: event.kind, node: event.node, atUs: event.t, line });
        break;
      case 'pause': {
        const pause = { type: 'pause' as const, node: event.node, durationUs: config.runForUs - event.t, atUs: event.t, line };
        openPauses.set(event.node, pause);
        faults.push(pause);
        break;
      }
      case 'resume': {
        const pause = openPauses.get(event.node);
        if (pause !== undefined) pause.durationUs = event.t - pause.atUs;
        openPauses.delete(event.node);
        break;
      }
      case 'partition':
        faults.push({ type: 'partition', partition: { blocked: event.blocked.map(([a, b]) => [a, b]), label: event.label }, atUs: event.t, line });
        break;
      case 'heal':
        faults.push({ type: 'heal', atUs: event.t, line });
        break;
      case 'clock-jump':
        faults.push({ type: 'clock-jump', node: event.node, deltaUs: event.deltaUs, atUs: event.t, line });
        break;
      case 'link-window': {
        // A scheduled window keeps its own effect; a random one is a loss window of its line's size.
        const declared = windowOf(event.line);
        const fault: ScheduledFault = { type: 'link-window', links: event.links.map(([a, b]) => [a, b]), untilUs: event.untilUs, atUs: event.t, line };
        if (declared?.type === 'link-window') {
          if (declared.drop !== undefined) fault.drop = declared.drop;
          if (declared.extraLatencyUs !== undefined) fault.extraLatencyUs = declared.extraLatencyUs;
          if (declared.duplicate !== undefined) fault.duplicate = declared.duplicate;
        } else {
          const drop = dropOf(event.line);
          if (drop !== undefined) fault.drop = drop;
        }
        faults.push(fault);
        break;
      }
      default:
        break;
    }
  }
  // A message fault line (`at 2s drop next ...`) draws nothing and leaves no fault event of its
  // own: it is kept as written, at its time, so the shrinker can still drop it alone.
  const messageLines = config.faults.filter((fault) => fault.type === 'message');
  if (messageLines.length === 0) return faults;
  return [...faults, ...messageLines].sort((a, b) => a.atUs - b.atUs);
}
