// The language server, spoken to over real JSON-RPC: one server process per suite, documents
// opened and edited incrementally, every answer checked for content.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  DocumentHighlight,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  Location,
  SelectionRange,
  SemanticTokens,
  SignatureHelp,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, positionOf } from './lsp-client.ts';
import { EVEN_CLUSTER, RAFT } from './fixtures.ts';

let client: LspClient;
let nextDocument = 0;
const freshUri = (): string => `file:///test/doc${nextDocument++}.fault`;

function hoverText(hover: Hover | null): string {
  assert.ok(hover !== null, 'expected a hover');
  const contents = hover.contents as { value: string };
  return contents.value;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'faultline', 1, text), edits);
}

before(async function () {
  this.timeout(60_000); // starting node + tsx on a busy machine
  client = await LspClient.start();
});
after(async () => {
  if (client.stderr.length > 0) console.log(client.stderr.join(''));
  await client.stop();
});

describe('language server: lifecycle and diagnostics', () => {
  it('advertises incremental sync and every editing feature', () => {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    for (const feature of ['hoverProvider', 'completionProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'documentFormattingProvider', 'semanticTokensProvider', 'inlayHintProvider', 'codeLensProvider', 'codeActionProvider', 'selectionRangeProvider', 'documentHighlightProvider', 'workspaceSymbolProvider', 'signatureHelpProvider'] as const)
      assert.ok(caps[feature], `${feature} is advertised`);
  });

  it('a clean scenario opens with no diagnostics', async () => {
    const diagnostics = await client.open(freshUri(), RAFT);
    assert.deepEqual(diagnostics.map((d) => d.message), []);
  });

  it('a misspelt option is an error with its code, and fixing it by an incremental edit clears it', async () => {
    const uri = freshUri();
    const broken = RAFT.replace('election timeout', 'election timout');
    const diagnostics = await client.open(uri, broken);
    const error = diagnostics.find((d) => d.code === 'FL023');
    assert.ok(error !== undefined, 'FL023 reported');
    assert.equal(error.severity, 1);
    assert.equal(error.range.start.line, positionOf(broken, 'election timout').line);

    const at = positionOf(broken, 'timout', 3);
    const version = client.change(uri, [{ range: { start: at, end: at }, text: 'e' }]);
    const after = await client.diagnostics(uri, version);
    assert.equal(after.version, version);
    assert.deepEqual(after.diagnostics, []);
  });

  it('a 4-node Raft cluster is warned about (FL201), and its quick fix makes it 5 nodes', async () => {
    const uri = freshUri();
    const diagnostics = await client.open(uri, EVEN_CLUSTER);
    const warning = diagnostics.find((d) => d.code === 'FL201');
    assert.ok(warning !== undefined);
    assert.equal(warning.severity, 2);
    assert.match(warning.message, /majority/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: warning.range, context: { diagnostics: [warning] } });
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.edit?.changes?.[uri] !== undefined);
    const fixed = applyEdits(EVEN_CLUSTER, fix.edit.changes[uri]);
    assert.match(fixed, /nodes n1, n2, n3, n4, n5/);
    const again = await client.replaceAll(uri, fixed);
    assert.equal(again.filter((d) => d.code === 'FL201').length, 0);
  });

  it('a misspelt option gets a "did you mean" quick fix that replaces it', async () => {
    const uri = freshUri();
    const text = RAFT.replace('heartbeat every', 'hartbeat every');
    const diagnostics = await client.open(uri, text);
    const unknown = diagnostics.find((d) => d.code === 'FL023');
    assert.ok(unknown !== undefined, 'FL023 reported');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: unknown.range, context: { diagnostics: [unknown] } });
    const change = actions.find((a) => a.title.startsWith('Change to'));
    assert.ok(change?.edit?.changes?.[uri] !== undefined);
    assert.equal(applyEdits(text, change.edit.changes[uri]), RAFT);
  });

  it('closing a document clears its diagnostics', async () => {
    const uri = freshUri();
    await client.open(uri, EVEN_CLUSTER);
    const next = client.nextPublish(uri);
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual((await next).diagnostics, []);
  });
});

