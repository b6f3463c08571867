// The fast path of the EDN import: one Jepsen operation map,
//   {:process 0, :type :invoke, :f :read, :value nil, :time 12}
// scanned with charCodeAt straight into the few fields an event needs. A history repeats that
// shape millions of times, and the general reader's machinery (a keyword interned per key, a Map
// per operation, a dispatch per token) was most of the time of a long import. Only the forms a
// Jepsen map is made of are scanned here — keyword keys, small integers, keywords and nil as
// values; every other form inside the map (a vector value, a string key, a tag, a discard, a big
// number) is handed to the general reader at that point, so both paths accept the same text and
// give the same values, errors and offsets (test/unit/history/edn-fast-path.test.ts compares them).

import { EdnError, EdnMap, EdnReader, EdnValue, endsToken, Keyword, kw, nameCode, SHORT_NAME, skipBlank } from './edn.ts';

// The fields, by slot: keys an operation does not use are read and dropped (slot NONE).
export const NONE = 0;
const PROCESS = 1;
const TYPE = 2;
const F = 3;
const VALUE = 4;
const TIME = 5;
const KEY = 6;
const ERROR = 7;
const NODE = 8;

/** The fields of one operation map (the last entry wins, as in an EDN map read whole). */
export class OperationFields {
  process: EdnValue | undefined = undefined;
  type: EdnValue | undefined = undefined;
  f: EdnValue | undefined = undefined;
  value: EdnValue | undefined = undefined;
  time: EdnValue | undefined = undefined;
  key: EdnValue | undefined = undefined;
  error: EdnValue | undefined = undefined;
  node: EdnValue | undefined = undefined;

  clear(): void {
    this.process = this.type = this.f = this.value = this.time = this.key = this.error = this.node = undefined;
  }

  /** Fills the fields from a map the general reader read. */
  fromMap(map: EdnMap): this {
    this.clear();
    for (const [k, v] of map) this.set(slotOfKey(k), v);
    return this;
  }

  set(slot: number, v: EdnValue): void {
    switch (slot) {
      case PROCESS:
        this.process = v;
        break;
      case TYPE:
        this.type = v;
        break;
      case F:
        this.f = v;
        break;
      case VALUE:
        this.value = v;
        break;
      case TIME:
        this.time = v;
        break;
      case KEY:
        this.key = v;
        break;
      case ERROR:
        this.error = v;
        break;
      case NODE:
        this.node = v;
        break;
    }
  }
}

// The keys, interned: a key is found by identity, a few comparisons at most.
const PROCESS_KEY = kw('process');
const TYPE_KEY = kw('type');
const F_KEY = kw('f');
const VALUE_KEY = kw('value');
const TIME_KEY = kw('time');
const KEY_KEY = kw('key');
const ERROR_KEY = kw('error');
const NODE_KEY = kw('node');

/** The slot of a key (NONE for anything but the keywords an operation uses). */
function slotOfKey(key: EdnValue): number {
  if (!(key instanceof Keyword)) return NONE;
  return key === PROCESS_KEY
    ? PROCESS
    : key === TYPE_KEY
      ? TYPE
      : key === F_KEY
        ? F
        : key === VALUE_KEY
          ? VALUE
          : key === TIME_KEY
            ? TIME
            : key === KEY_KEY
              ? KEY
              : key === ERROR_KEY
                ? ERROR
                : key === NODE_KEY
                  ? NODE
                  : NONE;
}

// The keys' names by exact code (edn.ts, nameCode): a key is told by one pass over its name.
const PROCESS_CODE = nameCode('process');
const TYPE_CODE = nameCode('type');
const F_CODE = nameCode('f');
const VALUE_CODE = nameCode('value');
const TIME_CODE = nameCode('time');
const KEY_CODE = nameCode('key');
const ERROR_CODE = nameCode('error');
const NODE_CODE = nameCode('node');

