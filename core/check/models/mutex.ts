// A mutex (initially free), as Knossos models it: `acquire` takes it when it is free, `release`
// frees it when it is held. Who holds it is not recorded; two acquires without a release
// between them cannot both succeed.

import { IMPOSSIBLE, Model } from '../model.ts';
import { partitionByKey } from './partition-by-key.ts';

export const mutexModel: Model<boolean> = {
  name: 'mutex',
  operations: ['acquire', 'release'],
  init: () => false,
  step(held, op) {
    if (op.f === 'acquire') return held ? IMPOSSIBLE : true;
    if (op.f === 'release') return held ? false : IMPOSSIBLE;
    return IMPOSSIBLE;
  },
  hash: (held) => (held ? 1 : 0),
  equal: (a, b) => a === b,
  includes: (op) => op.outcome !== 'fail',
  partition: partitionByKey,
  describeOp: (op) => `${op.f} ${op.key ?? 'the lock'}`,
  describeState: (held) => (held ? 'held' : 'free'),
};
