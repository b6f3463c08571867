import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../../core/language/index.ts';
import { printScenario } from '../../../core/sweep/print-scenario.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';

const samples = join(import.meta.dirname, '../../../samples');

/** Everything but source positions and partition labels, which printing may change. */
function comparable(config: SimConfig): unknown {
  return JSON.parse(
    JSON.stringify(config, (key, value) => (key === 'line' ? undefined : key === 'label' ? undefined : value)),
  );
}

function roundTrip(config: SimConfig): SimConfig {
  const text = printScenario(config);
  const again = compile(text);
  const errors = again.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => `${d.range.start.line + 1}: ${d.message}`), [], text);
  assert.ok(again.config !== null, text);
  return again.config;
}

describe('printing a SimConfig back as .fault text', () => {
  for (const file of readdirSync(samples).filter((name) => name.endsWith('.fault'))) {
    const text = readFileSync(join(samples, file), 'utf8');
    for (const scenario of compile(text).scenarios) {
      it(`${file} "${scenario}" compiles back to the same config`, () => {
        const config = compile(text, scenario).config;
        if (config === null) return; // a sample with errors is other tests' business
        assert.deepEqual(comparable(roundTrip(config)), comparable(config));
      });
    }
  }

  it('durations, percentages, ranges, windows and random faults survive the round trip', () => {
    const text = `scenario "odd \\"values\\"" {
  seed 42
  run for 7500ms
  cluster {
    nodes a, b, c, d
    protocol raft {
      election timeout 123ms..457ms
      read mode local
    }
  }
  network {
    latency normal 5ms sd 1500us
    drop 7%
    bandwidth 100mbps
    link a <-> d latency exponential 40ms
  }
  clock c skew -1250ms drift -30ppm
  workload {
    client w * 3 {
      write k1, k2 every 90ms..110ms timeout 1s
      retry forever backoff constant 30ms jitter equal
    }
    client r {
      closed loop
      read k1
      timeout 250ms
      start at 1s
      stop at 6s
    }
  }
  faults {
    at 1s..2s crash b
    at 3s restart b
    from 1s to 2s drop 12.5% a, b -> c
    from 2s to 3s delay 30ms
    at 4s partition majorities ring
    at 5s heal
    at 5s partition a | c
    at 6s heal
    at 6s pause d for 300ms
    at 6500ms skew a +2s
    every 1s..2s random partition for 200ms..400ms on a, b, c
    every 2s random drop 30% for 1s
    every 3s random skew 500ms for 1s
  }
  expect {
    leader within 1s after crash
    no split brain
  }
}
`;
    const config = compile(text).config;
    assert.ok(config !== null);
    assert.deepEqual(comparable(roundTrip(config)), comparable(config));
  });
});

describe('a partition of one link both ways written back', () => {
  it('`partition a <-> b, c` prints as written and compiles back to the same cut', () => {
    const config = compile(`scenario "link" {
  run for 3s
  cluster {
    nodes a, b, c, d
    protocol raft
  }
  faults {
    at 1s partition a <-> b, c
    at 2s heal
  }
}
`).config;
    assert.ok(config !== null);
    assert.match(printScenario(config), /partition a <-> b, c/);
    assert.deepEqual(comparable(roundTrip(config)), comparable(config));
  });
});

describe('message lines written back', () => {
  it('a `sent at` line keeps its send time to the microsecond beside a `next` line, and compiles back to the same faults', () => {
    const config = compile(`scenario "one message" {
  run for 3s
  cluster {
    nodes n1, n2, n3
    protocol raft
  }
  faults {
    at 1s drop next AppendEntries n1 -> n2
    at 1.000002s drop AppendEntries n1 -> n2 sent at 1.000001s
    at 2s delay AppendEntries n2 -> n1 sent at 999us by 1.5ms
    at 2.5s deliver RequestVote n3 -> n1 sent at 2.499999s
  }
}
`).config;
    assert.ok(config !== null);
    // A send time that is not a whole millisecond, as the playground writes one (a drawn moment).
    const faults = config.faults.map((fault) => (fault.type === 'message' && fault.effect === 'deliver' ? { ...fault, sentAtUs: 2_123_457 } : fault));
    const printed = printScenario({ ...config, faults });
    assert.match(printed, /drop next AppendEntries n1 -> n2\n/);
    assert.match(printed, /drop AppendEntries n1 -> n2 sent at 1\.000001s\n/);
    assert.match(printed, /delay AppendEntries n2 -> n1 sent at 999us by 1\.5ms\n/);
    assert.match(printed, /deliver RequestVote n3 -> n1 sent at 2\.123457s\n/);
    assert.deepEqual(comparable(roundTrip({ ...config, faults })), comparable({ ...config, faults }));
  });
});

describe('durations written back as .fault text', () => {
  it('reads as decimal seconds or milliseconds when not a whole millisecond, and compiles back to the same microseconds', async () => {
    const { durationText } = await import('../../../core/sweep/format-values.ts');
    assert.equal(durationText(1_698_966), '1.698966s');
    assert.equal(durationText(45_123), '45.123ms');
    assert.equal(durationText(2_000_050), '2.00005s');
    assert.equal(durationText(1_500_000), '1.5s');
    assert.equal(durationText(999), '999us');
    assert.equal(durationText(-1_698_966), '-1.698966s');
    // Every one of these compiles back exactly (no float rounding on the way in).
    for (const us of [1, 999, 1_001, 45_123, 999_999, 1_000_001, 1_698_966, 123_456_789, 3_599_999_999]) {
      const config = compile(`scenario "t" { run for ${durationText(us)}\n cluster { nodes a, b, c\n protocol raft } }`).config;
      assert.equal(config?.runForUs, us, durationText(us));
    }
  });
});
