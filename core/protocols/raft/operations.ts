// The client operations Raft's key-value store serves (state-machine.ts executes them); any other
// fails on every try, which the validator says before the run (FL054).

export const RAFT_OPERATIONS: ReadonlySet<string> = new Set(['read', 'write', 'put', 'cas', 'append', 'increment']);

export function raftRefuses(op: string): string | undefined {
  return RAFT_OPERATIONS.has(op) ? undefined : `Raft's key-value store has no \`${op}\`: it serves read, write, cas, append and increment`;
}
