// Message fault lines (`at 2s drop next AppendEntries n1 -> n2`) through the language server over
// real JSON-RPC: completion offers the protocol's own message types after `next`, hover explains
// the new words, formatting keeps the lines, semantic tokens colour them.

import { strict as assert } from 'node:assert';
import type { CompletionItem, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, positionOf, semanticTokenTypeAt } from './lsp-client.ts';

let client: LspClient;

const scenario = (protocol: string, faults: string) => `scenario "s" {
  run for 10s
  cluster {
    nodes n1, n2, n3
    protocol ${protocol}
  }
  workload {
    client alice { write x every 100ms }
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

describe('language server: message fault lines', () => {
  const uri = 'file:///test/message-faults.fault';
  before(async () => {
    await client.open(uri, scenario('raft', '    at 2s crash n1'));
  });

  it('after `drop next` in Raft it offers Raft\'s message types, and in 2PC the 2PC ones', async () => {
    const raft = await labelsAt(uri, scenario('raft', '    at 2s drop next '), 'next ', 5);
    for (const type of ['AppendEntries', 'AppendEntriesReply', 'RequestVote', 'RequestVoteReply', 'PreVote']) assert.ok(raft.includes(type), `${type} in ${raft.join(', ')}`);
    assert.ok(!raft.includes('Prepare'));
    const twoPc = await labelsAt(uri, scenario('two_phase_commit', '    at 2s deliver next '), 'next ', 5);
    assert.ok(twoPc.includes('Prepare') && twoPc.includes('Vote') && !twoPc.includes('AppendEntries'), twoPc.join(', '));
  });

  it('after the type it offers the nodes, then `->`, then the nodes again; a delay then offers `by`', async () => {
    assert.ok((await labelsAt(uri, scenario('raft', '    at 2s drop next AppendEntries '), 'AppendEntries ', 14)).includes('n2'));
    assert.deepEqual(await labelsAt(uri, scenario('raft', '    at 2s drop next AppendEntries n1 '), 'n1 ', 3), ['->']);
    assert.ok((await labelsAt(uri, scenario('raft', '    at 2s drop next AppendEntries n1 -> '), '-> ', 3)).includes('n3'));
    assert.deepEqual(await labelsAt(uri, scenario('raft', '    at 2s delay next AppendEntries n1 -> n2 '), 'n2 ', 3), ['by']);
  });

  it('after `at 2s` the four message faults are offered beside the node faults', async () => {
    const labels = await labelsAt(uri, scenario('raft', '    at 2s '), 'at 2s ', 6);
    for (const label of ['crash', 'drop next', 'duplicate next', 'delay next', 'deliver next']) assert.ok(labels.includes(label), `${label} in ${labels.join(', ')}`);
  });

  it('hover explains `drop next` as one lost message, `next` as which message, `deliver` as playing the network', async () => {
    const text = scenario('raft', '    at 2s drop next AppendEntries n1 -> n2\n    at 3s deliver next RequestVote n2 -> n1');
    assert.match(await hoverAt(uri, text, 'drop next', 1), /\*\*drop next\*\*[\s\S]*never reaches its receiver/);
    assert.match(await hoverAt(uri, text, 'next AppendEntries', 1), /earliest-sent message of this type/);
    assert.match(await hoverAt(uri, text, 'AppendEntries n1', 1), /AppendEntries/);
    assert.match(await hoverAt(uri, text, 'deliver next', 1), /You play the network/);
  });

  it('a line naming its message by its send time: types after the effect, nodes, `->`, then `sent at`, `at`, and `by` for a delay', async () => {
    const afterEffect = await labelsAt(uri, scenario('raft', '    at 2s drop '), 'drop ', 5);
    assert.ok(afterEffect.includes('next') && afterEffect.includes('AppendEntries'), afterEffect.join(', '));
    assert.ok((await labelsAt(uri, scenario('raft', '    at 2s drop AppendEntries '), 'AppendEntries ', 14)).includes('n2'));
    assert.deepEqual(await labelsAt(uri, scenario('raft', '    at 2s drop AppendEntries n1 '), 'n1 ', 3), ['->']);
    assert.ok((await labelsAt(uri, scenario('raft', '    at 2s drop AppendEntries n1 -> '), '-> ', 3)).includes('n3'));
    assert.deepEqual(await labelsAt(uri, scenario('raft', '    at 2s drop AppendEntries n1 -> n2 '), 'n2 ', 3), ['sent at']);
    assert.deepEqual(await labelsAt(uri, scenario('raft', '    at 2s delay AppendEntries n1 -> n2 sent '), 'sent ', 5), ['at']);
    assert.deepEqual(await labelsAt(uri, scenario('raft', '    at 2s delay AppendEntries n1 -> n2 sent at 1.9s '), '1.9s ', 5), ['by']);
    const forms = await labelsAt(uri, scenario('raft', '    at 2s '), 'at 2s ', 6);
    for (const label of ['drop … sent at', 'duplicate … sent at', 'delay … sent at', 'deliver … sent at']) assert.ok(forms.includes(label), `${label} in ${forms.join(', ')}`);
  });

  it('hover explains `sent at` as the one message sent then, and the effect of such a line under its own name', async () => {
    const text = scenario('raft', '    at 2s drop AppendEntries n1 -> n2 sent at 1.9s');
    assert.match(await hoverAt(uri, text, 'sent at', 1), /\*\*sent at \(one message\)\*\*[\s\S]*sent at exactly this time/);
    assert.match(await hoverAt(uri, text, 'at 1.9s', 0), /sent at exactly this time/);
    assert.match(await hoverAt(uri, text, 'drop AppendEntries', 1), /\*\*drop … sent at\*\*[\s\S]*never reaches its receiver/);
    assert.match(await hoverAt(uri, text, 'AppendEntries n1', 1), /AppendEntries.*message type/);
  });

  it('formatting keeps message fault lines, re-spaced, and is stable', async () => {
    const messy = scenario('raft', '      at 2s   drop next AppendEntries n1->n2\n    at 3s delay   next RequestVote n2 -> n1 by   5ms');
    await client.replaceAll(uri, messy);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = TextDocument.applyEdits(TextDocument.create(uri, 'faultline', 1, messy), edits);
    assert.match(formatted, /\n {4}at 2s drop next AppendEntries n1 -> n2\n {4}at 3s delay next RequestVote n2 -> n1 by 5ms\n/);
    await client.replaceAll(uri, formatted);
    const again = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.deepEqual(again, []);
  });

  it('semantic tokens colour the effect and `next` as keywords and the message type as a type', async () => {
    const text = scenario('raft', '    at 2s deliver next AppendEntries n1 -> n2');
    await client.replaceAll(uri, text);
    const typeAt = await semanticTokenTypeAt(client, uri, text);
    assert.equal(typeAt('deliver next'), 'keyword');
    assert.equal(typeAt('next App'), 'keyword');
    assert.equal(typeAt('AppendEntries n1'), 'type');
  });

  it('semantic tokens colour a `sent at` line: the message type as a type, `sent` as a keyword', async () => {
    const text = scenario('raft', '    at 2s duplicate RequestVote n1 -> n2 sent at 1.9s');
    await client.replaceAll(uri, text);
    const typeAt = await semanticTokenTypeAt(client, uri, text);
    assert.equal(typeAt('RequestVote n1'), 'type');
    assert.equal(typeAt('sent at'), 'keyword');
  });
});
