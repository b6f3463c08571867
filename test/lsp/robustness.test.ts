// The server under abuse: random edit sequences (property-based) must never crash it — after
// any sequence it still publishes diagnostics for the latest version and answers requests —
// and a cancelled request is answered (RequestCancelled or a result) without harm.

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient, askUntilAnswered } from './lsp-client.ts';
import { RAFT } from './fixtures.ts';

let client: LspClient;

before(async function () {
  this.timeout(60_000);
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

/** Fragments that stress the parser: braces, half statements, odd characters, quotes. */
const FRAGMENTS = ['{', '}', '"', '/*', '*/', '//', '\n', ' ', '..', '->', '<->', '|', ',', '150ms', '0.5%', '-', '+3s', 'nodes', 'scenario "x" {', 'extends "x"', 'protocol raft {', 'at 2s crash n1', 'client a {', 'retry forever', '\u00e9', '\t', '\r\n', '9999999999999999999s', 'ö', '😀'];

type Edit = { at: number; remove: number; insert: string };

const editArbitrary: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 40 }),
  insert: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 })),
});

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

describe('language server: robustness', () => {
  it('random edit sequences never crash the server: it publishes diagnostics for the last version and answers hover', async function () {
    this.timeout(300_000);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(editArbitrary, { minLength: 1, maxLength: 25 }), async (edits) => {
        const uri = `file:///robust/${run++}.fault`;
        let text = RAFT;
        await client.open(uri, text);
        let version = 1;
        for (const edit of edits) {
          const start = edit.at % (text.length + 1);
          const end = Math.min(text.length, start + edit.remove);
          version = client.change(uri, [{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: edit.insert }]);
          text = text.slice(0, start) + edit.insert + text.slice(end);
        }
        const published = await client.diagnostics(uri, version);
        assert.equal(published.version, version);
        for (const d of published.diagnostics) assert.ok(d.range.start.line >= 0 && d.range.end.line <= text.split('\n').length, 'ranges stay inside the document');
        const middle = positionAt(text, Math.floor(text.length / 2));
        await client.request('textDocument/hover', { textDocument: { uri }, position: middle });
        await client.request('textDocument/completion', { textDocument: { uri }, position: middle });
        await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
        await client.request('textDocument/semanticTokens/full', { textDocument: { uri } });
        await client.request('textDocument/documentSymbol', { textDocument: { uri } });
        client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        assert.equal(client.exited, false);
      }),
      { numRuns: 40, seed: 20261125 },
    );
    assert.deepEqual(client.loggedErrors, [], 'no feature threw on any of the edited documents');
  });

  it('a cancelled request is answered with RequestCancelled or a result, and the server stays alive', async () => {
    const uri = 'file:///robust/cancel.fault';
    await client.open(uri, RAFT);
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      try {
        await client.requestAndCancel('textDocument/semanticTokens/full', { textDocument: { uri } });
        outcomes.push('result');
      } catch (error) {
        assert.equal((error as { code?: number }).code, -32800, `cancellation answered with RequestCancelled, got ${String(error)}`);
        outcomes.push('cancelled');
      }
    }
    assert.equal(outcomes.length, 10);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 5 } });
    assert.ok(hover !== null, 'the server still answers after the cancellations');
  });

  it('braces nested 10,000 deep: every feature answers (the outline stops at the language depth) and the server lives', async () => {
    const uri = 'file:///robust/deep.fault';
    const text = `scenario "deep" {\n${'{'.repeat(10_000)}\n${'{\n'.repeat(2_000)}${'}\n'.repeat(12_000)}}\n`;
    const diagnostics = await client.open(uri, text);
    assert.ok(diagnostics.some((d) => d.code === 'FL006'), 'the nesting is reported (FL006)');
    // Over 1,500 lines: answered from the outline worker, empty until its outline is built.
    const symbols = (await askUntilAnswered(() => client.request<Array<{ children?: unknown[] }>>('textDocument/documentSymbol', { textDocument: { uri } }))) ?? [];
    let depth = 0;
    for (let level: Array<{ children?: unknown[] }> | undefined = symbols; level !== undefined && level.length > 0; level = level[0]!.children as typeof level) depth++;
    assert.ok(depth >= 2 && depth <= 33, `the symbol tree is as deep as the language reads blocks, got ${depth}`);
    const folds = await client.request<unknown[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folds.length > 0 && folds.length <= 33, `one fold per block the outline keeps, got ${folds.length}`);
    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok(Array.isArray(tokens.data));
    const edits = await client.request<Array<{ newText: string }>>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = edits.map((e) => e.newText).join('');
    assert.ok(formatted.length < text.length * 80, `formatting stays proportional to the text (${formatted.length} characters)`);
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/inlayHint', 'textDocument/selectionRange', 'textDocument/documentHighlight']) {
      await client.request(method, { textDocument: { uri }, position: { line: 2_000, character: 0 }, positions: [{ line: 2_000, character: 0 }], range: { start: { line: 0, character: 0 }, end: { line: 15_000, character: 0 } } });
    }
    assert.equal(client.exited, false, 'the server is still running');
  });

  it('a document of 2,000 scenarios chained by extends is answered: FL036 past 32 deep, symbols, hover, inlay hints', async () => {
    const uri = 'file:///robust/chain.fault';
    const parts = ['scenario "s0" {\n  run for 1s\n  cluster {\n    nodes 3\n    protocol raft\n  }\n}\n'];
    for (let i = 1; i < 2_000; i++) parts.push(`scenario "s${i}" extends "s${i - 1}" {\n  seed ${i}\n}\n`);
    const text = parts.join('');
    const diagnostics = await client.open(uri, text);
    assert.ok(diagnostics.some((d) => d.code === 'FL036'), 'the chain is too deep past 32 scenarios');
    assert.deepEqual(diagnostics.filter((d) => d.range.start.line < 100).map((d) => d.message), [], 'the first 33 scenarios are fine');
    const symbols = await askUntilAnswered(() => client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } }), (answer) => answer.length === 2_000);
    assert.equal(symbols?.length, 2_000);
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 5_002, character: 11 } }); // the name of scenario s1666
    assert.ok(hover !== null);
    await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 6_010, character: 0 } } });
    await client.request('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(client.exited, false);
  });

  it('requests for a document that was never opened get an empty answer, not an error', async () => {
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///never/opened.fault' } });
    assert.deepEqual(symbols, []);
  });
});
