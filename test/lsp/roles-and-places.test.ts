// Faults that follow the run and clients placed in the network, through the language server
// over real JSON-RPC: completion offers the protocol's own role words where a fault strikes a
// node, hover explains them, and formatting keeps the new forms.

import { strict as assert } from 'node:assert';
import type { CodeAction, CompletionItem, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, positionOf, semanticTokenTypeAt } from './lsp-client.ts';

let client: LspClient;

const scenario = (protocol: string, faults: string, workload = '    client alice near n1 { write x every 100ms }') => `scenario "s" {
  run for 10s
  cluster {
    nodes n1, n2, n3
    protocol ${protocol}
  }
  network {
    region eu n1, n2
  }
  workload {
${workload}
  }
  faults {
${faults}
  }
}
`;

async function labelsAt(uri: string, text: string, needle: string, offset: number): Promise<string[]> {
  await client.replaceAll(uri, text);
  const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, needle, offset) });
  return items.map((i) => i.label);
}

async function hoverAt(uri: string, text: string, needle: string, offset: number): Promise<string> {
  await client.replaceAll(uri, text);
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, offset) });
  assert.ok(hover !== null, `a hover on ${needle}`);
  return (hover.contents as { value: string }).value;
}

before(async function () {
  this.timeout(60_000);
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

describe('language server: roles in fault lines', () => {
  const uri = 'file:///test/roles.fault';
  before(async () => {
    await client.open(uri, scenario('raft', '    at 2s crash n1'));
  });

  it('after `crash` in a Raft scenario it offers the nodes and `leader`, and no other protocol\'s role', async () => {
    const text = scenario('raft', '    at 2s crash ');
    const labels = await labelsAt(uri, text, 'crash ', 6);
    for (const expected of ['n1', 'n2', 'n3', 'leader']) assert.ok(labels.includes(expected), `${expected} in ${labels.join(', ')}`);
    assert.ok(!labels.includes('primary') && !labels.includes('holder') && !labels.includes('rest'));
  });

  it('in primary/backup the word is `primary`; in a lease lock, `holder`; in 2PC, `coordinator`', async () => {
    assert.ok((await labelsAt(uri, scenario('primary_backup', '    at 2s crash '), 'crash ', 6)).includes('primary'));
    assert.ok((await labelsAt(uri, scenario('lease_lock', '    at 2s pause '), 'pause ', 6)).includes('holder'));
    assert.ok((await labelsAt(uri, scenario('two_phase_commit', '    at 2s crash '), 'crash ', 6)).includes('coordinator'));
  });

  it('after `restart` it offers node names only: a crashed node holds no role', async () => {
    const labels = await labelsAt(uri, scenario('raft', '    at 2s restart '), 'restart ', 8);
    assert.ok(labels.includes('n1') && !labels.includes('leader'));
  });

  it('in a partition it offers the role and `rest`, after `partition` and after `|`', async () => {
    const afterPartition = await labelsAt(uri, scenario('raft', '    at 2s partition '), 'partition ', 10);
    assert.ok(afterPartition.includes('leader') && afterPartition.includes('rest'));
    const afterBar = await labelsAt(uri, scenario('raft', '    at 2s partition leader | '), '| ', 2);
    assert.ok(afterBar.includes('rest') && afterBar.includes('n2'));
  });

  it('hover on a role says it is resolved when the fault fires, in the protocol\'s own word', async () => {
    const raft = await hoverAt(uri, scenario('raft', '    at 2s crash leader'), 'crash leader', 7);
    assert.match(raft, /\*\*leader\*\* — a role of raft, resolved when the fault fires/);
    assert.match(raft, /crash leader → n2/);
    const lease = await hoverAt(uri, scenario('lease_lock', '    at 2s pause holder for 1s'), 'pause holder', 7);
    assert.match(lease, /\*\*holder\*\* — a role of lease_lock/);
    assert.match(lease, /fencing token/);
    const rest = await hoverAt(uri, scenario('raft', '    at 2s partition leader | rest'), '| rest', 3);
    assert.match(rest, /every node this partition does not name otherwise \(of n1, n2, n3\)/);
  });

  it('a role the protocol does not have is a diagnostic that suggests the one it has, with a quick fix', async () => {
    const text = scenario('primary_backup', '    at 2s crash leader');
    const diagnostics = await client.replaceAll(uri, text);
    const found = diagnostics.find((d) => d.code === 'FL049');
    assert.ok(found !== undefined, JSON.stringify(diagnostics));
    assert.match(found.message, /Did you mean `primary`\? It is the role primary_backup has/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: found.range, context: { diagnostics: [found] } });
    const fix = actions.find((a) => a.title === 'Change to `primary`');
    assert.ok(fix !== undefined, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(fix.edit?.changes?.[uri]?.map((e) => e.newText), ['primary']);
  });
});

describe('language server: clients placed in the network', () => {
  const uri = 'file:///test/places.fault';
  before(async () => {
    await client.open(uri, scenario('raft', '    at 2s crash n1'));
  });

  it('after a client\'s name it offers `near` and `in`; after them, the nodes and the regions', async () => {
    const header = await labelsAt(uri, scenario('raft', '    at 2s crash n1', '    client alice '), 'alice ', 6);
    assert.ok(header.includes('near') && header.includes('in'), header.join(', '));
    const near = await labelsAt(uri, scenario('raft', '    at 2s crash n1', '    client alice near '), 'near ', 5);
    assert.ok(near.includes('n2'));
    const region = await labelsAt(uri, scenario('raft', '    at 2s crash n1', '    client alice in '), ' in ', 4);
    assert.deepEqual(region, ['eu']);
  });

  it('hover on `near` explains that the client is cut off wherever its node is', async () => {
    const text = await hoverAt(uri, scenario('raft', '    at 2s crash n1'), 'near n1', 1);
    assert.match(text, /\*\*near\*\* — the client sits beside this node/);
  });

  it('formatting keeps `near` and role targets and is stable', async () => {
    const messy = scenario('raft', '      at 2s   partition leader|rest', '      client alice   near   n1 {write x every 100ms}');
    await client.replaceAll(uri, messy);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = TextDocument.applyEdits(TextDocument.create(uri, 'faultline', 1, messy), edits);
    assert.match(formatted, /\n {4}client alice near n1 \{/);
    assert.match(formatted, /\n {4}at 2s partition leader \| rest\n/);
    await client.replaceAll(uri, formatted);
    const again = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.deepEqual(again, []);
  });

  it('semantic tokens colour a role and `rest` as choices, `near`/`in` as keywords and the region as a namespace', async () => {
    const text = scenario('raft', '    at 2s partition leader | rest', '    client alice near n1 { write x every 100ms }\n    client bob in eu { read x every 100ms }');
    await client.replaceAll(uri, text);
    const typeAt = await semanticTokenTypeAt(client, uri, text);
    assert.equal(typeAt('leader |'), 'enumMember');
    assert.equal(typeAt('rest'), 'enumMember');
    assert.equal(typeAt('near n1'), 'keyword');
    assert.equal(typeAt('n1 {', 0), 'variable');
    assert.equal(typeAt('in eu', 0), 'keyword');
    assert.equal(typeAt('eu {'), 'namespace');
  });
});
