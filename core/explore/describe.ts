// An exploration's result as lines of text, for the CLI and the editor's output channel.

import type { ExploreResult } from './explore.ts';

/** 1234567 → 1,234,567 (whole counts only). */
function count(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+$)/g, ',');
}

function quoted(texts: readonly string[]): string {
  return texts.map((t) => `\`${t}\``).join(', ');
}

/**
 * The result in words: the count line, what held or what broke (each shortest schedule, step by
 * step), and what this mode could not check. `writtenTo`: where the counterexample scenario was
 * saved, else it is printed at the end.
 */
export function describeExploration(result: ExploreResult, seconds: number, how: { shards: boolean; writtenTo?: string; scenarioInline?: boolean }): string[] {
  const lines: string[] = [];
  const shards = how.shards;
  const counted = `explored ${count(result.states)} states (${count(result.distinct)} distinct${shards ? ', summed over shards' : ''}) to depth ${result.depth} in ${seconds.toFixed(1)} s`;
  if (result.violations.length === 0) {
    const checked = result.properties.length === 0 ? 'nothing to check (no safety expectation)' : `no schedule breaks ${quoted(result.properties)}`;
    lines.push(`${counted}: ${checked}`);
    if (result.exhausted) lines.push('the space was exhausted: every schedule within the fault budget and the scenario\'s run time was explored');
    else if (result.stoppedBy === 'depth') lines.push(`bound hit: schedules longer than ${result.depth} steps were not explored (raise --depth)`);
    else if (result.stoppedBy === 'max-states') lines.push(`budget ran out: ${count(result.distinct)} distinct states before the depth bound (raise --max-states)`);
    else if (result.stoppedBy === 'timeout') lines.push('budget ran out: the timeout came before the depth bound (raise --timeout)');
    else if (result.stoppedBy === 'limit') lines.push(`stopped at a model limit: ${result.limit}`);
  } else {
    lines.push(counted);
    for (const v of result.violations) {
      lines.push('', `\`${v.expectation}\` breaks after ${v.depth} step${v.depth === 1 ? '' : 's'} (the shortest schedule): ${v.summary}`);
      v.steps.forEach((step, i) => lines.push(`  ${String(i + 1).padStart(3)}. ${step}`));
      // Said, not assumed: the written scenario was run to find out.
      lines.push(`  replays: ${v.replays ? 'yes' : 'no'}, ${v.replays ? 'checked:' : 'because'} ${v.replayNote}`);
    }
    // The scenario shown is the first one that replays (else the first found), as --out writes.
    const first = replayable(result);
    if (how.writtenTo !== undefined) lines.push('', `the counterexample scenario was written to ${how.writtenTo}`);
    else if (how.scenarioInline !== false) lines.push('', 'the counterexample as a scenario (its faults and deliveries as explicit lines, the schedule in its comments):', '', first.scenario.trimEnd());
  }
  for (const n of result.notCheckable) lines.push(`not checkable in this mode: \`${n.text}\` (${n.reason})`);
  return lines;
}

/** The counterexample to write or show: the first whose scenario replays, else the first. */
export function replayable(result: ExploreResult): ExploreResult['violations'][number] {
  return result.violations.find((v) => v.replays) ?? result.violations[0]!;
}
