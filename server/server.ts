// The Faultline language server: wires one handler per LSP feature (each in its own file) to a
// connection. server/main.ts starts it as a program; `faultline lsp --stdio` starts the same.
// Documents sync incrementally; every feature reads the per-version DocumentState cache, and
// diagnostics are debounced so a burst of keystrokes costs one analysis. That analysis runs in
// a worker thread (analysis-host.ts): a large document's analysis never holds up a request,
// on it or on another document; the requests themselves are bounded by a time budget.

import {
  TextDocuments,
  TextDocumentSyncKind,
  ResponseError,
  LSPErrorCodes,
  type CancellationToken,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentStates, type DocumentState } from './document-state.ts';
import { computeDiagnostics, DiagnosticsScheduler } from './diagnostics.ts';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './settings.ts';
import { provideHover } from './hover.ts';
import { provideCompletion } from './completion.ts';
import { provideDefinition } from './definition.ts';
import { provideReferences } from './references.ts';
import { prepareRename, provideRename } from './rename.ts';
import { provideDocumentSymbols } from './symbols.ts';
import { provideWorkspaceSymbols } from './workspace-symbols.ts';
import { provideFoldingRanges } from './folding.ts';
import { provideSelectionRanges } from './selection-ranges.ts';
import { LEGEND, provideSemanticTokens } from './semantic-tokens.ts';
import { provideFormatting } from './formatting.ts';
import { provideInlayHints } from './inlay-hints.ts';
import { provideCodeLenses } from './code-lens.ts';
import { provideCodeActions } from './code-actions.ts';
import { provideSignatureHelp } from './signature-help.ts';
import { provideDocumentHighlights } from './document-highlight.ts';
import { LiveExpectations, type WorkerEntry } from './live-expectations.ts';
import { RequestBudget } from './request-budget.ts';
import { AnalysisHost } from './analysis-host.ts';

/** Sent after a live run's results are published: { uri, version, violations }. */
export const LIVE_RUN_NOTIFICATION = 'faultline/liveRun';

/** Issue 20's target for any request on any input up to 1 MB; slower answers are logged. */
export const REQUEST_BUDGET_MS = 1000;

/** Quiet time after fresh diagnostics before the outline of that version is built ahead of use. */
const OUTLINE_WARM_DELAY_MS = 30;

/**
 * Starts serving on `connection`. `liveWorker` says how to start a worker thread that runs
 * scenarios (the host's own entry file); without it, live expectations are off.
 */
