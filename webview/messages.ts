// Every message between the extension host and the playground webview, in one place both sides
// import. Messages are plain JSON (postMessage clones them), tagged by `type`. The host must treat
// anything the webview sends as untrusted: check it with `isWebviewToHostMessage` before acting.
//
// This module is pure (no DOM, no vscode, no node types) so the extension host, the webview and
// the standalone HTML report all compile it.

import type { Report } from '../core/types/report.ts';
import { findingsOf } from './model/verdict-list.ts';
import type { RunVerdicts } from './worker-protocol.ts';

/** What the webview persists with vscode.setState, so a panel serializer can restore it. */
export type PlaygroundState = {
  /** The scenario file the panel shows (a URI string as the host knows it). */
  documentUri?: string;
  scenario?: string;
  seed?: number;
};

/** Where the scenario came from, so the webview can say it and ask for source lines. */
export type ScenarioSource = {
  documentUri: string;
  /** A short name for display (file name). */
  fileName: string;
};

// ───────────────────────── host → webview ─────────────────────────

export type HostToWebviewMessage =
  /**
   * Run this scenario text in the webview's worker (compile + simulate + check) and show it.
   * The webview keeps the text, so the seed field can re-run without asking the host again.
   */
  | {
      type: 'run-scenario';
      source: ScenarioSource;
      text: string;
      /** Scenario name; absent means the first scenario in the file. */
      scenario?: string;
      /** Overrides the scenario's seed when given. */
      seed?: number;
      /** Event budget for the run (setting faultline.eventBudget). */
      maxEvents?: number;
      /**
       * The host is making this run itself (the panel is being created for it, and VS Code's
       * panel set-up takes longer than the run): wait for the 'prepared-run' with this id rather
       * than run it in the page's worker.
       */
      hostRunId?: number;
    }
  /**
   * The host's answer for a run-scenario with `hostRunId`: the packed run (webview/run-and-pack.ts),
   * or why there is none, in which case the page runs it in its own worker after all.
   */
  | { type: 'prepared-run'; runId: number; run: Uint8Array<ArrayBuffer> }
  | { type: 'prepared-run'; runId: number; failed: string }
  /** The graded run's verdicts, ahead of its 'prepared-run' (which always follows), as the page's worker sends them. */
  | { type: 'prepared-verdicts'; runId: number; verdicts: RunVerdicts }
  /** Show a finished run (the host ran it, or loaded a saved report). */
  | { type: 'show-report'; report: Report; source?: ScenarioSource }
  /** The editor's cursor is on this 1-based scenario line: highlight its events (null clears). */
  | { type: 'highlight-line'; line: number | null }
  /** Stop the run in progress, if any. */
  | { type: 'cancel-run' }
  /**
   * The debugger stopped at simulated time `t` of this scenario and seed: move the time cursor
   * there when the panel shows that run (or as soon as it does). `forked`: actions taken by hand
   * in the debugger, after which its run and the panel's differ.
   */
  | { type: 'set-cursor'; scenario: string; seed: number; t: number; forked: number }
  /** What became of a 'save-scenario' request: where the child scenario went, or why not. */
  | { type: 'save-result'; ok: boolean; message: string };

// ───────────────────────── webview → host ─────────────────────────

/** A one-line outcome the host can put in the status bar and the output channel. */
export type RunSummary = {
  scenario: string;
  seed: number;
  /** Expectations that held / broke / stayed undecided. */
  passed: number;
  failed: number;
  undecided: number;
  events: number;
  simulatedUs: number;
  wallMs: number;
  stoppedBy: 'end' | 'event-budget' | 'memory-budget';
  /** The strongest consistency model that held (from the grading), when the run was graded. */
  strongest?: string;
  /** Checker verdicts (checked on every run, expect line or not) that broke: the panel's red banner counts them too. */
  checkersBroken?: number;
};

/** A report's RunSummary: the webview sends it, and the host makes it for the runs it makes itself. */
export function summarizeRun(report: Report): RunSummary {
  const count = (holds: boolean | null) => report.expectations.filter((e) => e.holds === holds).length;
  return {
    scenario: report.scenario,
    seed: report.seed,
    passed: count(true),
    failed: count(false),
    undecided: count(null),
    events: report.stats.events,
    simulatedUs: report.stats.simulatedUs,
    wallMs: report.stats.wallMs,
    stoppedBy: report.stats.stoppedBy,
    ...(report.verdicts === undefined ? {} : { strongest: report.verdicts.strongest, checkersBroken: findingsOf(report).filter((f) => f.source === 'checker' && f.holds === false).length }),
  };
}

export type WebviewToHostMessage =
  /**
   * The webview has loaded and listens; the host sends its pending messages after this.
   * `startedRun`: the page started the run its HTML carried (html.ts `run`), so the host need not
   * send it again.
   */
  | { type: 'ready'; state: PlaygroundState | null; startedRun?: boolean }
  /** Reveal this 1-based line of the scenario in the editor (the user clicked an event). */
  | { type: 'reveal-line'; line: number; documentUri?: string }
  | { type: 'run-started'; scenario: string | null; seed: number | null }
  /** Progress of a long run: simulated time reached out of the run's length. */
  | { type: 'run-progress'; simulatedUs: number; totalUs: number; events: number }
  | { type: 'run-finished'; summary: RunSummary }
  /** The run could not happen: compile errors, unknown scenario, cancelled, or a crash. */
  | { type: 'run-failed'; reason: 'compile-error' | 'cancelled' | 'error'; message: string }
  /** The user asked to export what the panel shows; the host writes the file. */
  | { type: 'export'; what: 'html-report' | 'history-edn'; scenario: string; seed: number }
  /**
   * Save as scenario: append `scenarioText` (a child scenario that `extends` the played one, its
   * manual actions as fault lines) to the document. `ranText` is the text the run was made from:
   * when the document changed since, the host offers `fileText` (that text plus the child) as a
   * new file instead, since the fault times belong to the run as it was.
   */
  | { type: 'save-scenario'; documentUri: string; name: string; scenarioText: string; fileText: string; ranText: string }
  /** Something the host should write to its output channel. */
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

