// Live expectations: after edits settle, the scenarios of a document run in a worker thread
// under a small budget, and each `expect` line the run broke becomes a diagnostic saying when
// and how it broke and with which seed. The next edit terminates the worker, so a stale run
// never reports and never holds the server up.

import { Worker } from 'node:worker_threads';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import type { ServerSettings } from './settings.ts';
import type { LiveFaultNotes, LiveRequest, LiveResponse, LiveViolation } from './live-worker.ts';
import { formatMicros } from '../core/explain/units.ts';
import { endSentence } from '../core/explain/sentence.ts';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** The file as a person would type it in a terminal, for the replay command. */
/** The Problems row of a broken expectation: what broke, when, in which run, and how to replay it. */
export function violationMessage(v: LiveViolation, uri: string): string {
  const when = v.atUs !== undefined ? ` at ${formatMicros(v.atUs)}` : '';
  return `\`${v.text}\` broke${when} in "${v.scenario}" (seed ${v.seed}): ${endSentence(v.summary)} Replay: faultline run ${fileForCommand(uri)} --scenario "${v.scenario}" --seed ${v.seed}`;
}

function fileForCommand(uri: string): string {
  if (!uri.startsWith('file:')) return 'FILE';
  try {
    const path = fileURLToPath(uri);
    const rel = relative(process.cwd(), path);
    return rel.startsWith('..') ? path : rel;
  } catch {
    return 'FILE';
  }
}

/** How the worker is started: the server's own entry file, with arguments that select it. */
export type WorkerEntry = { script: string; argv: string[] };

/** Events per scenario: enough for seconds of simulated Raft, small enough to stay snappy. */
export const LIVE_MAX_EVENTS = 200_000;
/** Live runs are for files a person edits; a huge file would only burn CPU. */
export const LIVE_MAX_SCENARIOS = 12;

/**
 * Starts the entry file as a worker. From TypeScript sources (development, tests) the worker
 * registers the tsx loader first: loader hooks of the main thread do not reach worker threads.
 */
