// Hover: what the word under the cursor means, in plain words, with the numbers of *this*
// scenario (quorum sizes, conversions, option defaults), and — on a warning — which failure
// pattern or fallacy the lint comes from.

import type { Hover, HoverParams } from 'vscode-languageserver';
import type { DocumentView } from './document-state.ts';
import { cursorAt, type Cursor } from './model/cursor.ts';
import { occurrenceOfToken } from './navigation.ts';
import { tokenRange, containsPosition } from './model/positions.ts';
import { splitNumber, type Token } from './model/tokens.ts';
import { keywordConcepts, type Concept } from '../core/explain/keywords.ts';
import { expectationConcepts, faultConcepts, messageFaultConcepts } from '../core/explain/faults.ts';
import { messageLineWords } from './model/message-line.ts';
import { lintInfo } from '../core/explain/lints.ts';
import { units, microsPerUnit, formatMicros } from '../core/explain/units.ts';
import { quorumSentence, leaderlessSentence } from '../core/explain/quorum.ts';
import { protocolDeclaration } from '../core/protocols/options-registry.ts';
import { describeOption, optionForWords } from './option-docs.ts';
import { REST_WORD, rolesOf } from '../core/language/fault-targets.ts';
import { clockLineOf, durationUs, leadingWords, nodeNamesOf, protocolBlockOf, protocolNameOf, regionOf, scenarioProtocolOf } from './model/scenario-facts.ts';

function conceptMarkdown(concept: Concept): string {
  const pattern = concept.pattern !== undefined ? `\n\n*Pattern: ${concept.pattern}*` : '';
  return `**${concept.title}** — ${concept.text}${pattern}`;
}

function numberMarkdown(token: Token): string | undefined {
  const { value, unit } = splitNumber(token.text);
  if (Number.isNaN(value)) return undefined;
  const factor = microsPerUnit[unit];
  if (factor !== undefined) {
    const us = Math.round(value * factor);
    return `**${token.text}** — ${units.find((u) => u.unit === unit)?.meaning ?? unit}: ${formatMicros(us)} = ${us.toLocaleString('en-US')} µs of virtual time.`;
  }
  if (unit === '%') {
    const oneIn = value > 0 ? Math.round(100 / value) : 0;
    return `**${token.text}** — a probability of ${value / 100}${oneIn > 1 ? `: about one message in ${oneIn.toLocaleString('en-US')}` : ''}.`;
  }
  if (unit === 'ppm') return `**${token.text}** — parts per million: this clock gains or loses about ${formatMicros(Math.round(value * 86_400))} per day of true time.`;
  if (unit.startsWith('/')) return `**${token.text}** — a rate: ${value} per ${unit === '/s' ? 'second' : unit.slice(1)}${unit === '/s' && value > 0 ? `, one every ${formatMicros(Math.round(1_000_000 / value))}` : ''}.`;
  if (unit === 'kbps' || unit === 'mbps' || unit === 'gbps') {
    const bits = value * (unit === 'kbps' ? 1e3 : unit === 'mbps' ? 1e6 : 1e9);
    return `**${token.text}** — ${(bits / 8).toLocaleString('en-US')} bytes per second: a 1 KB message takes ${formatMicros(Math.round((1024 * 8 * 1e6) / bits))} on the wire.`;
  }
  if (unit !== '') return `**${token.text}** — \`${unit}\` is not a unit the language knows (durations: us, ms, s, m, h).`;
  return undefined;
}

function scenarioNumbers(state: DocumentView, cursor: Cursor): string[] {
  const scenario = cursor.scenario;
  if (scenario === null) return [];
  const nodes = nodeNamesOf(scenario, state.scenariosByName);
  const protocol = protocolNameOf(protocolBlockOf(scenario, state.scenariosByName));
  const facts: string[] = [];
  if (nodes.length > 0 && (protocol === 'raft' || protocol === undefined)) facts.push(quorumSentence(nodes.length));
  if (nodes.length > 0 && protocol !== undefined && protocol !== 'raft') facts.push(`${nodes.length} nodes running ${protocol}.`);
  return facts;
}

