// A run's memory budget, counted rather than measured. Core never reads the process's memory: a
// run that stopped when the heap looked full would stop at a different event on another machine,
// another Node version or another day. What a run keeps grows with what it stores — client
// history events, trace events, timeline entries, queued events — so the engine counts those and
// prices them at a fixed number of bytes each; the same file and seed stop at the same event.
//
// The prices are not the bytes an object occupies: they are what each stored item costs at the
// peak of a whole `faultline run` — the simulation's garbage, and the grading that reads the
// history (operations, per-key versions, the ladder's searches) and the trace after it; and the
// network's links, which a run makes as pairs first talk. Measured
// on V8 (Node 22) with bin/faultline and /usr/bin/time, at the default 5,000,000-event budget and
// no memory budget: a 5-node Raft with 100 writers peaked at 2.7 GB RSS (3.8 M history events, a
// 1,000,000-event trace), a 1,000-node leaderless cluster at 1.4 GB (1.2 M history events, a full
// trace). With these prices and the default budget they stop at 0.9 GB and 0.6 GB
// (bench/memory.bench.ts): Raft keeps more per operation (its logs) than the prices say, so the
// default leaves room for it.

/** Default budget: with the Node process itself, keeps a graded run's peak under about 1 GB. */
export const DEFAULT_MEMORY_BUDGET_BYTES = 512 * 1024 * 1024;

/** A history event, with its share of the operation grading builds from it. */
export const BYTES_PER_HISTORY_EVENT = 600;
/** A trace event (the trace itself is capped: see trace-log.ts). */
export const BYTES_PER_TRACE_EVENT = 300;
/** A timeline entry (a change of role, a fault). */
export const BYTES_PER_TIMELINE_ENTRY = 200;
/** A queued event: a message on its way (its body), a timer, a client's next step. */
export const BYTES_PER_QUEUED_EVENT = 150;
/**
 * A directed link, made on its pair's first message with its own random stream: 10,000 clients
 * that each try every node of a 1,000-node cluster make ten million of them.
 */
export const BYTES_PER_LINK = 250;
/**
 * What exists before the first event, per pair of nodes (Raft keeps per-peer arrays on every
 * node; the network keeps a link per pair that talks) and per client instance.
 */
export const BYTES_PER_NODE_PAIR = 120;
export const BYTES_PER_CLIENT = 2_000;

/**
 * The budget is checked every this many events (at absolute event counts, so a run driven in
 * steps stops where a run in one go does): the count of stored items cannot jump by much in 4,096
 * events, and the loop pays nothing per event for it.
 */
export const MEMORY_CHECK_EVERY = 4096;

export type StoredCounts = { historyEvents: number; traceEvents: number; timelineEntries: number; queuedEvents: number; links: number };

/** What a run that stored this much is priced at (see the prices above). */
export function estimateStoredBytes(counts: StoredCounts): number {
  return (
    counts.historyEvents * BYTES_PER_HISTORY_EVENT +
    counts.traceEvents * BYTES_PER_TRACE_EVENT +
    counts.timelineEntries * BYTES_PER_TIMELINE_ENTRY +
    counts.queuedEvents * BYTES_PER_QUEUED_EVENT +
    counts.links * BYTES_PER_LINK
  );
}

/** What a configuration needs before its first event: node pairs and client instances. */
export function estimateStartupBytes(nodes: number, clientInstances: number): number {
  return nodes * nodes * BYTES_PER_NODE_PAIR + clientInstances * BYTES_PER_CLIENT;
}

/** "640 MB" */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
