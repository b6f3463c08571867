// Issue 20: a large document's outline is built in the outline worker, and the requests that
// walk it are answered from there. These tests assert answers and orders of events, never
// durations (speeds are in bench/lsp-hostile.bench.ts): the worker's answers are the ones the
// features compute in-process, the outline of 17,000 scenarios is a capped list that says what
// it left out, and a small document is answered while a large one's outline is being built.

import { strict as assert } from 'node:assert';
import type { Diagnostic, DocumentSymbol } from 'vscode-languageserver-protocol';
import { LspClient, askUntilAnswered, positionOf } from './lsp-client.ts';
import { RAFT } from './fixtures.ts';
import { DocumentState } from '../../server/document-state.ts';
import { FEATURES } from '../../server/outline-worker.ts';
import { NO_BUDGET } from '../../server/request-budget.ts';
import { MAX_DOCUMENT_SYMBOLS } from '../../server/symbols.ts';

/** Scenarios chained by `extends` up to 1 MB, as the bench's hostile input (~17,000 scenarios). */
function chainToOneMegabyte(): { text: string; scenarios: number } {
  const parts = ['scenario "s0" {\n  run for 1s\n  cluster {\n    nodes 3\n  }\n}\n'];
  let size = parts[0]!.length;
  for (let i = 1; ; i++) {
    const part = `scenario "s${i}" extends "s${i - 1}" {\n  seed ${i}\n}\n`;
    if (size + part.length > 1_000_000) break;
    parts.push(part);
    size += part.length;
  }
  return { text: parts.join(''), scenarios: parts.length };
}

/**
 * Over 1,500 lines (so the outline worker holds it) of varied scenarios: a raft cluster of two
 * (FL201, with a quick fix), clients, faults and protocol options, each scenario named apart.
 */
function largeVariedDocument(): string {
  const parts: string[] = [];
  for (let i = 0; parts.join('\n').split('\n').length < 1_700; i++) {
    const scenario = RAFT.replace('scenario "raft: leader isolated"', `scenario "raft ${i}"`);
    parts.push(i % 3 === 0 ? scenario.replace('nodes n1, n2, n3, n4, n5', 'nodes n1, n2').replace(/n1 \| n2, n3, n4, n5/, 'n1 | n2').replace('link n1 <-> n3', 'link n1 <-> n2') : scenario);
  }
  return parts.join('\n');
}

