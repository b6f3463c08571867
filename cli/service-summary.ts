// The `service` line of `faultline run` for the service/cache/health-check model: the numbers
// behind the thundering herd, the cache stampede and shallow health checks (offered load against
// capacity, the worst error rate, database load, queues), read with core/check's serviceMetrics
// so the CLI, the webview and the tests measure them the same way.

import { serviceCapacityPer, serviceMetrics, type ServiceInterval } from '../core/check/service-metrics.ts';
import { formatMicros } from '../core/sim/format-micros.ts';
import type { Report } from '../core/types/report.ts';
import { readSettings } from '../core/protocols/service/settings.ts';
import { count } from './shared/count.ts';

/** Rates are measured per 100 ms and printed per second: short enough to show a burst. */
const INTERVAL_US = 100_000;
const PER_SECOND = 1_000_000 / INTERVAL_US;


export function serviceLines(report: Report): string[] {
  if (report.config.protocol.name !== 'service') return [];
  const intervals = serviceMetrics(report, INTERVAL_US);
  const peak = (pick: (i: ServiceInterval) => number): ServiceInterval =>
    intervals.reduce((best, interval) => (pick(interval) > pick(best) ? interval : best), intervals[0]!);
  const total = (pick: (i: ServiceInterval) => number): number => intervals.reduce((sum, interval) => sum + pick(interval), 0);
  const when = (interval: ServiceInterval) => (interval.fromUs === 0 ? 'at the start' : `at ${formatMicros(interval.fromUs)}`);

  const offered = peak((i) => i.offered);
  const capacity = serviceCapacityPer(report, INTERVAL_US) * PER_SECOND;
  const worstErrors = peak((i) => i.errorRate);
  const database = peak((i) => i.databaseLoad);
  const queue = peak((i) => i.queueLength);
  const errors = total((i) => i.errors);
  // The queue figure is a sum over instances (each one's peak): say so, or 151 reads as one queue past its limit.
  const instances = readSettings(report.config.protocol.options, report.config.nodes).roles?.instances.length ?? 0;
  return [
    `service   offered load peaked at ${count(offered.offered * PER_SECOND)}/s ${when(offered)} against a capacity of ${count(Math.round(capacity))}/s` +
      ` · ${count(total((i) => i.served))} served, ${count(errors)} errors, ${count(total((i) => i.timeouts))} timed out`,
    `          ` +
      (errors === 0 ? 'no errors served' : `worst error rate ${Math.round(worstErrors.errorRate * 100)}% ${when(worstErrors)}`) +
      ` · database load peaked at ${count(database.databaseLoad * PER_SECOND)}/s ${when(database)} · requests queued or in work peaked at ${count(queue.queueLength)} ${when(queue)}${instances > 1 ? `, summed over ${instances} instances` : ''}`,
  ];
}
