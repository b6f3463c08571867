// The actions a person takes by hand on a time-travel run (crash n2, drop next AppendEntries n1 ->
// n2, ...), kept twice over and in step: as fault lines of the scenario fork that "save as
// scenario" writes, and as the scheduled faults the run was forked with. One list, shared by the
// playground (PlayableRun) and the debugger (cli/dap), so taking, undoing and saving an action mean
// the same in both.

import type { TimeTravelRun } from '../sim/time-travel.ts';
import type { Micros, ScheduledFault, SimConfig } from '../types/sim-config.ts';
import { compileAction, fileWithFork, forkName, forkScenarioText, type ScenarioFork } from './scenario-fork.ts';

export type ActResult = { ok: true; line: string } | { ok: false; error: string };

export type SavedFork = { name: string; scenarioText: string; fileText: string };

export class HandActions {
  private fork: ScenarioFork;
  private readonly faults: ScheduledFault[] = [];
  /** The run's event (its cursor) each action was taken at, as TimeTravelRun keeps them. */
  private readonly takenAt: number[] = [];

  constructor(fork: ScenarioFork) {
    this.fork = fork;
  }

  /** The fault lines taken so far, oldest first (the breadcrumb). */
  get lines(): readonly string[] {
    return this.fork.lines;
  }

  get count(): number {
    return this.faults.length;
  }

  /**
   * The moment an action taken now happens: the cursor's, moved a few events forward to a moment
   * no other event shares (TimeTravelRun.momentForAction) so the saved scenario replays the fork.
   */
  static momentAt(run: TimeTravelRun): { ok: true; at: Micros } | { ok: false; error: string } {
    try {
      return { ok: true, at: run.momentForAction() };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }

  /** Compiles `action` for the moment `at` and forks `run` with it; the run is re-run to its end. */
  take(run: TimeTravelRun, action: string, at: Micros): ActResult {
    const compiled = compileAction(this.fork, action, at);
    if (!compiled.ok) return compiled;
    const cursor = run.cursor;
    run.act(compiled.fault);
    // Taken before an earlier action, it forks before it: the run forgets the actions taken after
    // the cursor's event with the rest of their future (TimeTravelRun.act, the same rule), so the
    // lines must too, or the saved file and undo would speak of a fork nobody sees. Actions are in
    // event order (each forgets the later ones).
    const kept = this.takenAt.filter((event) => event <= cursor).length;
    const forgotten = this.faults.length - kept;
    this.faults.splice(kept);
    this.takenAt.splice(kept);
    this.takenAt.push(cursor);
    this.fork = { ...this.fork, lines: [...this.fork.lines.slice(0, this.fork.lines.length - forgotten), compiled.line] };
    this.faults.push(compiled.fault);
    return { ok: true, line: compiled.line };
  }

  /** Takes back the last action: `run` comes back event for event. Returns the line undone. */
  undo(run: TimeTravelRun): string | undefined {
    const undone = this.fork.lines[this.fork.lines.length - 1];
    if (undone === undefined) return undefined;
    run.undoTo(this.faults.length - 1);
    this.faults.pop();
    this.takenAt.pop();
    this.fork = { ...this.fork, lines: this.fork.lines.slice(0, -1) };
    return undone;
  }

  /** "Save as scenario": a child scenario that `extends` the one shown, with the actions as fault lines. */
  saved(): SavedFork {
    const name = forkName(this.fork);
    return { name, scenarioText: forkScenarioText(this.fork, name), fileText: fileWithFork(this.fork, name) };
  }

  /** `config` with the actions in it, stable-sorted by time as the compiler sorts a file's faults: the forked run. */
  replayConfig(config: SimConfig): SimConfig {
    return { ...config, faults: [...config.faults, ...this.faults].sort((a, b) => a.atUs - b.atUs) };
  }

  /**
   * Where the run as written and the forked one part: the earliest action's time (an action taken
   * later at an earlier cursor may come before the first one); null before any action.
   */
  forkedAt(): Micros | null {
    let earliest: Micros | null = null;
    for (const fault of this.faults) if (earliest === null || fault.atUs < earliest) earliest = fault.atUs;
    return earliest;
  }
}
