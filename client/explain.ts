// Explain Concept: every keyword, fault, expectation and lint the language knows, with the texts
// the hovers use (core/explain), shown as a markdown page. The word under the cursor in a .fault
// editor is offered first.

import * as vscode from 'vscode';
import { faultConcepts, expectationConcepts } from '../core/explain/faults.ts';
import { keywordConcepts, type Concept } from '../core/explain/keywords.ts';
import { lintInfo } from '../core/explain/lints.ts';
import { markStepDone } from './walkthrough-steps.ts';

export const CONCEPT_SCHEME = 'faultline-concept';

export type ConceptEntry = { key: string; group: string; title: string; markdown: string };

export function allConcepts(): ConceptEntry[] {
  const fromConcepts = (group: string, table: Record<string, Concept>): ConceptEntry[] =>
    Object.entries(table).map(([key, c]) => ({ key, group, title: c.title, markdown: conceptMarkdown(c.title, c.text, c.pattern) }));
  return [
    ...fromConcepts('keyword', keywordConcepts),
    ...fromConcepts('fault', faultConcepts),
    ...fromConcepts('expectation', expectationConcepts),
    ...Object.entries(lintInfo).map(([code, info]) => ({ key: code, group: 'lint', title: `${code} ${info.title}`, markdown: conceptMarkdown(`${code}: ${info.title}`, info.explanation, info.pattern) })),
  ];
}

function conceptMarkdown(title: string, text: string, pattern: string | undefined): string {
  return `# ${title}\n\n${text}\n${pattern === undefined ? '' : `\n**Pattern:** ${pattern}\n`}`;
}

/**
 * The path of a concept's page, decoded ("/no split brain.md"): vscode.Uri encodes it when the URI
 * is written out, and the tab is titled from the decoded path. Encoding it here as well made the
 * tab read "Preview no%20split%20brain.md".
 */
export function conceptPath(key: string): string {
  return `/${key}.md`;
}

/** The concept key a page's (decoded) path names: conceptPath's inverse. */
export function conceptKeyOf(path: string): string {
  return path.replace(/^\//, '').replace(/\.md$/, '');
}

/** Serves the concept pages as read-only markdown documents: faultline-concept:/<key>.md */
export class ConceptPages implements vscode.TextDocumentContentProvider {
  private readonly byKey = new Map(allConcepts().map((c) => [c.key, c]));

  provideTextDocumentContent(uri: vscode.Uri): string {
    const key = conceptKeyOf(uri.path);
    return this.byKey.get(key)?.markdown ?? `# Unknown concept\n\nFaultline has no explanation for "${key}".\n`;
  }
}

export async function explainConcept(): Promise<void> {
  const entries = allConcepts();
  const word = wordAtCursor();
  const items = entries.map((entry) => ({ label: entry.title, description: entry.group, entry }));
  const preferred = word === null ? undefined : items.find((item) => item.entry.key.toLowerCase() === word.toLowerCase());
  const ordered = preferred === undefined ? items : [preferred, ...items.filter((i) => i !== preferred)];
  const picked = await vscode.window.showQuickPick(ordered, { title: 'Faultline: Explain Concept', placeHolder: 'A keyword, fault, expectation or lint code', matchOnDescription: true });
  if (picked === undefined) return;
  const uri = vscode.Uri.from({ scheme: CONCEPT_SCHEME, path: conceptPath(picked.entry.key) });
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // Without the built-in markdown extension, the source text still reads fine.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }
  markStepDone('readVerdicts');
}

function wordAtCursor(): string | null {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== 'faultline') return null;
  const range = editor.document.getWordRangeAtPosition(editor.selection.active, /[A-Za-z][\w-]*/);
  return range === undefined ? null : editor.document.getText(range);
}
