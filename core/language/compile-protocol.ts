// A scenario's protocol block as the simulator gets it: every declared option with its default,
// overridden by what the scenario writes. The compiler and the validator's checks that need the
// effective values (validate/cannot-work.ts) share it.

import type { OptionValue, ProtocolName, SimConfig } from '../types/sim-config.ts';
import type { OptionValueNode, Scenario } from './ast.ts';
import { protocolDeclaration } from '../protocols/options-registry.ts';

/** Needs a scenario whose cluster names a known protocol. */
export function compileProtocol(scenario: Scenario, nodes: readonly string[]): SimConfig['protocol'] {
  const protocol = scenario.cluster!.protocol!;
  const declaration = protocolDeclaration(protocol.name.name)!;
  const options: Record<string, OptionValue> = {};
  for (const option of declaration.options) {
    if (option.default !== null) options[option.name] = Array.isArray(option.default) ? [...option.default] : option.default;
  }
  // Defaults worked out from the cluster (see each option's `defaultDoc`).
  if (declaration.name === 'two_phase_commit') {
    options['coordinator'] = nodes.slice(0, 1);
    options['participants'] = nodes.slice(1);
  } else if (declaration.name === 'lease_lock') {
    options['holders'] = nodes.slice(1);
  }
  const repeated = new Map<string, string[]>();
  for (const option of protocol.options) {
    if (option.value === undefined) continue;
    const decl = declaration.options.find((d) => d.name === option.name);
    if (decl === undefined) continue;
    const value = optionValue(option.value, decl.type);
    if (decl.repeatable === true) repeated.set(option.name, [...(repeated.get(option.name) ?? []), String(value)]);
    else options[option.name] = value;
  }
  for (const [name, list] of repeated) options[name] = list;
  // An explicit coordinator changes who the default participants are.
  if (declaration.name === 'two_phase_commit' && !protocol.options.some((o) => o.name === 'participants')) {
    const coordinator = options['coordinator'] as string[];
    options['participants'] = nodes.filter((n) => !coordinator.includes(n));
  }
  return { name: declaration.name as ProtocolName, options, line: protocol.range.start.line + 1 };
}

function optionValue(node: OptionValueNode, type: string): OptionValue {
  switch (node.kind) {
    case 'Duration':
      return type === 'duration-range' ? { min: node.us, max: node.us } : node.us;
    case 'DurationRange':
      return { min: node.min.us, max: node.max.us };
    case 'Percent':
      return node.percent / 100;
    case 'Int':
      return node.value;
    case 'Rate':
      return node.perSecond;
    case 'Bool':
      return node.value;
    case 'Words':
      if (type === 'names') return node.words.map((w) => w.name);
      return node.words.map((w) => w.name).join(' ');
  }
}