export function startServer(connection: Connection, liveWorker: WorkerEntry | null = null): void {
  const documents = new TextDocuments(TextDocument);
  // Without a worker entry (a host that cannot start one) the analysis runs here, on first use.
  const analysis = liveWorker === null ? null : new AnalysisHost(liveWorker, { info: (m) => connection.console.log(m), error: (m) => connection.console.error(m) });
  const states = new DocumentStates(analysis === null);
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let snippetSupport = true;
  const live = new LiveExpectations(
    () => settings,
    liveWorker,
    (uri) => publish(uri),
    (message) => connection.console.log(message),
    // A custom notification so clients (a status item, tests) know a live run is complete.
    (uri, version, violations) => void connection.sendNotification(LIVE_RUN_NOTIFICATION, { uri, version, violations }),
  );

  const warmers = new Map<string, ReturnType<typeof setTimeout>>();
  /**
   * Publishes the diagnostics of the document's current version, once its analysis is known
   * (at once, or when the worker answers; a newer version by then publishes instead), and then
   * calls `next` with that state.
   */
  const publish = (uri: string, next?: (state: DocumentState) => void): void => {
    const document = documents.get(uri);
    if (document === undefined) return;
    const state = states.get(document);
    if (analysis !== null && !state.analyzed) {
      analysis.request(uri, state.version, state.text, (result) => {
        state.provideAnalysis(result);
        if (documents.get(uri)?.version !== state.version) return;
        publishAnalyzed(uri, state);
        next?.(state);
      });
      return;
    }
    publishAnalyzed(uri, state);
    next?.(state);
  };
  const publishAnalyzed = (uri: string, state: DocumentState): void => {
    const started = performance.now();
    try {
      connection.sendDiagnostics({ uri, version: state.version, diagnostics: computeDiagnostics(state, live.diagnosticsFor(state)) });
      const elapsed = performance.now() - started;
      if (elapsed > REQUEST_BUDGET_MS) connection.console.warn(`faultline: diagnostics for ${uri} (version ${state.version}) took ${Math.round(elapsed)} ms, over the ${REQUEST_BUDGET_MS} ms budget`);
      // Build the outline in the pause after an edit, so the hover, completion and
      // semantic-token requests that follow find it ready; the next keystroke cancels it.
      clearTimeout(warmers.get(uri));
      warmers.set(
        uri,
        setTimeout(() => {
          warmers.delete(uri);
          if (documents.get(uri)?.version === state.version) void state.outline;
        }, OUTLINE_WARM_DELAY_MS),
      );
    } catch (error) {
      connection.console.error(`faultline: diagnostics failed for ${uri}: ${String(error)}`);
    }
  };
  const scheduler = new DiagnosticsScheduler(
    () => settings.diagnosticsDelayMs,
    (uri) => publish(uri, (state) => live.schedule(state)),
  );

  /**
   * Runs a feature against the current state of a document. A failure is logged and answered
   * with `fallback`, so one bad request never takes the server down; a request cancelled before
   * it started is answered with RequestCancelled. Features that walk the whole document check
   * `budget` (settings.requestBudgetMs from the request's arrival) and answer with what they
   * have when it runs out; that is logged once per request.
   */
  const wasCancelled = (token: CancellationToken | undefined): boolean => token?.isCancellationRequested === true;

  function guard<P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, run: (state: DocumentState, params: P, budget: RequestBudget) => R) {
    return (params: P, token?: CancellationToken): R | ResponseError<void> => {
      if (token?.isCancellationRequested === true) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      const document = documents.get(params.textDocument.uri);
      if (document === undefined) return fallback;
      const started = performance.now();
      const budget = new RequestBudget(settings.requestBudgetMs, token);
      try {
        const result = run(states.get(document), params, budget);
        if (budget.exceeded) {
          if (wasCancelled(token)) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
          connection.console.warn(`faultline: ${name} on ${params.textDocument.uri} (version ${document.version}, ${document.getText().length} characters) ran out of its ${settings.requestBudgetMs} ms budget after ${Math.round(performance.now() - started)} ms; answered with what it had`);
        }
        return result;
      } catch (error) {
        connection.console.error(`faultline: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fallback;
      } finally {
        // Every feature is linear in the document (no recursion, no chain walked per scenario),
        // so this should never fire below a few MB; when it does, the log says where to look.
        const elapsed = performance.now() - started;
        if (elapsed > REQUEST_BUDGET_MS && !budget.exceeded) {
          connection.console.warn(`faultline: ${name} on ${params.textDocument.uri} (version ${document.version}, ${document.getText().length} characters) took ${Math.round(elapsed)} ms, over its ${REQUEST_BUDGET_MS} ms budget`);
        }
      }
    };
  }

  connection.onInitialize((params): InitializeResult => {
    settings = readSettings(params.initializationOptions, DEFAULT_SETTINGS);
    snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport ?? false;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '"'], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        documentHighlightProvider: true,
        documentFormattingProvider: true,
        semanticTokensProvider: { legend: LEGEND, full: true },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        signatureHelpProvider: { triggerCharacters: [' '] },
      },
      serverInfo: { name: 'faultline-language-server', version: '0.1.0' },
    };
  });

  connection.onDidChangeConfiguration((change) => {
    const section = (change.settings as Record<string, unknown> | undefined)?.['faultline'];
    settings = readSettings(section, settings);
    for (const document of documents.all()) scheduler.schedule(document.uri);
  });

  // TextDocuments reports an open as an open followed by a content change.
  const justOpened = new Set<string>();
  documents.onDidOpen((event) => justOpened.add(event.document.uri));
  documents.onDidChangeContent((event) => {
    const uri = event.document.uri;
    clearTimeout(warmers.get(uri));
    live.cancel(uri);
    if (justOpened.delete(uri)) {
      // The first diagnostics come at once: nothing to debounce when a file opens.
      publish(uri, (state) => live.schedule(state));
    } else scheduler.schedule(uri);
  });
  documents.onDidClose((event) => {
    scheduler.cancel(event.document.uri);
    live.forget(event.document.uri);
    states.forget(event.document.uri);
    analysis?.forget(event.document.uri);
    connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onHover(guard('hover', null, (state, params) => provideHover(state.viewAt(params.position.line), params, { faultNotes: (line) => live.faultNotesFor(state, line) })));
  connection.onCompletion(guard('completion', [], (state, params) => provideCompletion(state.viewAt(params.position.line), params, snippetSupport)));
  connection.onDefinition(guard('definition', null, (state, params) => provideDefinition(state.viewAt(params.position.line), params)));
  connection.onReferences(guard('references', [], provideReferences));
  connection.onPrepareRename(guard('prepareRename', null, prepareRename));
  connection.onRenameRequest(guard('rename', null, provideRename));
  connection.onDocumentSymbol(guard('documentSymbol', [], provideDocumentSymbols));
  connection.onWorkspaceSymbol((params, token) => {
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    return provideWorkspaceSymbols(documents.all().map((d) => states.get(d)), params);
  });
  connection.onFoldingRanges(guard('foldingRange', [], provideFoldingRanges));
  connection.onSelectionRanges(guard('selectionRange', [], provideSelectionRanges));
  connection.onDocumentHighlight(guard('documentHighlight', [], (state, params) => provideDocumentHighlights(state.viewAt(params.position.line), params)));
  connection.onDocumentFormatting(guard('formatting', [], provideFormatting));
  connection.languages.semanticTokens.on(guard('semanticTokens', { data: [] }, provideSemanticTokens));
  connection.languages.inlayHint.on(guard('inlayHint', [], provideInlayHints));
  connection.onCodeLens(guard('codeLens', [], provideCodeLenses));
  connection.onCodeAction(guard('codeAction', [], provideCodeActions));
  connection.onSignatureHelp(guard('signatureHelp', null, (state, params) => provideSignatureHelp(state.viewAt(params.position.line), params)));
  connection.onShutdown(() => {
    live.dispose();
    analysis?.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

