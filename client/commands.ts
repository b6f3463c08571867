// The command table. Every command is registered at activation, whatever state the extension is
// in; a command that cannot act says why (no .fault file open, a compile error, a missing build)
// instead of doing nothing. `faultline.run` and `faultline.sweep` are the CodeLens actions the
// language server puts above each scenario; they receive {uri, scenario[, seeds]}.

import * as vscode from 'vscode';
import type { Report } from '../core/types/report.ts';
import type { CommandId } from './command-ids.ts';
import type { FaultlineContext } from './context.ts';
import { explainConcept } from './explain.ts';
import { defaultExportUri, EXPORT_FORMATS, exportContent, type ExportKind } from './exports.ts';
import { summarizeRun, type PlaygroundState } from '../webview/messages.ts';
import { describeReport } from './run-summary.ts';
import { describeExploration } from '../core/explore/index.ts';
import { openSample } from './samples.ts';
import { fileName, parseLensArguments, resolveTarget, type ScenarioTarget } from './scenario-target.ts';
import { describeSweep } from './sweep.ts';
import { sweepViewOf } from './sweep-view.ts';
import { debugScenario } from './debug.ts';
import { markStepDone } from './walkthrough-steps.ts';

type CommandHandler = (ctx: FaultlineContext, ...args: unknown[]) => Promise<unknown>;

export const commands: Record<CommandId, CommandHandler> = {
  'faultline.runScenario': runScenario,
  'faultline.run': runScenario,
  'faultline.runSeedSweep': runSeedSweep,
  'faultline.sweep': runSeedSweep,
  'faultline.debugScenario': debugScenario,
  'faultline.debug': debugScenario,
  'faultline.exploreSchedules': exploreSchedules,
  'faultline.explore': exploreSchedules,
  'faultline.openPlayground': openPlayground,
  'faultline.exportReport': (ctx, arg) => exportRun(ctx, 'html-report', arg),
  'faultline.exportHistory': (ctx, arg) => exportRun(ctx, 'history-edn', arg),
  'faultline.explainConcept': () => explainConcept(),
  'faultline.openSample': (ctx, name) => openSample(ctx, name),
};

export function registerCommands(ctx: FaultlineContext): void {
  for (const [id, handler] of Object.entries(commands)) {
    ctx.own(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(ctx, ...args);
        } catch (error) {
          const message = `Faultline: ${id} failed: ${error instanceof Error ? error.message : String(error)}`;
          ctx.output.error(error instanceof Error && error.stack !== undefined ? error.stack : message);
          void vscode.window.showErrorMessage(message);
          return undefined;
        }
      }),
    );
  }
}

async function runScenario(ctx: FaultlineContext, arg?: unknown): Promise<void> {
  const resolved = await resolveTarget(arg);
  if ('reason' in resolved) return ctx.cannotAct(resolved.reason);
  const { document, scenario } = resolved.target;
  const seed = ctx.config.defaultSeed;
  ctx.output.info(`run ${scenario ?? '(first scenario)'} in ${document.uri.toString()}${seed === null ? '' : ` with seed ${seed}`}`);
  await ctx.playground.run({ document, maxEvents: ctx.config.maxEvents, ...(scenario === undefined ? {} : { scenario }), ...(seed === null ? {} : { seed }) });
  // Without the playground UI in this build, the host runs it and reports in the status bar.
  if (!ctx.playground.canRun) await runInHost(ctx, resolved.target, seed ?? undefined);
}

