// CPU time per process on this machine, from /proc, grouped by what the process is: to tell what
// shares the cores with a run during an editor benchmark's click (the webview's renderer, the
// workbench's, Chromium's GPU and browser processes, code-server, the extension host, the
// language server). Linux only; elsewhere the snapshot is empty.

import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10;

/**
 * One /proc stat file (a process's or a thread's): its name, with the digits a pool numbers its
 * threads by dropped, and the fields after the name (man 5 proc, field 3 on: [7] minor faults,
 * [11] and [12] user and system ticks).
 */
export function readStat(path: string): { name: string; fields: string[] } {
  const stat = readFileSync(path, 'utf8');
  const close = stat.lastIndexOf(')');
  return { name: stat.slice(stat.indexOf('(') + 1, close).replace(/\d+$/, ''), fields: stat.slice(close + 2).split(' ') };
}

/** User plus system CPU, in milliseconds, of readStat's fields. */
export function cpuMsOf(fields: readonly string[]): number {
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** What a process is, from its command line (null: not part of the editor session). */
function kindOf(cmdline: string): string | null {
  if (cmdline.includes('chromium')) {
    const type = /--type=([a-z-]+)/.exec(cmdline)?.[1];
    return `chromium ${type ?? 'browser'}`;
  }
  if (cmdline.includes('extensionHost')) return 'extension host';
  if (cmdline.includes('dist/server') || cmdline.includes('language-server') || cmdline.includes('server.js')) return 'language server';
  if (cmdline.includes('code-server') || cmdline.includes('bootstrap-fork')) return 'code-server';
  if (cmdline.includes('bench/')) return 'this benchmark';
  if (cmdline.includes('node')) return 'node (other)';
  return null;
}

/** CPU milliseconds so far of every process, by pid, with its kind. */
export function cpuSnapshot(): Map<string, { kind: string; ms: number }> {
  const out = new Map<string, { kind: string; ms: number }>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const kind = kindOf(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
      if (kind === null) continue;
      if (kind !== 'chromium renderer') {
        out.set(pid, { kind, ms: cpuMsOf(readStat(`/proc/${pid}/stat`).fields) });
        continue;
      }
      // A renderer by thread: its main thread, its workers (a run's), V8's background pool
      // (the optimizing compiler, the garbage collector's helpers), ...
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const { name, fields } = readStat(`/proc/${pid}/task/${tid}/stat`);
        out.set(`${pid}/${tid}`, { kind: `renderer ${pid} ${name === 'chromium' ? 'main' : name}`, ms: cpuMsOf(fields) });
      }
    } catch {
      // The process ended.
    }
  }
  return out;
}

/** The CPU each kind of process spent between two snapshots, biggest first ("kind 340 ms"). */
export function cpuSpent(before: Map<string, { kind: string; ms: number }>, after: Map<string, { kind: string; ms: number }>, atLeastMs = 30): string {
  const byKind = new Map<string, number>();
  for (const [pid, now] of after) byKind.set(now.kind, (byKind.get(now.kind) ?? 0) + now.ms - (before.get(pid)?.ms ?? 0));
  return [...byKind]
    .filter(([, ms]) => ms >= atLeastMs)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, ms]) => `${kind} ${ms}`)
    .join(', ');
}
