// Hover's run facts for a fault line that named a role: which node it hit, or that it hit none.

import { strict as assert } from 'node:assert';
import { compile } from '../../core/language/index.ts';
import { runScenario } from '../../core/run.ts';
import { faultNotes } from '../../server/live-fault-notes.ts';

const text = (faults: string) => `scenario "s" {
  seed 4
  run for 4s
  cluster {
    nodes n1, n2, n3
    protocol raft
  }
  faults {
${faults}
  }
}`;

describe('run facts on fault lines that name a role', () => {
  it('`crash leader` says whom it crashed; a role nobody holds says nothing happened', () => {
    const source = text('    at 1ms crash leader\n    at 2s crash leader\n    at 3s partition leader | rest');
    const report = runScenario(compile(source).config!);
    const byLine = new Map<number, string>();
    for (const note of faultNotes(report)) byLine.set(note.line, byLine.has(note.line) ? `${byLine.get(note.line)} / ${note.text}` : note.text);
    const lineOf = (needle: string) => source.split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.match(byLine.get(lineOf('at 1ms'))!, /^crash leader: no node is leader now, so nothing happened \(at 1 ?ms\)/);
    assert.match(byLine.get(lineOf('at 2s'))!, /^crash leader → n\d at 2 ?s/);
    assert.match(byLine.get(lineOf('at 3s'))!, /^partition \(leader \| rest → n\d \| n\d, n\d\) at 3 ?s/);
  });
});
