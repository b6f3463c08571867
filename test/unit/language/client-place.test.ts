import assert from 'node:assert/strict';
import { analyze, compile } from '../../../core/language/index.ts';
import { printScenario } from '../../../core/sweep/print-scenario.ts';
import { errorsOf, scenarioWith } from './helpers.ts';

const network = '  network {\n    region eu n1, n2\n    region us n3\n  }';

describe('placing a client in the network (language)', () => {
  it('`client alice near n1` and `client web * 3 in eu` compile to a place; an unplaced client has none', () => {
    const text = scenarioWith({
      network,
      workload: '  workload {\n    client alice near n1 { write x every 100ms }\n    client web * 3 in eu { read x every 100ms }\n    client carol { read x every 1s }\n  }',
    });
    const result = compile(text);
    assert.deepEqual(errorsOf(result.diagnostics), []);
    const clients = result.config!.clients;
    assert.deepEqual(clients.map((c) => c.place), [{ near: 'n1' }, { region: 'eu' }, undefined]);
    assert.equal(clients[1]!.count, 3);
    assert.ok(!('place' in clients[2]!), 'no place key at all, so reports of unplaced clients keep their shape');
  });

  it('the syntax tree keeps the place with its range', () => {
    const text = scenarioWith({ workload: '  workload {\n    client alice near n1 { write x every 100ms }\n  }' });
    const client = analyze(text).ast.scenarios[0]!.workload!.clients[0]!;
    assert.equal(client.place?.word, 'near');
    assert.equal(client.place?.target.name, 'n1');
    const line = text.split('\n')[client.place!.range.start.line]!;
    assert.equal(line.slice(client.place!.range.start.character, client.place!.range.end.character), 'near n1');
  });

  it('a place that is no node or no region is reported with the names there are', () => {
    const near = analyze(scenarioWith({ workload: '  workload {\n    client alice near n9 { write x every 100ms }\n  }' })).diagnostics;
    assert.deepEqual(near.map((d) => d.code), ['FL020']);
    assert.match(near[0]!.message, /no node `n9`/);
    const region = analyze(scenarioWith({ network, workload: '  workload {\n    client alice in asia { write x every 100ms }\n  }' })).diagnostics;
    assert.deepEqual(region.map((d) => d.code), ['FL020']);
    assert.match(region[0]!.message, /no region `asia`.*Regions: eu, us/);
    const none = analyze(scenarioWith({ workload: '  workload {\n    client alice in eu { write x every 100ms }\n  }' })).diagnostics;
    assert.match(none[0]!.message, /No region is declared; declare one in the network block/);
    const missing = analyze(scenarioWith({ workload: '  workload {\n    client alice near { write x every 100ms }\n  }' })).diagnostics;
    assert.deepEqual(missing.map((d) => d.code), ['FL009']);
    assert.match(missing[0]!.message, /the node the client sits beside/);
  });

  it('a role cannot place a client: who leads changes during the run (FL048)', () => {
    const diagnostics = analyze(scenarioWith({ workload: '  workload {\n    client alice near leader { write x every 100ms }\n  }' })).diagnostics;
    assert.deepEqual(diagnostics.map((d) => d.code), ['FL048']);
  });

  it('the printer writes the place back and it compiles to the same clients', () => {
    const text = scenarioWith({ network, workload: '  workload {\n    client alice near n1 { write x every 100ms }\n    client web * 3 in eu { read x every 100ms }\n  }' });
    const config = compile(text).config!;
    const printed = printScenario(config);
    assert.match(printed, /client alice near n1 \{/);
    assert.match(printed, /client web \* 3 in eu \{/);
    const again = compile(printed).config!;
    assert.deepEqual(again.clients.map((c) => c.place), config.clients.map((c) => c.place));
  });

  it('a child scenario can place a parent\'s client', () => {
    const text = `${scenarioWith({ workload: '  workload {\n    client alice { write x every 100ms }\n  }' })}
scenario "child" extends "s" {
  workload {
    client alice near n2 { }
  }
}`;
    const result = compile(text, 'child');
    assert.deepEqual(errorsOf(result.diagnostics), []);
    assert.deepEqual(result.config!.clients[0]!.place, { near: 'n2' });
    assert.equal(result.config!.clients[0]!.ops.length, 1);
  });
});
