// Syntax-tree snapshots, one per construct of the language. The expected trees live in
// __snapshots__/syntax-tree.json (ranges written `line:char-line:char`, 0-based). A test fails
// when the tree differs; to accept a deliberate change, run with UPDATE_SNAPSHOTS=1 and review
// the diff of the snapshot file.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../../core/language/index.ts';
import { compactTree, describe_ } from './helpers.ts';

const snapshotFile = fileURLToPath(new URL('./__snapshots__/syntax-tree.json', import.meta.url));
const updating = process.env['UPDATE_SNAPSHOTS'] === '1';
const stored: Record<string, unknown> = existsSync(snapshotFile) ? JSON.parse(readFileSync(snapshotFile, 'utf8')) : {};
const written: Record<string, unknown> = {};

/** Each construct, as a scenario small enough to read in the snapshot. */
const cases: Record<string, string> = {
  'scenario header, extends, seed and run for': `scenario "base" {
  seed 7
  run for 10s
}
scenario "child" extends "base" {
  run for 1.5m
}
`,
  'cluster with listed nodes and raft options of every type': `scenario "s" {
  cluster {
    nodes n1, n2, n3
    protocol raft {
      election timeout 150ms..300ms
      heartbeat every 50ms
      pre vote on
      check quorum false
      read mode read_index
      max entries per append 16
    }
  }
}
`,
  'cluster with a node count': `scenario "s" {
  cluster {
    nodes 5
    protocol leaderless { n 3  }
  }
}
`,
  'options: enums, names, repeatable words, rates': `scenario "pb" {
  cluster {
    nodes 3
    protocol primary_backup {
      replication semi_sync
      failure detection timeout 2s
    }
  }
}
scenario "2pc" {
  cluster {
    nodes c, p1, p2
    protocol two_phase_commit {
      coordinator c
      participants p1, p2
    }
  }
}
scenario "saga" {
  cluster {
    nodes 3
    protocol saga {
      step reserve on n2 compensate release
      step charge on n3 compensate refund
    }
  }
}
scenario "service" {
  cluster {
    nodes 2
    protocol service { capacity 200/s }
  }
}
`,
  'network: latency distributions, loss, bandwidth, links and regions': `scenario "s" {
  network {
    latency 2ms..10ms
    latency normal 5ms sd 2ms
    latency exponential 5ms
    latency 7ms
    drop 0.5%
    duplicate 0.1%
    reorder 1%
    bandwidth 100mbps
    link n1 <-> n3 latency 80ms
    link n1 -> n2 drop 10% latency 1ms
    region eu n1, n2
  }
}
`,
  'clock skew and drift': `scenario "s" {
  clock n3 skew +120ms drift 40ppm
  clock n1 skew -2s
}
`,
  'workload: operations, timeouts, retries, idempotency, routing, loops': `scenario "s" {
  workload {
    client alice {
      write x every 100ms
      read x, y every 50ms..80ms
      timeout 400ms
      retry 3 backoff exponential 50ms..2s jitter full
      idempotency key ttl 1h
      read from any
      start at 1s
      stop at 8s
    }
    client bob { read x every 50ms from follower }
    client web * 100 { request every 1s timeout 2s }
    client loop {
      cas k
      closed loop
      retry forever backoff constant 100ms
    }
  }
}
`,
  'faults at a time, in a window and at a random time': `scenario "s" {
  faults {
    at 6s crash n2
    at 7.5s restart n2
    at 3s pause n1 for 1s
    at 5s heal
    at 4s skew n2 +2s
    at 2s..4s crash n1
    from 1s to 4s drop 30% n1 -> n2
    from 1s to 4s delay 200ms n1 <-> n2
    from 1s to 4s duplicate 20% n1 -> n2, n3
    from 1s to 2s crash n3
  }
}
`,
  'partitions: symmetric, one-way, majorities ring, bridge': `scenario "s" {
  faults {
    at 2s partition n1 | n2, n3
    at 2s partition n1 -> n2, n3
    at 2s partition majorities ring
    at 2s partition bridge n3
  }
}
`,
  'random faults': `scenario "s" {
  faults {
    every 2s..5s random crash for 1s..3s
    every 2s..5s random partition for 1s..2s
    every 3s random pause for 500ms on n1, n2
    every 4s random skew 1s for 2s
    every 4s random drop 30% for 1s
  }
}
`,
  'every expectation': `scenario "s" {
  expect {
    linearizable
    sequential
    read your writes
    monotonic reads
    monotonic writes
    writes follow reads
    no lost writes
    no duplicate effects
    no stale reads
    no split brain
    converges
    one leader per term
    leader within 1s after heal
    no leader
    writes commit within 2s
    no writes commit
    raft safety
  }
}
`,
  'comments, blank lines and a one-line block': `// a comment
/* a block
   comment */ scenario "s" { seed 3 }   // trailing

scenario "t" { run for 1s }
`,
};

describe('syntax tree snapshots', () => {
  after(() => {
    if (updating) writeFileSync(snapshotFile, JSON.stringify({ ...stored, ...written }, null, 1) + '\n');
  });

  for (const [name, text] of Object.entries(cases)) {
    it(`reads ${name} into the stored tree`, () => {
      const { ast, diagnostics } = analyze(text);
      const syntaxProblems = diagnostics.filter((d) => /^FL0[01]/.test(d.code));
      assert.deepEqual(syntaxProblems, [], describe_(syntaxProblems));
      const tree = compactTree(ast);
      if (updating) {
        written[name] = tree;
        return;
      }
      assert.ok(name in stored, `no stored snapshot for "${name}"; run with UPDATE_SNAPSHOTS=1 and review it`);
      assert.deepEqual(tree, stored[name]);
    });
  }

  it('stores no snapshot for a construct that no longer has a case', () => {
    if (updating) return;
    assert.deepEqual(Object.keys(stored).filter((k) => !(k in cases)), []);
  });
});
