// Completion that knows where the cursor is: the statements a block allows, the protocol's own
// options and their choices, node and client names where a node is expected, enum values after
// their keyword, units right after a number, and snippets for whole blocks.

import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import type { DocumentView } from './document-state.ts';
import { cursorAt, type Cursor } from './model/cursor.ts';
import type { Token } from './model/tokens.ts';
import { keywordConcepts, protocolNames } from '../core/explain/keywords.ts';
import { expectationConcepts, faultConcepts, messageFaultConcepts } from '../core/explain/faults.ts';
import { FAULT_ACTIONS, MESSAGE_FAULTS, RANDOM_FAULTS } from '../core/language/build/faults.ts';
import { units } from '../core/explain/units.ts';
import { protocolDeclaration } from '../core/protocols/options-registry.ts';
import { describeOption, optionForWords, sampleValue } from './option-docs.ts';
import { leadingWords, nodeNamesOf, protocolNameOf, scenarioProtocolOf, statementsIn } from './model/scenario-facts.ts';
import { REST_WORD, rolesOf } from '../core/language/fault-targets.ts';
import { ancestry } from './model/outline.ts';
import { messageTypesOf } from '../core/protocols/message-types.ts';
import { messageLineWords } from './model/message-line.ts';

type Item = { label: string; kind: CompletionItemKind; insert?: string; detail?: string; doc?: string; snippet?: boolean; sort?: string };

const k = CompletionItemKind;

const SCENARIO_SNIPPET = 'scenario "${1:name}" {\n  seed ${2:1}\n  run for ${3:10s}\n\n  cluster {\n    nodes ${4:n1, n2, n3}\n    protocol ${5:raft} {\n    }\n  }\n\n  expect {\n    ${6:linearizable}\n  }\n}';

const SCENARIO_STATEMENTS: Item[] = [
  { label: 'seed', kind: k.Keyword, insert: 'seed ${1:1}', snippet: true },
  { label: 'run for', kind: k.Keyword, insert: 'run for ${1:10s}', snippet: true },
  { label: 'cluster', kind: k.Module, insert: 'cluster {\n  nodes ${1:n1, n2, n3}\n  protocol ${2:raft} {\n    $0\n  }\n}', snippet: true, detail: 'block' },
  { label: 'network', kind: k.Module, insert: 'network {\n  latency ${1:2ms..10ms}\n  $0\n}', snippet: true, detail: 'block' },
  { label: 'clock', kind: k.Keyword, insert: 'clock ${1:n1} skew ${2:+100ms}', snippet: true },
  { label: 'workload', kind: k.Module, insert: 'workload {\n  client ${1:alice} {\n    ${2:write x every 100ms}\n    timeout ${3:500ms}\n  }\n}', snippet: true, detail: 'block' },
  { label: 'faults', kind: k.Module, insert: 'faults {\n  at ${1:2s} ${2:crash n1}\n}', snippet: true, detail: 'block' },
  { label: 'expect', kind: k.Module, insert: 'expect {\n  ${1:linearizable}\n}', snippet: true, detail: 'block' },
];

const NETWORK_STATEMENTS: Item[] = [
  { label: 'latency', kind: k.Keyword, insert: 'latency ${1:2ms..10ms}', snippet: true },
  { label: 'drop', kind: k.Keyword, insert: 'drop ${1:1%}', snippet: true },
  { label: 'duplicate', kind: k.Keyword, insert: 'duplicate ${1:0.1%}', snippet: true },
  { label: 'reorder', kind: k.Keyword, insert: 'reorder ${1:1%}', snippet: true },
  { label: 'bandwidth', kind: k.Keyword, insert: 'bandwidth ${1:100mbps}', snippet: true },
  { label: 'link', kind: k.Keyword, insert: 'link ${1:n1} ${2|<->,->|} ${3:n2} latency ${4:80ms}', snippet: true },
  { label: 'region', kind: k.Keyword, insert: 'region ${1:eu} ${2:n1, n2}', snippet: true },
];

const CLIENT_STATEMENTS: Item[] = [
  ...['read', 'write', 'cas', 'append', 'increment', 'transfer', 'lock', 'request'].map((op) => ({ label: op, kind: k.Function, insert: `${op} \${1:x} every \${2:100ms}`, snippet: true, detail: 'operation' })),
  { label: 'timeout', kind: k.Keyword, insert: 'timeout ${1:500ms}', snippet: true },
  { label: 'retry', kind: k.Keyword, insert: 'retry ${1:3} backoff ${2|exponential,constant,none|} ${3:50ms..2s} jitter ${4|full,equal,decorrelated,none|}', snippet: true },
  { label: 'idempotency key ttl', kind: k.Keyword, insert: 'idempotency key ttl ${1:1h}', snippet: true },
  { label: 'read from', kind: k.Keyword, insert: 'read from ${1|leader,primary,any,replicas,follower|}', snippet: true },
  { label: 'closed loop', kind: k.Keyword },
  { label: 'start at', kind: k.Keyword, insert: 'start at ${1:1s}', snippet: true },
  { label: 'stop at', kind: k.Keyword, insert: 'stop at ${1:9s}', snippet: true },
];

