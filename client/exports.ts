// Export Report (HTML) and Export History (Jepsen EDN). Both rerun the scenario in the host's run
// worker with the exact seed the user chose (runs are deterministic, so this is the same run the
// panel shows), then write the file where the user says.

import * as vscode from 'vscode';
import { historyToEdn } from '../core/history/export.ts';
import type { Report } from '../core/types/report.ts';
import { playgroundHtml, type EmbeddedSource } from '../webview/html.ts';
import { exportFileName } from './export-names.ts';
import { exists, newNonce, WEBVIEW_ASSETS } from './playground-html.ts';

export type ExportKind = 'html-report' | 'history-edn';

export const EXPORT_FORMATS: Record<ExportKind, { label: string; extension: string; filter: string }> = {
  'html-report': { label: 'HTML report', extension: 'html', filter: 'HTML' },
  'history-edn': { label: 'Jepsen EDN history', extension: 'edn', filter: 'EDN' },
};

export function defaultExportUri(document: vscode.Uri, report: Pick<Report, 'scenario' | 'seed'>, kind: ExportKind): vscode.Uri {
  const folder = vscode.Uri.joinPath(document, '..');
  return vscode.Uri.joinPath(folder, exportFileName(report.scenario, report.seed, EXPORT_FORMATS[kind].extension));
}

/** The standalone page: the playground's own script and style inlined, the run embedded. */
export async function standaloneReportHtml(extensionUri: vscode.Uri, report: Report, source: EmbeddedSource): Promise<string | { missing: string }> {
  const script = vscode.Uri.joinPath(extensionUri, 'dist', WEBVIEW_ASSETS.script);
  const style = vscode.Uri.joinPath(extensionUri, 'dist', WEBVIEW_ASSETS.style);
  if (!(await exists(script))) return { missing: `dist/${WEBVIEW_ASSETS.script}` };
  const decoder = new TextDecoder();
  const scriptText = decoder.decode(await vscode.workspace.fs.readFile(script));
  const styleText = (await exists(style)) ? decoder.decode(await vscode.workspace.fs.readFile(style)) : '';
  return playgroundHtml({
    nonce: newNonce(),
    title: `Faultline report — ${report.scenario} (seed ${report.seed})`,
    script: { inline: scriptText },
    style: { inline: styleText },
    workerUri: null,
    report,
    source,
    mode: 'standalone',
  });
}

/** `source`: the scenario file the report embeds, so its "line N" links show that line. */
export async function exportContent(extensionUri: vscode.Uri, report: Report, kind: ExportKind, source: EmbeddedSource): Promise<string | { missing: string }> {
  return kind === 'history-edn' ? historyToEdn(report.history) : standaloneReportHtml(extensionUri, report, source);
}
