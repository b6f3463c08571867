// History out: Jepsen EDN (one map per line, so Knossos or Elle can judge our runs) and our JSON.

import type { History } from '../types/history.ts';

export { historyToEdn } from './edn-history.ts';

export function historyToJson(history: History): string {
  return '[\n' + history.map((e) => '  ' + JSON.stringify(e)).join(',\n') + '\n]\n';
}