const FAULT_STATEMENTS: Item[] = [
  { label: 'at … crash', kind: k.Event, insert: 'at ${1:2s} crash ${2:n1}', snippet: true },
  { label: 'at … restart', kind: k.Event, insert: 'at ${1:4s} restart ${2:n1}', snippet: true },
  { label: 'at … pause', kind: k.Event, insert: 'at ${1:2s} pause ${2:n1} for ${3:1s}', snippet: true },
  { label: 'at … partition', kind: k.Event, insert: 'at ${1:2s} partition ${2:n1} | ${3:n2, n3}', snippet: true },
  { label: 'at … heal', kind: k.Event, insert: 'at ${1:5s} heal', snippet: true },
  { label: 'at … skew', kind: k.Event, insert: 'at ${1:4s} skew ${2:n1} ${3:+2s}', snippet: true },
  { label: 'from … to … drop', kind: k.Event, insert: 'from ${1:1s} to ${2:4s} drop ${3:30%} ${4:n1} ${5|->,<->|} ${6:n2}', snippet: true },
  { label: 'every … random', kind: k.Event, insert: 'every ${1:2s..5s} random ${2|crash,pause,partition|} for ${3:1s..3s}', snippet: true },
];

const PLACE_WORDS: Item[] = [
  { label: 'near', kind: k.Keyword, detail: 'sit beside a node', doc: 'The client sits beside this node: partitions and link faults cut it off wherever they cut the node off (`client alice near n1 { ... }`).' },
  { label: 'in', kind: k.Keyword, detail: 'sit in a region', doc: 'The client sits in this region: it is cut from a node only when every node of the region is (`client bob in eu { ... }`).' },
];

/** Faults on nodes and links, offered as words; the message faults come as `X next` snippets. */
const NODE_FAULTS: readonly string[] = FAULT_ACTIONS.filter((action) => !(MESSAGE_FAULTS as readonly string[]).includes(action));
/**
 * `at 2s drop next AppendEntries n1 -> n2` and its siblings: faults on one message; and the same
 * naming one message by its send time, `drop AppendEntries n1 -> n2 sent at 1.9s`.
 */
const MESSAGE_FAULT_ITEMS: Item[] = MESSAGE_FAULTS.flatMap((effect) => [
  {
    label: `${effect} next`,
    kind: k.Event,
    detail: 'one message',
    doc: messageFaultConcepts[effect]!.text,
    insert: `${effect} next \${1:TYPE} \${2:n1} -> \${3:n2}${effect === 'delay' ? ' by \${4:100ms}' : ''}`,
    snippet: true,
  },
  {
    label: `${effect} … sent at`,
    kind: k.Event,
    detail: 'one message, by when it was sent',
    doc: faultConcepts['sent']!.text,
    insert: `${effect} \${1:TYPE} \${2:n1} -> \${3:n2} sent at \${4:1s}${effect === 'delay' ? ' by \${5:100ms}' : ''}`,
    snippet: true,
  },
]);
const ENUMS: Record<string, string[]> = {
  backoff: ['exponential', 'constant', 'none'],
  jitter: ['full', 'equal', 'decorrelated', 'none'],
  after: ['start', 'heal', 'crash', 'partition', 'restart'],
  latency: ['normal', 'exponential'],
};

function item(i: Item, snippets: boolean, sortPrefix = '1'): CompletionItem {
  const doc = i.doc ?? keywordConcepts[i.label.split(' ')[0]!]?.text;
  const plain = (text: string): string => text.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
  const result: CompletionItem = { label: i.label, kind: i.kind, sortText: `${sortPrefix}${i.sort ?? i.label}` };
  if (i.detail !== undefined) result.detail = i.detail;
  if (doc !== undefined) result.documentation = { kind: 'markdown', value: doc };
  if (i.insert !== undefined) {
    result.insertText = i.snippet === true && snippets ? i.insert : plain(i.insert);
    if (i.snippet === true && snippets) result.insertTextFormat = InsertTextFormat.Snippet;
    result.filterText = i.label.split(' ')[0];
  }
  return result;
}

