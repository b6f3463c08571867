// Open Sample Scenario: the samples shipped inside the extension (samples/*.fault), one per
// concept. The walkthrough opens the Raft leader-isolation sample by name.
//
// The user gets a copy of their own (an untitled document with the sample's text, named after
// it): the file inside the installed extension is not theirs to edit, and an edit there would be
// lost on the next update. The copy opens as a kept tab beside the current editor, so the
// walkthrough that asked for it stays on screen.

import * as vscode from 'vscode';
import type { FaultlineContext } from './context.ts';
import { LANGUAGE_ID } from './scenario-target.ts';
import { markStepDone } from './walkthrough-steps.ts';

export const FIRST_SAMPLE = 'raft-leader-isolated.fault';

export async function listSamples(extensionUri: vscode.Uri): Promise<string[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(extensionUri, 'samples'));
    return entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.fault')).map(([name]) => name).sort();
  } catch {
    return [];
  }
}

/** Opens the named sample, or asks which one. A name is only accepted from the shipped list. */
export async function openSample(ctx: FaultlineContext, name?: unknown): Promise<void> {
  const samples = await listSamples(ctx.extensionUri);
  if (samples.length === 0) return ctx.cannotAct('Faultline: this build of the extension ships no samples/ folder.');
  let chosen = typeof name === 'string' && samples.includes(name) ? name : undefined;
  if (chosen === undefined) {
    const items = samples.map((sample) => ({ label: sample, picked: sample === FIRST_SAMPLE }));
    const picked = await vscode.window.showQuickPick(items, { title: 'Faultline: Open Sample Scenario', placeHolder: `Start with ${FIRST_SAMPLE}` });
    if (picked === undefined) return;
    chosen = picked.label;
  }
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ctx.extensionUri, 'samples', chosen)));
  } catch (error) {
    return ctx.cannotAct(`Faultline: cannot read the sample ${chosen}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Opening the same untitled name again returns the copy already open, edits and all.
  const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: chosen }));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  if (document.getText() === '' && !(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), text)))) {
    return ctx.cannotAct(`Faultline: could not copy the sample ${chosen} into a new editor.`);
  }
  // The insert leaves the cursor at the end; the sample's story is told at its top.
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  editor.revealRange(new vscode.Range(0, 0, 0, 0));
  if (document.languageId !== LANGUAGE_ID) await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
  markStepDone('openSample');
}
