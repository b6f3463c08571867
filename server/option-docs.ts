// Reading the protocols' option declarations for hover, completion and signature help: the
// option a statement names, and a declaration's type, unit and default in words.

import { optionDeclaration, protocolDeclaration, type OptionDeclaration } from '../core/protocols/options-registry.ts';
import type { OptionValue } from '../core/types/sim-config.ts';
import { formatMicros } from '../core/explain/units.ts';

/** The declared option whose name the words start with (the longest such name). */
export function optionForWords(protocol: string | undefined, words: string): OptionDeclaration | undefined {
  if (protocol === undefined) return undefined;
  const declaration = protocolDeclaration(protocol);
  if (declaration === undefined) return undefined;
  let best: OptionDeclaration | undefined;
  for (const option of declaration.options) {
    if (words === option.name || words.startsWith(option.name + ' ')) {
      if (best === undefined || option.name.length > best.name.length) best = option;
    }
  }
  return best ?? optionDeclaration(protocol, words);
}

export function formatOptionValue(option: OptionDeclaration, value: OptionValue | null): string {
  if (value === null) return option.defaultDoc ?? 'none';
  const isTime = option.type === 'duration' || option.type === 'duration-range';
  if (typeof value === 'number') {
    if (isTime) return formatMicros(value);
    if (option.type === 'percent') return `${Math.round(value * 10000) / 100}%`;
    if (option.type === 'rate') return `${value}/s`;
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(', ');
  return isTime ? `${formatMicros(value.min)}..${formatMicros(value.max)}` : `${value.min}..${value.max}`;
}

const TYPE_WORDS: Record<OptionDeclaration['type'], string> = {
  duration: 'a duration',
  'duration-range': 'a duration or a range of durations (drawn per use)',
  int: 'a whole number',
  percent: 'a percentage',
  bool: 'on or off',
  enum: 'one of the listed choices',
  names: 'node names, separated by commas',
  rate: 'a rate per second',
  words: 'free words',
};

/** "Value: a duration (ms) · default 150 ms..300 ms" and the choices of an enum. */
export function describeOption(option: OptionDeclaration): string {
  const parts = [`Value: ${TYPE_WORDS[option.type]}${option.unit !== undefined ? ` (${option.unit})` : ''}`];
  if (option.values !== undefined) parts.push(`choices: ${option.values.map((v) => `\`${v}\``).join(', ')}`);
  parts.push(`default: ${formatOptionValue(option, option.default)}`);
  return parts.join(' · ');
}

/** A placeholder value for snippets and signature help: `150ms..300ms`, `on`, `3`. */
export function sampleValue(option: OptionDeclaration): string {
  const d = option.default;
  const unitless = (us: number): string => (us % 1_000_000 === 0 ? `${us / 1_000_000}s` : `${Math.round(us / 1000)}ms`);
  if (option.type === 'duration' && typeof d === 'number') return unitless(d);
  if (option.type === 'duration-range' && d !== null && typeof d === 'object' && !Array.isArray(d)) return `${unitless(d.min)}..${unitless(d.max)}`;
  if (option.type === 'bool') return d === true ? 'on' : 'off';
  if (option.type === 'enum') return typeof d === 'string' ? d : (option.values?.[0] ?? '');
  if (option.type === 'percent' && typeof d === 'number') return `${Math.round(d * 10000) / 100}%`;
  if (option.type === 'rate' && typeof d === 'number') return `${d}/s`;
  if (option.type === 'int' && typeof d === 'number') return String(d);
  if (option.type === 'names') return 'n1';
  return option.unit !== undefined ? `1${option.unit}` : 'value';
}