describe('language server: hover', () => {
  const uri = 'file:///test/hover.fault';
  before(async () => {
    await client.open(uri, RAFT);
  });

  it('hover on `nodes` gives the quorum arithmetic for this cluster', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(RAFT, 'nodes', 1) });
    assert.match(hoverText(hover), /5 nodes: a majority is 3, so 2 may fail/);
  });

  it('hover on a protocol option shows its explanation, unit and default', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(RAFT, 'election', 2) });
    const text = hoverText(hover);
    assert.match(text, /election timeout/);
    assert.match(text, /default: 150ms\.\.300ms/);
    assert.match(text, /stands for election after missing 3–6 heartbeats/, 'the numbers of this scenario: 150–300 ms against 50 ms');
  });

  it('hover on a duration converts it to microseconds of virtual time', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(RAFT, '80ms', 1) });
    assert.match(hoverText(hover), /80,000 µs/);
  });

  it('hover on a fault explains that a crash looks like a partition to peers', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(RAFT, 'crash n1', 1) });
    assert.match(hoverText(hover), /partition/);
  });

  it('hover on a node name tells which cluster it belongs to', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(RAFT, 'n3 latency', 1) });
    assert.match(hoverText(hover), /node n3.*one of 5/s);
  });

  it('hover on an expectation explains the consistency property', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(RAFT, 'one leader per term', 5) });
    assert.match(hoverText(hover), /majorit/);
  });

  it('hover on a service\'s `health check` contrasts liveness with readiness, and on `deep` explains readiness', async () => {
    const text = readFileSync(new URL('../../samples/service-health-checks.fault', import.meta.url), 'utf8');
    const serviceUri = freshUri();
    await client.open(serviceUri, text);
    const option = hoverText(await client.request<Hover>('textDocument/hover', { textDocument: { uri: serviceUri }, position: positionOf(text, 'health check shallow', 1) }));
    assert.match(option, /Liveness/);
    assert.match(option, /Readiness/);
    const deep = hoverText(await client.request<Hover>('textDocument/hover', { textDocument: { uri: serviceUri }, position: positionOf(text, 'deep   //', 1) }));
    assert.match(deep, /deep health check \(readiness\)/);
  });

  it('hover on a linted line names the pattern the lint comes from', async () => {
    const lintUri = freshUri();
    await client.open(lintUri, EVEN_CLUSTER);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: lintUri }, position: positionOf(EVEN_CLUSTER, 'n4', 1) });
    assert.match(hoverText(hover), /FL201.*Quorum arithmetic/s);
  });
});

describe('language server: completion', () => {
  const uri = 'file:///test/completion.fault';
  async function completeAt(text: string, needle: string, offset: number): Promise<string[]> {
    await client.replaceAll(uri, text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, needle, offset) });
    return items.map((i) => i.label);
  }
  before(async () => {
    await client.open(uri, RAFT);
  });

  it('inside a raft block it offers raft options not yet set', async () => {
    const text = RAFT.replace('      heartbeat every 50ms\n', '      heartbeat every 50ms\n      \n');
    const labels = await completeAt(text, 'every 50ms\n      ', 17);
    assert.ok(labels.includes('pre vote'));
    assert.ok(labels.includes('check quorum'));
    assert.ok(!labels.includes('heartbeat every'), 'an option already set is not offered again');
  });

  it('after `jitter` it offers the jitter kinds', async () => {
    const text = RAFT.replace('jitter full', 'jitter ');
    const labels = await completeAt(text, 'jitter ', 7);
    assert.deepEqual(labels.sort(), ['decorrelated', 'equal', 'full', 'none']);
  });

  it('right after a number it offers units, durations first', async () => {
    const text = RAFT.replace('timeout 400ms', 'timeout 400');
    await client.replaceAll(uri, text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, 'timeout 400', 11) });
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.ok(sorted.slice(0, 5).some((i) => i.label === 'ms'));
    assert.ok(items.every((i) => i.textEdit !== undefined));
  });

  it('after `crash` in faults it offers the cluster\'s node names and the Raft role that follows the run', async () => {
    const text = RAFT.replace('at 5s heal', 'at 5s crash ');
    const labels = await completeAt(text, 'at 5s crash ', 12);
    assert.deepEqual(labels.sort(), ['leader', 'n1', 'n2', 'n3', 'n4', 'n5']);
  });

  it('at the start of a line in a scenario it offers the blocks as snippets', async () => {
    const text = RAFT.replace('  seed 7\n', '  seed 7\n  \n');
    await client.replaceAll(uri, text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, 'seed 7\n  ', 9) });
    const network = items.find((i) => i.label === 'network');
    assert.ok(network !== undefined);
    assert.equal(network.insertTextFormat, 2);
    assert.match(network.insertText ?? '', /^network \{/);
  });

  it('in a child scenario\'s workload it offers the clients it inherits, to override them', async () => {
    const text = RAFT.replace('  faults {\n    at 2s crash n1\n  }\n', '  workload {\n    client \n  }\n');
    const labels = await completeAt(text, '    client \n', 11);
    assert.deepEqual(labels, ['alice']);
  });

  it('in the expect block it offers the properties the checkers know', async () => {
    const text = RAFT.replace('    one leader per term\n', '    one leader per term\n    \n');
    const labels = await completeAt(text, 'per term\n    ', 13);
    assert.ok(labels.includes('linearizable'));
    assert.ok(labels.includes('no split brain'));
  });
});

