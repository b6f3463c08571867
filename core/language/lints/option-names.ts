// The protocol option names the lints read, exactly as declared in
// core/protocols/<name>/options.ts. Unset options take the declared default (see context.ts).

export const OPTION_NAMES = {
  replication: 'replication',
  failover: 'failover',
  readsFrom: 'reads from',
  readYourWrites: 'read your writes',
  replicaCount: 'n',
  readQuorum: 'r',
  writeQuorum: 'w',
  conflictResolution: 'conflict resolution',
  fencing: 'fencing tokens',
  leaseTtl: 'ttl',
  coordinatorRecovery: 'coordinator recovery',
} as const;
