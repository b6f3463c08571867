// A reader and writer for the subset of EDN that Jepsen histories use: maps, vectors, lists, sets,
// keywords, symbols, strings, integers, floats, nil and booleans. Tagged literals (#inst, #uuid)
// keep their payload. Errors carry the offset so callers can name the line that broke.

/** A keyword such as `:invoke`. Interned, so keywords compare with === and work as Map keys. */
export class Keyword {
  private static readonly table = new Map<string, Keyword>();
  private constructor(readonly name: string) {}
  static of(name: string): Keyword {
    let k = Keyword.table.get(name);
    if (k === undefined) {
      k = new Keyword(name);
      Keyword.table.set(name, k);
    }
    return k;
  }
  toString(): string {
    return ':' + this.name;
  }
}

export class EdnSymbol {
  constructor(readonly name: string) {}
}

export type EdnValue =
  | null
  | boolean
  | number
  | string
  | Keyword
  | EdnSymbol
  | EdnValue[]
  | EdnSet
  | EdnMap;

export class EdnSet {
  constructor(readonly items: EdnValue[]) {}
}

export type EdnMap = Map<EdnValue, EdnValue>;

export class EdnError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export const kw = Keyword.of;

const DELIMITERS = new Set(['(', ')', '[', ']', '{', '}', '"', ';']);

function isWhitespace(c: string): boolean {
  // Commas are whitespace in EDN.
  return c === ' ' || c === ',' || c === '\n' || c === '\t' || c === '\r' || c === '\f';
}

/** Reads EDN values one after another from a string. */
/** Deeper nesting than any history needs; past it we report an error instead of overflowing the stack. */
const MAX_DEPTH = 256;

export class EdnReader {
  pos = 0;
  private depth = 0;
  constructor(readonly text: string) {}

  /** Skips whitespace and comments; true when there is another value to read. */
  hasMore(): boolean {
    this.skip();
    return this.pos < this.text.length;
  }

  read(): EdnValue {
    this.skip();
    const t = this.text;
    if (this.pos >= t.length) throw new EdnError('unexpected end of input', this.pos);
    const c = t[this.pos]!;
    switch (c) {
      case '{':
        return this.readMap();
      case '[':
        this.pos++;
        return this.readSeq(']');
      case '(':
        this.pos++;
        return this.readSeq(')');
      case '"':
        return this.readString();
      case '#':
        return this.readDispatch();
      case ':':
        return this.readKeyword();
      case ')':
      case ']':
      case '}':
        throw new EdnError(`unexpected '${c}'`, this.pos);
      case '\\':
        return this.readChar();
      default:
        return this.readAtom();
    }
  }

  private skip(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (isWhitespace(c)) this.pos++;
      else if (c === ';') {
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      } else break;
    }
  }

  private readSeq(close: string): EdnValue[] {
    const items: EdnValue[] = [];
    if (++this.depth > MAX_DEPTH) throw new EdnError(`nested more than ${MAX_DEPTH} levels deep`, this.pos);
    for (;;) {
      this.skip();
      if (this.pos >= this.text.length) throw new EdnError(`missing '${close}'`, this.pos);
      if (this.text[this.pos] === close) {
        this.pos++;
        this.depth--;
        return items;
      }
      items.push(this.read());
    }
  }

  private readMap(): EdnMap {
    const start = this.pos;
    this.pos++;
    const items = this.readSeq('}');
    if (items.length % 2 !== 0) throw new EdnError('a map needs an even number of forms', start);
    const map: EdnMap = new Map();
    for (let i = 0; i < items.length; i += 2) map.set(items[i]!, items[i + 1]!);
    return map;
  }

  private readString(): string {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= t.length) throw new EdnError('unterminated string', start);
      const c = t[this.pos++]!;
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = t[this.pos++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case 'u': {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new EdnError('bad \\u escape', this.pos);
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          throw new EdnError(`bad escape '\\${e ?? ''}'`, this.pos - 1);
      }
    }
  }

  private token(): string {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length && !isWhitespace(t[this.pos]!) && !DELIMITERS.has(t[this.pos]!)) this.pos++;
    return t.slice(start, this.pos);
  }

  private readKeyword(): Keyword {
    const start = this.pos;
    this.pos++;
    const name = this.token();
    if (name === '') throw new EdnError('empty keyword', start);
    return Keyword.of(name);
  }

  private readChar(): string {
    this.pos++;
    const tok = this.token();
    const named: Record<string, string> = { newline: '\n', space: ' ', tab: '\t', return: '\r' };
    if (tok.length === 1) return tok;
    if (tok === '' && this.pos < this.text.length) return this.text[this.pos++]!;
    const c = named[tok];
    if (c === undefined) throw new EdnError(`unknown character \\${tok}`, this.pos);
    return c;
  }

  private readDispatch(): EdnValue {
    const start = this.pos;
    const next = this.text[this.pos + 1];
    if (next === '{') {
      this.pos += 2;
      return new EdnSet(this.readSeq('}'));
    }
    if (next === '_') {
      // #_ discards the next form.
      this.pos += 2;
      this.read();
      return this.read();
    }
    this.pos++;
    const tag = this.token();
    if (tag === '') throw new EdnError("unexpected '#'", start);
    // Tagged literal (#inst "...", #uuid "...", #jepsen.history.Op{...}): keep the payload.
    return this.read();
  }

  private readAtom(): EdnValue {
    const start = this.pos;
    const tok = this.token();
    if (tok === '') throw new EdnError(`unexpected '${this.text[this.pos]}'`, start);
    if (tok === 'nil') return null;
    if (tok === 'true') return true;
    if (tok === 'false') return false;
    if (/^[+-]?\d+N?$/.test(tok)) return Number(tok.replace(/N$/, ''));
    if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?M?$/.test(tok)) return Number(tok.replace(/M$/, ''));
    if (/^[+-]?\d+\/\d+$/.test(tok)) {
      const [n, d] = tok.split('/');
      return Number(n) / Number(d);
    }
    if (/^[0-9]/.test(tok)) throw new EdnError(`bad number '${tok}'`, start);
    return new EdnSymbol(tok);
  }
}

/** Parses exactly one EDN value from the text; anything after it is an error. */
export function parseEdn(text: string): EdnValue {
  const r = new EdnReader(text);
  const v = r.read();
  if (r.hasMore()) throw new EdnError('unexpected text after the value', r.pos);
  return v;
}

const SYMBOL_SAFE = /^[A-Za-z*+!_?<>=\-][A-Za-z0-9*+!_?<>=\-.#/:']*$/;

/** Writes a value as EDN. Plain objects become maps with keyword keys; arrays become vectors. */
export function writeEdn(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'nil';
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Keyword) return value.toString();
  if (value instanceof EdnSymbol) return value.name;
  if (value instanceof EdnSet) return '#{' + value.items.map(writeEdn).join(' ') + '}';
  if (Array.isArray(value)) return '[' + value.map(writeEdn).join(' ') + ']';
  if (value instanceof Map) {
    return '{' + [...value].map(([k, v]) => `${writeEdn(k)} ${writeEdn(v)}`).join(', ') + '}';
  }
  if (value instanceof Set) return '#{' + [...value].map(writeEdn).join(' ') + '}';
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const key = SYMBOL_SAFE.test(k) ? ':' + k : JSON.stringify(k);
      return `${key} ${writeEdn(v)}`;
    });
    return '{' + parts.join(', ') + '}';
  }
  return JSON.stringify(String(value));
}
