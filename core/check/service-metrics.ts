// What a service run looked like, interval by interval: the load clients offered, what was served,
// how long the queues were, how often requests failed, and how hard the database was hit. These
// are the numbers behind concepts 17–19 (a herd keeps offered load above capacity, a stampede is a
// spike of database load, a shallow health check lets errors through), read off a Report so the
// CLI, the webview and tests all measure them the same way.

import { readSettings } from '../protocols/service/settings.ts';
import type { Report } from '../types/report.ts';
import type { Micros } from '../types/sim-config.ts';

export type ServiceInterval = {
  fromUs: Micros;
  toUs: Micros;
  /** Client attempts that reached for the load balancer (retries included): the load offered. */
  offered: number;
  /** Operations answered ok in this interval. */
  served: number;
  /**
   * Operations answered with an error: errors the service served. That is a `fail`, or an `info`
   * a node answered (a write whose database did not answer in time: it may still apply it).
   */
  errors: number;
  /** Operations that ended without an answer (timed out for good). */
  timeouts: number;
  /** errors / (served + errors); 0 when nothing was answered. */
  errorRate: number;
  /** Requests waiting or in work, summed over instances (each instance's peak in the interval). */
  queueLength: number;
  /** Queries that reached the database. */
  databaseLoad: number;
};

export function serviceMetrics(report: Report, intervalUs: Micros = 100_000): ServiceInterval[] {
  const step = Math.max(1, Math.floor(intervalUs));
  const end = Math.max(report.stats.simulatedUs, report.config.runForUs, 0);
  const count = Math.max(1, Math.ceil(end / step));
  const intervals: ServiceInterval[] = [];
  for (let i = 0; i < count; i++) {
    intervals.push({ fromUs: i * step, toUs: Math.min(end, (i + 1) * step), offered: 0, served: 0, errors: 0, timeouts: 0, errorRate: 0, queueLength: 0, databaseLoad: 0 });
  }
  const indexOf = (t: Micros): number => Math.min(count - 1, Math.max(0, Math.floor(t / step)));
  const at = (t: Micros): ServiceInterval => intervals[indexOf(t)]!;

  const roles = readSettings(report.config.protocol.options, report.config.nodes).roles;
  const balancer = roles?.balancer;
  const database = roles?.database;
  const instances = new Set(roles?.instances ?? []);
  /** Peak queue per instance per interval: interval index → instance → peak. */
  const peaks: Array<Map<string, number>> = intervals.map(() => new Map());

  for (const event of report.trace) {
    if (event.kind === 'send' && event.type === 'ClientRequest' && (balancer === undefined || event.to === balancer)) at(event.t).offered++;
    else if (event.kind === 'deliver' && event.type === 'Query' && event.to === database) at(event.t).databaseLoad++;
    else if (event.kind === 'state' && instances.has(event.node)) {
      const queue = event.state['queue'];
      if (typeof queue !== 'number') continue;
      const map = peaks[indexOf(event.t)]!;
      map.set(event.node, Math.max(map.get(event.node) ?? 0, queue));
    }
  }
  peaks.forEach((map, index) => {
    let sum = 0;
    for (const value of map.values()) sum += value;
    intervals[index]!.queueLength = sum;
  });

  for (const event of report.history) {
    if (event.type === 'ok') at(event.time).served++;
    else if (event.type === 'fail' || (event.type === 'info' && event.node !== undefined)) at(event.time).errors++;
    else if (event.type === 'info' && event.error !== 'run ended') at(event.time).timeouts++;
  }
  for (const interval of intervals) {
    const answered = interval.served + interval.errors;
    interval.errorRate = answered === 0 ? 0 : interval.errors / answered;
  }
  return intervals;
}

/** The capacity the instances have together, in requests per interval (for comparisons). */
export function serviceCapacityPer(report: Report, intervalUs: Micros): number {
  const settings = readSettings(report.config.protocol.options, report.config.nodes);
  const instances = settings.roles?.instances.length ?? 0;
  return (instances * intervalUs) / settings.workUs;
}
