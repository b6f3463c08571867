// Read your writes: once a process's write completed, its later reads of that key reflect it
// (or something newer).

import type { Operation } from '../../history/operations.ts';
import { Clock, who, whenDone, completedAt } from '../describe.ts';
import type { Verdict } from '../verdict.ts';
import { broken, byProcess, held } from './sessions.ts';
import type { KeyVersions } from './versions.ts';

export function checkReadYourWrites(keys: Map<string, KeyVersions>, clock: Clock): Verdict {
  for (const [key, v] of keys) {
    const writesBy = byProcess(v.writes);
    for (const r of v.reads) {
      const own = writesBy.get(r.process);
      if (own === undefined) continue;
      // The process's latest write to this key that completed before the read began.
      let last: Operation | undefined;
      for (const w of own) if (w.ret !== null && w.ret < r.call) last = w;
      if (last === undefined || v.observes(r, last) !== false) continue;
      return broken(
        'read-your-writes',
        `${who(r)} read ${key}=${JSON.stringify(r.output)} ${whenDone(r, clock)} although its own write of ${JSON.stringify(last.f === 'cas' && Array.isArray(last.input) ? last.input[1] : last.input)} ${completedAt(last, clock)}.`,
        [last, r],
        clock.timed,
      );
    }
  }
  return held('read-your-writes', 'Every read reflected the reading process’s own completed writes.');
}