function words(list: readonly string[], kind: CompletionItemKind, detail?: string): Item[] {
  return list.map((label) => ({ label, kind, ...(detail !== undefined ? { detail } : {}) }));
}

function nodeItems(state: DocumentView, cursor: Cursor): Item[] {
  if (cursor.scenario === null) return [];
  return words(nodeNamesOf(cursor.scenario, state.scenariosByName), k.Variable, 'node');
}

/** The roles a fault may name in the scenario's protocol (`leader`, `primary`, ...): they follow the run. */
function roleItems(state: DocumentView, cursor: Cursor, withRest: boolean): Item[] {
  if (cursor.scenario === null) return [];
  const protocol = scenarioProtocolOf(cursor.scenario, state.scenariosByName);
  const roles = rolesOf(protocol).map((role) => ({ label: role.word, kind: k.EnumMember, detail: 'role: whoever holds it when the fault fires', doc: role.doc, sort: `~${role.word}` }));
  if (!withRest) return roles;
  return [...roles, { label: REST_WORD, kind: k.EnumMember, detail: 'every node the partition names nowhere else', doc: 'Every node this partition does not name otherwise: `partition leader | rest` cuts the leader off from all the others.', sort: '~~rest' }];
}

/** The message types the scenario's protocol sends (`AppendEntries`, `Prepare`, ...), after `next`. */
function messageTypeItems(state: DocumentView, cursor: Cursor): Item[] {
  if (cursor.scenario === null) return [];
  const protocol = scenarioProtocolOf(cursor.scenario, state.scenariosByName);
  const steps = statementsIn(cursor.scenario, state.scenariosByName, 'protocol')
    .filter((st) => st.tokens[0]?.text === 'step')
    .map((st) => st.tokens.slice(1).map((token) => token.text));
  return words(messageTypesOf(protocol ?? '', steps), k.Struct, `${protocol ?? ''} message`);
}

/** Regions declared in the scenario's network block (its own or the nearest parent's). */
function regionItems(state: DocumentView, cursor: Cursor): Item[] {
  if (cursor.scenario === null) return [];
  const names = statementsIn(cursor.scenario, state.scenariosByName, 'network')
    .filter((st) => st.tokens[0]?.text === 'region' && st.tokens[1]?.kind === 'word')
    .map((st) => st.tokens[1]!.text);
  return words([...new Set(names)], k.Module, 'region');
}

function unitItems(token: Token, params: CompletionParams, context: string | undefined): CompletionItem[] {
  const match = /^([+-]?\d+(?:\.\d+)?)([A-Za-z%/]*)$/.exec(token.text);
  if (match === null) return [];
  const unitStart = token.character + match[1]!.length;
  const preferred =
    context === 'drift' ? 'ppm' : context === 'bandwidth' ? 'bandwidth' : context === 'drop' || context === 'duplicate' || context === 'reorder' ? 'percent' : 'duration';
  return units.map((u, index) => ({
    label: u.unit,
    kind: k.Unit,
    detail: u.meaning,
    sortText: `${u.kind === preferred ? '0' : '1'}${String(index).padStart(2, '0')}`,
    filterText: match[1]! + u.unit,
    textEdit: { range: { start: { line: token.line, character: unitStart }, end: params.position }, newText: u.unit },
  }));
}

function protocolItems(state: DocumentView, cursor: Cursor, context: Token[]): Item[] {
  const block = cursor.blocks[0]!;
  const protocol = protocolNameOf(block);
  const declaration = protocol === undefined ? undefined : protocolDeclaration(protocol);
  if (declaration === undefined) return [];
  const typed = context.filter((t) => t.kind === 'word').map((t) => t.text).join(' ');
  if (context.length === 0) {
    const set = new Set(block.statements.filter((s) => s !== cursor.statement).map((s) => optionForWords(protocol, leadingWords(s))?.name));
    return declaration.options
      .filter((o) => o.repeatable === true || !set.has(o.name))
      .map((o) => ({ label: o.name, kind: k.Property, insert: `${o.name} \${1:${sampleValue(o)}}`, snippet: true, detail: `${protocol} option`, doc: `${o.doc}\n\n${describeOption(o)}` }));
  }
  const option = optionForWords(protocol, typed);
  if (option === undefined) {
    // Still typing a multi-word option name (`election ` → `timeout`).
    return declaration.options
      .filter((o) => o.name.startsWith(typed + ' '))
      .map((o) => ({ label: o.name.slice(typed.length + 1), kind: k.Property, detail: `${protocol} option`, doc: o.doc }));
  }
  if (option.type === 'enum') return words([...(option.values ?? [])], k.EnumMember, option.name);
  if (option.type === 'bool') return words(['on', 'off'], k.EnumMember, option.name);
  if (option.type === 'names') return nodeItems(state, cursor);
  return [];
}

