// The compact record the expectation deciders read: every protocol state change and every fault
// marker, kept whatever the trace settings (the trace may be off or capped; this stays small
// because it holds no messages).

import type { Micros } from '../types/sim-config.ts';

export type TimelineEntry =
  | { kind: 'state'; t: Micros; node: string; state: Readonly<Record<string, unknown>> }
  | { kind: 'crash' | 'restart' | 'pause' | 'resume' | 'clock-jump'; t: Micros; node: string }
  /** `blocked`: every directed link cut right after this change (the union of active partitions). */
  | { kind: 'partition'; t: Micros; blocked: ReadonlyArray<readonly [string, string]> }
  | { kind: 'heal' | 'link-window'; t: Micros };

export type Timeline = TimelineEntry[];
