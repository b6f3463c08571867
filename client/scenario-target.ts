// Which scenario a command acts on. A CodeLens passes {uri, scenario}; the command palette passes
// nothing, so the active .fault editor decides, and inside it the scenario around the cursor.
// When there is nothing to act on, the reason comes back as text for the user.

import * as vscode from 'vscode';
import { analyze } from '../core/language/index.ts';

export const LANGUAGE_ID = 'faultline';

export type ScenarioTarget = {
  document: vscode.TextDocument;
  /** Absent: the file's first scenario. */
  scenario?: string;
};

export type TargetResult = { target: ScenarioTarget } | { reason: string };

/** Arguments the language server's CodeLens puts on `faultline.run` / `faultline.sweep`. */
export type LensArguments = { uri: string; scenario?: string; seeds?: number };

export function parseLensArguments(value: unknown): LensArguments | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record['uri'] !== 'string') return null;
  const out: LensArguments = { uri: record['uri'] };
  if (typeof record['scenario'] === 'string') out.scenario = record['scenario'];
  if (typeof record['seeds'] === 'number' && Number.isInteger(record['seeds']) && record['seeds'] > 0) out.seeds = record['seeds'];
  return out;
}

export async function resolveTarget(argument: unknown): Promise<TargetResult> {
  const lens = parseLensArguments(argument);
  if (lens !== null) return fromLens(lens);
  return fromActiveEditor();
}

async function fromLens(lens: LensArguments): Promise<TargetResult> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(lens.uri, true);
  } catch {
    return { reason: `Faultline: cannot run "${lens.uri}": not a valid document address.` };
  }
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    return { target: lens.scenario === undefined ? { document } : { document, scenario: lens.scenario } };
  } catch (error) {
    return { reason: `Faultline: cannot open ${uri.toString()}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function fromActiveEditor(): TargetResult {
  const editor = activeFaultEditor();
  if (editor === undefined) {
    return { reason: 'Faultline: open a .fault scenario file first (or click ▶ Run above a scenario). Try "Faultline: Open Sample Scenario".' };
  }
  const scenario = scenarioAt(editor.document.getText(), editor.selection.active.line);
  if (scenario === null) return { reason: `Faultline: ${fileName(editor.document.uri)} has no scenario block to run.` };
  return { target: { document: editor.document, scenario } };
}

/** The active editor when it shows a .fault file, else the first visible one that does. */
export function activeFaultEditor(): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active?.document.languageId === LANGUAGE_ID) return active;
  return vscode.window.visibleTextEditors.find((editor) => editor.document.languageId === LANGUAGE_ID);
}

/** The scenario whose block holds `line` (0-based); outside every block, the first scenario. */
export function scenarioAt(text: string, line: number): string | null {
  const scenarios = analyze(text).ast.scenarios;
  const around = scenarios.find((s) => line >= s.range.start.line && line <= s.range.end.line);
  return (around ?? scenarios[0])?.name.value ?? null;
}

export function fileName(uri: vscode.Uri): string {
  const path = uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || uri.toString();
}