export type WebviewToHostType = WebviewToHostMessage['type'];
export type HostToWebviewType = HostToWebviewMessage['type'];

// ───────────────────────── validation ─────────────────────────

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isLine = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;
const optional = (value: unknown, check: (v: unknown) => boolean): boolean => value === undefined || check(value);

function isState(value: unknown): boolean {
  if (value === null) return true;
  if (!isObject(value)) return false;
  return optional(value.documentUri, isString) && optional(value.scenario, isString) && optional(value.seed, isCount);
}

/** A finding as the verdicts panel reads it (webview/model/verdict-list.ts's Finding). */
function isFinding(value: unknown): boolean {
  if (!isObject(value)) return false;
  return (
    isString(value.title) &&
    (value.holds === true || value.holds === false || value.holds === null) &&
    isString(value.summary) &&
    optional(value.line, isLine) &&
    optional(value.at, isCount) &&
    Array.isArray(value.operations) &&
    value.operations.every((op) => Number.isInteger(op) && op >= 0) &&
    (value.source === 'expectation' || value.source === 'checker')
  );
}

function isVerdicts(value: unknown): boolean {
  if (!isObject(value)) return false;
  return isString(value.scenario) && isCount(value.seed) && isString(value.protocol) && Array.isArray(value.findings) && value.findings.every(isFinding);
}

function isSummary(value: unknown): boolean {
  if (!isObject(value)) return false;
  return (
    isString(value.scenario) &&
    ['seed', 'passed', 'failed', 'undecided', 'events', 'simulatedUs', 'wallMs'].every((key) => isCount(value[key])) &&
    (value.stoppedBy === 'end' || value.stoppedBy === 'event-budget' || value.stoppedBy === 'memory-budget') &&
    optional(value.strongest, isString) &&
    optional(value.checkersBroken, isCount)
  );
}

/** The host's gate: true only for a well-formed message the webview is allowed to send. */
export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (!isObject(value) || !isString(value.type)) return false;
  switch (value.type as WebviewToHostType) {
    case 'ready':
      return isState(value.state) && optional(value.startedRun, (v) => typeof v === 'boolean');
    case 'reveal-line':
      return isLine(value.line) && optional(value.documentUri, isString);
    case 'run-started':
      return (value.scenario === null || isString(value.scenario)) && (value.seed === null || isCount(value.seed));
    case 'run-progress':
      return isCount(value.simulatedUs) && isCount(value.totalUs) && isCount(value.events);
    case 'run-finished':
      return isSummary(value.summary);
    case 'run-failed':
      return ['compile-error', 'cancelled', 'error'].includes(value.reason as string) && isString(value.message);
    case 'export':
      return (value.what === 'html-report' || value.what === 'history-edn') && isString(value.scenario) && isCount(value.seed);
    case 'log':
      return ['info', 'warn', 'error'].includes(value.level as string) && isString(value.message);
    case 'save-scenario':
      return (
        isString(value.documentUri) &&
        isString(value.name) &&
        isString(value.scenarioText) &&
        isString(value.fileText) &&
        isString(value.ranText) &&
        // A scenario block, bounded: never an arbitrary document.
        value.scenarioText.length <= MAX_SAVED_SCENARIO_CHARS &&
        value.scenarioText.startsWith('scenario "') &&
        value.fileText.endsWith(value.scenarioText)
      );
    default:
      return false;
  }
}

/** Longest child scenario "Save as scenario" may insert (its parent's fault lines plus the actions). */
export const MAX_SAVED_SCENARIO_CHARS = 200_000;

/** The webview's gate on what arrives from the host (the report CLI never posts messages). */
export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  if (!isObject(value) || !isString(value.type)) return false;
  switch (value.type as HostToWebviewType) {
    case 'run-scenario':
      return (
        isString(value.text) &&
        isObject(value.source) &&
        isString(value.source.documentUri) &&
        isString(value.source.fileName) &&
        optional(value.scenario, isString) &&
        optional(value.seed, isCount) &&
        optional(value.maxEvents, isCount) &&
        optional(value.hostRunId, isCount)
      );
    case 'prepared-run':
      // decodeRun checks the bytes themselves, block by block.
      return isCount(value.runId) && (value.run instanceof Uint8Array ? value.failed === undefined : isString(value.failed));
    case 'prepared-verdicts':
      return isCount(value.runId) && isVerdicts(value.verdicts);
    case 'show-report':
      return isObject(value.report) && Array.isArray(value.report.trace);
    case 'highlight-line':
      return value.line === null || isLine(value.line);
    case 'cancel-run':
      return true;
    case 'set-cursor':
      return isString(value.scenario) && isCount(value.seed) && isCount(value.t) && isCount(value.forked);
    case 'save-result':
      return typeof value.ok === 'boolean' && isString(value.message);
    default:
      return false;
  }
}
