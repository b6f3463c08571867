// Every protocol's options, declared once. The parser matches option lines against these, the
// validator checks values, the compiler fills defaults, and completion, hover and the docs
// read the same `doc` lines. Adding a protocol: one options.ts next to its code, one line here.

import type { OptionValue, ProtocolName } from '../types/sim-config.ts';
import { raftOptions } from './raft/options.ts';
import { primaryBackupOptions } from './primary_backup/options.ts';
import { leaderlessOptions } from './leaderless/options.ts';
import { twoPhaseCommitOptions } from './two_phase_commit/options.ts';
import { sagaOptions } from './saga/options.ts';
import { leaseLockOptions } from './lease_lock/options.ts';
import { serviceOptions } from './service/options.ts';

/**
 * duration: `150ms` (compiles to microseconds); duration-range: `150ms..300ms` ({min, max} in
 * microseconds; a single duration d means d..d); int; percent (compiles to a fraction 0..1);
 * bool (`on`/`off`/`true`/`false`); enum (one of `values`); names (`n1, n2`); rate (`200/s`,
 * per second); words (free words, kept as one string).
 */
export type OptionType = 'duration' | 'duration-range' | 'int' | 'percent' | 'bool' | 'enum' | 'names' | 'rate' | 'words';

export type OptionDeclaration = {
  /** As written in a scenario; may be several words (`election timeout`). Also the key in SimConfig. */
  name: string;
  type: OptionType;
  /** The unit shown in docs and completion (`ms`, `/s`). */
  unit?: string;
  /** The choices of an enum. */
  values?: readonly string[];
  /**
   * Filled in when the scenario does not set the option. null means "worked out from the
   * cluster" (see `defaultDoc`), or no value at all.
   */
  default: OptionValue | null;
  /** For a null default, what the default is in words (`the first node`). */
  defaultDoc?: string;
  /** May appear on several lines; the values collect into a list (saga `step`). */
  repeatable?: boolean;
  /** Smallest allowed int. */
  min?: number;
  /** One line, in our own words, for hover, completion and docs. */
  doc: string;
};

/**
 * A role a fault can aim at instead of a node (`crash leader`): the word a scenario writes, in
 * the protocol's own vocabulary, and the `role` its `state` effects report for the node that
 * holds it. Resolved when the fault fires (core/sim/role-holder.ts), so the fault follows the run.
 */
export type RoleDeclaration = {
  word: string;
  /** The `role` value of the holder's `state` effects. */
  stateRole: string;
  /** One line, in our own words, for hover, completion and docs. */
  doc: string;
};

export type ProtocolDeclaration = {
  name: ProtocolName;
  /** One line saying what the protocol models. */
  doc: string;
  options: readonly OptionDeclaration[];
  /** The roles fault lines may name; none when every node is alike (leaderless). */
  roles?: readonly RoleDeclaration[];
  /**
   * Why every try of client operation `op` fails under these (compiled) options; undefined when
   * the protocol serves it. The validator warns about such an operation line (FL054). Absent:
   * the protocol serves whatever a client sends.
   */
  refuses?: (op: string, options: Readonly<Record<string, OptionValue>>) => string | undefined;
};

export const PROTOCOLS: readonly ProtocolDeclaration[] = [
  raftOptions,
  primaryBackupOptions,
  leaderlessOptions,
  twoPhaseCommitOptions,
  sagaOptions,
  leaseLockOptions,
  serviceOptions,
];

const byName = new Map<string, ProtocolDeclaration>(PROTOCOLS.map((p) => [p.name, p]));

export function protocolDeclaration(name: string): ProtocolDeclaration | undefined {
  return byName.get(name);
}

export function optionDeclaration(protocol: string, option: string): OptionDeclaration | undefined {
  return byName.get(protocol)?.options.find((o) => o.name === option);
}

export const PROTOCOL_NAMES: readonly ProtocolName[] = PROTOCOLS.map((p) => p.name);
