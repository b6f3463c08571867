// `faultline run`'s quorum line tells what the quorum strip shows: for Raft, when a majority was
// connected but no leader sat on it; for a leaderless store, what each side's replicas can still
// do for each key.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { summarize } from '../../cli/commands/run.ts';
import { compile } from '../../core/language/index.ts';
import { runScenario } from '../../core/run.ts';

const samplesDir = fileURLToPath(new URL('../../samples/', import.meta.url));

function summaryOfText(text: string, file = 'inline.fault'): string {
  const compiled = compile(text);
  assert.ok(compiled.config !== null, compiled.diagnostics.map((d) => d.message).join('; '));
  return summarize(runScenario(compiled.config), file);
}

const LEADERLESS_SPLIT = (options: string) => `scenario "leaderless split" {
  seed 1
  run for 4s
  cluster {
    nodes n1, n2, n3, n4, n5
    protocol leaderless {
      n 3
      ${options}
    }
  }
  workload {
    client c {
      write a, b, c, d, e every 100ms
    }
  }
  faults {
    from 1s to 3s partition n1, n2 | n3, n4, n5
  }
}`;

describe('the run summary’s quorum line follows the strip', () => {
  it('Raft: the isolated leader’s old followers had a majority but no leader from 2s to 2.171s', () => {
    const summary = summaryOfText(readFileSync(samplesDir + 'raft-leader-isolated.fault', 'utf8'), 'raft-leader-isolated.fault');
    assert.match(summary, /^quorum {4}a majority was connected for the whole run; no leader on the majority side 0s–\S+, 2s–2\.171s$/m);
  });

  it('Raft: no majority while one pause follows another is one stretch, not one per change of who is down', () => {
    const summary = summaryOfText(`scenario "staggered pauses" {
      seed 2
      run for 2s
      cluster {
        nodes n1, n2, n3, n4
        protocol raft
      }
      workload {
        client c {
          write x every 50ms
        }
      }
      faults {
        at 20ms crash n1
        at 1190ms pause n3 for 135ms
        at 1272ms pause n2 for 92ms
      }
    }`);
    assert.match(summary, /^quorum {4}no majority 1\.19s–1\.364s(;|$)/m);
  });

  it('leaderless: each side says for which keys it reaches a write or read quorum of the key’s home replicas', () => {
    const summary = summaryOfText(LEADERLESS_SPLIT('r 2\n      w 2'));
    const line = summary.split('\n').find((l) => l.startsWith('sides'))!;
    // Each key has 3 homes among 5 nodes; with R = W = 2 a key is served on the side that holds 2
    // of them, and refused on the other: no key is served on both sides.
    assert.equal(line, 'sides     1s–3s n3, n4, n5 (writes and reads for b, c, d · no quorum for a, e) | n1, n2 (writes and reads for a, e · no quorum for b, c, d)');
    assert.doesNotMatch(line, /leader/);
  });

  it('leaderless with a sloppy quorum: any W running nodes of a side will do, so both sides serve every key', () => {
    const line = summaryOfText(LEADERLESS_SPLIT('r 2\n      w 2\n      sloppy quorum on')).split('\n').find((l) => l.startsWith('sides'))!;
    assert.match(line, /n3, n4, n5 \(writes and reads for a, b, c, d \+1 more\) \| n1, n2 \(writes and reads for a, b, c, d \+1 more\)/);
  });

  it('a one-way cut bridged by other nodes splits nobody, and the line no longer says every node could reach every other', () => {
    const text = (faults: string) => `scenario "2pc one-way" {
      seed 9
      run for 3s
      cluster {
        nodes tm, a, b
        protocol two_phase_commit {
          coordinator tm
          participants a, b
        }
      }
      workload {
        client shop {
          transfer x every 80ms
        }
      }
      faults {
        ${faults}
      }
    }`;
    const sides = (summary: string) => summary.split('\n').find((l) => l.startsWith('sides'))!;
    const cut = summaryOfText(text('at 1s partition tm -> a\n        at 2s heal'));
    assert.match(cut, /^faults {4}1s partition tm -> a · 2s heal$/m);
    assert.equal(sides(cut), 'sides     no cut split the running nodes into sides: each left a two-way path through other nodes (the cut links themselves carried nothing; nodes do not relay)');
    const uncut = summaryOfText(text('at 1s crash b\n        at 2s restart b'));
    assert.equal(sides(uncut), 'sides     every running node could reach every other for the whole run');
  });
});
