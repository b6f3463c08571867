// Activation: build the context, register every command, the playground serializer and the
// concept pages, then start the language client. Deactivation stops the client and disposes
// everything the context owns.

import * as vscode from 'vscode';
import { registerCommands } from './commands.ts';
import { registerDebugging } from './debug.ts';
import { FaultlineContext } from './context.ts';
import { CONCEPT_SCHEME, ConceptPages } from './explain.ts';
import { PLAYGROUND_VIEW_TYPE, PlaygroundSerializer, type PlaygroundEvents } from './playground.ts';
import { SWEEP_VIEW_TYPE, SweepViewSerializer } from './sweep-view.ts';
import { markStepDone } from './walkthrough-steps.ts';

let context: FaultlineContext | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<void> {
  const ctx = new FaultlineContext(extension.extensionUri, playgroundEvents);
  context = ctx;
  registerCommands(ctx);
  registerDebugging(ctx, extension.extensionUri);
  ctx.own(vscode.window.registerWebviewPanelSerializer(PLAYGROUND_VIEW_TYPE, new PlaygroundSerializer(ctx.playground)));
  ctx.own(vscode.window.registerWebviewPanelSerializer(SWEEP_VIEW_TYPE, new SweepViewSerializer(ctx)));
  ctx.own(vscode.workspace.registerTextDocumentContentProvider(CONCEPT_SCHEME, new ConceptPages()));
  ctx.own(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('faultline.liveExpectations')) ctx.output.info(`live expectations ${ctx.config.liveExpectations ? 'on' : 'off'}`);
    }),
  );
  extension.subscriptions.push({ dispose: () => void ctx.dispose() });
  // Commands work without the server (they compile and run in workers), so activation does not wait on it.
  void ctx.startLanguageClient();
}

export async function deactivate(): Promise<void> {
  const ctx = context;
  context = undefined;
  await ctx?.dispose();
}

/** How the playground's reports reach the rest of the extension. */
function playgroundEvents(ctx: FaultlineContext): PlaygroundEvents {
  return {
    runStarted: (scenario, seed, documentUri) => ctx.status.running(scenario, seed, documentUri),
    runFinished: (summary, documentUri) => {
      ctx.status.finished(summary, documentUri);
      markStepDone('runScenario');
      ctx.output.info(`"${summary.scenario}" seed ${summary.seed}: ${summary.passed} held, ${summary.failed} broke, ${summary.undecided} undecided (${summary.events} events, ${summary.wallMs} ms)`);
    },
    runFailed: (message, reason) => {
      ctx.status.failed(message);
      ctx.output.warn(`playground run ${reason}: ${message}`);
      if (reason === 'compile-error') void vscode.window.showWarningMessage(`Faultline: ${message}`);
    },
    exportRequested: (what, state) => void vscode.commands.executeCommand(what === 'html-report' ? 'faultline.exportReport' : 'faultline.exportHistory', state),
    log: (level, message) => ctx.output[level](message),
  };
}