function optionValueOf(block: ReturnType<typeof protocolBlockOf>, name: string): number | undefined {
  const statement = block?.statements.find((s) => leadingWords(s) === name);
  const value = statement?.tokens.find((t) => t.kind === 'number');
  return value === undefined ? undefined : Number(value.text);
}

/** Election timeout against heartbeat period for this block: how many beats a follower misses. */
function raftTimingSentence(block: ReturnType<typeof protocolBlockOf>): string | undefined {
  const election = block?.statements.find((s) => leadingWords(s) === 'election timeout');
  const heartbeat = block?.statements.find((s) => leadingWords(s) === 'heartbeat every');
  const numbers = (statement: typeof election): number[] =>
    (statement?.tokens ?? []).map((t) => durationUs(t)).filter((us): us is number => us !== undefined);
  const [min = 150_000, max = min] = election === undefined ? [150_000, 300_000] : numbers(election);
  const beat = numbers(heartbeat)[0] ?? 50_000;
  if (beat <= 0) return undefined;
  const low = Math.floor(min / beat);
  const high = Math.floor(max / beat);
  const missed = low === high ? `${low}` : `${low}–${high}`;
  const warning = low < 2 ? ' That is tight: one late heartbeat can start an election.' : '';
  return `Here: a follower waits ${formatMicros(min)}${max !== min ? `–${formatMicros(max)}` : ''} and hears a heartbeat every ${formatMicros(beat)}, so it stands for election after missing ${missed} heartbeats.${warning}`;
}

function wordMarkdown(state: DocumentView, cursor: Cursor, token: Token): string[] {
  const sections: string[] = [];
  const inner = cursor.blocks[0];
  const scenario = cursor.scenario;
  const occurrence = occurrenceOfToken(state, token);

  if (occurrence?.kind === 'node' && scenario !== null) {
    const nodes = nodeNamesOf(scenario, state.scenariosByName);
    const facts = [`**node ${token.text}** — one of ${nodes.length} in this cluster${occurrence.implicit ? ` (${nodes[0]}..${nodes[nodes.length - 1]})` : ''}.`];
    const region = regionOf(scenario, state.scenariosByName, token.text);
    if (region !== undefined) facts.push(`Region: ${region}.`);
    const clock = clockLineOf(scenario, state.scenariosByName, token.text);
    if (clock !== undefined) facts.push(`Clock: \`${clock}\`.`);
    sections.push(facts.join(' '), ...scenarioNumbers(state, cursor));
    return sections;
  }
  if (occurrence?.kind === 'client') {
    return [`**client ${token.text}** — issues operations and records each call and reply in the history the checkers grade.`];
  }

  // Inside a protocol block, the statement's leading words name an option.
  if (inner?.keyword === 'protocol' && cursor.statement !== null && cursor.statement.block === inner) {
    const protocol = protocolNameOf(inner);
    const option = optionForWords(protocol, leadingWords(cursor.statement));
    if (option !== undefined && token.kind === 'word' && cursor.statement.tokens.indexOf(token) < option.name.split(' ').length) {
      sections.push(`**${option.name}** — ${protocol} option. ${option.doc}`, describeOption(option));
      if (protocol === 'raft' && (option.name === 'election timeout' || option.name === 'heartbeat every')) {
        const sentence = raftTimingSentence(inner);
        if (sentence !== undefined) sections.push(sentence);
      }
      if (protocol === 'leaderless' && ['n', 'r', 'w'].includes(option.name)) {
        const n = optionValueOf(inner, 'n') ?? 3;
        const r = optionValueOf(inner, 'r') ?? 2;
        const w = optionValueOf(inner, 'w') ?? 2;
        sections.push(leaderlessSentence(n, r, w));
      }
      // The health check's two kinds are a concept of their own (liveness vs readiness).
      if (protocol === 'service' && option.name === 'health check') sections.push(conceptMarkdown(keywordConcepts['health check']!));
      return sections;
    }
  }

  // The protocol's name in `protocol raft {`.
  const declaration = protocolDeclaration(token.text);
  if (declaration !== undefined) {
    const concept = keywordConcepts[token.text];
    sections.push(concept !== undefined ? conceptMarkdown(concept) : `**${declaration.name}** — ${declaration.doc}`);
    sections.push(...scenarioNumbers(state, cursor));
    return sections;
  }

  const statementWords = cursor.statement?.tokens.filter((t) => t.kind === 'word').map((t) => t.text) ?? [];
  if (inner?.keyword === 'expect') {
    const phrase = statementWords.join(' ');
    const key = Object.keys(expectationConcepts)
      .filter((k) => phrase === k || phrase.startsWith(k + ' '))
      .sort((a, b) => b.length - a.length)[0];
    if (key !== undefined) return [conceptMarkdown(expectationConcepts[key]!)];
  }
  if (inner?.keyword === 'faults') {
    const message = messageFaultMarkdown(cursor, token);
    if (message !== undefined) return [message];
    const role = roleMarkdown(state, cursor, token);
    if (role !== undefined) return [role];
    const fault = faultConcepts[token.text];
    if (fault !== undefined) return [conceptMarkdown(fault)];
  }
  // `client alice near n1 {` / `client bob in eu {`: where the client sits.
  const place = placeMarkdown(cursor, token);
  if (place !== undefined) return [place];

  // Two-word keywords (`run for`, `closed loop`, `idempotency key`) explain as a whole.
  const index = cursor.statement?.tokens.indexOf(token) ?? -1;
  const tokens = cursor.statement?.tokens ?? [];
  const pairs = [
    index > 0 ? `${tokens[index - 1]!.text} ${token.text}` : undefined,
    index >= 0 && index + 1 < tokens.length ? `${token.text} ${tokens[index + 1]!.text}` : undefined,
  ];
  for (const pair of pairs) {
    const concept = pair === undefined ? undefined : keywordConcepts[pair];
    if (concept !== undefined) return [conceptMarkdown(concept)];
  }
  const concept = keywordConcepts[token.text] ?? faultConcepts[token.text];
  if (concept !== undefined) {
    sections.push(conceptMarkdown(concept));
    if (token.text === 'nodes' || token.text === 'cluster') sections.push(...scenarioNumbers(state, cursor));
  }
  return sections;
}

