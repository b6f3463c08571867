// A lock with a time lease, held by clients, guarding writes to a storage service.

import type { ProtocolDeclaration } from '../options-registry.ts';

export const leaseLockOptions: ProtocolDeclaration = {
  name: 'lease_lock',
  doc: 'A lock service grants time-limited leases; a holder that pauses past its lease may still act as if it held the lock.',
  options: [
    { name: 'ttl', type: 'duration', unit: 's', default: 10_000_000, doc: 'How long a lease lasts unless it is renewed.' },
    {
      name: 'keep alive every',
      type: 'duration',
      unit: 's',
      default: 3_000_000,
      doc: 'How often a holder renews its lease.',
    },
    {
      name: 'fencing tokens',
      type: 'bool',
      default: false,
      doc: 'Each grant carries a number that only grows; holders send it with every write.',
    },
    {
      name: 'storage checks tokens',
      type: 'bool',
      default: true,
      doc: 'The storage rejects writes carrying a fencing token older than one it has already seen.',
    },
    {
      name: 'holders',
      type: 'names',
      default: null,
      defaultDoc: 'every node except the lock service (the first node)',
      doc: 'The nodes that compete for the lock.',
    },
  ],
  roles: [{ word: 'holder', stateRole: 'leader', doc: 'The node that believes it holds the lock when the fault fires (the newest fencing token, if an old holder still believes it holds it).' }],
};