export function startWorker(entry: WorkerEntry, role: 'live' | 'analysis' | 'outline' = 'live'): Worker {
  const options = { argv: entry.argv, workerData: { faultlineLiveWorker: true, role }, stdout: true, stderr: true };
  if (!entry.script.endsWith('.ts')) return new Worker(entry.script, options);
  // The ESM flavour of tsx's API (require.resolve would pick the CommonJS one).
  const tsxPackage = createRequire(entry.script).resolve('tsx/package.json');
  const tsxApi = pathToFileURL(join(dirname(tsxPackage), 'dist', 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(entry.script).href)}); });`;
  return new Worker(code, { ...options, eval: true });
}

type Running = { worker: Worker | null; timer: ReturnType<typeof setTimeout>; version: number };
type Finished = { version: number; violations: LiveViolation[]; faults: LiveFaultNotes[] };

/** An `expect {` opening a line: a scenario segment that holds an expect block. */
const EXPECT_BLOCK = /^[ \t]*expect[ \t]*\{/m;

export class LiveExpectations {
  private readonly running = new Map<string, Running>();
  private readonly finished = new Map<string, Finished>();
  private nextId = 1;

  constructor(
    private readonly settings: () => ServerSettings,
    private readonly entry: WorkerEntry | null,
    private readonly republish: (uri: string) => void,
    private readonly log: (message: string) => void,
    /** Told after the results of a finished run were published (the `faultline/liveRun` notification). */
    private readonly finishedRun: (uri: string, version: number, violations: number) => void = () => {},
  ) {}

  /** Starts a run of this version once edits have settled (the next edit cancels it). */
  schedule(state: DocumentState): void {
    this.cancel(state.uri);
    if (!this.settings().liveExpectations || this.entry === null) return;
    const timer = setTimeout(() => this.start(state), this.settings().liveDelayMs);
    this.running.set(state.uri, { worker: null, timer, version: state.version });
  }

  private start(state: DocumentState): void {
    this.running.delete(state.uri);
    if (this.entry === null) return;
    if (state.diagnostics.some((d) => d.severity === 'error')) return;
    // Scenarios with their own expect block, or inheriting one through `extends`. A large
    // document's outline is never built on this thread (it took seconds at 1 MB): its
    // scenarios are read from the cut the analysis makes, a line scan.
    const scenarios = (
      state.large
        ? state.scenarioSegments.flatMap((s) => (s.name !== null && (EXPECT_BLOCK.test(s.text) || s.extendsName !== null) ? [s.name] : []))
        : state.outline.scenarios.filter((s) => s.nameToken !== null && (s.block.children.some((b) => b.keyword === 'expect') || s.extendsName !== null)).map((s) => s.name)
    ).slice(0, LIVE_MAX_SCENARIOS);
    if (scenarios.length === 0) return;

    let worker: Worker;
    try {
      worker = startWorker(this.entry);
    } catch (error) {
      this.log(`faultline: live expectations unavailable: ${String(error)}`);
      return;
    }
    const request: LiveRequest = { id: this.nextId++, text: state.text, scenarios, maxEvents: LIVE_MAX_EVENTS };
    const timer = setTimeout(() => {
      this.log(`faultline: live run of ${state.uri} stopped at its ${this.settings().liveBudgetMs} ms budget`);
      this.cancel(state.uri);
    }, this.settings().liveBudgetMs);
    this.running.set(state.uri, { worker, timer, version: state.version });
    worker.once('message', (response: LiveResponse) => {
      const running = this.running.get(state.uri);
      if (running?.worker !== worker) return;
      this.cancel(state.uri);
      this.finished.set(state.uri, { version: state.version, violations: response.violations, faults: response.faults });
      this.republish(state.uri);
      this.finishedRun(state.uri, state.version, response.violations.length);
    });
    worker.once('error', (error) => {
      this.log(`faultline: live run failed: ${String(error)}`);
      if (this.running.get(state.uri)?.worker === worker) this.cancel(state.uri);
    });
    worker.postMessage(request);
  }

  /** Stops a run in progress (the next edit, a close); finished results stay until replaced. */
  cancel(uri: string): void {
    const running = this.running.get(uri);
    if (running === undefined) return;
    clearTimeout(running.timer);
    this.running.delete(uri);
    if (running.worker !== null) void running.worker.terminate();
  }

  isRunning(uri: string): boolean {
    return this.running.has(uri);
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.finished.delete(uri);
  }

  /** Diagnostics for the version the run used; none once the text has changed since. */
  diagnosticsFor(state: DocumentState): Diagnostic[] {
    const finished = this.finished.get(state.uri);
    if (finished === undefined || finished.version !== state.version) return [];
    return finished.violations.map((v) => {
      const lineText = state.lines[v.line - 1] ?? '';
      const start = lineText.length - lineText.trimStart().length;
      return {
        range: { start: { line: v.line - 1, character: start }, end: { line: v.line - 1, character: lineText.trimEnd().length } },
        severity: DiagnosticSeverity.Warning,
        code: 'FL301',
        source: 'faultline live',
        message: violationMessage(v, state.uri),
      };
    });
  }

  /** What the fault on this 0-based line did in the latest run of this version, per scenario. */
  faultNotesFor(state: DocumentState, line: number): string[] {
    const finished = this.finished.get(state.uri);
    if (finished === undefined || finished.version !== state.version) return [];
    const texts: string[] = [];
    for (const run of finished.faults) {
      const notes = run.notes.filter((n) => n.line === line + 1).map((n) => n.text);
      if (notes.length > 0) texts.push(`In the latest live run of "${run.scenario}" (seed ${run.seed}): ${notes.join('; then ')}.`);
    }
    return texts;
  }

  dispose(): void {
    for (const uri of [...this.running.keys()]) this.cancel(uri);
  }
}
