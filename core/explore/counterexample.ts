// A schedule that breaks a property, as a person reads it and as a scenario file: the actions
// in order (replayed from the initial state by their indexes, see explore.ts), and a scenario
// that pins the schedule for `faultline run` (replay.ts): its crashes, restarts and partitions
// as fault lines, its deliveries and losses of node messages as `deliver next` / `drop next`
// lines, its client operations as clients of their own, all at times on the simulator's clock.
// Whether the file really replays the violation is not assumed: the simulator runs it, and the
// counterexample says yes or no, and why.

import { printScenario } from '../sweep/print-scenario.ts';
import type { SimConfig } from '../types/sim-config.ts';
import { describeAction, enabledActions, type FaultBudget } from './actions.ts';
import { initialWorld } from './explore.ts';
import type { Property } from './properties.ts';
import { replayVerdict, timedConfig, timeSchedule } from './replay.ts';
import { applyAction } from './step.ts';
import type { Setting } from './world.ts';

export type Counterexample = {
  /** The expectation as written (or the built-in property). */
  expectation: string;
  /** Actions in the schedule. */
  depth: number;
  /** What broke, in words (the checker's sentence). */
  summary: string;
  steps: string[];
  /** A .fault scenario that pins the schedule (see replay.ts). */
  scenario: string;
  /** Whether `faultline run` of `scenario` breaks the same expectation (it was run to find out). */
  replays: boolean;
  /** Why it replays or not, in words. */
  replayNote: string;
};

export function buildCounterexample(
  config: SimConfig,
  setting: Setting,
  budget: FaultBudget,
  path: readonly number[],
  broken: { property: Property; summary: string },
): Counterexample {
  const root = initialWorld(setting);
  const steps: string[] = [];
  let world = root;
  for (let k = 0; k < path.length; k++) {
    const action = enabledActions(world, setting, budget)[path[k]!];
    if (action === undefined) throw new Error(`explore: the schedule does not replay at step ${k + 1}`);
    steps.push(describeAction(action, world, setting));
    world = applyAction(world, setting, action);
  }
  const timed = timeSchedule(setting, root, (w) => enabledActions(w, setting, budget), path, broken.property);
  const pinned = timedConfig({ ...config, scenario: `${config.scenario}: explored counterexample` }, timed);
  const verdict = replayVerdict(pinned, setting, broken.property, timed.obstacle);
  const comment = [
    `Found by faultline explore: "${broken.property.text}" breaks after ${path.length} step${path.length === 1 ? '' : 's'}.`,
    broken.summary,
    '',
    `replays: ${verdict.replays ? 'yes' : 'no'}, ${verdict.replays ? 'checked:' : 'because'} ${verdict.why}.`,
    '',
    'How the schedule is pinned: links between nodes are slower than the run, so a node message',
    'arrives only when a `deliver next` line says; client messages take the network latency; each',
    'client operation is a client of its own, near the node it asks; ranged timeouts are fixed at',
    'their low end. Timers cannot be pinned: they fire when due, as the (timed) lines show.',
    '',
    'The schedule on the simulator\'s clock:',
    ...timed.timeline,
  ];
  const scenario = printScenario(pinned, comment);
  return { expectation: broken.property.text, depth: path.length, summary: broken.summary, steps, scenario, replays: verdict.replays, replayNote: verdict.why };
}
