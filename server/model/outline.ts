// The shape of a `.fault` document as the editor needs it: blocks with their braces, one
// statement per line, and every scenario, node and client name with each place it is used.
// Built from the tolerant token stream, so it exists even for a document full of syntax
// errors — the outline, folding and navigation keep working while someone is mid-edit.

import { tokenize, type Token } from './tokens.ts';

export type Block = {
  /** The first word of the header: scenario, cluster, protocol, network, workload, client, faults, expect. */
  keyword: string;
  /** The header's tokens before `{`, e.g. `client alice`. */
  header: Token[];
  open: Token;
  /** null when the document ends before the block is closed. */
  close: Token | null;
  parent: Block | null;
  children: Block[];
  statements: Statement[];
};

export type Statement = { tokens: Token[]; block: Block | null };

export type SymbolKind = 'scenario' | 'node' | 'client';

/** One place a name appears. `key` is the same for the declaration and every use of it. */
export type Occurrence = {
  kind: SymbolKind;
  name: string;
  key: string;
  token: Token;
  isDeclaration: boolean;
  /** Implicit names (`nodes 5` declares n1..n5) have no text of their own to rename. */
  implicit: boolean;
  scenario: ScenarioInfo | null;
};

export type ScenarioInfo = {
  name: string;
  nameToken: Token | null;
  block: Block;
  extendsName: string | null;
  extendsToken: Token | null;
  /** Nodes declared in this scenario's own `nodes` line (empty when it inherits them). */
  ownNodes: Array<{ name: string; token: Token; implicit: boolean }>;
  ownClients: Array<{ name: string; token: Token; count: number }>;
};

export type Outline = {
  tokens: Token[];
  /** Tokens without comments: what statements are made of. */
  code: Token[];
  blocks: Block[];
  topStatements: Statement[];
  scenarios: ScenarioInfo[];
  occurrences: Occurrence[];
};

export function unquote(text: string): string {
  return text.replace(/^"/, '').replace(/"$/, '');
}

function buildBlocks(code: Token[]): { blocks: Block[]; topStatements: Statement[] } {
  const blocks: Block[] = [];
  const topStatements: Statement[] = [];
  const stack: Block[] = [];
  let current: Token[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    const block = stack[stack.length - 1] ?? null;
    const statement: Statement = { tokens: current, block };
    (block === null ? topStatements : block.statements).push(statement);
    current = [];
  };
  for (const token of code) {
    const last = current[current.length - 1];
    if (last !== undefined && last.endLine !== token.line) flush();
    if (token.kind === 'punct' && token.text === '{') {
      const parent = stack[stack.length - 1] ?? null;
      const header = current;
      current = [];
      const first = header[0];
      const block: Block = {
        keyword: first !== undefined && first.kind === 'word' ? first.text : '',
        header,
        open: token,
        close: null,
        parent,
        children: [],
        statements: [],
      };
      if (parent === null) blocks.push(block);
      else parent.children.push(block);
      stack.push(block);
      continue;
    }
    if (token.kind === 'punct' && token.text === '}') {
      flush();
      const block = stack.pop();
      if (block !== undefined) block.close = token;
      continue;
    }
    current.push(token);
  }
  flush();
  return { blocks, topStatements };
}

function readScenario(block: Block): ScenarioInfo {
  const nameToken = block.header.find((t) => t.kind === 'string') ?? null;
  const extendsIndex = block.header.findIndex((t) => t.kind === 'word' && t.text === 'extends');
  const extendsToken = extendsIndex >= 0 ? (block.header[extendsIndex + 1] ?? null) : null;
  const info: ScenarioInfo = {
    name: nameToken === null ? '' : unquote(nameToken.text),
    nameToken: nameToken !== null && nameToken !== extendsToken ? nameToken : null,
    block,
    extendsName: extendsToken !== null && extendsToken.kind === 'string' ? unquote(extendsToken.text) : null,
    extendsToken: extendsToken !== null && extendsToken.kind === 'string' ? extendsToken : null,
    ownNodes: [],
    ownClients: [],
  };
  const visit = (b: Block): void => {
    if (b.keyword === 'cluster') {
      for (const statement of b.statements) {
        const [first, ...rest] = statement.tokens;
        if (first?.text !== 'nodes') continue;
        if (rest.length === 1 && rest[0]!.kind === 'number') {
          const count = Math.min(1000, Math.max(0, Math.floor(Number(rest[0]!.text))));
          for (let n = 1; n <= count; n++) info.ownNodes.push({ name: `n${n}`, token: rest[0]!, implicit: true });
        } else {
          for (const t of rest) if (t.kind === 'word') info.ownNodes.push({ name: t.text, token: t, implicit: false });
        }
      }
    }
    if (b.keyword === 'client') {
      const nameTok = b.header[1];
      if (nameTok?.kind === 'word') {
        const starIndex = b.header.findIndex((t) => t.text === '*');
        const count = starIndex >= 0 ? Number(b.header[starIndex + 1]?.text ?? '1') || 1 : 1;
        info.ownClients.push({ name: nameTok.text, token: nameTok, count });
      }
    }
    b.children.forEach(visit);
  };
  block.children.forEach(visit);
  return info;
}