async function runSeedSweep(ctx: FaultlineContext, arg?: unknown): Promise<void> {
  const resolved = await resolveTarget(arg);
  if ('reason' in resolved) return ctx.cannotAct(resolved.reason);
  const { document, scenario } = resolved.target;
  const seeds = parseLensArguments(arg)?.seeds ?? ctx.config.sweepSeeds;
  const firstSeed = ctx.config.defaultSeed ?? 1;
  // The text as swept: the view's Replay and Shrink act on it even if the file is edited meanwhile.
  const text = document.getText();
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Faultline: sweeping ${seeds} seeds of "${scenario ?? 'the first scenario'}"`, cancellable: true },
    (progress, token) => {
      let reported = 0;
      return ctx.runs.sweep(
        { type: 'sweep', text, ...(scenario === undefined ? {} : { scenario }), firstSeed, seeds, maxEvents: ctx.config.maxEvents },
        token,
        (done, total) => {
          progress.report({ message: `${done} / ${total}`, increment: ((done - reported) * 100) / total });
          reported = done;
        },
      );
    },
  );
  if (!outcome.ok) return reportFailure(ctx, 'The seed sweep', outcome.message);
  const result = outcome.value;
  markStepDone('sweepSeeds');
  for (const line of describeSweep(result)) ctx.output.info(line);
  // The results view stays after the toast below is gone; a later sweep replaces what it shows.
  sweepViewOf(ctx).show({ documentUri: document.uri, fileName: fileName(document.uri), text, ...(scenario === undefined ? {} : { scenario }), result });
  const broken = result.expectations.filter((e) => e.broke > 0);
  const showDetails = 'Show Details';
  if (broken.length === 0) {
    const choice = await vscode.window.showInformationMessage(`Faultline: no seed of ${result.runs} broke an expectation of "${result.scenario}".`, showDetails);
    if (choice === showDetails) ctx.output.show(true);
    return;
  }
  const first = broken[0]!;
  const firstSeedBroken = first.breakingSeeds[0]!;
  const replay = `Open Seed ${firstSeedBroken}`;
  const choice = await vscode.window.showWarningMessage(
    `Faultline: "${first.text}" broke under ${first.broke} of ${result.runs} seeds${broken.length > 1 ? ` (and ${broken.length - 1} more expectation(s) broke)` : ''}.`,
    replay,
    showDetails,
  );
  if (choice === showDetails) ctx.output.show(true);
  if (choice === replay) await ctx.playground.run({ document, seed: firstSeedBroken, maxEvents: ctx.config.maxEvents, ...(scenario === undefined ? {} : { scenario }) });
}

/**
 * Every schedule of a small model of the scenario (core/explore, the CLI's default bounds) in the
 * run worker; the shortest counterexample opens as a new scenario beside the file.
 */
async function exploreSchedules(ctx: FaultlineContext, arg?: unknown): Promise<void> {
  const resolved = await resolveTarget(arg);
  if ('reason' in resolved) return ctx.cannotAct(resolved.reason);
  const { document, scenario } = resolved.target;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Faultline: exploring every schedule of "${scenario ?? 'the first scenario'}"`, cancellable: true },
    (progress, token) =>
      ctx.runs.explore({ type: 'explore', text: document.getText(), ...(scenario === undefined ? {} : { scenario }) }, token, (p) =>
        progress.report({ message: `depth ${p.depth} · ${p.distinct.toLocaleString('en-US')} distinct states · frontier ${p.frontier.toLocaleString('en-US')}` }),
      ),
  );
  if (!outcome.ok) return reportFailure(ctx, 'The exploration', outcome.message);
  const { result, seconds } = outcome.value;
  for (const line of describeExploration(result, seconds, { shards: false, scenarioInline: false })) ctx.output.info(line);
  const showDetails = 'Show Details';
  const first = result.violations[0];
  if (first === undefined) {
    const bound = result.exhausted ? 'the space was exhausted' : result.stoppedBy === 'depth' ? `to depth ${result.depth}` : `stopped early (${result.stoppedBy})`;
    const choice = await vscode.window.showInformationMessage(`Faultline: no schedule breaks an expectation of "${result.scenario}" (${result.distinct.toLocaleString('en-US')} states, ${bound}).`, showDetails);
    if (choice === showDetails) ctx.output.show(true);
    return;
  }
  const open = 'Open Counterexample';
  const choice = await vscode.window.showWarningMessage(`Faultline: "${first.expectation}" breaks after ${first.depth} steps (the shortest schedule).`, open, showDetails);
  if (choice === showDetails) ctx.output.show(true);
  if (choice === open) {
    const counterexample = await vscode.workspace.openTextDocument({ language: 'faultline', content: first.scenario });
    await vscode.window.showTextDocument(counterexample, { viewColumn: vscode.ViewColumn.Beside });
  }
}

