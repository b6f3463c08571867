// Server settings, from `initializationOptions` and the `faultline` configuration section.
// Every setting has a default so a bare client (Neovim, Helix, a test) needs to send nothing.

export type ServerSettings = {
  /** Quiet time after the last keystroke before diagnostics are recomputed. */
  diagnosticsDelayMs: number;
  /** Run each scenario in a worker after edits settle and report violated `expect` lines. */
  liveExpectations: boolean;
  /** Wall-clock milliseconds a live run may take before it is stopped. */
  liveBudgetMs: number;
  /** Quiet time after the last edit before a live run starts ("after edits settle"). */
  liveDelayMs: number;
  /**
   * Wall-clock milliseconds one request may spend walking a document before it answers with
   * what it has (issue 20: every request answered within 1 s; the rest is left for reading
   * the request, building the outline on first use and sending the answer).
   */
  requestBudgetMs: number;
};

export const DEFAULT_SETTINGS: ServerSettings = { diagnosticsDelayMs: 15, liveExpectations: true, liveBudgetMs: 2000, liveDelayMs: 400, requestBudgetMs: 500 };

export function readSettings(raw: unknown, base: ServerSettings = DEFAULT_SETTINGS): ServerSettings {
  if (typeof raw !== 'object' || raw === null) return base;
  const r = raw as Record<string, unknown>;
  const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback);
  return {
    diagnosticsDelayMs: num(r['diagnosticsDelayMs'], base.diagnosticsDelayMs),
    liveExpectations: typeof r['liveExpectations'] === 'boolean' ? r['liveExpectations'] : base.liveExpectations,
    liveBudgetMs: num(r['liveBudgetMs'], base.liveBudgetMs),
    liveDelayMs: num(r['liveDelayMs'], base.liveDelayMs),
    requestBudgetMs: num(r['requestBudgetMs'], base.requestBudgetMs),
  };
}