/** The slot of the key whose name has this code (most frequent first). */
export function slotOfCode(code: number): number {
  return code === PROCESS_CODE
    ? PROCESS
    : code === TYPE_CODE
      ? TYPE
      : code === F_CODE
        ? F
        : code === VALUE_CODE
          ? VALUE
          : code === TIME_CODE
            ? TIME
            : code === KEY_CODE
              ? KEY
              : code === ERROR_CODE
                ? ERROR
                : code === NODE_CODE
                  ? NODE
                  : NONE;
}

/** The keyword whose colon is at text[colon], as the general reader reads it. */
function keywordAt(text: string, colon: number): Keyword {
  if (colon + 1 >= text.length || endsToken(text.charCodeAt(colon + 1))) throw new EdnError('empty keyword', colon);
  return Keyword.scan(text, colon + 1);
}

/**
 * Reads the map at the reader's position into `into`: true when it did, false (position at the
 * next value) when the next value is not a map. Throws EdnError as the general reader would.
 */
export function readOperationMap(reader: EdnReader, into: OperationFields): boolean {
  const t = reader.text;
  const n = t.length;
  const start = skipBlank(t, reader.pos);
  reader.pos = start;
  if (t.charCodeAt(start) !== 123 /* { */) return false;
  reader.enter(start);
  into.clear();
  let pos = start + 1;
  for (;;) {
    pos = skipBlank(t, pos);
    if (pos >= n) throw new EdnError("missing '}'", pos);
    let code = t.charCodeAt(pos);
    if (code === 125 /* } */) break;
    let slot: number;
    if (code === 58 /* : */) {
      // A keyword key: its name's code (nameCode) while it is short, in the same pass that finds its end.
      let end = pos + 1;
      let name = 1;
      for (; end < n; end++) {
        const c = t.charCodeAt(end);
        if (endsToken(c)) break;
        // Past ASCII a code would no longer be exact (`:kdù` would pass for `:key`): NaN matches nothing.
        name = c < 128 ? name * 128 + c : Number.NaN;
      }
      if (end === pos + 1) throw new EdnError('empty keyword', pos);
      // Longer names are no key an operation uses (and their codes are not exact).
      slot = end - pos - 1 <= SHORT_NAME ? slotOfCode(name) : NONE;
      pos = end;
    } else {
      reader.pos = pos;
      slot = slotOfKey(reader.read());
      pos = reader.pos;
    }
    pos = skipBlank(t, pos);
    if (pos >= n) throw new EdnError("missing '}'", pos);
    code = t.charCodeAt(pos);
    if (code === 125) throw new EdnError('a map needs an even number of forms', start);
    let value: EdnValue;
    if (code === 58) {
      const k = keywordAt(t, pos);
      value = k;
      pos += 1 + k.name.length;
    } else if ((code >= 48 && code <= 57) || code === 45 /* - */) {
      // A plain integer of up to 15 digits (always exact), as EdnReader.readSmallInteger reads it.
      let end = code === 45 ? pos + 1 : pos;
      const first = end;
      let magnitude = 0;
      for (; end < n; end++) {
        const digit = t.charCodeAt(end) - 48;
        if (digit < 0 || digit > 9) break;
        magnitude = magnitude * 10 + digit;
      }
      const digits = end - first;
      if (digits > 0 && digits <= 15 && (end >= n || endsToken(t.charCodeAt(end)))) {
        value = code === 45 ? -magnitude : magnitude;
        pos = end;
      } else {
        reader.pos = pos;
        value = reader.read();
        pos = reader.pos;
      }
    } else if (code === 110 /* n */ && t.charCodeAt(pos + 1) === 105 && t.charCodeAt(pos + 2) === 108 && (pos + 3 >= n || endsToken(t.charCodeAt(pos + 3)))) {
      value = null;
      pos += 3;
    } else {
      reader.pos = pos;
      value = reader.read();
      pos = reader.pos;
    }
    into.set(slot, value);
  }
  reader.pos = pos + 1;
  reader.leave();
  return true;
}

