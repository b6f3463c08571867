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
  /**
   * Recently seen keywords, by a slot of their name: a history repeats a few keywords (`:type`,
   * `:invoke`, `:ok`) millions of times. Fixed tables, so keywords used as values (unbounded in
   * number) only evict each other; the answer is always the interned keyword, whatever they hold.
   * Short names are matched by their exact code (nameCode), longer ones spelled out.
   */
  private static readonly shortCodes = new Float64Array(1024);
  private static readonly shortKeywords: Array<Keyword | undefined> = new Array<Keyword | undefined>(1024).fill(undefined);
  private static readonly longKeywords: Array<Keyword | undefined> = new Array<Keyword | undefined>(1024).fill(undefined);

  /**
   * The keyword whose name starts at text[start] and runs to the next token end (the caller
   * makes sure it is not empty), read in one pass and without slicing the text when it was seen
   * lately. Its end is start + name.length.
   */
  static scan(text: string, start: number): Keyword {
    const n = text.length;
    let end = start;
    let code = 1;
    for (; end < n; end++) {
      const c = text.charCodeAt(end);
      if (c < 128) {
        if (CLASS[c] !== 0) break;
        code = code * 128 + c;
      } else code = Number.NaN;
    }
    const length = end - start;
    if (length <= SHORT_NAME && !Number.isNaN(code)) {
      const slot = codeSlot(code);
      if (Keyword.shortCodes[slot] === code) return Keyword.shortKeywords[slot]!;
      const k = Keyword.of(text.slice(start, end));
      Keyword.shortCodes[slot] = code;
      Keyword.shortKeywords[slot] = k;
      return k;
    }
    const slot = (length * 1009 + text.charCodeAt(start) * 31 + text.charCodeAt(end - 1)) & 1023;
    const seen = Keyword.longKeywords[slot];
    if (seen !== undefined && seen.name.length === length && spells(text, start, seen.name)) return seen;
    const k = Keyword.of(text.slice(start, end));
    Keyword.longKeywords[slot] = k;
    return k;
  }

  /**
   * Keyword.scan for a name in ASCII bytes, bytes[start, end) (not empty, no byte past 127, the
   * caller found its end); `code` is its nameCode when it is at most SHORT_NAME long. The same
   * tables, so both give the one interned keyword.
   */
  static scanAscii(bytes: Uint8Array, start: number, end: number, code: number): Keyword {
    const length = end - start;
    if (length <= SHORT_NAME) {
      const slot = codeSlot(code);
      if (Keyword.shortCodes[slot] === code) return Keyword.shortKeywords[slot]!;
      const k = Keyword.of(asciiString(bytes, start, end));
      Keyword.shortCodes[slot] = code;
      Keyword.shortKeywords[slot] = k;
      return k;
    }
    const slot = (length * 1009 + bytes[start]! * 31 + bytes[end - 1]!) & 1023;
    const seen = Keyword.longKeywords[slot];
    if (seen !== undefined && seen.name.length === length && spellsBytes(bytes, start, seen.name)) return seen;
    const k = Keyword.of(asciiString(bytes, start, end));
    Keyword.longKeywords[slot] = k;
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

/** Per ASCII code: 1 whitespace (commas are whitespace in EDN), 2 a delimiter that ends a token. */
export const CLASS = new Uint8Array(128);
for (const c of ' ,\n\t\r\f') CLASS[c.charCodeAt(0)] = 1;
for (const c of '()[]{}";') CLASS[c.charCodeAt(0)] = 2;

/** Whether the code ends a token (whitespace or a delimiter); codes past ASCII never do. */
export const endsToken = (code: number): boolean => code < 128 && CLASS[code] !== 0;

/**
 * Names up to this long have an exact numeric code (nameCode): 7 bits per ASCII character under
 * a leading 1 is at most 50 bits, exact in a double, so comparing codes compares names.
 */
export const SHORT_NAME = 7;

/** The exact code of a name of up to SHORT_NAME ASCII characters (see Keyword.scan). */
export function nameCode(name: string): number {
  let code = 1;
  for (let i = 0; i < name.length; i++) code = code * 128 + name.charCodeAt(i);
  return code;
}

/** A table slot for a name code: its low and high 32 bits mixed. */
const codeSlot = (code: number): number => Math.imul((code | 0) ^ ((code / 4294967296) | 0), 0x9e3779b1) >>> 22;

/** Whether text[at...] spells `word` (compared code by code: no substring is made). */
function spells(text: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(at + i) !== word.charCodeAt(i)) return false;
  return true;
}

/** Whether bytes[at...] spell `word` (ASCII). */
function spellsBytes(bytes: Uint8Array, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** The string of ASCII bytes[start, end), a few thousand characters at a time (no argument-count limit). */
export function asciiString(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let from = start; from < end; from += 4096) out += String.fromCharCode(...bytes.subarray(from, Math.min(end, from + 4096)));
  return out;
}