function contextItems(state: DocumentView, cursor: Cursor, context: Token[]): Item[] {
  const inner = cursor.blocks[0];
  const keyword = inner?.keyword;
  const texts = context.map((t) => t.text);
  const last = texts[texts.length - 1];
  const first = texts[0];

  if (inner === undefined) return context.length === 0 ? [{ label: 'scenario', kind: k.Snippet, insert: SCENARIO_SNIPPET, snippet: true, detail: 'a new scenario' }] : [];
  if (keyword === 'protocol') return protocolItems(state, cursor, context);
  if (last === 'protocol') return [...protocolNames].map((p) => ({ label: p, kind: k.Class, insert: `${p} {\n  $0\n}`, snippet: true, detail: 'protocol', doc: keywordConcepts[p]?.text ?? '' }));
  if (last !== undefined && ENUMS[last] !== undefined && !(last === 'latency' && keyword !== 'network' && first !== 'link')) return words(ENUMS[last]!, k.EnumMember, last);
  if (last === 'from' && keyword === 'client') return words(['leader', 'primary', 'any', 'replicas', 'follower'], k.EnumMember, 'read from');

  switch (keyword) {
    case 'scenario':
      if (context.length === 0) return SCENARIO_STATEMENTS;
      if (first === 'clock' && context.length === 1) return nodeItems(state, cursor);
      if (first === 'clock') return words(['skew', 'drift'], k.Keyword);
      if (first === 'run' && context.length === 1) return words(['for'], k.Keyword);
      return [];
    case 'cluster':
      if (context.length === 0)
        return [
          { label: 'nodes', kind: k.Keyword, insert: 'nodes ${1:n1, n2, n3}', snippet: true },
          { label: 'protocol', kind: k.Class, insert: 'protocol ${1|' + protocolNames.join(',') + '|} {\n  $0\n}', snippet: true, detail: 'block' },
        ];
      return [];
    case 'network':
      if (context.length === 0) return NETWORK_STATEMENTS;
      if (first === 'link' && (context.length === 1 || context.length === 3)) return nodeItems(state, cursor);
      if (first === 'link' && context.length === 2) return words(['<->', '->'], k.Operator);
      if (first === 'link') return words(['latency', 'drop', 'duplicate', 'reorder', 'bandwidth'], k.Keyword);
      if (first === 'region' && context.length >= 2) return nodeItems(state, cursor);
      return [];
    case 'workload': {
      // Clients of the scenarios this one extends: naming one here overrides it setting by setting.
      const inherited = cursor.scenario === null ? [] : [...new Set(ancestry(cursor.scenario, state.scenariosByName).slice(1).flatMap((s) => s.ownClients.map((c) => c.name)))];
      if (context.length === 1 && first === 'client') return words(inherited, k.Class, 'inherited client');
      // `client alice near n1 {`, `client web * 10 in eu {`: where the client sits.
      if (first === 'client' && last === 'near') return nodeItems(state, cursor);
      if (first === 'client' && last === 'in') return regionItems(state, cursor);
      if (first === 'client' && (context.length === 2 || (context.length === 4 && texts[2] === '*'))) return PLACE_WORDS;
      if (context.length > 0) return [];
      return [
        { label: 'client', kind: k.Class, insert: 'client ${1:alice} {\n  ${2:write x every 100ms}\n  timeout ${3:500ms}\n}', snippet: true, detail: 'block' },
        ...inherited.map((name) => ({ label: `client ${name}`, kind: k.Class, insert: `client ${name} {\n  $0\n}`, snippet: true, detail: 'override the inherited client' })),
      ];
    }
    case 'client':
      if (context.length === 0) return CLIENT_STATEMENTS;
      if (first === 'read' && context.length === 1) return words(['from'], k.Keyword);
      if (first === 'retry' && context.length === 1) return words(['forever'], k.Keyword);
      if (first === 'retry' && !texts.includes('backoff')) return words(['backoff'], k.Keyword);
      if (first === 'retry' && !texts.includes('jitter')) return words(['jitter'], k.Keyword);
      if (first === 'idempotency') return words(texts.includes('key') ? ['ttl'] : ['key'], k.Keyword);
      if (first === 'closed') return words(['loop'], k.Keyword);
      if ((first === 'start' || first === 'stop') && context.length === 1) return words(['at'], k.Keyword);
      return [];
    case 'faults': {
      if (context.length === 0) return FAULT_STATEMENTS;
      if (first === 'at' && context.length === 2) return [...words(NODE_FAULTS, k.Event, 'fault'), ...MESSAGE_FAULT_ITEMS];
      if (first === 'at' && (texts.includes('..') && context.length === 4)) return words(NODE_FAULTS, k.Event, 'fault');
      if (last === 'random') return words(RANDOM_FAULTS, k.Event, 'random fault');
      if (first === 'every' && !texts.includes('random')) return words(['random'], k.Keyword);
      if (first === 'from' && context.length === 2) return words(['to'], k.Keyword);
      if (first === 'from' && context.length === 4) return words(['drop', 'delay', 'duplicate'], k.Event);
      // `at 2s drop next AppendEntries n1 -> n2`, `at 2s drop AppendEntries n1 -> n2 sent at 1.9s`:
      // one message, picked by type and link, and by its send time in the second form.
      const message = messageLineWords(context);
      if (message !== undefined) {
        const delay = texts[message.effect] === 'delay';
        if (context.length === message.type) {
          const next = message.next < 0 ? words(['next'], k.Keyword, 'the next message of a type on a link') : [];
          return [...next, ...messageTypeItems(state, cursor)];
        }
        if (context.length === message.type + 1 || last === '->') return nodeItems(state, cursor);
        if (context.length === message.type + 2) return words(['->'], k.Operator);
        if (context.length === message.type + 4) {
          if (message.next < 0) return words(['sent at'], k.Keyword, 'the message sent at this time');
          return delay ? words(['by'], k.Keyword) : [];
        }
        if (last === 'sent') return words(['at'], k.Keyword);
        if (delay && message.sent >= 0 && context.length === message.sent + 3) return words(['by'], k.Keyword);
        return [];
      }
      if (last === 'partition') return [...nodeItems(state, cursor), ...roleItems(state, cursor, true), ...words(['majorities ring', 'bridge'], k.EnumMember)];
      // Roles follow the run where a fault strikes a node; restart, bridge and link faults need a node.
      const inPartition = texts.includes('partition');
      if (last !== undefined && (['crash', 'pause', 'skew', 'on'].includes(last) || (inPartition && ['|', '->', ','].includes(last)))) {
        return [...nodeItems(state, cursor), ...roleItems(state, cursor, inPartition)];
      }
      if (last !== undefined && ['restart', 'bridge', '|', '->', '<->', ','].includes(last)) return nodeItems(state, cursor);
      return [];
    }
    case 'expect':
      if (context.length === 0)
        return Object.keys(expectationConcepts).map((phrase) => ({
          label: phrase,
          kind: k.Constant,
          ...(phrase === 'leader within' ? { insert: 'leader within ${1:1s} after ${2|heal,start,crash,partition,restart|}', snippet: true } : {}),
          doc: expectationConcepts[phrase]!.text,
        }));
      if (first === 'leader' && texts.includes('within') && !texts.includes('after') && context.length >= 3) return words(['after'], k.Keyword);
      return [];
    default:
      return [];
  }
}

