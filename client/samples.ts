// Open Sample Scenario: the samples shipped inside the extension (samples/*.fault), one per
// concept. The walkthrough opens the Raft leader-isolation sample by name.

import * as vscode from 'vscode';
import type { FaultlineContext } from './context.ts';

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
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(ctx.extensionUri, 'samples', chosen));
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
}
