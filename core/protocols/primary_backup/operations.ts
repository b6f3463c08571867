// The client operations primary/backup serves: reads, and the writes the primary logs and
// applies (apply.ts). Any other fails on every try, which the validator says before the run (FL054).

export const PRIMARY_BACKUP_WRITES: ReadonlySet<string> = new Set(['write', 'cas', 'increment', 'append']);

export function primaryBackupRefuses(op: string): string | undefined {
  return op === 'read' || PRIMARY_BACKUP_WRITES.has(op) ? undefined : `primary/backup has no \`${op}\`: it serves read, write, cas, append and increment`;
}
