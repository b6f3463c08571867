// Shrinking steps: each one a pure transformation of a SimConfig that makes the scenario smaller
// (fewer faults, shorter windows, fewer clients and operations, an earlier end). The shrinker
// keeps a step only when the same expectation still breaks with the same seed.

import type { ClientConfig, Micros, ScheduledFault, SimConfig } from '../types/sim-config.ts';
import { durationText } from './format-values.ts';

export type ShrinkStep = { describe: string; config: SimConfig };

const MS = 1_000;

export function describeFault(fault: ScheduledFault): string {
  const at = durationText(fault.atUs);
  switch (fault.type) {
    case 'crash':
    case 'restart':
      return `${fault.type} ${fault.node} at ${at}`;
    case 'pause':
      return `pause ${fault.node} at ${at}`;
    case 'partition':
      return `partition ${fault.partition.label} at ${at}`;
    case 'heal':
      return `heal at ${at}`;
    case 'clock-jump':
      return `skew ${fault.node} at ${at}`;
    case 'link-window':
      return `link window at ${at}`;
    case 'role-crash':
      return `crash ${fault.target.role} at ${at}`;
    case 'role-pause':
      return `pause ${fault.target.role} at ${at}`;
    case 'role-clock-jump':
      return `skew ${fault.target.role} at ${at}`;
    case 'role-partition':
      return `partition ${fault.label} at ${at}`;
    case 'message':
      if (fault.sentAtUs !== undefined) return `${fault.effect} ${fault.messageType} ${fault.from} -> ${fault.to} sent at ${durationText(fault.sentAtUs)} at ${at}`;
      return `${fault.effect} next ${fault.messageType} ${fault.from} -> ${fault.to} at ${at}`;
  }
}

const withFaults = (config: SimConfig, faults: ScheduledFault[]): SimConfig => ({ ...config, faults });

/** Drop faults: a crash with the restart that undoes it, a partition with its heal, or one alone. */
export function dropFaultSteps(config: SimConfig): ShrinkStep[] {
  const steps: ShrinkStep[] = [];
  const faults = config.faults;
  for (let i = faults.length - 1; i >= 0; i--) {
    const fault = faults[i]!;
    const undo = faults.findIndex(
      (other, j) => j > i && ((fault.type === 'crash' && other.type === 'restart' && other.node === fault.node) || ((fault.type === 'partition' || fault.type === 'role-partition') && other.type === 'heal')),
    );
    if (undo >= 0) {
      steps.push({
        describe: `drop ${describeFault(fault)} and the ${faults[undo]!.type} that undoes it`,
        config: withFaults(config, faults.filter((_, j) => j !== i && j !== undo)),
      });
    }
    steps.push({ describe: `drop ${describeFault(fault)}`, config: withFaults(config, faults.filter((_, j) => j !== i)) });
  }
  for (let i = config.randomFaults.length - 1; i >= 0; i--) {
    steps.push({ describe: `drop the random ${config.randomFaults[i]!.kind} line`, config: { ...config, randomFaults: config.randomFaults.filter((_, j) => j !== i) } });
  }
  return steps;
}

/** Shorten windows: pauses and loss windows last half as long; restarts and heals come sooner. */
export function shortenWindowSteps(config: SimConfig): ShrinkStep[] {
  const steps: ShrinkStep[] = [];
  const faults = config.faults;
  faults.forEach((fault, i) => {
    const replace = (next: ScheduledFault) => withFaults(config, faults.map((f, j) => (j === i ? next : f)).sort((a, b) => a.atUs - b.atUs));
    if (fault.type === 'pause' && fault.durationUs >= 2 * MS) {
      steps.push({ describe: `halve ${describeFault(fault)} to ${durationText(roundMs(fault.durationUs / 2))}`, config: replace({ ...fault, durationUs: roundMs(fault.durationUs / 2) }) });
    }
    if (fault.type === 'link-window' && fault.untilUs - fault.atUs >= 2 * MS) {
      const untilUs = fault.atUs + roundMs((fault.untilUs - fault.atUs) / 2);
      steps.push({ describe: `end ${describeFault(fault)} at ${durationText(untilUs)}`, config: replace({ ...fault, untilUs }) });
    }
    if (fault.type === 'restart' || fault.type === 'heal') {
      // The fault this one undoes: the latest crash of the node, or partition, before it.
      const start = [...faults.slice(0, i)].reverse().find((f) => (fault.type === 'restart' ? f.type === 'crash' && f.node === fault.node : f.type === 'partition' || f.type === 'role-partition'));
      if (start !== undefined && fault.atUs - start.atUs >= 2 * MS) {
        const atUs = start.atUs + roundMs((fault.atUs - start.atUs) / 2);
        steps.push({ describe: `${describeFault(fault)} moves to ${durationText(atUs)}`, config: replace({ ...fault, atUs }) });
      }
    }
  });
  return steps;
}

function roundMs(us: Micros): Micros {
  return Math.max(MS, Math.round(us / MS) * MS);
}

/** Fewer clients and operations: drop a client, halve a client's copies, drop an operation line, halve a rate. */
export function workloadSteps(config: SimConfig): ShrinkStep[] {
  const steps: ShrinkStep[] = [];
  const clients = config.clients;
  const replace = (i: number, next: ClientConfig) => ({ ...config, clients: clients.map((c, j) => (j === i ? next : c)) });
  clients.forEach((client, i) => {
    steps.push({ describe: `drop client ${client.name}`, config: { ...config, clients: clients.filter((_, j) => j !== i) } });
    if (client.count > 1) steps.push({ describe: `client ${client.name}: ${Math.floor(client.count / 2)} copies instead of ${client.count}`, config: replace(i, { ...client, count: Math.floor(client.count / 2) }) });
    if (client.ops.length > 1) {
      client.ops.forEach((op, k) => {
        steps.push({ describe: `client ${client.name}: drop its ${op.op} line`, config: replace(i, { ...client, ops: client.ops.filter((_, m) => m !== k) }) });
      });
    }
    client.ops.forEach((op, k) => {
      if (op.intervalUs.max === 0 || op.intervalUs.min * 2 > config.runForUs) return;
      const slower = { min: op.intervalUs.min * 2, max: op.intervalUs.max * 2 };
      steps.push({
        describe: `client ${client.name}: ${op.op} every ${durationText(slower.min)} instead of ${durationText(op.intervalUs.min)}`,
        config: replace(i, { ...client, ops: client.ops.map((o, m) => (m === k ? { ...o, intervalUs: slower } : o)) }),
      });
    });
  });
  return steps;
}

/** End the run at `endUs` (whole milliseconds), dropping faults that would come after it. */
export function endAt(config: SimConfig, endUs: Micros): ShrinkStep | null {
  const runForUs = Math.ceil(endUs / MS) * MS;
  if (runForUs >= config.runForUs || runForUs <= 0) return null;
  const clients = config.clients
    .filter((c) => c.startUs < runForUs)
    .map((c) => (c.stopUs !== null && c.stopUs >= runForUs ? { ...c, stopUs: null } : c));
  return {
    describe: `end the run at ${durationText(runForUs)} instead of ${durationText(config.runForUs)}`,
    config: { ...config, runForUs, faults: config.faults.filter((f) => f.atUs < runForUs), clients },
  };
}