async function openPlayground(ctx: FaultlineContext): Promise<void> {
  if (ctx.playground.isOpen || ctx.playground.current.documentUri !== undefined) {
    await ctx.playground.show();
    return;
  }
  const resolved = await resolveTarget(undefined);
  if ('target' in resolved) return runScenario(ctx);
  await ctx.playground.show();
}

/** Export what the panel shows (its file, scenario and seed), else the scenario at the cursor. */
async function exportRun(ctx: FaultlineContext, kind: ExportKind, arg?: unknown): Promise<void> {
  const fromLens = parseLensArguments(arg) !== null;
  const shown: PlaygroundState = isExportState(arg) ? arg : !fromLens && ctx.playground.isOpen ? ctx.playground.current : {};
  let target: ScenarioTarget;
  let seed: number | undefined;
  if (shown.documentUri !== undefined) {
    const resolved = await resolveTarget({ uri: shown.documentUri, ...(shown.scenario === undefined ? {} : { scenario: shown.scenario }) });
    if ('reason' in resolved) return ctx.cannotAct(resolved.reason);
    target = resolved.target;
    seed = shown.seed;
  } else {
    const resolved = await resolveTarget(arg);
    if ('reason' in resolved) return ctx.cannotAct(resolved.reason);
    target = resolved.target;
    seed = ctx.config.defaultSeed ?? undefined;
  }
  const report = await runInHost(ctx, target, seed);
  if (report === null) return;
  const content = await exportContent(ctx.extensionUri, report, kind, { fileName: fileName(target.document.uri), text: target.document.getText() });
  if (typeof content !== 'string') {
    return ctx.cannotAct(`Faultline: cannot export an ${EXPORT_FORMATS[kind].label}: ${content.missing} is not part of this build of the extension.`);
  }
  const format = EXPORT_FORMATS[kind];
  const destination = await vscode.window.showSaveDialog({
    title: `Faultline: Export ${format.label}`,
    defaultUri: defaultExportUri(target.document.uri, report, kind),
    filters: { [format.filter]: [format.extension] },
    saveLabel: 'Export',
  });
  if (destination === undefined) return;
  await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(content));
  ctx.output.info(`${format.label} of "${report.scenario}" (seed ${report.seed}) written to ${destination.toString()}`);
  void vscode.window.showInformationMessage(`Faultline: ${format.label} written to ${vscode.workspace.asRelativePath(destination)}`);
}

/** Runs one scenario in the host's worker, mirroring the outcome in the status bar. */
export async function runInHost(ctx: FaultlineContext, target: ScenarioTarget, seed: number | undefined): Promise<Report | null> {
  const name = target.scenario ?? 'the first scenario';
  ctx.status.running(target.scenario ?? null, seed ?? null, target.document.uri.toString());
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Faultline: running "${name}"`, cancellable: true }, (_progress, token) =>
    ctx.runs.run(
      { type: 'run', text: target.document.getText(), ...(target.scenario === undefined ? {} : { scenario: target.scenario }), ...(seed === undefined ? {} : { seed }), maxEvents: ctx.config.maxEvents },
      token,
    ),
  );
  if (!outcome.ok) {
    await reportFailure(ctx, `Running "${name}"`, outcome.message);
    return null;
  }
  for (const line of describeReport(outcome.value)) ctx.output.info(line);
  ctx.status.finished(summarizeRun(outcome.value), target.document.uri.toString());
  markStepDone('runScenario');
  return outcome.value;
}

async function reportFailure(ctx: FaultlineContext, what: string, message: string): Promise<void> {
  ctx.status.failed(`${what}: ${message}`);
  if (message === 'cancelled') {
    ctx.output.info(`${what} was cancelled`);
    return;
  }
  ctx.output.warn(`${what} failed: ${message}`);
  void vscode.window.showWarningMessage(`Faultline: ${what} failed: ${message}`);
}

function isExportState(value: unknown): value is PlaygroundState & { documentUri: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['documentUri'] === 'string';
}
