// One mutant through the language server over real JSON-RPC: open it, edit it, then ask for
// every request the server offers (hover, completion, signature help, definition, references,
// highlights, selection ranges, rename and its preparation, symbols of the document and of the
// workspace, folding, formatting, semantic tokens, inlay hints, code lenses and actions). Reports a
// request that got no answer in time (a hang) or that took longer than the 1 s target, and a
// server that exited.

import type { LspClient } from '../lsp/lsp-client.ts';

/** A request with no answer after this long counts as a hang. */
export const LSP_HANG_MS = 10_000;
/** The target for any request on any input up to 1 MB. */
export const LSP_TARGET_MS = 1_000;

export type LspOutcome = { died: boolean; hung: string[]; slow: string[] };

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: Math.max(0, offset - lineStart) };
}

export async function probeServer(client: LspClient, uri: string, text: string): Promise<LspOutcome> {
  const outcome: LspOutcome = { died: false, hung: [], slow: [] };
  const timed = async (name: string, pending: Promise<unknown>): Promise<void> => {
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), LSP_HANG_MS)));
    const result = await Promise.race([pending.then(() => 'ok', () => 'error'), hang]);
    clearTimeout(timer);
    const elapsed = performance.now() - started;
    if (result === 'hang') outcome.hung.push(name);
    else if (elapsed > LSP_TARGET_MS && text.length <= 1_000_000) outcome.slow.push(`${name} ${Math.round(elapsed)} ms`);
  };
  await timed('didOpen → diagnostics', client.open(uri, text));
  if (client.exited) return { ...outcome, died: true };
  // One edit in the middle, as typing would make.
  const middle = positionAt(text, Math.floor(text.length / 2));
  const version = client.change(uri, [{ range: { start: middle, end: middle }, text: 'x' }]);
  await timed('didChange → diagnostics', client.diagnostics(uri, version));
  const doc = { textDocument: { uri } };
  const at = { ...doc, position: middle };
  const whole = { start: { line: 0, character: 0 }, end: positionAt(text, text.length) };
  const requests: Array<[string, unknown]> = [
    ['textDocument/hover', at],
    ['textDocument/completion', at],
    ['textDocument/signatureHelp', at],
    ['textDocument/definition', at],
    ['textDocument/references', { ...at, context: { includeDeclaration: true } }],
    ['textDocument/documentHighlight', at],
    ['textDocument/selectionRange', { ...doc, positions: [middle] }],
    ['textDocument/prepareRename', at],
    ['textDocument/rename', { ...at, newName: 'renamed' }],
    ['textDocument/documentSymbol', doc],
    ['workspace/symbol', { query: 'n' }],
    ['textDocument/formatting', { ...doc, options: { tabSize: 2, insertSpaces: true } }],
    ['textDocument/semanticTokens/full', doc],
    ['textDocument/foldingRange', doc],
    ['textDocument/inlayHint', { ...doc, range: whole }],
    ['textDocument/codeLens', doc],
    ['textDocument/codeAction', { ...doc, range: whole, context: { diagnostics: [] } }],
  ];
  for (const [method, params] of requests) {
    if (client.exited) break;
    await timed(method, client.request(method, params));
  }
  if (!client.exited) client.connection.sendNotification('textDocument/didClose', doc);
  outcome.died = client.exited;
  return outcome;
}
