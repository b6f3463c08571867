// Every cap the language puts on a file and its scenarios, in one place. The validator checks
// each one, whatever way the thing is said (`nodes 10000` and a list of 10,000 names meet the
// same cap), docs/language.md states them under "Limits", and the editor, the compiler and the
// simulator rely on them: nothing the validator accepts may exhaust the stack or the memory.

// A leaf module (no imports but type-free constants): the simulator reads these caps too, and must
// not pull the parser (chevrotain) into the run worker or a CommonJS test with them.
export { MAX_NODES } from './node-names.ts';

/** Blocks nested deeper than this are reported (FL006) and their content dropped (balance.ts). */
export const MAX_BLOCK_DEPTH = 32;

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

/**
 * The longest delay a message fault line (`delay next ... by D`) and the debugger's "delay this
 * message" accept: an hour of simulated time, the language's largest unit. The shortest is a
 * microsecond (the language's smallest step): a delay of nothing changes nothing.
 */
export const MAX_MESSAGE_DELAY_US = 3_600_000_000;
