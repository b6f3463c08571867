// Hover's run facts on a fault line are the facts `faultline run` prints: the same report, the
// same list of leadership changes, in the protocol's own words.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../core/language/index.ts';
import { runScenario } from '../../core/run.ts';
import type { Report } from '../../core/types/report.ts';
import { summarize } from '../../cli/commands/run.ts';
import { faultNotes } from '../../server/live-fault-notes.ts';

const samplesDir = fileURLToPath(new URL('../../samples/', import.meta.url));

function sampleReport(file: string): { report: Report; text: string } {
  const text = readFileSync(samplesDir + file, 'utf8');
  const compiled = compile(text);
  assert.ok(compiled.config !== null, `${file} compiles`);
  return { report: runScenario(compiled.config), text };
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle));
}

const UNIT_US: Record<string, number> = { 'µs': 1, ms: 1_000, s: 1_000_000, min: 60_000_000, h: 3_600_000_000 };

/** "181.9ms" (hover and summary alike) in microseconds. */
function micros(text: string): number {
  const match = /^([\d.]+)\s*(µs|ms|s|min|h)$/.exec(text.trim());
  assert.ok(match !== null, `a duration: ${text}`);
  return Number(match[1]) * UNIT_US[match[2]!]!;
}

type Change = { node: string; term: string; at: number };

/** "n2 became leader (term 2) at 2.171s" → n2, "term 2", 2,171,000 µs. */
function claimedChange(claim: string): Change | null {
  const match = /^(\S+) (?:became leader|became primary|took the lock) \(([^)]+)\) at (.+)$/.exec(claim);
  return match === null ? null : { node: match[1]!, term: match[2]!, at: micros(match[3]!) };
}

/** The entries of the summary's `leaders` line: "216.7ms n1 (term 1) · 2.171s n2 (term 2)". */
function summaryChanges(line: string): Change[] {
  return line
    .replace(/^\S+\s+/, '')
    .split(' · ')
    .map((entry) => /^(\S+) (\S+) \(([^)]+)\)$/.exec(entry))
    .filter((m) => m !== null)
    .map((m) => ({ node: m[2]!, term: m[3]!, at: micros(m[1]!) }));
}

describe('hover run facts on fault lines', () => {
  it('the heal of an isolated Raft leader names no new leader: n2 was elected at 2.171s, before the heal', () => {
    const { report, text } = sampleReport('raft-leader-isolated.fault');
    const heal = faultNotes(report).filter((n) => n.line === lineOf(text, 'at 5s heal') + 1);
    assert.equal(heal.length, 1);
    assert.doesNotMatch(heal[0]!.text, /became leader/, heal[0]!.text);
    const partition = faultNotes(report).find((n) => n.line === lineOf(text, 'at 2s partition') + 1);
    assert.match(partition!.text, /n2 became leader \(term 2\) at 2\.171s/);
  });

  for (const file of ['raft-leader-isolated.fault', 'primary-backup-async-failover.fault', 'lease-lock-no-fencing.fault', 'raft-five-nodes.fault']) {
    it(`every leadership change a fault note names in ${file} is on the run summary's leaders line`, () => {
      const { report } = sampleReport(file);
      const summaryLine = summarize(report, file).split('\n').find((l) => /^(leaders|primaries|holders) /.test(l))!;
      const notes = faultNotes(report);
      assert.ok(notes.length > 0, 'the sample has fault lines');
      let claims = 0;
      for (const note of notes) {
        const claim = note.text.split('; ')[1];
        if (claim === undefined) continue;
        const change = claimedChange(claim);
        assert.ok(change !== null, `a note's claim is a leadership change: ${claim}`);
        // The summary rounds to 0.1 ms below a second and 1 ms above; the hover to 1 µs.
        const listed = summaryChanges(summaryLine).some((c) => c.node === change.node && c.term === change.term && Math.abs(c.at - change.at) <= 500);
        assert.ok(listed, `"${claim}" is on "${summaryLine}"`);
        claims++;
      }
      assert.ok(claims > 0, 'at least one fault was followed by a change of authority');
    });
  }

  it('primary/backup notes speak of primaries and epochs, a lease lock of lock holders and fencing tokens', () => {
    const primary = faultNotes(sampleReport('primary-backup-async-failover.fault').report).map((n) => n.text).join('\n');
    assert.match(primary, /became primary \(epoch \d+\)/);
    assert.doesNotMatch(primary, /leader|term/);
    const lock = faultNotes(sampleReport('lease-lock-no-fencing.fault').report).map((n) => n.text).join('\n');
    assert.match(lock, /took the lock \(fencing token \d+\)/);
    assert.doesNotMatch(lock, /leader|term/);
  });
});