/** The scenario chain from `scenario` up through its `extends` parents, cycle-safe. */
export function ancestry(scenario: ScenarioInfo, byName: Map<string, ScenarioInfo>): ScenarioInfo[] {
  const chain: ScenarioInfo[] = [scenario];
  let current = scenario;
  while (current.extendsName !== null) {
    const parent = byName.get(current.extendsName);
    if (parent === undefined || chain.includes(parent)) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

/** The scenario whose `nodes` line defines the nodes visible in `scenario`. */
export function nodeOwner(scenario: ScenarioInfo, byName: Map<string, ScenarioInfo>): ScenarioInfo | null {
  return ancestry(scenario, byName).find((s) => s.ownNodes.length > 0) ?? null;
}

function collectOccurrences(scenarios: ScenarioInfo[]): Occurrence[] {
  const occurrences: Occurrence[] = [];
  const byName = new Map<string, ScenarioInfo>();
  for (const s of scenarios) if (!byName.has(s.name)) byName.set(s.name, s);

  for (const s of scenarios) {
    if (s.nameToken !== null)
      occurrences.push({ kind: 'scenario', name: s.name, key: `scenario:${s.name}`, token: s.nameToken, isDeclaration: byName.get(s.name) === s, implicit: false, scenario: s });
    if (s.extendsToken !== null && s.extendsName !== null)
      occurrences.push({ kind: 'scenario', name: s.extendsName, key: `scenario:${s.extendsName}`, token: s.extendsToken, isDeclaration: false, implicit: false, scenario: s });

    const owner = nodeOwner(s, byName);
    const nodeNames = new Set(owner?.ownNodes.map((n) => n.name) ?? []);
    const declaredHere = new Set(s.ownNodes.map((n) => n.token));
    for (const node of s.ownNodes)
      occurrences.push({ kind: 'node', name: node.name, key: `node:${s.name}:${node.name}`, token: node.token, isDeclaration: true, implicit: node.implicit, scenario: s });

    const chain = ancestry(s, byName);
    const clientOwner = (name: string): ScenarioInfo =>
      [...chain].reverse().find((a) => a.ownClients.some((c) => c.name === name)) ?? s;
    const clientHeaders = new Set<object>();
    for (const client of s.ownClients) {
      const ownerScenario = clientOwner(client.name);
      clientHeaders.add(client.token);
      occurrences.push({ kind: 'client', name: client.name, key: `client:${ownerScenario.name}:${client.name}`, token: client.token, isDeclaration: ownerScenario === s, implicit: false, scenario: s });
    }

    const visit = (b: Block): void => {
      const statements = [...b.statements, { tokens: b.header, block: b }];
      for (const statement of statements) {
        for (const token of statement.tokens) {
          if (token.kind !== 'word' || declaredHere.has(token) || clientHeaders.has(token)) continue;
          if (nodeNames.has(token.text) && owner !== null)
            occurrences.push({ kind: 'node', name: token.text, key: `node:${owner.name}:${token.text}`, token, isDeclaration: false, implicit: false, scenario: s });
        }
      }
      b.children.forEach(visit);
    };
    for (const statement of s.block.statements)
      for (const token of statement.tokens)
        if (token.kind === 'word' && nodeNames.has(token.text) && owner !== null)
          occurrences.push({ kind: 'node', name: token.text, key: `node:${owner.name}:${token.text}`, token, isDeclaration: false, implicit: false, scenario: s });
    s.block.children.forEach(visit);
  }
  return occurrences;
}

export function buildOutline(text: string): Outline {
  const tokens = tokenize(text);
  const code = tokens.filter((t) => t.kind !== 'comment');
  const { blocks, topStatements } = buildBlocks(code);
  const scenarios = blocks.filter((b) => b.keyword === 'scenario').map(readScenario);
  return { tokens, code, blocks, topStatements, scenarios, occurrences: collectOccurrences(scenarios) };
}
