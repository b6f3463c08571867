// A run's verdicts travel ahead of its trace only when the trace takes long to pack: a small run's
// verdicts sent on their own were drawn first, and the trace's message waited behind that drawing.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { EARLY_VERDICTS_FROM, runAndPack } from '../../../webview/run-and-pack.ts';
import { WARM_UP_SCENARIO } from '../../../webview/warm-up.ts';

describe('verdicts ahead of the trace', () => {
  it('the Raft sample, a run of a few thousand events, sends its verdicts with its trace, not ahead of it', () => {
    const config = compile(readFileSync('samples/raft-leader-isolated.fault', 'utf8')).config!;
    let early = 0;
    runAndPack(config, { onVerdicts: () => early++ });
    assert.equal(early, 0);
  });

  it(`a run of ${EARLY_VERDICTS_FROM.toLocaleString('en-US')} events or more sends them once, ahead of the trace, with its event count`, () => {
    // The playground's warm-up cluster for 15 simulated seconds: about 30,000 events.
    const config = { ...compile(WARM_UP_SCENARIO).config!, runForUs: 15_000_000 };
    const seen: number[] = [];
    runAndPack(config, { onVerdicts: (verdicts) => seen.push(verdicts.events) });
    assert.equal(seen.length, 1);
    assert.ok(seen[0]! >= EARLY_VERDICTS_FROM, `${seen[0]} events`);
  });
});