/**
 * The words of a message fault line (`at 2s drop next AppendEntries n1 -> n2`, `at 2s drop
 * AppendEntries n1 -> n2 sent at 1.9s`): the effect, `next` or `sent at`, and the message type.
 * Undefined for anything else.
 */
function messageFaultMarkdown(cursor: Cursor, token: Token): string | undefined {
  const tokens = cursor.statement?.tokens ?? [];
  const index = tokens.indexOf(token);
  if (index < 0) return undefined;
  const line = messageLineWords(tokens);
  if (line === undefined) return undefined;
  if (index === line.effect) {
    const concept = messageFaultConcepts[token.text]!;
    return conceptMarkdown(line.next < 0 ? { ...concept, title: `${token.text} … sent at` } : concept);
  }
  if (index === line.next) return conceptMarkdown(faultConcepts['next']!);
  if (line.sent >= 0 && (index === line.sent || index === line.sent + 1)) return conceptMarkdown(faultConcepts['sent']!);
  if (index === line.type) {
    return conceptMarkdown({ title: `${token.text} (message type)`, text: `The protocol's \`${token.text}\` messages, as the trace names them. Only a message of this type, sent from the first node to the second, can be the one this line picks.` });
  }
  return undefined;
}

/**
 * A role in a fault line (`crash leader`) or `rest` in a partition: what it stands for, in the
 * protocol's own word, and that it is resolved when the fault fires. Undefined for anything else
 * (a node named `leader` is a node, and gets the node's hover).
 */
