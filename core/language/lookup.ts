// Syntax-tree lookups for the language server: what is under the cursor, which names a
// document declares, and where each one is used.

import type { AstNode, Document, Identifier, Scenario } from './ast.ts';
import { rangeContains, type Position, type Range } from './range.ts';
import { nodeReferences } from './validate/names.ts';

/** Every syntax node containing `pos`, outermost first (the last one is the innermost). */
export function pathAt(document: Document, pos: Position): AstNode[] {
  const path: AstNode[] = [];
  let current: unknown = document;
  while (current !== undefined) {
    path.push(current as AstNode);
    current = childContaining(current as Record<string, unknown>, pos);
  }
  return path;
}

/** The innermost syntax node at `pos` (the document itself when nothing else matches). */
export function nodeAt(document: Document, pos: Position): AstNode {
  const path = pathAt(document, pos);
  return path[path.length - 1]!;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'range' in value;
}

function childContaining(node: Record<string, unknown>, pos: Position): AstNode | undefined {
  let best: AstNode | undefined;
  const consider = (value: unknown) => {
    if (isNode(value) && rangeContains(value.range, pos)) {
      // Prefer the narrowest child (an option's value inside its line, say).
      if (best === undefined || rangeContains(best.range, value.range.start) && rangeContains(best.range, value.range.end)) best = value;
    }
  };
  for (const [key, value] of Object.entries(node)) {
    if (key === 'range' || key === 'nameRange') continue;
    if (Array.isArray(value)) {
      for (const item of value) {
        if (Array.isArray(item)) item.forEach(consider);
        else consider(item);
      }
    } else {
      consider(value);
    }
  }
  return best;
}

export type SymbolKind = 'node' | 'client' | 'scenario' | 'region';

export type SymbolOccurrence = {
  kind: SymbolKind;
  name: string;
  range: Range;
  /** True where the name is declared (`nodes n1, n2`), false where it is used. */
  declaration: boolean;
  /** The scenario the occurrence belongs to (scenario names: the scenario itself). */
  scenario: string;
};

/** Every declared and referenced name in the document, in the scenarios as written. */
export function symbolsOf(document: Document): SymbolOccurrence[] {
  const out: SymbolOccurrence[] = [];
  for (const scenario of document.scenarios) {
    const name = scenario.name.value;
    out.push({ kind: 'scenario', name, range: scenario.name.range, declaration: true, scenario: name });
    if (scenario.extends !== undefined) {
      out.push({ kind: 'scenario', name: scenario.extends.value, range: scenario.extends.range, declaration: false, scenario: name });
    }
    const push = (kind: SymbolKind, id: Identifier, declaration: boolean) =>
      out.push({ kind, name: id.name, range: id.range, declaration, scenario: name });
    for (const node of scenario.cluster?.nodes?.names ?? []) push('node', node, true);
    for (const client of scenario.workload?.clients ?? []) push('client', client.name, true);
    for (const region of scenario.network?.regions ?? []) push('region', region.name, true);
    for (const ref of nodeReferences(scenario)) push('node', ref, false);
  }
  return out;
}

/** The symbol under the cursor, if the cursor is on a name. */
function symbolAt(document: Document, pos: Position): SymbolOccurrence | undefined {
  return symbolsOf(document).find((s) => rangeContains(s.range, pos));
}

/**
 * Every occurrence of the name under the cursor. Node names are scoped to their scenario and
 * the scenarios related to it by `extends` (a child can name its parent's nodes); scenario
 * names are global to the file.
 */
export function referencesAt(document: Document, pos: Position): SymbolOccurrence[] {
  const symbol = symbolAt(document, pos);
  if (symbol === undefined) return [];
  const all = symbolsOf(document).filter((s) => s.kind === symbol.kind && s.name === symbol.name);
  if (symbol.kind === 'scenario') return all;
  const family = relatedScenarios(document, symbol.scenario);
  return all.filter((s) => family.has(s.scenario));
}

/** Where the name under the cursor is declared (a node declared in a parent counts). */
export function definitionAt(document: Document, pos: Position): SymbolOccurrence | undefined {
  const symbol = symbolAt(document, pos);
  if (symbol === undefined) return undefined;
  if (symbol.declaration) return symbol;
  const candidates = referencesAt(document, pos).filter((s) => s.declaration);
  return candidates.find((s) => s.scenario === symbol.scenario) ?? candidates[0];
}

function relatedScenarios(document: Document, name: string): Set<string> {
  const byName = new Map<string, Scenario>(document.scenarios.map((s) => [s.name.value, s]));
  const family = new Set<string>([name]);
  // Ancestors.
  let current = byName.get(name);
  while (current?.extends !== undefined && !family.has(current.extends.value)) {
    family.add(current.extends.value);
    current = byName.get(current.extends.value);
  }
  // Descendants: scenarios whose chain of parents reaches `name`.
  const descendants = new Set<string>([name]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of document.scenarios) {
      if (!descendants.has(s.name.value) && s.extends !== undefined && descendants.has(s.extends.value)) {
        descendants.add(s.name.value);
        grew = true;
      }
    }
  }
  for (const d of descendants) family.add(d);
  return family;
}