describe('language server: navigation', () => {
  const uri = 'file:///test/navigation.fault';
  before(async () => {
    await client.open(uri, RAFT);
  });

  it('go to definition on a node in a fault jumps to its declaration in `nodes`', async () => {
    const location = await client.request<Location>('textDocument/definition', { textDocument: { uri }, position: positionOf(RAFT, 'crash n1', 7) });
    assert.deepEqual(location.range.start, positionOf(RAFT, 'n1'));
  });

  it('go to definition on `extends "..."` jumps to the parent scenario\'s name', async () => {
    const location = await client.request<Location>('textDocument/definition', { textDocument: { uri }, position: positionOf(RAFT, 'extends "raft', 10) });
    assert.deepEqual(location.range.start, positionOf(RAFT, '"raft: leader isolated"'));
  });

  it('find references on n1 finds every use, including the child scenario that inherits it', async () => {
    const locations = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: positionOf(RAFT, 'n1'), context: { includeDeclaration: true } });
    const count = RAFT.match(/\bn1\b/g)!.length;
    assert.equal(locations.length, count);
  });

  it('rename of a node renames it everywhere and leaves other names alone', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: positionOf(RAFT, 'n3'), newName: 'east1' });
    const renamed = applyEdits(RAFT, edit.changes![uri]!);
    assert.equal(renamed.match(/\bn3\b/g), null);
    assert.equal(renamed.match(/\beast1\b/g)!.length, RAFT.match(/\bn3\b/g)!.length);
    assert.equal(renamed.match(/\bn1\b/g)!.length, RAFT.match(/\bn1\b/g)!.length);
  });

  it('rename of a scenario also renames `extends` references to it', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: positionOf(RAFT, 'leader isolated', 2), newName: 'base' });
    const renamed = applyEdits(RAFT, edit.changes![uri]!);
    assert.match(renamed, /scenario "base" \{/);
    assert.match(renamed, /extends "base" \{/);
  });

  it('rename to a keyword is refused with an explanation', async () => {
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri }, position: positionOf(RAFT, 'n3'), newName: 'crash' }), /not a valid node name/);
  });

  it('document highlight marks the declaration as a write and uses as reads', async () => {
    const highlights = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri }, position: positionOf(RAFT, 'alice') });
    assert.equal(highlights.length, 1);
    const nodeHighlights = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri }, position: positionOf(RAFT, 'n2') });
    assert.equal(nodeHighlights.filter((h) => h.kind === 3).length, 1);
    assert.ok(nodeHighlights.filter((h) => h.kind === 2).length >= 2);
  });

  it('document symbols outline each scenario with its blocks and faults', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['raft: leader isolated', 'raft: crash instead']);
    const children = symbols[0]!.children!.map((c) => c.name);
    assert.deepEqual(children.filter((c) => ['cluster', 'network', 'workload', 'faults', 'expect'].includes(c)), ['cluster', 'network', 'workload', 'faults', 'expect']);
    const faults = symbols[0]!.children!.find((c) => c.name === 'faults')!;
    assert.deepEqual(faults.children!.map((c) => c.name), ['at 2s partition n1 | n2, n3, n4, n5', 'at 3s pause n2 for 1s', 'at 5s heal']);
  });

  it('workspace symbols find scenarios and nodes across open documents', async () => {
    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'crash instead' });
    assert.ok(symbols.some((s) => s.name === 'raft: crash instead' && s.location.uri === uri));
  });

  it('selection ranges grow from a word to its statement to its block', async () => {
    const [selection] = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri }, positions: [positionOf(RAFT, 'heartbeat', 2)] });
    const texts: string[] = [];
    for (let s: SelectionRange | undefined = selection; s !== undefined; s = s.parent) {
      const doc = TextDocument.create(uri, 'faultline', 1, RAFT);
      texts.push(doc.getText(s.range));
    }
    assert.equal(texts[0], 'heartbeat');
    assert.equal(texts[1], 'heartbeat every 50ms');
    assert.ok(texts.some((t) => t.startsWith('protocol raft {') && t.endsWith('}')));
    assert.ok(texts[texts.length - 1]!.startsWith('scenario "raft: leader isolated"'));
  });
});