function roleMarkdown(state: DocumentView, cursor: Cursor, token: Token): string | undefined {
  const scenario = cursor.scenario;
  if (scenario === null || cursor.statement === null || cursor.statement.tokens[0] === token) return undefined;
  const nodes = nodeNamesOf(scenario, state.scenariosByName);
  if (nodes.includes(token.text)) return undefined;
  const words = cursor.statement.tokens.map((t) => t.text);
  if (token.text === REST_WORD && words.includes('partition')) {
    return `**rest** — every node this partition does not name otherwise${nodes.length > 0 ? ` (of ${nodes.join(', ')})` : ''}. With a role beside it (\`partition leader | rest\`) the split is worked out when the partition starts.`;
  }
  const protocol = scenarioProtocolOf(scenario, state.scenariosByName);
  const role = rolesOf(protocol).find((r) => r.word === token.text);
  if (role === undefined) return undefined;
  return `**${role.word}** — a role of ${protocol}, resolved when the fault fires: ${lowerFirst(role.doc)} The fault follows the run, so it hits whoever holds the role at that moment; the trace and \`faultline run\` name the node (\`crash ${role.word} → n2\`), and if no node holds it then, the fault does nothing and the trace says so.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function placeMarkdown(cursor: Cursor, token: Token): string | undefined {
  const tokens = cursor.statement?.tokens ?? cursor.blocks[0]?.header ?? [];
  if (tokens[0]?.text !== 'client' || (token.text !== 'near' && token.text !== 'in')) return undefined;
  const index = tokens.indexOf(token);
  if (index < 2) return undefined;
  return token.text === 'near'
    ? '**near** — the client sits beside this node. Partitions and link faults cut it off wherever they cut its node off (a client near a node on the minority side reaches only that side), and it takes its node\'s link settings to the others. Without a place, a client reaches every node whatever partitions cut.'
    : '**in** — the client sits in this region. It is cut from a node only when every node of its region is, and takes the link settings of the region\'s first node. Without a place, a client reaches every node whatever partitions cut.';
}

function scenarioMarkdown(state: DocumentView, token: Token): string[] {
  const scenario = state.outline.scenarios.find((s) => s.nameToken === token || s.extendsToken === token);
  if (scenario === undefined) return [];
  const target = scenario.extendsToken === token ? state.scenariosByName.get(scenario.extendsName ?? '') : scenario;
  if (target === undefined) return [`**scenario ${token.text}** — not found in this file.`];
  const nodes = nodeNamesOf(target, state.scenariosByName);
  const protocol = protocolNameOf(protocolBlockOf(target, state.scenariosByName));
  const lines = [`**scenario ${target.name}**${target.extendsName !== null ? ` — extends "${target.extendsName}"` : ''}`];
  if (protocol !== undefined) lines.push(`${protocol} on ${nodes.length} node${nodes.length === 1 ? '' : 's'}${nodes.length > 0 ? ` (${nodes.join(', ')})` : ''}.`);
  if (protocol === 'raft' && nodes.length > 0) lines.push(quorumSentence(nodes.length));
  return lines;
}

/** Facts from outside the text: what a fault line did in the latest live run. */
export type RunFacts = { faultNotes(line: number): string[] };

export function provideHover(state: DocumentView, params: HoverParams, runFacts?: RunFacts): Hover | null {
  const cursor = cursorAt(state.outline, params.position);
  const token = cursor.token;
  if (token === null || token.kind === 'comment') return null;
  const sections: string[] = [];
  if (token.kind === 'number') {
    const text = numberMarkdown(token);
    if (text !== undefined) sections.push(text);
  } else if (token.kind === 'string') sections.push(...scenarioMarkdown(state, token));
  else if (token.kind === 'word') sections.push(...wordMarkdown(state, cursor, token));

  if (cursor.blocks[0]?.keyword === 'faults' && runFacts !== undefined && token.kind !== 'string')
    sections.push(...runFacts.faultNotes(params.position.line));

  for (const lint of state.lints) {
    if (!containsPosition(lint.range, params.position)) continue;
    const info = lintInfo[lint.code];
    sections.push(`**${lint.code} — ${info.title}** (${info.pattern})\n\n${info.explanation}`);
  }
  if (sections.length === 0) return null;
  return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range: tokenRange(token) };
}
