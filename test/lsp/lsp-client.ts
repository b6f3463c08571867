// A real JSON-RPC client for the language server under test: spawns the server process and
// speaks LSP over its stdio with vscode-jsonrpc. Tests wait on real signals — a response, or
// the publishDiagnostics notification for a given document version — never on sleeps.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection, CancellationTokenSource } from 'vscode-jsonrpc/node.js';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams, SemanticTokens, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Resolved by the first publish for `uri` that `accept` takes, checked as each one arrives. */
type Waiter = { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class LspClient {
  private readonly waiters: Waiter[] = [];
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  readonly stderr: string[] = [];
  /** Messages the server logged as errors (a feature that threw and was answered with a fallback). */
  readonly loggedErrors: string[] = [];
  /** Messages the server logged as warnings (a request that ran out of its time budget). */
  readonly loggedWarnings: string[] = [];
  exited = false;
  /** How many times the server asked for code lenses to be fetched again. */
  codeLensRefreshes = 0;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.accept(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      if (params.type === 1) this.loggedErrors.push(params.message);
      if (params.type === 2) this.loggedWarnings.push(params.message);
    });
    connection.onRequest('workspace/configuration', () => []);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      return null;
    });
    process.on('exit', () => {
      this.exited = true;
      // Pending requests then fail at once ("connection disposed") instead of waiting forever.
      connection.dispose();
    });
  }

  /** Starts the server from source (tsx), or the bundle when FAULTLINE_LSP_DIST=1. */
  static async start(initializationOptions: Record<string, unknown> = { liveExpectations: false }, nodeArgs?: string[]): Promise<LspClient> {
    const useDist = process.env['FAULTLINE_LSP_DIST'] === '1';
    const args = nodeArgs ?? (useDist ? [join(root, 'dist', 'server.cjs'), '--stdio'] : ['--import', 'tsx', join(root, 'server', 'main.ts'), '--stdio']);
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection);
    child.stderr!.on('data', (chunk: Buffer) => client.stderr.push(chunk.toString()));
    connection.listen();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } }, workspace: { codeLens: { refreshSupport: true } } },
      initializationOptions,
    });
    connection.sendNotification('initialized', {});
    return client;
  }

  initializeResult!: InitializeResult;

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  /** Sends a request and cancels it at once; resolves with the result or rejects with the error. */
  requestAndCancel<R>(method: string, params: unknown): Promise<R> {
    const source = new CancellationTokenSource();
    const pending = this.connection.sendRequest<R>(method, params, source.token);
    source.cancel();
    return pending;
  }

  /** Resolves with the first diagnostics published for `uri` at `minVersion` or later. */
  diagnostics(uri: string, minVersion: number): Promise<PublishDiagnosticsParams> {
    const latest = this.latest.get(uri);
    if (latest !== undefined && (latest.version ?? 0) >= minVersion) return Promise.resolve(latest);
    return new Promise((resolve) => this.waiters.push({ uri, accept: (p) => (p.version ?? 0) >= minVersion, resolve }));
  }

  /** Resolves with the first publish for `uri` (the latest one, or a later one) that satisfies `accept`. */
  diagnosticsWhere(uri: string, accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    const latest = this.latest.get(uri);
    if (latest !== undefined && accept(latest)) return Promise.resolve(latest);
    return new Promise((resolve) => this.waiters.push({ uri, accept, resolve }));
  }

  /** Resolves with the next diagnostics published for `uri`, whatever their version. */
  nextPublish(uri: string): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, accept: () => true, resolve }));
  }

  async open(uri: string, text: string): Promise<Diagnostic[]> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'faultline', version: 1, text } });
    return (await this.diagnostics(uri, 1)).diagnostics;
  }

  /** Sends an incremental change; returns the new version (diagnostics follow after the debounce). */
  change(uri: string, changes: TextDocumentContentChangeEvent[]): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Replaces the whole text through an incremental edit and waits for the new diagnostics. */
  async replaceAll(uri: string, text: string): Promise<Diagnostic[]> {
    const old = this.texts.get(uri) ?? '';
    const lines = old.split('\n');
    const version = this.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1]!.length } }, text }]);
    this.texts.set(uri, text);
    return (await this.diagnostics(uri, version)).diagnostics;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await this.connection.sendRequest('shutdown');
      this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    await exited;
    this.connection.dispose();
  }
}

/** Position of the n-th (0-based) occurrence of `needle` in `text`, plus `offset` characters. */
export function positionOf(text: string, needle: string, offset = 0, nth = 0): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" (#${nth}) not in the text`);
  }
  index += offset;
  const before = text.slice(0, index);
  const line = before.split('\n').length - 1;
  return { line, character: index - (before.lastIndexOf('\n') + 1) };
}

/**
 * The semantic-token type the server gave at `needle` (its first occurrence, plus `offset`) in
 * `text`: asks for the whole document's tokens and decodes their relative positions.
 */
export async function semanticTokenTypeAt(client: LspClient, uri: string, text: string): Promise<(needle: string, offset?: number) => string | undefined> {
  const legend = client.initializeResult.capabilities.semanticTokensProvider!.legend;
  const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
  const decoded: Array<{ line: number; character: number; type: string }> = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [dl, dc, , type] = tokens.data.slice(i, i + 5) as [number, number, number, number];
    line += dl;
    character = dl === 0 ? character + dc : dc;
    decoded.push({ line, character, type: legend.tokenTypes[type]! });
  }
  return (needle, offset = 0) => {
    const p = positionOf(text, needle, offset);
    return decoded.find((d) => d.line === p.line && d.character === p.character)?.type;
  };
}

/**
 * Asks until the answer is neither null nor an empty list (and `complete` takes it), at most
 * `attempts` times, and returns the last answer. A large document's outline is built in the
 * server's outline worker; until it is ready, requests on it are answered empty (or partial)
 * within their budget, so the first full answer is the signal that it is ready.
 */
export async function askUntilAnswered<T>(ask: () => Promise<T | null>, complete: (answer: T) => boolean = () => true, attempts = 60): Promise<T | null> {
  let answer: T | null = null;
  for (let i = 0; i < attempts; i++) {
    answer = await ask();
    if (answer !== null && !(Array.isArray(answer) && answer.length === 0) && complete(answer)) return answer;
  }
  return answer;
}
