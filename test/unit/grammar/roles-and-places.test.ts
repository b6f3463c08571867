// Highlighting of the words that make a scenario follow the run (`crash leader`, `rest`) and of
// where a client sits (`client alice near n1 {`), through the real TextMate engine.

import assert from 'node:assert/strict';
import { PROTOCOLS } from '../../../core/protocols/options-registry.ts';
import { scopesOf, tokenizeLines } from './tokenize.ts';

const document = `scenario "s" {
  network {
    region eu n1, n2
  }
  workload {
    client alice near n1 { write x every 100ms }
    client web * 10 in eu { read x every 100ms }
  }
  faults {
    at 2s crash leader
    at 3s pause holder for 1s
    at 4s partition coordinator | rest
    at 5s crash n3
  }
}`;

describe('grammar: roles in fault lines and client places', () => {
  let lines: Awaited<ReturnType<typeof tokenizeLines>>;
  before(async () => {
    lines = await tokenizeLines(document);
  });
  const on = (fragment: string) => lines[document.split('\n').findIndex((l) => l.includes(fragment))]!;

  it('a role a fault follows is scoped as a role, not as a node name', () => {
    assert.ok(scopesOf(on('crash leader'), 'leader').includes('support.constant.role.faultline'));
    assert.ok(scopesOf(on('pause holder'), 'holder').includes('support.constant.role.faultline'));
    assert.ok(scopesOf(on('coordinator | rest'), 'coordinator').includes('support.constant.role.faultline'));
    assert.ok(scopesOf(on('coordinator | rest'), 'rest').includes('support.constant.role.faultline'));
    assert.ok(scopesOf(on('crash n3'), 'n3').includes('variable.other.node.faultline'));
  });

  it('every role a protocol declares is in the grammar', async () => {
    for (const role of PROTOCOLS.flatMap((p) => p.roles ?? [])) {
      const [tokens] = await tokenizeLines(`scenario "s" {\n  faults {\n    at 1s crash ${role.word}\n  }\n}`).then((l) => [l[2]!]);
      assert.ok(scopesOf(tokens!, role.word).includes('support.constant.role.faultline'), role.word);
    }
  });

  it('`near NODE` and `in REGION` in a client header are a keyword and a node or region', () => {
    const near = on('alice near n1');
    assert.ok(scopesOf(near, 'near').includes('keyword.other.setting.place.faultline'));
    assert.ok(scopesOf(near, 'n1').includes('variable.other.node.faultline'));
    assert.ok(scopesOf(near, 'alice').includes('entity.name.type.client.faultline'));
    assert.ok(scopesOf(near, 'write').some((s) => s.includes('function') || s.includes('operation')), 'the block after the place is still a client block');
    const region = on('web * 10 in eu');
    assert.ok(scopesOf(region, 'in').includes('keyword.other.setting.place.faultline'));
    assert.ok(scopesOf(region, 'eu').includes('entity.name.tag.region.faultline'));
  });
});
