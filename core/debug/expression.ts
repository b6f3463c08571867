// The debugger's expression language, for conditional breakpoints, watches, hovers and logpoints:
// `n1.role == "leader"`, `n2.commitIndex > 40`, `leaders > 1`, `n3.up and not n3.paused`.
// A small, safe evaluator: its own tokenizer and parser (never `eval`), read-only access to the
// names it is given, and limits on length and nesting so a typed expression cannot hang or
// overflow anything.
//
// Grammar (lowest precedence first):
//   or     := and ('or' | '||') and ...
//   and    := not ('and' | '&&') not ...
//   not    := ('not' | '!') not | compare
//   compare:= sum (('==' | '!=' | '<' | '<=' | '>' | '>=') sum)?
//   sum    := unary (('+' | '-') unary)*
//   unary  := '-' unary | path
//   path   := primary ('.' NAME | '[' or ']')*
//   primary:= NUMBER | STRING | true | false | null | NAME | '(' or ')'

export const MAX_EXPRESSION_LENGTH = 500;
/** Parentheses, `not`s and unary minuses nested deeper than this are refused. */
export const MAX_EXPRESSION_DEPTH = 32;

export type Expr =
  | { kind: 'literal'; value: unknown }
  | { kind: 'name'; name: string }
  | { kind: 'member'; object: Expr; key: string }
  | { kind: 'index'; object: Expr; index: Expr }
  | { kind: 'not'; operand: Expr }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr };

export class ExpressionError extends Error {}

type Token = { kind: 'num' | 'str' | 'name' | 'op' | 'end'; text: string; value?: unknown; at: number };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '!', '.', '(', ')', '[', ']'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'num', text: match[0], value: Number(match[0]), at: i });
      i += match[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError(`the string at column ${i + 1} is not closed`);
      tokens.push({ kind: 'str', text: text.slice(i, end + 1), value: text.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))!;
      // A trailing '-' belongs to a minus, not the name (`n1-1` is rare; `a - b` reads as math).
      const name = match[0].replace(/-+$/, '');
      tokens.push({ kind: 'name', text: name, at: i });
      i += name.length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) throw new ExpressionError(`unexpected '${c}' at column ${i + 1}`);
    tokens.push({ kind: 'op', text: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: 'the end', at: text.length });
  return tokens;
}

