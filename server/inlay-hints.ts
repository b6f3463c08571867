// Inlay hints: the numbers people otherwise work out in their head — the majority and the
// failures a node list tolerates, the names a count stands for, and the absolute time a
// relative one lands on (`pause n1 for 1s` at 3s ends at 4s; `leader within 1s after heal`).

import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import { NO_BUDGET, type RequestBudget } from './request-budget.ts';
import { forEachBlock, type ScenarioInfo, type Statement } from './model/outline.ts';
import type { Token } from './model/tokens.ts';
import { splitNumber } from './model/tokens.ts';
import { durationUs, findBlock, protocolBlockOf, protocolNameOf, statementsIn } from './model/scenario-facts.ts';
import { majorityOf, toleratedFailures } from '../core/explain/quorum.ts';
import { formatMicros } from '../core/explain/units.ts';

function after(token: Token, label: string): InlayHint {
  return { position: { line: token.endLine, character: token.endCharacter }, label, kind: InlayHintKind.Parameter, paddingLeft: true };
}

function nodeHints(state: DocumentState, scenario: ScenarioInfo): InlayHint[] {
  const cluster = findBlock(scenario.block, 'cluster');
  const statement = cluster?.statements.find((s) => s.tokens[0]?.text === 'nodes');
  if (statement === undefined || scenario.ownNodes.length === 0) return [];
  const last = statement.tokens[statement.tokens.length - 1]!;
  const n = scenario.ownNodes.length;
  const labels: string[] = [];
  if (scenario.ownNodes[0]!.implicit) labels.push(`n1..n${n}`);
  const protocol = protocolNameOf(protocolBlockOf(scenario, state.scenariosByName));
  if (protocol === 'raft' || protocol === undefined) {
    const tolerated = toleratedFailures(n);
    labels.push(`majority ${majorityOf(n)} of ${n} · ${tolerated === 0 ? 'no failure tolerated' : `${tolerated} may fail`}`);
  }
  return labels.length === 0 ? [] : [after(last, labels.join(' · '))];
}

function faultTimes(statements: Statement[], action: string): number[] {
  const times: number[] = [];
  for (const s of statements) {
    const [first, at, third] = s.tokens;
    if (first?.text === 'at' && third?.text === action) {
      const us = durationUs(at);
      if (us !== undefined) times.push(us);
    }
  }
  return times;
}

function faultHints(state: DocumentState, scenario: ScenarioInfo): InlayHint[] {
  const hints: InlayHint[] = [];
  const faults = findBlock(scenario.block, 'faults');
  for (const s of faults?.statements ?? []) {
    const tokens = s.tokens;
    if (tokens[0]?.text !== 'at') continue;
    const start = durationUs(tokens[1]);
    const forIndex = tokens.findIndex((t) => t.text === 'for');
    const length = durationUs(tokens[forIndex + 1]);
    if (start !== undefined && forIndex > 0 && length !== undefined && tokens[forIndex + 2]?.text !== '..')
      hints.push(after(tokens[forIndex + 1]!, `until ${formatMicros(start + length)}`));
  }
  const expect = findBlock(scenario.block, 'expect');
  const allFaults = statementsIn(scenario, state.scenariosByName, 'faults');
  for (const s of expect?.statements ?? []) {
    const tokens = s.tokens;
    const withinIndex = tokens.findIndex((t) => t.text === 'within');
    const afterIndex = tokens.findIndex((t) => t.text === 'after');
    const bound = durationUs(tokens[withinIndex + 1]);
    const event = tokens[afterIndex + 1]?.text;
    if (withinIndex < 0 || afterIndex < 0 || bound === undefined || event === undefined) continue;
    const times = event === 'start' ? [0] : faultTimes(allFaults, event);
    if (times.length === 0) continue;
    hints.push(after(tokens[tokens.length - 1]!, `by ${times.map((t) => formatMicros(t + bound)).join(', ')}`));
  }
  return hints;
}

function clientHints(scenario: ScenarioInfo): InlayHint[] {
  const hints: InlayHint[] = [];
  forEachBlock([scenario.block], (b) => {
    if (b.keyword === 'client') {
      const star = b.header.findIndex((t) => t.text === '*');
      const count = Number(b.header[star + 1]?.text);
      const name = b.header[1]?.text;
      if (star > 0 && Number.isInteger(count) && count > 1 && name !== undefined) hints.push(after(b.header[star + 1]!, `${name}1..${name}${count}`));
    }
  });
  return hints;
}

function clockHints(scenario: ScenarioInfo): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const s of scenario.block.statements) {
    if (s.tokens[0]?.text !== 'clock') continue;
    for (const t of s.tokens) {
      const { value, unit } = splitNumber(t.text);
      if (t.kind === 'number' && unit === 'ppm' && value !== 0) hints.push(after(t, `≈ ${formatMicros(Math.round(value * 86_400))}/day`));
    }
  }
  return hints;
}

export function provideInlayHints(state: DocumentState, params: InlayHintParams, budget: RequestBudget = NO_BUDGET): InlayHint[] {
  const { start, end } = params.range;
  const hints: InlayHint[] = [];
  for (const scenario of state.outline.scenarios) {
    if (budget.exhausted()) break;
    const block = scenario.block;
    const lastLine = block.close?.line ?? Number.MAX_SAFE_INTEGER;
    if (lastLine < start.line || block.open.line > end.line) continue;
    // Loops, not push(...): a scenario of 10,000 nodes has as many hints.
    for (const part of [nodeHints(state, scenario), faultHints(state, scenario), clientHints(scenario), clockHints(scenario)]) for (const hint of part) hints.push(hint);
  }
  return hints.filter((h) => h.position.line >= start.line && h.position.line <= end.line);
}
