// Property: scenarios generated from the grammar's valid forms analyze without an error and
// compile to a config whose faults and clients name only the cluster's nodes.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile } from '../../../core/language/index.ts';
import { PROTOCOLS, type OptionDeclaration } from '../../../core/protocols/options-registry.ts';
import { describe_ } from './helpers.ts';

const ms = (n: number) => `${n}ms`;

function optionLine(option: OptionDeclaration, nodes: string[]): fc.Arbitrary<string> {
  const line = (value: fc.Arbitrary<string>) => value.map((v) => `${option.name} ${v}`);
  switch (option.type) {
    case 'duration':
      return line(fc.integer({ min: 1, max: 5000 }).map(ms));
    case 'duration-range':
      return line(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 500 })).map(([a, b]) => `${ms(a)}..${ms(a + b)}`));
    case 'int':
      return line(fc.integer({ min: option.min ?? 0, max: 3 }).map(String));
    case 'percent':
      return line(fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`));
    case 'bool':
      return line(fc.constantFrom('on', 'off', 'true', 'false'));
    case 'enum':
      return line(fc.constantFrom(...(option.values ?? [])));
    case 'names':
      return line(fc.subarray(nodes, { minLength: 1 }).map((n) => n.join(', ')));
    case 'rate':
      return line(fc.integer({ min: 1, max: 1000 }).map((n) => `${n}/s`));
    case 'words':
      return line(fc.constantFrom('reserve on n1 compensate release', 'charge'));
  }
}

const scenario = fc.integer({ min: 3, max: 6 }).chain((count) => {
  const nodes = Array.from({ length: count }, (_, i) => `n${i + 1}`);
  const node = fc.constantFrom(...nodes);
  const group = fc.subarray(nodes, { minLength: 1, maxLength: count - 1 });
  const time = fc.integer({ min: 0, max: 9_000 }).map(ms);
  const protocol = fc.constantFrom(...PROTOCOLS).chain((p) =>
    fc
      .subarray(p.options.filter((o) => !(p.name === 'leaderless' && ['n', 'r', 'w'].includes(o.name))) as OptionDeclaration[])
      .chain((options) => (options.length === 0 ? fc.constant([] as string[]) : fc.tuple(...options.map((o) => optionLine(o, nodes)))))
      .map((lines) => `    protocol ${p.name} {\n${lines.map((l) => `      ${l}`).join('\n')}\n    }`),
  );
  const fault = fc.oneof(
    fc.tuple(time, node).map(([t, n]) => `at ${t} pause ${n} for 100ms`),
    fc.tuple(time, group).map(([t, g]) => `from ${t} to 9999ms drop 10% ${g.join(', ')} -> ${nodes.filter((n) => !g.includes(n)).join(', ')}`),
    fc.tuple(time, node).map(([t, n]) => `at ${t} skew ${n} -50ms`),
    fc.constantFrom('every 1s..2s random crash for 100ms..200ms', 'every 3s random drop 5% for 1s', 'every 2s random skew 10ms for 1s'),
  );
  const client = fc.tuple(fc.constantFrom('read', 'write', 'cas', 'increment'), fc.integer({ min: 1, max: 500 }), fc.boolean()).map(
    ([op, every, retry]) => `    client CLIENT {\n      ${op} k every ${ms(every)}\n      timeout 1s\n${retry ? '      retry 2 backoff exponential 10ms..1s jitter full\n' : ''}    }`,
  );
  return fc
    .tuple(protocol, fc.array(fault, { maxLength: 6 }), fc.array(client, { maxLength: 3 }), fc.integer({ min: 0, max: 1_000_000 }))
    .map(([protocolBlock, faults, clients, seed]) => ({
      nodes,
      text: `scenario "generated" {
  seed ${seed}
  run for 10s
  cluster {
    nodes ${nodes.join(', ')}
${protocolBlock}
  }
  network {
    latency 1ms..5ms
  }
  workload {
${clients.map((c, i) => c.replace('CLIENT', `c${i}`)).join('\n')}
  }
  faults {
    at 1s partition ${nodes[0]} | ${nodes.slice(1).join(', ')}
    at 2s heal
    at 3s crash ${nodes[1]}
    at 4s restart ${nodes[1]}
${faults.map((f) => `    ${f}`).join('\n')}
  }
  expect {
    no split brain
  }
}
`,
    }));
});

describe('generated valid scenarios', () => {
  it('analyze without an error and compile to a config naming only declared nodes', () => {
    fc.assert(
      fc.property(scenario, ({ nodes, text }) => {
        const result = compile(text);
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        assert.deepEqual(errors, [], `${text}\n${describe_(errors)}`);
        assert.ok(result.config !== null);
        assert.deepEqual(result.config.nodes, nodes);
        for (const fault of result.config.faults) {
          if ('node' in fault) assert.ok(nodes.includes(fault.node));
          if (fault.type === 'link-window') for (const [a, b] of fault.links) assert.ok(nodes.includes(a) && nodes.includes(b));
        }
      }),
      { numRuns: 200 },
    );
  });
});