export function parseExpression(text: string): Expr {
  if (text.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`an expression is at most ${MAX_EXPRESSION_LENGTH} characters`);
  const tokens = tokenize(text);
  let position = 0;
  let depth = 0;
  const peek = () => tokens[position]!;
  const take = () => tokens[position++]!;
  const isOp = (...ops: string[]) => peek().kind === 'op' && ops.includes(peek().text);
  const isWord = (...words: string[]) => peek().kind === 'name' && words.includes(peek().text);
  const deeper = () => {
    if (++depth > MAX_EXPRESSION_DEPTH) throw new ExpressionError(`nested deeper than ${MAX_EXPRESSION_DEPTH} levels`);
  };

  const or = (): Expr => {
    let left = and();
    while (isOp('||') || isWord('or')) {
      take();
      left = { kind: 'binary', op: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): Expr => {
    let left = not();
    while (isOp('&&') || isWord('and')) {
      take();
      left = { kind: 'binary', op: 'and', left, right: not() };
    }
    return left;
  };
  const not = (): Expr => {
    if (isOp('!') || isWord('not')) {
      take();
      deeper();
      const operand = not();
      depth--;
      return { kind: 'not', operand };
    }
    return compare();
  };
  const compare = (): Expr => {
    const left = sum();
    if (isOp('==', '!=', '<', '<=', '>', '>=')) {
      const op = take().text;
      return { kind: 'binary', op, left, right: sum() };
    }
    return left;
  };
  const sum = (): Expr => {
    let left = unary();
    while (isOp('+', '-')) {
      const op = take().text;
      left = { kind: 'binary', op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Expr => {
    if (isOp('-')) {
      take();
      deeper();
      const operand = unary();
      depth--;
      return { kind: 'negate', operand };
    }
    return path();
  };
  const path = (): Expr => {
    let expr = primary();
    for (;;) {
      if (isOp('.')) {
        take();
        const key = take();
        if (key.kind !== 'name' && key.kind !== 'num') throw new ExpressionError(`a field name is needed after '.' at column ${key.at + 1}`);
        expr = { kind: 'member', object: expr, key: key.text };
      } else if (isOp('[')) {
        take();
        deeper();
        const index = or();
        depth--;
        expect(']');
        expr = { kind: 'index', object: expr, index };
      } else return expr;
    }
  };
  const expect = (op: string) => {
    if (!isOp(op)) throw new ExpressionError(`'${op}' expected at column ${peek().at + 1}, found ${peek().text}`);
    take();
  };
  const primary = (): Expr => {
    const token = take();
    if (token.kind === 'num' || token.kind === 'str') return { kind: 'literal', value: token.value };
    if (token.kind === 'name') {
      if (token.text === 'true') return { kind: 'literal', value: true };
      if (token.text === 'false') return { kind: 'literal', value: false };
      if (token.text === 'null') return { kind: 'literal', value: null };
      return { kind: 'name', name: token.text };
    }
    if (token.kind === 'op' && token.text === '(') {
      deeper();
      const inner = or();
      depth--;
      expect(')');
      return inner;
    }
    throw new ExpressionError(`unexpected ${token.text} at column ${token.at + 1}`);
  };

  const expr = or();
  if (peek().kind !== 'end') throw new ExpressionError(`unexpected ${peek().text} at column ${peek().at + 1}`);
  return expr;
}

/** Where names come from: `lookup(name)` returns undefined for a name it does not know. */
export type Scope = { lookup(name: string): unknown; names(): readonly string[] };

/**
 * The value of a field. Beyond plain fields: `.length` of a list, and of a log (an object with an
 * `entries` list, as Raft's), and `.size` of a map or set. Maps are read by key.
 */
function member(object: unknown, key: string): unknown {
  if (object === null || object === undefined) return undefined;
  if (Array.isArray(object)) {
    if (key === 'length') return object.length;
    return /^[0-9]+$/.test(key) ? object[Number(key)] : undefined;
  }
  if (object instanceof Map) return key === 'size' || key === 'length' ? object.size : object.get(key);
  if (object instanceof Set) return key === 'size' || key === 'length' ? object.size : undefined;
  if (typeof object !== 'object') return undefined;
  const record = object as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(record, key)) return record[key];
  if (key === 'length' && Array.isArray(record['entries'])) return (record['entries'] as unknown[]).length;
  return undefined;
}

export function evaluate(expr: Expr, scope: Scope): unknown {
  // The tree is at most MAX_EXPRESSION_LENGTH tokens and MAX_EXPRESSION_DEPTH levels of grouping,
  // but a chain of `a + b + c ...` is left-deep: evaluated with an explicit stack of operands.
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'name': {
      const value = scope.lookup(expr.name);
      if (value === undefined) throw new ExpressionError(`unknown name '${expr.name}'; known: ${scope.names().join(', ')}`);
      return value;
    }
    case 'member':
      return member(evaluate(expr.object, scope), expr.key);
    case 'index': {
      const object = evaluate(expr.object, scope);
      const index = evaluate(expr.index, scope);
      return member(object, String(index));
    }
    case 'not':
      return !truthy(evaluate(expr.operand, scope));
    case 'negate':
      return -Number(evaluate(expr.operand, scope));
    case 'binary':
      return binary(expr, scope);
  }
}

function binary(root: Extract<Expr, { kind: 'binary' }>, scope: Scope): unknown {
  // Walk the left spine iteratively: `a + b + c + ...` nests to the left as deep as it is long.
  const spine: Array<Extract<Expr, { kind: 'binary' }>> = [];
  let node: Expr = root;
  while (node.kind === 'binary') {
    spine.push(node);
    node = node.left;
  }
  let value = evaluate(node, scope);
  for (let i = spine.length - 1; i >= 0; i--) {
    const { op, right } = spine[i]!;
    if (op === 'and') value = truthy(value) ? evaluate(right, scope) : value;
    else if (op === 'or') value = truthy(value) ? value : evaluate(right, scope);
    else value = apply(op, value, evaluate(right, scope));
  }
  return value;
}

function apply(op: string, left: unknown, right: unknown): unknown {
  switch (op) {
    case '==':
      return left === right || (left == null && right == null);
    case '!=':
      return !(left === right || (left == null && right == null));
    case '<':
      return (left as number) < (right as number);
    case '<=':
      return (left as number) <= (right as number);
    case '>':
      return (left as number) > (right as number);
    case '>=':
      return (left as number) >= (right as number);
    case '+':
      return typeof left === 'string' || typeof right === 'string' ? `${String(left)}${String(right)}` : Number(left) + Number(right);
    case '-':
      return Number(left) - Number(right);
  }
  throw new ExpressionError(`unknown operator ${op}`);
}

export function truthy(value: unknown): boolean {
  return value !== false && value !== null && value !== undefined && value !== 0 && value !== '';
}

/** Parses and evaluates in one go (watch and hover); errors come back as ExpressionError. */
export function evaluateText(text: string, scope: Scope): unknown {
  return evaluate(parseExpression(text), scope);
}
