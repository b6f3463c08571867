// The shape of a `.fault` document as the editor needs it: blocks with their braces, one
// statement per line, and every scenario, node and client name with each place it is used.
// Built from the tolerant token stream, so it exists even for a document full of syntax
// errors — the outline, folding and navigation keep working while someone is mid-edit.

import { tokenize, type Token } from './tokens.ts';
import { MAX_DEPTH } from '../../core/language/balance.ts';
import { MAX_EXTENDS_DEPTH } from '../../core/language/limits.ts';

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

/**
 * Calls `visit` on every block under `roots` (each before its children, in document order),
 * with an explicit stack: the editor features walk the outline this way, so no walk's depth
 * is decided by the document's nesting.
 */
export function forEachBlock(roots: readonly Block[], visit: (block: Block) => void): void {
  const pending: Block[] = [];
  for (let i = roots.length - 1; i >= 0; i--) pending.push(roots[i]!);
  for (let block = pending.pop(); block !== undefined; block = pending.pop()) {
    visit(block);
    for (let i = block.children.length - 1; i >= 0; i--) pending.push(block.children[i]!);
  }
}

/**
 * Blocks nest at most as deep as the language reads them (MAX_DEPTH, FL006); braces deeper
 * than that make no block of their own, so their text lands in the deepest block's statements.
 * Editor answers (symbols, folding) are nested trees that the JSON encoder walks recursively:
 * a document of 10,000 `{` must not become a tree 10,000 deep.
 */
function buildBlocks(code: Token[]): { blocks: Block[]; topStatements: Statement[] } {
  const blocks: Block[] = [];
  const topStatements: Statement[] = [];
  const stack: Block[] = [];
  /** Braces opened past MAX_DEPTH and not yet closed: their `}` closes no block. */
  let ignoredDepth = 0;
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
    if (token.kind === 'punct' && token.text === '{' && (ignoredDepth > 0 || stack.length >= MAX_DEPTH)) {
      ignoredDepth++;
      current.push(token);
      continue;
    }
    if (token.kind === 'punct' && token.text === '}' && ignoredDepth > 0) {
      ignoredDepth--;
      current.push(token);
      continue;
    }
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
  forEachBlock(block.children, (b) => {
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
  });
  return info;
}

/**
 * The scenario chain from `scenario` up through its `extends` parents, cycle-safe, and at most
 * MAX_EXTENDS_DEPTH parents long as in the language (FL036): features that ask this for every
 * scenario then cost that much per scenario, not the length of a 2,000-scenario chain.
 */
export function ancestry(scenario: ScenarioInfo, byName: Map<string, ScenarioInfo>): ScenarioInfo[] {
  const chain: ScenarioInfo[] = [scenario];
  // A set beside the list: `chain.includes` made each step cost the chain's length so far.
  const seen = new Set<ScenarioInfo>(chain);
  let current = scenario;
  while (current.extendsName !== null && chain.length <= MAX_EXTENDS_DEPTH) {
    const parent = byName.get(current.extendsName);
    if (parent === undefined || seen.has(parent)) break;
    chain.push(parent);
    seen.add(parent);
    current = parent;
  }
  return chain;
}

/** The scenario whose `nodes` line defines the nodes visible in `scenario`. */
export function nodeOwner(scenario: ScenarioInfo, byName: Map<string, ScenarioInfo>): ScenarioInfo | null {
  return ancestry(scenario, byName).find((s) => s.ownNodes.length > 0) ?? null;
}

/**
 * What every scenario inherits, worked out once for the whole document: each scenario's answer
 * comes from its parent's, so a file of N scenarios chained by `extends` costs N steps, not N²
 * (a 2,000-scenario chain used to keep the server from answering at all).
 */
type Inherited = {
  /** The scenario whose `nodes` line defines the nodes visible here. */
  nodeOwner: ScenarioInfo | null;
  /** For each client name visible here, the scenario furthest up the chain that declares it. */
  clientOwners: Map<string, ScenarioInfo>;
};

