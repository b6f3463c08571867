// A history of client operations in Jepsen's shape: every operation is an `invoke` event
// followed (maybe) by its completion `ok`, `fail` or `info`. `info` means indeterminate: the
// operation may or may not have taken effect, at any time after its invocation.

import type { Micros } from './sim-config.ts';

export type HistoryEventType = 'invoke' | 'ok' | 'fail' | 'info';

/**
 * Values by operation: read → null on invoke, the value read (or null for absent) on ok;
 * write/put/append → the value written; cas → [expected, new].
 */
export type HistoryValue = null | number | string | [unknown, unknown] | unknown;

export type HistoryEvent = {
  /** Position in the history (0-based), stable for evidence links. */
  index: number;
  /** The client process: a client name, or a number for imported Jepsen histories. */
  process: string | number;
  type: HistoryEventType;
  /** Operation: read, write, cas (register); get, put, append (key-value); or a protocol's own. */
  f: string;
  key?: string;
  value: HistoryValue;
  time: Micros;
  /** Same id on an operation's invoke and its completion. */
  opId: number;
  /** Extra detail on a completion: which node served it, an error like `timeout`. */
  node?: string;
  error?: string;
};

export type History = HistoryEvent[];
