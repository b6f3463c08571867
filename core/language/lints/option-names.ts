// The protocol option names the lints read, with the spellings each protocol may declare.
// Protocols declare their options in core/protocols/<name>/options.ts; the first name found in
// a scenario wins, so a renamed option needs only one more spelling here.

export const OPTION_NAMES = {
  replication: ['replication'],
  failover: ['failover'],
  readYourWrites: ['read your writes', 'read-your-writes', 'session guarantee', 'sessions'],
  replicaCount: ['n', 'replicas', 'replication factor'],
  readQuorum: ['r', 'read quorum'],
  writeQuorum: ['w', 'write quorum'],
  conflictResolution: ['conflict resolution', 'conflicts', 'resolve conflicts', 'resolution'],
  fencing: ['fencing tokens', 'fencing'],
  leaseTtl: ['lease ttl', 'ttl', 'lease'],
  coordinatorRecovery: ['coordinator recovery', 'recovery'],
} as const;
