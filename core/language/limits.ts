// Every cap the language puts on a file and its scenarios, in one place. The validator checks
// each one, whatever way the thing is said (`nodes 10000` and a list of 10,000 names meet the
// same cap), docs/language.md states them under "Limits", and the editor, the compiler and the
// simulator rely on them: nothing the validator accepts may exhaust the stack or the memory.

export { MAX_NODES } from './node-names.ts';
export { MAX_DEPTH as MAX_BLOCK_DEPTH } from './balance.ts';

/** Identical clients one `client name * N` line may stand for. */
export const MAX_CLIENT_COUNT = 10_000;

/** Client instances in one scenario, all client lines together (the simulator gives each its own state). */
export const MAX_CLIENT_INSTANCES = 10_000;

/** Scenarios in one file. */
export const MAX_SCENARIOS = 10_000;

/** Scenarios above one scenario through `extends` (its parent, the parent's parent...). */
export const MAX_EXTENDS_DEPTH = 32;

/** Simulated time one run may last: 7 days, in microseconds. */
export const MAX_RUN_FOR_US = 7 * 24 * 3_600_000_000;