/** Whether text[from, to) holds a backslash. */
function hasBackslash(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 92 /* \\ */) return true;
  return false;
}

/** The first position at or after `pos` that is neither whitespace nor inside a `;` comment. */
export function skipBlank(text: string, pos: number): number {
  const n = text.length;
  while (pos < n) {
    const code = text.charCodeAt(pos);
    if (code < 128 && CLASS[code] === 1) pos++;
    else if (code === 59 /* ; */) {
      const eol = text.indexOf('\n', pos);
      pos = eol < 0 ? n : eol;
    } else break;
  }
  return pos;
}

/** Deeper nesting than any history needs; past it we report an error instead of overflowing the stack. */
const MAX_DEPTH = 256;

/** Reads EDN values one after another from a string. */
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
    this.pos = skipBlank(this.text, this.pos);
  }

  /**
   * One level deeper, for a caller reading a collection itself (edn-operation-map.ts); past
   * MAX_DEPTH an error at `offset`. Pair with leave().
   */
  enter(offset: number): void {
    if (++this.depth > MAX_DEPTH) throw new EdnError(`nested more than ${MAX_DEPTH} levels deep`, offset);
  }

  leave(): void {
    this.depth--;
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
    // Most strings have no escapes: one slice. The backslash is looked for only up to the
    // closing quote: searching the rest of the text for one made every string cost the length
    // of the file after it (quadratic: 35 s to read a 19 MB history with a string key per line).
    const close = t.indexOf('"', this.pos);
    if (close >= 0 && !hasBackslash(t, this.pos, close)) {
      const out = t.slice(this.pos, close);
      this.pos = close + 1;
      return out;
    }
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
    let pos = start;
    while (pos < t.length && !endsToken(t.charCodeAt(pos))) pos++;
    this.pos = pos;
    return t.slice(start, pos);
  }

  /**
   * The common case fast: a plain integer of up to 15 digits (always exact), read without a
   * regular expression. Null, with the position unchanged, for anything else.
   */
  readSmallInteger(): number | null {
    const t = this.text;
    let pos = this.pos;
    const negative = t.charCodeAt(pos) === 45; /* - */
    if (negative) pos++;
    const first = pos;
    let value = 0;
    for (; pos < t.length; pos++) {
      const code = t.charCodeAt(pos);
      if (code < 48 || code > 57) break;
      value = value * 10 + (code - 48);
    }
    const digits = pos - first;
    if (digits === 0 || digits > 15 || (pos < t.length && !endsToken(t.charCodeAt(pos)))) return null;
    this.pos = pos;
    return negative ? -value : value;
  }

  private readKeyword(): Keyword {
    const start = this.pos;
    const t = this.text;
    if (start + 1 >= t.length || endsToken(t.charCodeAt(start + 1))) throw new EdnError('empty keyword', start);
    const k = Keyword.scan(t, start + 1);
    this.pos = start + 1 + k.name.length;
    return k;
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
    // `#_ #_ ...` and `#tag #tag ...` nest like brackets do: count them against the same depth.
    if (++this.depth > MAX_DEPTH) throw new EdnError(`nested more than ${MAX_DEPTH} levels deep`, this.pos);
    let value: EdnValue;
    if (next === '_') {
      // #_ discards the next form.
      this.pos += 2;
      this.read();
      value = this.read();
    } else {
      this.pos++;
      const tag = this.token();
      if (tag === '') throw new EdnError("unexpected '#'", start);
      // Tagged literal (#inst "...", #uuid "...", #jepsen.history.Op{...}): keep the payload.
      value = this.read();
    }
    this.depth--;
    return value;
  }

  private readAtom(): EdnValue {
    const start = this.pos;
    const small = this.readSmallInteger();
    if (small !== null) return small;
    const tok = this.token();
    if (tok === '') throw new EdnError(`unexpected '${this.text[this.pos]}'`, start);
    if (tok === 'nil') return null;
    if (tok === 'true') return true;
    if (tok === 'false') return false;
    if (/^[+-]?\d+N?$/.test(tok)) {
      // A JavaScript number holds integers exactly only up to 2^53: a bigger one would silently
      // become a different value, and two different values could compare equal.
      const n = Number(tok.replace(/N$/, ''));
      if (!Number.isSafeInteger(n)) throw new EdnError(`integer ${tok} is too large to hold exactly (the limit is ±${Number.MAX_SAFE_INTEGER})`, start);
      return n;
    }
    if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?M?$/.test(tok)) {
      const n = Number(tok.replace(/M$/, ''));
      if (!Number.isFinite(n)) throw new EdnError(`number ${tok} is out of range`, start);
      return n;
    }
    if (/^[+-]?\d+\/\d+$/.test(tok)) {
      const [n, d] = tok.split('/');
      const q = Number(n) / Number(d);
      if (!Number.isFinite(q)) throw new EdnError(`ratio ${tok} is not a finite number`, start);
      return q;
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
