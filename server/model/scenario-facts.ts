// Facts about one scenario read from the outline (so they exist while the file is broken):
// its nodes, protocol and protocol options, regions and clocks, all merged along `extends`
// the simple way — nearest scenario first. Hover and inlay hints turn these into numbers.

import { ancestry, forEachBlock, nodeOwner, type Block, type ScenarioInfo, type Statement } from './outline.ts';
import { splitNumber, type Token } from './tokens.ts';
import { microsPerUnit } from '../../core/explain/units.ts';

export function findBlock(root: Block, keyword: string): Block | undefined {
  return root.children.find((b) => b.keyword === keyword);
}

export function nodeNamesOf(scenario: ScenarioInfo, byName: Map<string, ScenarioInfo>): string[] {
  return nodeOwner(scenario, byName)?.ownNodes.map((n) => n.name) ?? [];
}

/** The protocol block that applies to the scenario (its own or the nearest parent's). */
export function protocolBlockOf(scenario: ScenarioInfo, byName: Map<string, ScenarioInfo>): Block | undefined {
  for (const s of ancestry(scenario, byName)) {
    const cluster = findBlock(s.block, 'cluster');
    const protocol = cluster === undefined ? undefined : findBlock(cluster, 'protocol');
    if (protocol !== undefined) return protocol;
  }
  return undefined;
}

/** The scenario's protocol, whether written with a block (`protocol raft { ... }`) or without (`protocol raft`). */
export function scenarioProtocolOf(scenario: ScenarioInfo, byName: Map<string, ScenarioInfo>): string | undefined {
  for (const s of ancestry(scenario, byName)) {
    const cluster = findBlock(s.block, 'cluster');
    if (cluster === undefined) continue;
    const block = findBlock(cluster, 'protocol');
    if (block !== undefined) return protocolNameOf(block);
    const line = cluster.statements.find((st) => st.tokens[0]?.text === 'protocol' && st.tokens[1]?.kind === 'word');
    if (line !== undefined) return line.tokens[1]!.text;
  }
  return undefined;
}

export function protocolNameOf(block: Block | undefined): string | undefined {
  const name = block?.header[1];
  return name?.kind === 'word' ? name.text : undefined;
}

/** A duration token in microseconds (`150ms` → 150000), or undefined. */
export function durationUs(token: Token | undefined): number | undefined {
  if (token?.kind !== 'number') return undefined;
  const { value, unit } = splitNumber(token.text);
  const factor = microsPerUnit[unit];
  return factor === undefined || Number.isNaN(value) ? undefined : Math.round(value * factor);
}

/** All statements of the scenario's blocks with the given keyword, the scenario's own first. */
export function statementsIn(scenario: ScenarioInfo, byName: Map<string, ScenarioInfo>, keyword: string): Statement[] {
  const found: Statement[] = [];
  const visit = (b: Block): void => {
    // A loop, not push(...): a block may hold more statements than a call takes arguments.
    if (b.keyword === keyword) for (const statement of b.statements) found.push(statement);
  };
  for (const s of ancestry(scenario, byName)) {
    const before = found.length;
    forEachBlock(s.block.children, visit);
    if (found.length > before) break;
  }
  return found;
}

export function regionOf(scenario: ScenarioInfo, byName: Map<string, ScenarioInfo>, node: string): string | undefined {
  for (const st of statementsIn(scenario, byName, 'network')) {
    const [first, name, ...rest] = st.tokens;
    if (first?.text === 'region' && name !== undefined && rest.some((t) => t.text === node)) return name.text;
  }
  return undefined;
}

export function clockLineOf(scenario: ScenarioInfo, byName: Map<string, ScenarioInfo>, node: string): string | undefined {
  for (const s of ancestry(scenario, byName)) {
    for (const st of s.block.statements) {
      if (st.tokens[0]?.text === 'clock' && st.tokens[1]?.text === node) return st.tokens.map((t) => t.text).join(' ');
    }
  }
  return undefined;
}

/** The statement's words up to its first value, joined: `election timeout 150ms` → `election timeout`. */
export function leadingWords(statement: Statement): string {
  const words: string[] = [];
  for (const t of statement.tokens) {
    if (t.kind !== 'word') break;
    words.push(t.text);
  }
  return words.join(' ');
}
