// The protocol option declarations: complete, consistent, and readable back by the parser.

import assert from 'node:assert/strict';
import { PROTOCOLS, protocolDeclaration, type OptionDeclaration } from '../../../core/protocols/options-registry.ts';
import { compile } from '../../../core/language/index.ts';
import { durationText } from '../../../core/language/values.ts';
import type { OptionValue } from '../../../core/types/sim-config.ts';
import { describe_ } from './helpers.ts';

/** The default written the way a person would type it, or undefined when it has no text form. */
function written(option: OptionDeclaration): string | undefined {
  const value = option.default;
  if (value === null || (Array.isArray(value) && value.length === 0)) return undefined;
  switch (option.type) {
    case 'duration':
      return durationText(value as number);
    case 'duration-range': {
      const range = value as { min: number; max: number };
      return `${durationText(range.min)}..${durationText(range.max)}`;
    }
    case 'bool':
      return value ? 'on' : 'off';
    case 'rate':
      return `${value as number}/s`;
    case 'percent':
      return `${(value as number) * 100}%`;
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

describe('protocol option declarations', () => {
  it('declare the seven protocols of the first issue, once each', () => {
    assert.deepEqual(
      PROTOCOLS.map((p) => p.name).sort(),
      ['leaderless', 'lease_lock', 'primary_backup', 'raft', 'saga', 'service', 'two_phase_commit'],
    );
  });

  for (const protocol of PROTOCOLS) {
    it(`${protocol.name}: names are unique lower-case words, docs are one line, defaults fit their type`, () => {
      const names = protocol.options.map((o) => o.name);
      assert.equal(new Set(names).size, names.length, 'duplicate option name');
      for (const option of protocol.options) {
        assert.match(option.name, /^[a-z]+( [a-z]+)*$/, option.name);
        assert.ok(option.doc.length > 15 && !option.doc.includes('\n'), `${option.name}: doc`);
        if (option.default === null) assert.ok(option.defaultDoc !== undefined, `${option.name}: a computed default says what it is`);
        if (option.type === 'enum') {
          assert.ok(option.values !== undefined && option.values.length >= 2, `${option.name}: choices`);
          assert.ok(option.default === null || option.values.includes(option.default as string), `${option.name}: default is a choice`);
        }
        if (option.type === 'bool') assert.equal(typeof option.default, 'boolean', option.name);
        if (option.type === 'int') assert.ok(Number.isInteger(option.default), option.name);
      }
    });

    it(`${protocol.name}: every default, written out as text, compiles back to itself`, () => {
      const lines = protocol.options.map((o) => [o, written(o)] as const).filter(([, text]) => text !== undefined);
      const text = `scenario "s" {\n  run for 1s\n  cluster {\n    nodes 3\n    protocol ${protocol.name} {\n${lines.map(([o, t]) => `      ${o.name} ${t}`).join('\n')}\n    }\n  }\n}\n`;
      const result = compile(text);
      assert.ok(result.config !== null, describe_(result.diagnostics));
      for (const [option] of lines) {
        assert.deepEqual(result.config.protocol.options[option.name], option.default as OptionValue, option.name);
      }
    });
  }

  it('looks a protocol up by name', () => {
    assert.equal(protocolDeclaration('raft')?.options.find((o) => o.name === 'election timeout')?.type, 'duration-range');
    assert.equal(protocolDeclaration('paxos'), undefined);
  });
});
