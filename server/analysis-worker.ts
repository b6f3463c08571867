// The worker side of document analysis: the language's own diagnostics and the lints of each
// document, computed off the language server's thread so that analysing a large document (up
// to a second for 1 MB) never holds up a request on another document. One worker serves every
// document and keeps one IncrementalAnalyzer per document, so its per-scenario cache survives
// from version to version as it did on the main thread.

import { parentPort } from 'node:worker_threads';
import { IncrementalAnalyzer, type AnalysisResult } from './incremental-analysis.ts';

export type AnalysisRequest = { kind: 'analyze'; id: number; uri: string; text: string } | { kind: 'forget'; uri: string };

export type AnalysisResponse = { id: number; result: AnalysisResult } | { id: number; error: string };

/** What `workerData.role` says in a worker started to analyse documents. */
export const ANALYSIS_ROLE = 'analysis';

export function startAnalysisWorker(): void {
  const analyzers = new Map<string, IncrementalAnalyzer>();
  parentPort?.on('message', (request: AnalysisRequest) => {
    if (request.kind === 'forget') {
      analyzers.delete(request.uri);
      return;
    }
    let analyzer = analyzers.get(request.uri);
    if (analyzer === undefined) {
      analyzer = new IncrementalAnalyzer();
      analyzers.set(request.uri, analyzer);
    }
    let response: AnalysisResponse;
    try {
      response = { id: request.id, result: analyzer.run(request.text) };
    } catch (error) {
      analyzers.delete(request.uri);
      response = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    parentPort?.postMessage(response);
  });
}
