// Debugging a scenario from the editor: the `faultline` debug type. The adapter runs in its own
// process (dist/dap.cjs, the same session as `faultline dap --stdio`), never in the extension
// host: a run and its checkpoints are long work. F5 on a .fault file needs no launch.json (the
// configuration provider fills one in from the active editor and the scenario around the
// cursor), and the "Debug" CodeLens above each scenario starts the same session for that scenario.

import * as vscode from 'vscode';
import { DEBUGGER_CURSOR_EVENT, isDebuggerCursor } from '../core/debug/debugger-cursor.ts';
import type { FaultlineContext } from './context.ts';
import { activeFaultEditor, LANGUAGE_ID, resolveTarget, scenarioAt } from './scenario-target.ts';

export const DEBUG_TYPE = 'faultline';
export const DAP_BUNDLE = ['dist', 'dap.cjs'] as const;

export function registerDebugging(ctx: FaultlineContext, extensionUri: vscode.Uri): void {
  const adapter = vscode.Uri.joinPath(extensionUri, ...DAP_BUNDLE).fsPath;
  ctx.own(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      // The editor's own runtime runs the bundle as plain Node (ELECTRON_RUN_AS_NODE).
      createDebugAdapterDescriptor: () => new vscode.DebugAdapterExecutable(process.execPath, [adapter], { env: { ELECTRON_RUN_AS_NODE: '1' } }),
    }),
  );
  ctx.own(vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ScenarioConfigurations(ctx)));
  // The playground follows the debugger's cursor while both are open: one run, two views.
  ctx.own(
    vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => {
      if (event.session.type !== DEBUG_TYPE || event.event !== DEBUGGER_CURSOR_EVENT || !isDebuggerCursor(event.body)) return;
      void ctx.playground.followDebugger(event.body).catch((error: unknown) => ctx.output.warn(`the playground could not follow the debugger: ${String(error)}`));
    }),
  );
}

class ScenarioConfigurations implements vscode.DebugConfigurationProvider {
  constructor(private readonly ctx: FaultlineContext) {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: 'launch', name: 'Debug Scenario', program: '${file}', stopOnEntry: true }];
  }

  /** F5 with no launch.json: debug the scenario around the cursor of the active .fault editor. */
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (config.type !== undefined && config.request !== undefined && config.program !== undefined) return config;
    const editor = activeFaultEditor();
    if (editor === undefined || editor.document.languageId !== LANGUAGE_ID) {
      void this.ctx.cannotAct('Faultline: open a .fault scenario to debug it (or add a "faultline" launch configuration with a "program").');
      return undefined; // cancels the launch
    }
    const scenario = scenarioAt(editor.document.getText(), editor.selection.active.line);
    const seed = this.ctx.config.defaultSeed;
    return {
      ...config,
      type: DEBUG_TYPE,
      request: 'launch',
      name: config.name ?? 'Debug Scenario',
      program: editor.document.uri.fsPath,
      ...(scenario === null ? {} : { scenario }),
      ...(seed === null ? {} : { seed }),
      stopOnEntry: config.stopOnEntry ?? false,
    };
  }
}

/** `faultline.debug` (the CodeLens, with {uri, scenario}) and `faultline.debugScenario` (the palette). */
export async function debugScenario(ctx: FaultlineContext, arg?: unknown): Promise<void> {
  const resolved = await resolveTarget(arg);
  if ('reason' in resolved) return ctx.cannotAct(resolved.reason);
  const { document, scenario } = resolved.target;
  if (document.uri.scheme !== 'file') return ctx.cannotAct('Faultline: the debugger reads the scenario from disk; save this file first.');
  if (document.isDirty) await document.save();
  const seed = ctx.config.defaultSeed;
  const started = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(document.uri), {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Debug ${scenario ?? 'scenario'}`,
    program: document.uri.fsPath,
    ...(scenario === undefined ? {} : { scenario }),
    ...(seed === null ? {} : { seed }),
    stopOnEntry: false,
  });
  if (!started) ctx.output.warn(`the debug session for ${document.uri.toString()} did not start`);
}
