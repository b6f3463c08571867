// Client settings that only make sense together.

import type { Scenario } from '../ast.ts';
import type { DiagnosticSink } from '../diagnostic.ts';

import { MAX_CLIENT_COUNT, MAX_CLIENT_INSTANCES } from '../limits.ts';

export { MAX_CLIENT_COUNT };

export function checkWorkload(scenario: Scenario, sink: DiagnosticSink): void {
  let instances = 0;
  let lineOverCap = false;
  for (const client of scenario.workload?.clients ?? []) {
    const count = client.count?.value ?? 1;
    if (count > MAX_CLIENT_COUNT) lineOverCap = true;
    instances += Math.max(1, count);
  }
  // A line past its own cap is reported on that line (below); the total would say it twice.
  if (instances > MAX_CLIENT_INSTANCES && !lineOverCap && scenario.workload !== undefined) {
    sink.error('FL009', scenario.workload.range, `This workload stands for ${instances} clients; a scenario may have at most ${MAX_CLIENT_INSTANCES} (every \`client\` line and its \`* N\` together).`);
  }
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
