// A schedule that breaks a property, as a person reads it and as a scenario file: the actions
// in order (replayed from the initial state by their indexes, see explore.ts), and the scenario
// with the schedule's crashes, restarts and partitions as explicit fault lines at the times the
// explorer's clock gave them. Deliveries, drops and timer firings are listed as comments: the
// language has no lines that force one delivery order, so `faultline run` of the file replays
// the faults, not necessarily the interleaving.

import { printScenario } from '../sweep/print-scenario.ts';
import type { ScheduledFault, SimConfig } from '../types/sim-config.ts';
import { describeAction, enabledActions, isolationText, type FaultBudget } from './actions.ts';
import { initialWorld } from './explore.ts';
import type { Property } from './properties.ts';
import { applyAction } from './step.ts';
import { STEP_US, type Setting } from './world.ts';

export type Counterexample = {
  /** The expectation as written (or the built-in property). */
  expectation: string;
  /** Actions in the schedule. */
  depth: number;
  /** What broke, in words (the checker's sentence). */
  summary: string;
  steps: string[];
  /** A .fault scenario with the schedule's faults. */
  scenario: string;
};

export function buildCounterexample(
  config: SimConfig,
  setting: Setting,
  budget: FaultBudget,
  path: readonly number[],
  broken: { property: Property; summary: string },
): Counterexample {
  let world = initialWorld(setting);
  const steps: string[] = [];
  const faults: ScheduledFault[] = [];
  for (let k = 0; k < path.length; k++) {
    const actions = enabledActions(world, setting, budget);
    const action = actions[path[k]!];
    if (action === undefined) throw new Error(`explore: the schedule does not replay at step ${k + 1}`);
    steps.push(describeAction(action, world, setting));
    world = applyAction(world, setting, action);
    // The faults are placed at the explorer's clock, one millisecond apart so their order holds.
    const atUs = world.now + (k + 1) * STEP_US;
    if (action.kind === 'crash' || action.kind === 'restart') faults.push({ type: action.kind, node: setting.nodes[action.node]!, atUs, line: 0 });
    else if (action.kind === 'heal') faults.push({ type: 'heal', atUs, line: 0 });
    else if (action.kind === 'partition') {
      const inside = setting.nodes.filter((_, i) => (action.isolated & (1 << i)) !== 0);
      const outside = setting.nodes.filter((_, i) => (action.isolated & (1 << i)) === 0);
      const blocked: Array<[string, string]> = [];
      for (const a of inside) for (const b of outside) blocked.push([a, b], [b, a]);
      faults.push({ type: 'partition', partition: { blocked, label: isolationText(action.isolated, setting.nodes) }, atUs, line: 0 });
    }
  }
  const comment = [
    `Found by faultline explore: "${broken.property.text}" breaks after ${path.length} step${path.length === 1 ? '' : 's'}.`,
    broken.summary,
    '',
    'The schedule (timers fire in any order; messages arrive in the order listed):',
    ...steps.map((step, i) => `${String(i + 1).padStart(3)}. ${step}`),
  ];
  const scenario = printScenario({ ...config, scenario: `${config.scenario}: explored counterexample`, faults, randomFaults: [] }, comment);
  return { expectation: broken.property.text, depth: path.length, summary: broken.summary, steps, scenario };
}
