// The Faultline language server: wires one handler per LSP feature (each in its own file) to a
// connection. server/main.ts starts it as a program; `faultline lsp --stdio` starts the same.
// Documents sync incrementally; every feature reads the per-version DocumentState cache, and
// diagnostics are debounced so a burst of keystrokes costs one analysis. That analysis runs in
// a worker thread (analysis-host.ts): a large document's analysis never holds up a request,
// on it or on another document. A large document's outline is built in a second worker
// (outline-host.ts), which answers the requests that walk the whole document; this thread
// answers small documents, and a large one's position requests when the scenario at the cursor
// is small. Every request is bounded by a time budget.

import {
  TextDocuments,
  TextDocumentSyncKind,
  ResponseError,
  CodeLensRefreshRequest,
  LSPErrorCodes,
  type CancellationToken,
  type Connection,
  type SymbolInformation,
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
import { provideWorkspaceSymbols, WORKSPACE_SYMBOL_LIMIT } from './workspace-symbols.ts';
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
import { OutlineHost } from './outline-host.ts';
import { VERSION_FEATURES, type FeatureName } from './outline-worker.ts';

/** Sent after a live run's results are published: { uri, version, violations }. */
export const LIVE_RUN_NOTIFICATION = 'faultline/liveRun';

/** Issue 20's target for any request on any input up to 1 MB; slower answers are logged. */
export const REQUEST_BUDGET_MS = 1000;

/** Requests whose answer depends only on the document's version: kept once complete. */
const VERSION_ANSWERS: ReadonlySet<FeatureName> = new Set<FeatureName>(VERSION_FEATURES);

/** Quiet time after fresh diagnostics before the outline of that version is built ahead of use. */
const OUTLINE_WARM_DELAY_MS = 30;
/** How long a large document's code lenses are waited for once they missed their request's budget. */
const LATE_LENSES_WAIT_MS = 60_000;

/**
 * Starts serving on `connection`. `liveWorker` says how to start a worker thread that runs
 * scenarios (the host's own entry file); without it, live expectations are off.
 */
export function startServer(connection: Connection, liveWorker: WorkerEntry | null = null): void {
  const documents = new TextDocuments(TextDocument);
  // Without a worker entry (a host that cannot start one) the analysis runs here, on first use.
  const analysis = liveWorker === null ? null : new AnalysisHost(liveWorker, { info: (m) => connection.console.log(m), error: (m) => connection.console.error(m) });
  const states = new DocumentStates(analysis === null);
  const outlines = liveWorker === null ? null : new OutlineHost(liveWorker, { error: (m) => connection.console.error(m) });
  /** Whether the outline worker holds `state`'s document (its outline is never built on this thread). */
  const inWorker = (state: DocumentState): boolean => outlines !== null && state.large;
  /** Answers from the outline worker kept with their version (a state per version, so an edit drops them). */
  const keptAnswers = new WeakMap<DocumentState, Map<FeatureName, unknown>>();
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let snippetSupport = true;
  /** The client asks again for semantic tokens answered ServerCancelled (LSP 3.17), rather than show none. */
  let semanticTokensRetry = false;
  /** The client can be told to ask for code lenses again (workspace/codeLens/refresh, LSP 3.16). */
  let codeLensRefresh = false;
  /** Documents whose code lenses are being fetched late (see lensesWhenBuilt), so one fetch each. */
  const lateLenses = new WeakSet<DocumentState>();
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
    // The outline worker starts building this version's outline while the analysis runs.
    if (inWorker(state)) outlines?.ensure(uri, state.version, state.text);
    if (analysis !== null && !state.analyzed) {
      analysis.request(uri, state.version, state.text, (result) => {
        state.provideAnalysis(result);
        if (inWorker(state)) outlines?.lints(uri, state.version, result.lints);
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
      // A large document's is built in the outline worker, never here.
      clearTimeout(warmers.get(uri));
      if (inWorker(state)) return;
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

  const overBudget = (name: string, uri: string, document: { version: number; getText(): string }, what: string): void =>
    connection.console.warn(`faultline: ${name} on ${uri} (version ${document.version}, ${document.getText().length} characters) ${what}`);

  /**
   * Serves `name`: here with `run`, or for a large document in the outline worker. A
   * `positional` request (its params hold a position) stays here when the view of the scenario
   * at that line is cheap to build (DocumentState.localViewAt).
   */
  function serve<P extends { textDocument: { uri: string } }, R>(name: FeatureName, fallback: R, run: (state: DocumentState, params: P, budget: RequestBudget) => R, positional = false) {
    const here = guard(name, fallback, run);
    return (params: P, token?: CancellationToken): R | ResponseError<void> | Promise<R | ResponseError<void>> => {
      if (token?.isCancellationRequested === true) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      const document = documents.get(params.textDocument.uri);
      if (document === undefined || outlines === null) return here(params, token);
      const state = states.get(document);
      const line = positional ? (params as P & { position: { line: number } }).position.line : null;
      if (!inWorker(state) || (line !== null && state.localViewAt(line) !== null)) return here(params, token);
      return forward(name, fallback, state, params, token);
    };
  }

  /**
   * Asks the outline worker; waits at most the request's budget, never on this thread. The
   * complete answers that depend only on the version are kept with it, so asking again (the
   * editor asks for symbols, folds and lenses again on every focus) costs a lookup.
   */
  async function forward<R>(name: FeatureName, fallback: R, state: DocumentState, params: { textDocument: { uri: string } }, token?: CancellationToken): Promise<R | ResponseError<void>> {
    const kept = VERSION_ANSWERS.has(name) ? keptAnswers.get(state)?.get(name) : undefined;
    if (kept !== undefined) return kept as R;
    const started = performance.now();
    const answer = await outlines!.ask(state.uri, state.version, state.text, name, params, { waitMs: settings.requestBudgetMs, snippets: snippetSupport, token });
    const document = { version: state.version, getText: () => state.text };
    const elapsed = Math.round(performance.now() - started);
    switch (answer.kind) {
      case 'cancelled':
        return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      case 'responseError':
        return new ResponseError(answer.code, answer.message);
      case 'result':
        if (answer.ranOut) overBudget(name, state.uri, document, `ran out of its ${settings.requestBudgetMs} ms budget after ${elapsed} ms; answered with what it had`);
        else if (VERSION_ANSWERS.has(name)) keep(state, name, answer.value);
        return answer.value as R;
      case 'unanswered':
        overBudget(name, state.uri, document, `had no answer after ${elapsed} ms (${answer.why}); answered ${name === 'semanticTokens' && semanticTokensRetry ? 'ServerCancelled for the client to ask again' : 'empty'}`);
        // Empty tokens would blank the document's colours until the next edit.
        if (name === 'semanticTokens' && semanticTokensRetry) return new ResponseError(LSPErrorCodes.ServerCancelled, 'the outline of this version is still being built; ask again');
        if (name === 'codeLens' && codeLensRefresh) void lensesWhenBuilt(state, params);
        return fallback;
    }
  }

  function keep(state: DocumentState, name: FeatureName, value: unknown): void {
    const answers = keptAnswers.get(state) ?? new Map<FeatureName, unknown>();
    answers.set(name, value);
    keptAnswers.set(state, answers);
  }

  /**
   * Empty lenses would leave a large document without its Run buttons until the next edit (the
   * editor does not ask again by itself): the lenses of that version are asked for once more with
   * a long wait, kept, and the editor is told to ask again, which the kept answer then serves.
   */
  async function lensesWhenBuilt(state: DocumentState, params: { textDocument: { uri: string } }): Promise<void> {
    if (lateLenses.has(state)) return;
    lateLenses.add(state);
    const answer = await outlines!.ask(state.uri, state.version, state.text, 'codeLens', params, { waitMs: LATE_LENSES_WAIT_MS, snippets: snippetSupport });
    if (answer.kind !== 'result' || answer.ranOut || documents.get(state.uri)?.version !== state.version) return;
    keep(state, 'codeLens', answer.value);
    connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  connection.onInitialize((params): InitializeResult => {
    settings = readSettings(params.initializationOptions, DEFAULT_SETTINGS);
    snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport ?? false;
    semanticTokensRetry = params.capabilities.textDocument?.semanticTokens?.serverCancelSupport ?? false;
    codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport ?? false;
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
    outlines?.forget(event.document.uri);
    connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  const POSITIONAL = true;
  connection.onHover(serve('hover', null, (state, params) => provideHover(state.viewAt(params.position.line), params, { faultNotes: (line) => live.faultNotesFor(state, line) }), POSITIONAL));
  connection.onCompletion(serve('completion', [], (state, params) => provideCompletion(state.viewAt(params.position.line), params, snippetSupport), POSITIONAL));
  connection.onDefinition(serve('definition', null, (state, params) => provideDefinition(state.viewAt(params.position.line), params), POSITIONAL));
  connection.onReferences(serve('references', [], provideReferences));
  connection.onPrepareRename(serve('prepareRename', null, prepareRename));
  connection.onRenameRequest(serve('rename', null, provideRename));
  connection.onDocumentSymbol(serve('documentSymbol', [], provideDocumentSymbols));
  connection.onWorkspaceSymbol(async (params, token) => {
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const all = documents.all().map((d) => states.get(d));
    const found = provideWorkspaceSymbols(all.filter((state) => !inWorker(state)), params);
    // Large documents answer from the outline worker, all at once; one that misses the budget adds nothing.
    const large = await Promise.all(all.filter(inWorker).map((state) => forward('workspaceSymbol', [] as SymbolInformation[], state, { ...params, textDocument: { uri: state.uri } }, token)));
    // No spread into push: a worker's list is only bounded by its own limit.
    for (const symbols of large) {
      if (!Array.isArray(symbols)) continue;
      for (const symbol of symbols) {
        if (found.length >= WORKSPACE_SYMBOL_LIMIT) return found;
        found.push(symbol);
      }
    }
    return found.slice(0, WORKSPACE_SYMBOL_LIMIT);
  });
  connection.onFoldingRanges(serve('foldingRange', [], provideFoldingRanges));
  connection.onSelectionRanges(serve('selectionRange', [], provideSelectionRanges));
  connection.onDocumentHighlight(serve('documentHighlight', [], (state, params) => provideDocumentHighlights(state.viewAt(params.position.line), params), POSITIONAL));
  connection.onDocumentFormatting(serve('formatting', [], provideFormatting));
  connection.languages.semanticTokens.on(serve('semanticTokens', { data: [] }, provideSemanticTokens));
  connection.languages.inlayHint.on(serve('inlayHint', [], provideInlayHints));
  connection.onCodeLens(serve('codeLens', [], provideCodeLenses));
  connection.onCodeAction(serve('codeAction', [], provideCodeActions));
  connection.onSignatureHelp(serve('signatureHelp', null, (state, params) => provideSignatureHelp(state.viewAt(params.position.line), params), POSITIONAL));
  connection.onShutdown(() => {
    live.dispose();
    analysis?.dispose();
    outlines?.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