export function provideCompletion(state: DocumentView, params: CompletionParams, snippets: boolean): CompletionItem[] {
  const cursor = cursorAt(state.outline, params.position);
  const token = cursor.token;
  // Inside a comment or a string: nothing, except scenario names after `extends`.
  if (token?.kind === 'comment') return [];
  if (token?.kind === 'string') {
    const previous = cursor.before[cursor.before.length - 2];
    if (previous?.text !== 'extends') return [];
    return state.scenarioNames
      .filter((name) => name !== cursor.scenario?.name)
      .map((name) => ({ label: name, kind: k.Reference, detail: 'scenario', textEdit: { range: { start: { line: token.line, character: token.character }, end: { line: token.endLine, character: token.endCharacter } }, newText: `"${name}"` } }));
  }
  const context = [...cursor.before];
  const lastTyped = context[context.length - 1];
  const touching = lastTyped !== undefined && lastTyped.endLine === params.position.line && lastTyped.endCharacter === params.position.character;
  if (touching && lastTyped.kind === 'number') return unitItems(lastTyped, params, context[context.length - 2]?.text ?? context[0]?.text);
  if (touching && lastTyped.kind === 'word') context.pop(); // the word being typed is the prefix, not context
  if (context[context.length - 1]?.text === 'extends')
    return state.scenarioNames.filter((name) => name !== cursor.scenario?.name).map((name) => item({ label: `"${name}"`, kind: k.Reference, detail: 'scenario' }, snippets));
  return contextItems(state, cursor, context).map((i) => item(i, snippets));
}