function inheritedFacts(scenarios: readonly ScenarioInfo[], byName: Map<string, ScenarioInfo>): Map<ScenarioInfo, Inherited> {
  const facts = new Map<ScenarioInfo, Inherited>();
  const empty = new Map<string, ScenarioInfo>();
  for (const start of scenarios) {
    if (facts.has(start)) continue;
    // The not-yet-known part of start's chain, nearest first; a loop or a missing parent ends it.
    const pending: ScenarioInfo[] = [];
    const onPath = new Set<ScenarioInfo>();
    let parentFacts: Inherited | undefined;
    for (let s: ScenarioInfo | undefined = start; s !== undefined; s = s.extendsName === null ? undefined : byName.get(s.extendsName)) {
      const known = facts.get(s);
      if (known !== undefined) {
        parentFacts = known;
        break;
      }
      if (onPath.has(s)) break;
      onPath.add(s);
      pending.push(s);
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const s = pending[i]!;
      const inheritedOwners = parentFacts?.clientOwners ?? empty;
      let clientOwners = inheritedOwners;
      for (const client of s.ownClients) {
        if (clientOwners.has(client.name)) continue;
        // Copied only when this scenario adds a client: most children share their parent's map.
        if (clientOwners === inheritedOwners) clientOwners = new Map(inheritedOwners);
        clientOwners.set(client.name, s);
      }
      const own: Inherited = { nodeOwner: s.ownNodes.length > 0 ? s : (parentFacts?.nodeOwner ?? null), clientOwners };
      facts.set(s, own);
      parentFacts = own;
    }
  }
  return facts;
}

function collectOccurrences(scenarios: ScenarioInfo[]): Occurrence[] {
  const occurrences: Occurrence[] = [];
  const byName = new Map<string, ScenarioInfo>();
  for (const s of scenarios) if (!byName.has(s.name)) byName.set(s.name, s);
  const inherited = inheritedFacts(scenarios, byName);
  // One set per `nodes` line, shared by every scenario that inherits it.
  const nodeNamesByOwner = new Map<ScenarioInfo | null, Set<string>>();

  for (const s of scenarios) {
    if (s.nameToken !== null)
      occurrences.push({ kind: 'scenario', name: s.name, key: `scenario:${s.name}`, token: s.nameToken, isDeclaration: byName.get(s.name) === s, implicit: false, scenario: s });
    if (s.extendsToken !== null && s.extendsName !== null)
      occurrences.push({ kind: 'scenario', name: s.extendsName, key: `scenario:${s.extendsName}`, token: s.extendsToken, isDeclaration: false, implicit: false, scenario: s });

    const { nodeOwner: owner, clientOwners } = inherited.get(s)!;
    let nodeNames = nodeNamesByOwner.get(owner);
    if (nodeNames === undefined) {
      nodeNames = new Set(owner?.ownNodes.map((n) => n.name) ?? []);
      nodeNamesByOwner.set(owner, nodeNames);
    }
    const declaredHere = new Set(s.ownNodes.map((n) => n.token));
    for (const node of s.ownNodes)
      occurrences.push({ kind: 'node', name: node.name, key: `node:${s.name}:${node.name}`, token: node.token, isDeclaration: true, implicit: node.implicit, scenario: s });

    const clientOwner = (name: string): ScenarioInfo => clientOwners.get(name) ?? s;
    const clientHeaders = new Set<object>();
    for (const client of s.ownClients) {
      const ownerScenario = clientOwner(client.name);
      clientHeaders.add(client.token);
      occurrences.push({ kind: 'client', name: client.name, key: `client:${ownerScenario.name}:${client.name}`, token: client.token, isDeclaration: ownerScenario === s, implicit: false, scenario: s });
    }

    const visitTokens = (tokens: readonly Token[]): void => {
      for (const token of tokens) {
        if (token.kind !== 'word' || declaredHere.has(token) || clientHeaders.has(token)) continue;
        if (nodeNames.has(token.text) && owner !== null)
          occurrences.push({ kind: 'node', name: token.text, key: `node:${owner.name}:${token.text}`, token, isDeclaration: false, implicit: false, scenario: s });
      }
    };
    for (const statement of s.block.statements)
      for (const token of statement.tokens)
        if (token.kind === 'word' && nodeNames.has(token.text) && owner !== null)
          occurrences.push({ kind: 'node', name: token.text, key: `node:${owner.name}:${token.text}`, token, isDeclaration: false, implicit: false, scenario: s });
    forEachBlock(s.block.children, (b) => {
      for (const statement of b.statements) visitTokens(statement.tokens);
      visitTokens(b.header);
    });
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
