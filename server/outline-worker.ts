// The worker side of large documents' requests. Building the outline of a 1 MB document (its
// tokens, blocks and names) takes one to several seconds; done on the server's thread it held
// up every request, on that document and on every other (documentSymbol 3.6 s, hover 3 s).
// Here it is built once per version, as soon as the version arrives, and the requests that
// walk the whole document (symbols, folding, semantic tokens, lenses, references, formatting...)
// are answered from it. The server's thread forwards them and waits at most the request's
// budget (outline-host.ts), so nothing on it waits for a build.

import { parentPort } from 'node:worker_threads';
import { ResponseError } from 'vscode-languageserver';
import type { LintDiagnostic } from '../core/language/lints/index.ts';
import { DocumentState } from './document-state.ts';
import { RequestBudget } from './request-budget.ts';
import { provideHover } from './hover.ts';
import { provideCompletion } from './completion.ts';
import { provideDefinition } from './definition.ts';
import { provideReferences } from './references.ts';
import { prepareRename, provideRename } from './rename.ts';
import { provideDocumentSymbols } from './symbols.ts';
import { provideWorkspaceSymbols } from './workspace-symbols.ts';
import { provideFoldingRanges } from './folding.ts';
import { provideSelectionRanges } from './selection-ranges.ts';
import { provideSemanticTokens } from './semantic-tokens.ts';
import { provideFormatting } from './formatting.ts';
import { provideInlayHints } from './inlay-hints.ts';
import { provideCodeLenses } from './code-lens.ts';
import { provideCodeActions } from './code-actions.ts';
import { provideSignatureHelp } from './signature-help.ts';
import { provideDocumentHighlights } from './document-highlight.ts';

/** What a feature gets besides its document and params. */
export type FeatureContext = { budget: RequestBudget; snippets: boolean };

type Feature = (state: DocumentState, params: never, context: FeatureContext) => unknown;

/**
 * Every request the server answers, by name, as one function of one document state: the server
 * runs these itself for small documents and asks the worker for large ones. (`any` params: each
 * is the LSP params type of its request, checked where the server registers the handler.)
 */
export const FEATURES = {
  hover: (state: DocumentState, params: any) => provideHover(state.viewAt(params.position.line), params),
  completion: (state: DocumentState, params: any, { snippets }: FeatureContext) => provideCompletion(state.viewAt(params.position.line), params, snippets),
  signatureHelp: (state: DocumentState, params: any) => provideSignatureHelp(state.viewAt(params.position.line), params),
  definition: (state: DocumentState, params: any) => provideDefinition(state.viewAt(params.position.line), params),
  documentHighlight: (state: DocumentState, params: any) => provideDocumentHighlights(state.viewAt(params.position.line), params),
  references: (state: DocumentState, params: any) => provideReferences(state, params),
  prepareRename: (state: DocumentState, params: any) => prepareRename(state, params),
  rename: (state: DocumentState, params: any) => provideRename(state, params),
  documentSymbol: (state: DocumentState, params: any, { budget }: FeatureContext) => provideDocumentSymbols(state, params, budget),
  workspaceSymbol: (state: DocumentState, params: any) => provideWorkspaceSymbols([state], params),
  foldingRange: (state: DocumentState, params: any, { budget }: FeatureContext) => provideFoldingRanges(state, params, budget),
  selectionRange: (state: DocumentState, params: any) => provideSelectionRanges(state, params),
  formatting: (state: DocumentState, params: any, { budget }: FeatureContext) => provideFormatting(state, params, budget),
  semanticTokens: (state: DocumentState, params: any, { budget }: FeatureContext) => provideSemanticTokens(state, params, budget),
  inlayHint: (state: DocumentState, params: any, { budget }: FeatureContext) => provideInlayHints(state, params, budget),
  codeLens: (state: DocumentState, params: any, { budget }: FeatureContext) => provideCodeLenses(state, params, budget),
  codeAction: (state: DocumentState, params: any) => provideCodeActions(state, params),
} satisfies Record<string, Feature>;

export type FeatureName = keyof typeof FEATURES;

/**
 * Requests whose answer depends only on the version (no position, no range; formatting has one
 * canonical layout whatever the editor's options): worked out in full
 * right after the outline, one per turn of the worker's loop, so that when the editor asks, the
 * answer is a lookup and never cut short by the request's budget.
 */
export const VERSION_FEATURES = ['documentSymbol', 'foldingRange', 'semanticTokens', 'codeLens', 'formatting'] as const satisfies readonly FeatureName[];
/** The most one version answer may take to work out ahead; the worker answers nothing else meanwhile. */
export const PREPARE_BUDGET_MS = 5_000;

const VERSION_FEATURE_SET: ReadonlySet<FeatureName> = new Set(VERSION_FEATURES);