/** What the JSON-RPC answer of `value` reads as (undefined fields dropped). */
const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('language server: the outline worker (issue 20)', function () {
  this.timeout(300_000);
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ liveExpectations: false, diagnosticsDelayMs: 0 });
  });
  after(async () => {
    await client.stop();
  });

  it('a large document gets from the worker the answers the features compute in-process, quick fixes included', async () => {
    const uri = 'file:///outline/varied.fault';
    const text = largeVariedDocument();
    const diagnostics = await client.open(uri, text);
    const state = new DocumentState(uri, 1, text);
    assert.ok(state.large, 'the document is large enough for the outline worker');
    const doc = { textDocument: { uri } };
    const symbols = await askUntilAnswered(() => client.request<DocumentSymbol[]>('textDocument/documentSymbol', doc));
    assert.deepEqual(symbols, overTheWire(FEATURES.documentSymbol(state, doc, { budget: NO_BUDGET, snippets: true })));
    for (const [method, feature] of [['textDocument/foldingRange', 'foldingRange'], ['textDocument/semanticTokens/full', 'semanticTokens'], ['textDocument/codeLens', 'codeLens']] as const) {
      assert.deepEqual(await client.request(method, doc), overTheWire(FEATURES[feature](state, doc, { budget: NO_BUDGET, snippets: true })), method);
    }
    const format = { ...doc, options: { tabSize: 2, insertSpaces: true } };
    assert.deepEqual(await client.request('textDocument/formatting', format), overTheWire(FEATURES.formatting(state, format, { budget: NO_BUDGET, snippets: true })));
    const onNode = { ...doc, position: positionOf(text, 'n4', 0, 40), context: { includeDeclaration: true } };
    const references = await client.request<unknown[]>('textDocument/references', onNode);
    assert.ok(references.length > 1, 'a node is used more than once in its scenario');
    assert.deepEqual(references, overTheWire(FEATURES.references(state, onNode)));
    const hints = { ...doc, range: { start: { line: 0, character: 0 }, end: { line: 400, character: 0 } } };
    assert.deepEqual(await client.request('textDocument/inlayHint', hints), overTheWire(FEATURES.inlayHint(state, hints, { budget: NO_BUDGET, snippets: true })));
    // The diagnostic without its `data`: the fix must come from the lints the worker was sent.
    const fl201 = diagnostics.find((d) => d.code === 'FL201');
    assert.ok(fl201 !== undefined, 'a raft cluster of two is linted (FL201)');
    const bare: Diagnostic = { ...fl201, data: undefined };
    const actions = await client.request<Array<{ title: string }>>('textDocument/codeAction', { ...doc, range: bare.range, context: { diagnostics: [bare] } });
    assert.ok(actions.length > 0, 'the quick fix of FL201 is offered');
    assert.deepEqual(actions, overTheWire(FEATURES.codeAction(state, { ...doc, range: bare.range, context: { diagnostics: [bare] } })));
    assert.deepEqual(client.loggedErrors, []);
  });

  it('documentSymbol on a chain of ~17,000 scenarios lists the first 2,000 and one entry saying how many it left out', async () => {
    const uri = 'file:///outline/chain.fault';
    const { text, scenarios } = chainToOneMegabyte();
    assert.ok(scenarios > 16_000, `${scenarios} scenarios`);
    await client.open(uri, text);
    // While the worker works out the outline, an answer can be partial (cut at its budget, and
    // logged); once worked out, the whole list is kept with the version.
    const symbols = await askUntilAnswered(
      () => client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } }),
      (answer) => answer.length > MAX_DOCUMENT_SYMBOLS,
    );
    assert.ok(symbols !== null);
    assert.equal(symbols.length, MAX_DOCUMENT_SYMBOLS + 1);
    assert.equal(symbols[MAX_DOCUMENT_SYMBOLS - 1]!.name, `s${MAX_DOCUMENT_SYMBOLS - 1}`);
    const left = scenarios - MAX_DOCUMENT_SYMBOLS;
    assert.equal(symbols[MAX_DOCUMENT_SYMBOLS]!.name, `… ${left.toLocaleString('en-US')} more blocks not listed (the outline lists the first ${MAX_DOCUMENT_SYMBOLS.toLocaleString('en-US')})`);
    assert.equal(symbols[MAX_DOCUMENT_SYMBOLS]!.range.start.line, 6 + 3 * (MAX_DOCUMENT_SYMBOLS - 1), 'the entry stands at the first scenario left out');
    // Hover on the last scenario's name: its view holds it and at most 32 parents, not 17,000.
    const last = positionOf(text, `"s${scenarios - 1}"`, 1);
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: last });
    assert.ok(hover !== null, 'the last scenario is hovered');
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('a small document is answered while a 1 MB document\'s outline is being built, and the large one is answered too', async () => {
    const small = 'file:///outline/small.fault';
    await client.open(small, RAFT);
    const big = 'file:///outline/deep.fault';
    const third = 333_000;
    const deep = `scenario "deep" {\n${'{'.repeat(third)}\n${'{\n'.repeat(third / 2)}${'}\n'.repeat(third / 2)}}\n`;
    const events: string[] = [];
    // Not awaited: the requests go out while the worker has just begun this outline.
    const opened = client.open(big, deep);
    const bigSymbols = client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: big } }).then((answer) => {
      events.push('big documentSymbol');
      return answer;
    });
    const smallHover = client.request<unknown>('textDocument/hover', { textDocument: { uri: small }, position: { line: 6, character: 11 } }).then((answer) => {
      events.push(`small hover ${answer === null ? 'empty' : 'answered'}`);
    });
    await Promise.all([smallHover, bigSymbols, opened]);
    assert.deepEqual(events, ['small hover answered', 'big documentSymbol']);
    assert.ok(Array.isArray(await bigSymbols), 'the large document is answered (empty while its outline is being built, logged)');
    const symbols = await askUntilAnswered(() => client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: big } }));
    assert.equal(symbols?.length, 1, 'one scenario, once its outline is built');
    assert.equal(client.exited, false);
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: big } });
  });
});