describe('language server: layout and presentation', () => {
  it('formatting produces the canonical layout, and formatting twice changes nothing', async () => {
    const uri = freshUri();
    const messy = RAFT.replace(/\n {2,}/g, (m) => '\n' + ' '.repeat(m.length % 3)).replace('nodes n1, n2', 'nodes   n1 ,n2').replace('150ms..300ms', '150ms .. 300ms');
    await client.open(uri, messy);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = applyEdits(messy, edits);
    assert.equal(formatted, RAFT);
    await client.replaceAll(uri, formatted);
    const again = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.deepEqual(again, []);
  });

  it('inlay hints show the majority after the node list and absolute times for relative ones', async () => {
    const uri = freshUri();
    await client.open(uri, RAFT);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } } });
    const labels = hints.map((h) => h.label);
    assert.ok(labels.includes('majority 3 of 5 · 2 may fail'));
    assert.ok(labels.includes('until 4s'), 'pause n2 for 1s at 3s ends at 4s');
    assert.ok(labels.includes('by 6s'), 'leader within 1s after the heal at 5s');
  });

  it('semantic tokens colour node names as variables, with the declaration marked', async () => {
    const uri = freshUri();
    await client.open(uri, RAFT);
    const legend = client.initializeResult.capabilities.semanticTokensProvider!.legend;
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.equal(tokens.data.length % 5, 0);
    // Decode to absolute positions.
    let line = 0;
    let character = 0;
    const decoded: Array<{ line: number; character: number; length: number; type: string; modifiers: number }> = [];
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, length, type, modifiers] = tokens.data.slice(i, i + 5) as [number, number, number, number, number];
      line += dl;
      character = dl === 0 ? character + dc : dc;
      decoded.push({ line, character, length, type: legend.tokenTypes[type]!, modifiers });
    }
    const at = (needle: string, nth = 0) => {
      const p = positionOf(RAFT, needle, 0, nth);
      return decoded.find((d) => d.line === p.line && d.character === p.character);
    };
    assert.equal(at('n1')?.type, 'variable');
    assert.equal(at('n1')?.modifiers, 1);
    assert.equal(at('raft {')?.type, 'type');
    assert.equal(at('election')?.type, 'property');
    assert.equal(at('alice')?.type, 'class');
    assert.equal(at('150ms')?.type, 'number');
  });

  it('code lenses offer "▶ Run", "Debug", "Run 100 seeds" and "Explore schedules" on each scenario with its name', async () => {
    const uri = freshUri();
    await client.open(uri, RAFT);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 8);
    assert.deepEqual(lenses[0]!.command, { title: '▶ Run', command: 'faultline.run', arguments: [{ uri, scenario: 'raft: leader isolated' }] });
    assert.deepEqual(lenses[1]!.command, { title: 'Debug', command: 'faultline.debug', arguments: [{ uri, scenario: 'raft: leader isolated' }] });
    assert.equal(lenses[2]!.command!.command, 'faultline.sweep');
    assert.deepEqual(lenses[3]!.command, { title: 'Explore schedules', command: 'faultline.explore', arguments: [{ uri, scenario: 'raft: leader isolated' }] });
    assert.equal(lenses[4]!.command!.arguments![0].scenario, 'raft: crash instead');
  });

  it('folding ranges cover every multi-line block, keeping the closing brace visible', async () => {
    const uri = freshUri();
    await client.open(uri, RAFT);
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const cluster = positionOf(RAFT, 'cluster {').line;
    const clusterEnd = positionOf(RAFT, '  }\n\n  network').line;
    assert.ok(ranges.some((r) => r.startLine === cluster && r.endLine === clusterEnd - 1));
    assert.equal(ranges.length, 2 + 7 + 1);
  });

  it('signature help shows the shape of a retry statement with the current argument', async () => {
    const uri = freshUri();
    const text = RAFT.replace('retry 3 backoff exponential 50ms..2s jitter full', 'retry 3 backoff ');
    await client.open(uri, text);
    const help = await client.request<SignatureHelp>('textDocument/signatureHelp', { textDocument: { uri }, position: positionOf(text, 'retry 3 backoff ', 16) });
    assert.match(help.signatures[0]!.label, /^retry <count \| forever> backoff/);
    assert.equal(help.activeParameter, 1);
  });
});
