// Issue 20: the language server is always responsive. Each test asserts an order of events or
// an answer, never a duration (speeds are in bench/lsp-hostile.bench.ts): a request cancelled
// while queued is not run; a small document is answered while a 1 MB one is being analysed;
// a request that runs out of its budget answers with what it has and says so in the log; and
// the inputs that once took seconds are answered.

import { strict as assert } from 'node:assert';
import type { CodeLens, DocumentSymbol, TextEdit } from 'vscode-languageserver-protocol';
import { CancellationTokenSource } from 'vscode-jsonrpc/node.js';
import { LspClient, askUntilAnswered } from './lsp-client.ts';
import { RAFT } from './fixtures.ts';
import { RequestBudget } from '../../server/request-budget.ts';

/** Scenarios chained by `extends` up to about 1 MB: the slowest document to analyse per byte. */
function chainOfOneMegabyte(): string {
  const parts = ['scenario "s0" {\n  run for 1s\n  cluster {\n    nodes 3\n  }\n}\n'];
  let size = parts[0]!.length;
  for (let i = 1; size < 950_000; i++) {
    const part = `scenario "s${i}" extends "s${i - 1}" {\n  seed ${i}\n}\n`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

/** `count` scenarios of one line each: under 1,500 lines, so answered on the server's thread. */
function oneLineScenarios(count: number): string {
  return Array.from({ length: count }, (_, i) => `scenario "s${i}" {  run for 1s }\n`).join('');
}

/** `count` small scenarios, not in the canonical layout (formatting has something to do). */
function manyScenarios(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`scenario "s${i}" {\n run for 1s\n cluster {\n nodes 3\n }\n}\n`);
  return parts.join('');
}

describe('language server: responsiveness (issue 20)', function () {
  this.timeout(120_000);

  describe('with the default budget', () => {
    let client: LspClient;
    before(async () => {
      client = await LspClient.start({ liveExpectations: false, diagnosticsDelayMs: 0 });
    });
    after(async () => {
      await client.stop();
    });

    it('requests cancelled while queued behind a slow one are answered RequestCancelled, and the first is answered', async () => {
      const uri = 'file:///responsive/cancel.fault';
      await client.open(uri, manyScenarios(4_000));
      const params = { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } };
      const first = client.request<TextEdit[]>('textDocument/formatting', params);
      const sources = Array.from({ length: 4 }, () => new CancellationTokenSource());
      const queued = sources.map((source) => client.connection.sendRequest('textDocument/formatting', params, source.token).then(() => 'answered', (error: { code?: number }) => error.code));
      for (const source of sources) source.cancel();
      assert.ok(Array.isArray(await first), 'the request that was not cancelled gets its edits');
      assert.deepEqual(await Promise.all(queued), [-32800, -32800, -32800, -32800]);
      assert.equal(client.exited, false);
    });

    it('a small document is answered while a 1 MB document is edited and analysed', async () => {
      const big = 'file:///responsive/big.fault';
      const small = 'file:///responsive/small.fault';
      const text = chainOfOneMegabyte();
      await client.open(big, text);
      await client.open(small, RAFT);
      const events: string[] = [];
      const end = { line: 2, character: 0 };
      for (let i = 0; i < 3; i++) {
        const version = client.change(big, [{ range: { start: end, end }, text: i % 2 === 0 ? ' ' : '' }]);
        const analysed = client.diagnostics(big, version).then(() => events.push(`big v${version} diagnostics`));
        // Asked once the analysis of the edit has begun (no debounce): not a timed assertion,
        // only what makes this test fail when the analysis holds up the server's thread.
        await new Promise((resolve) => setTimeout(resolve, 50));
        const hover = client.request('textDocument/hover', { textDocument: { uri: small }, position: { line: 5, character: 11 } }).then((h) => events.push(`small hover ${h === null ? 'empty' : 'answered'}`));
        await Promise.all([analysed, hover]);
      }
      assert.deepEqual(events, ['small hover answered', 'big v2 diagnostics', 'small hover answered', 'big v3 diagnostics', 'small hover answered', 'big v4 diagnostics']);
    });

    it('the inputs that took seconds are answered: hover, completion and signature help at the end of a 1 MB line', async () => {
      const uri = 'file:///responsive/wide.fault';
      const names: string[] = [];
      for (let i = 1, size = 0; size < 990_000; i++) {
        names.push(`n${i}`);
        size += `n${i}, `.length;
      }
      const line = `    nodes ${names.join(', ')}`;
      await client.open(uri, `scenario "wide" {\n  cluster {\n${line}\n  }\n}\n`);
      const at = { textDocument: { uri }, position: { line: 2, character: line.length } };
      // One scenario of 1 MB: its outline is built in the outline worker, and until it is ready
      // (a second or more) a hover is answered empty within its budget; asked again, answered.
      const hover = await askUntilAnswered(() => client.request<{ contents: { value: string } } | null>('textDocument/hover', at));
      assert.ok(hover !== null, 'the hover on the last name is answered');
      const completion = await client.request<unknown[]>('textDocument/completion', at);
      assert.ok(Array.isArray(completion));
      await client.request('textDocument/signatureHelp', at);
      assert.equal(client.exited, false);
      assert.deepEqual(client.loggedErrors, []);
    });
  });

  describe('with a budget of 0 ms', () => {
    let client: LspClient;
    before(async () => {
      client = await LspClient.start({ liveExpectations: false, requestBudgetMs: 0 });
    });
    after(async () => {
      await client.stop();
    });

    it('a request whose budget runs out answers with what it has and logs one line saying so', async () => {
      const uri = 'file:///responsive/budget.fault';
      // A small document: a large one's symbols are worked out in full ahead, in the outline worker.
      await client.open(uri, oneLineScenarios(1_000));
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.ok(symbols.length > 0 && symbols.length < 1_000, `some scenarios, not all 1,000: got ${symbols.length}`);
      assert.equal(client.loggedWarnings.filter((m) => m.includes('documentSymbol') && m.includes('ran out of its 0 ms budget')).length, 1);
      const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
      assert.deepEqual(edits, [], 'no half-formatted document');
      assert.equal(client.loggedWarnings.filter((m) => m.includes('formatting')).length, 1);
      assert.deepEqual(client.loggedErrors, []);
    });

    it("a large document's code lenses that miss the budget arrive later: the server asks the editor to fetch them again", async function () {
      this.timeout(120_000);
      const uri = 'file:///responsive/late-lenses.fault';
      // 10,000 scenarios (60,000 lines): its outline takes longer than the 250 ms grace a 0 ms budget leaves.
      await client.open(uri, manyScenarios(10_000));
      const first = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      if (first.length > 0) this.skip(); // the outline was built within the grace: nothing to fetch again
      assert.equal(client.codeLensRefreshes, 0, 'no refresh before the lenses are ready');
      const deadline = Date.now() + 60_000;
      while (client.codeLensRefreshes === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(client.codeLensRefreshes, 1, 'one refresh once the outline is built');
      const again = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.equal(again.length, 4 * 10_000, 'Run, Debug, Run 100 seeds and Explore on every scenario');
      assert.equal(again[again.length - 1]!.command?.title, 'Explore schedules');
      assert.deepEqual(client.loggedErrors, []);
    });
  });

  describe('RequestBudget', () => {
    it('runs out at its deadline, checking the clock once every 256 items', () => {
      let now = 0;
      const budget = new RequestBudget(100, undefined, () => now);
      for (let i = 0; i < 1_000; i++) assert.equal(budget.exhausted(), false);
      now = 100;
      let items = 0;
      while (!budget.exhausted()) items++;
      assert.ok(items < 256, `noticed within 256 items, after ${items}`);
      assert.equal(budget.exceeded, true);
    });

    it('runs out when the request is cancelled', () => {
      const source = new CancellationTokenSource();
      const budget = new RequestBudget(60_000, source.token, () => 0);
      source.cancel();
      let items = 0;
      while (!budget.exhausted()) items++;
      assert.ok(items < 256);
    });
  });
});
