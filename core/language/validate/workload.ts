// Client settings that only make sense together.

import type { Scenario } from '../ast.ts';
import type { DiagnosticSink } from '../diagnostic.ts';

/** Identical clients one declaration may stand for; the simulator gives each its own state. */
export const MAX_CLIENT_COUNT = 10_000;

export function checkWorkload(scenario: Scenario, sink: DiagnosticSink): void {
  for (const client of scenario.workload?.clients ?? []) {
    if (client.count !== undefined && (client.count.value < 1 || client.count.value > MAX_CLIENT_COUNT)) {
      sink.error('FL009', client.count.range, `\`* ${client.count.text}\`: a client line stands for 1 to ${MAX_CLIENT_COUNT} identical clients.`);
    }
    if (client.closedLoop === undefined) {
      for (const op of client.ops) {
        if (op.every === undefined) {
          sink.error('FL052', op.range, `\`${op.op.name}\` needs a rate, as in \`${op.op.name}${op.keys.length > 0 ? ' ' + op.keys.map((k) => k.name).join(', ') : ''} every 100ms\` (or make the client a \`closed loop\`).`);
        }
      }
    }
    if (client.startAt !== undefined && client.stopAt !== undefined && client.stopAt.at.us <= client.startAt.at.us) {
      sink.error('FL053', client.stopAt.range, `Client \`${client.name.name}\` stops (${client.stopAt.at.text}) before it starts (${client.startAt.at.text}).`, [
        { range: client.startAt.range, message: 'starts here' },
      ]);
    }
  }
}