export type OutlineRequest =
  | { kind: 'open'; uri: string; version: number; text: string }
  | { kind: 'lints'; uri: string; version: number; lints: LintDiagnostic[] }
  | { kind: 'forget'; uri: string }
  /** `deadline`: Date.now() milliseconds (the one clock both threads share) when the asker stops waiting. */
  | { kind: 'ask'; id: number; uri: string; version: number; feature: FeatureName; params: unknown; snippets: boolean; deadline: number };

export type OutlineResponse =
  /**
   * The answer as JSON text: a structured clone of 10,000 symbols or 40,000 lenses took seconds
   * to copy across (longer than JSON.stringify here and JSON.parse there), a string is one copy.
   */
  | { id: number; json: string; ranOut: boolean }
  /** The answer is a ResponseError (rename of a name that cannot be renamed): sent as its parts. */
  | { id: number; responseError: { code: number; message: string } }
  /** The worker holds another version of the document, or the deadline passed before the work began. */
  | { id: number; unanswered: 'stale' | 'late' }
  | { id: number; error: string }
  /** Sent once when the worker's code is loaded: the askers' waiting starts from here. */
  | { ready: true };

/**
 * After the deadline, the time an answer may still take to come back: the worker's walk stops
 * at the deadline (RequestBudget) and then sends what it has, which must still be copied over.
 */
export const ANSWER_GRACE_MS = 250;

/** What `workerData.role` says in a worker started to hold large documents' outlines. */
export const OUTLINE_ROLE = 'outline';

export function startOutlineWorker(): void {
  const states = new Map<string, DocumentState>();
  /** The version answers worked out so far, as JSON, per state (a new version is a new state). */
  const prepared = new WeakMap<DocumentState, Map<FeatureName, string>>();
  const current = (state: DocumentState): boolean => states.get(state.uri) === state;
  /** The outline, then each version answer, each step on its own turn so asks are served in between. */
  const prepare = (state: DocumentState, step: number): void => {
    if (!current(state)) return;
    try {
      if (step === 0) void state.outline;
      else {
        const feature = VERSION_FEATURES[step - 1]!;
        const answers = prepared.get(state) ?? new Map<FeatureName, string>();
        prepared.set(state, answers);
        const budget = new RequestBudget(PREPARE_BUDGET_MS);
        const answer = (FEATURES[feature] as Feature)(state, { textDocument: { uri: state.uri } } as never, { budget, snippets: false });
        // A walk this long is not kept: asks for it then work within their own budget, and say so.
        if (!budget.exceeded) answers.set(feature, JSON.stringify(answer));
      }
    } catch {
      return; // the ask for it fails the same way, and says so
    }
    if (step < VERSION_FEATURES.length) setImmediate(() => prepare(state, step + 1));
  };
  const post = (response: OutlineResponse): void => parentPort?.postMessage(response);
  post({ ready: true });
  parentPort?.on('message', (request: OutlineRequest) => {
    switch (request.kind) {
      case 'open': {
        const state = new DocumentState(request.uri, request.version, request.text, null);
        states.set(request.uri, state);
        // Built ahead of the first request, unless a newer version arrived meanwhile (messages
        // already queued are handled first): a burst of edits costs one build, not one each.
        setImmediate(() => prepare(state, 0));
        return;
      }
      case 'lints': {
        const state = states.get(request.uri);
        if (state?.version === request.version) state.provideAnalysis({ diagnostics: [], lints: request.lints });
        return;
      }
      case 'forget':
        states.delete(request.uri);
        return;
      case 'ask': {
        const state = states.get(request.uri);
        if (state === undefined || state.version !== request.version) return post({ id: request.id, unanswered: 'stale' });
        try {
          const ready = VERSION_FEATURE_SET.has(request.feature) ? prepared.get(state)?.get(request.feature) : undefined;
          if (ready !== undefined) return post({ id: request.id, json: ready, ranOut: false });
          // The whole outline, so `viewAt` answers from it rather than building a view.
          void state.outline;
          const remaining = request.deadline - Date.now();
          // Past the grace the asker has answered without this; a walk started after the
          // deadline still gives the first items it reaches (RequestBudget checks every 256).
          if (remaining <= -ANSWER_GRACE_MS) return post({ id: request.id, unanswered: 'late' });
          const budget = new RequestBudget(Math.max(0, remaining));
          const result = (FEATURES[request.feature] as Feature)(state, request.params as never, { budget, snippets: request.snippets });
          if (result instanceof ResponseError) return post({ id: request.id, responseError: { code: result.code, message: result.message } });
          post({ id: request.id, json: JSON.stringify(result) ?? 'null', ranOut: budget.exceeded });
        } catch (error) {
          post({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        }
        return;
      }
    }
  });
}
