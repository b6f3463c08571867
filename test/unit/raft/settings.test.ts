// Raft's options travel from the .fault text, through the compiler, to the handlers' settings.

import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { DEFAULT_SETTINGS, readSettings } from '../../../core/protocols/raft/settings.ts';
import { raftOptions } from '../../../core/protocols/raft/options.ts';

function compiledOptions(block: string) {
  const text = `scenario "options" {\n  run for 1s\n  cluster {\n    nodes 3\n    protocol raft {\n${block}\n    }\n  }\n}`;
  const result = compile(text);
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
  return result.config!.protocol.options;
}

describe('Raft settings', () => {
  it('every option written in a scenario reaches the settings the handlers use', () => {
    const settings = readSettings(compiledOptions(`      election timeout 100ms..200ms
      heartbeat every 20ms
      pre vote on
      check quorum on
      read mode lease
      max entries per append 8`));
    assert.deepEqual(settings, {
      electionTimeoutUs: { min: 100_000, max: 200_000 },
      heartbeatUs: 20_000,
      preVote: true,
      checkQuorum: true,
      readMode: 'lease',
      maxEntriesPerAppend: 8,
      leaseUs: 90_000, // the minimum election timeout less the 10% clock-drift margin
    });
  });

  it('an empty protocol block gets the defaults the option declarations announce', () => {
    const settings = readSettings(compiledOptions(''));
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    const declared = Object.fromEntries(raftOptions.options.map((option) => [option.name, option.default]));
    assert.deepEqual(declared['election timeout'], settings.electionTimeoutUs);
    assert.equal(declared['heartbeat every'], settings.heartbeatUs);
    assert.equal(declared['pre vote'], settings.preVote);
    assert.equal(declared['check quorum'], settings.checkQuorum);
    assert.equal(declared['read mode'], settings.readMode);
    assert.equal(declared['max entries per append'], settings.maxEntriesPerAppend);
  });
});
