// Which message copies the diagram draws: a person hides the chatter (heartbeats, replies, client
// traffic) or the nodes they are not looking at, to see the messages that matter. The filter is a
// per-copy mask made once per change (one pass over the table), so a frame only reads a byte.

import type { MessageTable } from './messages-table.ts';
import type { Lane } from './run-model.ts';

export type MessageFilter = {
  /** Protocol message types not drawn (AppendEntries, HealthCheck, ...). */
  hiddenTypes: ReadonlySet<string>;
  /** Whether messages to or from a client lane are drawn. */
  clientTraffic: boolean;
  /** Node lanes whose messages (sent or received) are not drawn. */
  hiddenNodes: ReadonlySet<number>;
};

export const SHOW_ALL_MESSAGES: MessageFilter = { hiddenTypes: new Set(), clientTraffic: true, hiddenNodes: new Set() };

export function showsAllMessages(filter: MessageFilter): boolean {
  return filter.hiddenTypes.size === 0 && filter.clientTraffic && filter.hiddenNodes.size === 0;
}

/** 1 for each copy the filter draws, 0 for the rest; null when it draws them all. */
export function messageMask(table: MessageTable, lanes: readonly Pick<Lane, 'kind'>[], filter: MessageFilter): Uint8Array | null {
  if (showsAllMessages(filter)) return null;
  const typeHidden = Uint8Array.from(table.types, (type) => (filter.hiddenTypes.has(type) ? 1 : 0));
  const laneHidden = Uint8Array.from(lanes, (lane, index) => ((lane.kind === 'client' && !filter.clientTraffic) || filter.hiddenNodes.has(index) ? 1 : 0));
  const mask = new Uint8Array(table.count);
  for (let i = 0; i < table.count; i++) {
    mask[i] = typeHidden[table.typeIndex[i]!]! === 0 && laneHidden[table.fromLane[i]!]! === 0 && laneHidden[table.toLane[i]!]! === 0 ? 1 : 0;
  }
  return mask;
}

/** The run's message types with their copy counts, most frequent first (the filter's choices). */
export function messageTypeCounts(table: MessageTable): Array<{ type: string; count: number }> {
  const counts = new Array<number>(table.types.length).fill(0);
  for (let i = 0; i < table.count; i++) counts[table.typeIndex[i]!]!++;
  return table.types.map((type, index) => ({ type, count: counts[index]! })).filter((entry) => entry.count > 0).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}
