// A cursor over one statement's atoms, with readers for each kind of value. Every reader
// reports its own problem in plain words ("expected a duration like 150ms after `run for`")
// and returns undefined, so builders stay short: read, check for undefined, move on.

import { atomKind, atomRange, atomText, isWordAtom, type Atom, type Statement } from '../blocks.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import type { Bandwidth, Duration, DurationOrRange, Identifier, IntValue, Percent, Ppm, Rate } from '../ast.ts';
import { spanRanges, type Range } from '../range.ts';
import { BANDWIDTH_UNITS, KNOWN_UNITS, RATE_UNITS, parseQuantity, toMicros, type ParsedQuantity, type QuantityKind } from '../values.ts';
import { didYouMean } from '../suggest.ts';

/** How each kind of value is described in messages, with an example. */
const DESCRIPTIONS: Record<string, string> = {
  duration: 'a duration like 150ms',
  'signed duration': 'a signed duration like +120ms',
  percent: 'a percentage like 5%',
  ppm: 'a drift like 40ppm',
  bandwidth: 'a bandwidth like 100mbps',
  rate: 'a rate like 200/s',
  int: 'a whole number like 3',
  name: 'a name',
};

const UNIT_HINT: Record<string, string> = { duration: 'ms', 'signed duration': 'ms', percent: '%', ppm: 'ppm', bandwidth: 'mbps', rate: '/s' };

export class StatementReader {
  private index = 0;
  /** Set once a problem on this line was reported; `finish` then stays quiet (one message per mistake). */
  private failed = false;
  private statement: Statement;
  atoms: Atom[];

  constructor(
    statement: Statement,
    readonly sink: DiagnosticSink,
  ) {
    this.statement = statement;
    this.atoms = statement.atoms;
  }

  /**
   * Starts over on another statement. A loop over a block's lines reuses one reader: a new
   * one per line was an object per line of the file for the garbage collector to sweep.
   */
  reset(statement: Statement): this {
    this.statement = statement;
    this.atoms = statement.atoms;
    this.index = 0;
    this.failed = false;
    return this;
  }

  get position(): number {
    return this.index;
  }

  peek(offset = 0): Atom | undefined {
    return this.atoms[this.index + offset];
  }

  atEnd(): boolean {
    return this.index >= this.atoms.length;
  }

  next(): Atom | undefined {
    const atom = this.atoms[this.index];
    if (atom !== undefined) this.index++;
    return atom;
  }

  isWord(word: string, offset = 0): boolean {
    const atom = this.atoms[this.index + offset];
    return isWordAtom(atom, word);
  }

  isPunct(text: string, offset = 0): boolean {
    const atom = this.atoms[this.index + offset];
    return atom !== undefined && atomKind(atom) === 'punct' && atomText(atom) === text;
  }

  /** Consumes the word when it comes next; otherwise consumes nothing. */
  acceptWords(word: string, second?: string): boolean {
    if (!this.isWord(word)) return false;
    if (second !== undefined && !this.isWord(second, 1)) return false;
    this.index += second === undefined ? 1 : 2;
    return true;
  }

  /** Consumes the words when they all follow in order; otherwise consumes nothing. */
  acceptPhrase(words: readonly string[]): boolean {
    for (let k = 0; k < words.length; k++) if (!this.isWord(words[k]!, k)) return false;
    this.index += words.length;
    return true;
  }

  acceptPunct(text: string): Atom | undefined {
    if (!this.isPunct(text)) return undefined;
    return this.next();
  }

  /** The words read so far, for "after `...`" in messages, spaced the way people write them. */
  consumedText(): string {
    let out = '';
    for (let i = 0; i < this.index; i++) {
      const atom = this.atoms[i]!;
      const text = atomKind(atom) === 'string' ? `"${atomText(atom)}"` : atomText(atom);
      const glued = i === 0 || text === '..' || text === ',' || atomText(this.atoms[i - 1]!) === '..';
      out += glued ? text : ' ' + text;
    }
    return out;
  }

  /** Marks the line as already reported, for problems found by the builders themselves. */
  markFailed(): void {
    this.failed = true;
  }

  /** Where a missing value is reported: the offending atom, or the last one read. */
  private problemRange(): Range {
    const atom = this.atoms[this.index] ?? this.atoms[this.index - 1];
    return atomRange(atom) ?? this.statement.range;
  }

  expected(what: string): undefined {
    this.failed = true;
    const after = this.consumedText();
    const found = this.peek();
    const description = DESCRIPTIONS[what] ?? what;
    const tail = found === undefined ? '' : `, not \`${atomText(found)}\``;
    this.sink.error('FL009', this.problemRange(), `Expected ${description}${after === '' ? '' : ` after \`${after}\``}${tail}.`);
    return undefined;
  }

  /** Reports anything left on the line after a complete statement. */
  finish(): void {
    const extra = this.atoms[this.index];
    if (extra === undefined || this.failed) return;
    const last = this.atoms[this.atoms.length - 1]!;
    const previous = this.atoms[this.index - 1];
    // `nodes n1 n2`: two names in a row almost always means a forgotten comma.
    const hint = atomKind(previous) === 'word' && atomKind(extra) === 'word' ? ' Separate names with commas: `a, b`.' : '';
    this.sink.error(
      'FL010',
      spanRanges(atomRange(extra), atomRange(last)),
      `Unexpected \`${atomText(extra)}\` after \`${this.consumedText()}\`; the statement was already complete.${hint}`,
    );
    this.index = this.atoms.length;
  }

  readIdentifier(what = 'name'): Identifier | undefined {
    const atom = this.peek();
    if (atom === undefined || atomKind(atom) !== 'word') return this.expected(what);
    this.index++;
    return { kind: 'Identifier', name: atomText(atom), range: atomRange(atom) };
  }

  /**
   * `a, b, c` — at least one name. With `tolerant` (declarations that end the line, like
   * `nodes`), names in a row without a comma are reported but kept, so one missing comma does
   * not turn every later use of those names into an "unknown name" error.
   */
  readNameList(what = 'name', tolerant = false): Identifier[] | undefined {
    const first = this.readIdentifier(what);
    if (first === undefined) return undefined;
    const names = [first];
    for (;;) {
      if (this.acceptPunct(',') !== undefined) {
        const name = this.readIdentifier(what);
        if (name === undefined) break;
        names.push(name);
      } else if (tolerant && atomKind(this.peek()) === 'word') {
        const previous = names[names.length - 1]!;
        const name = this.readIdentifier(what)!;
        this.sink.error('FL010', name.range, `Put a comma between \`${previous.name}\` and \`${name.name}\`.`);
        names.push(name);
      } else {
        break;
      }
    }
    return names;
  }

  isQuantity(offset = 0): boolean {
    return atomKind(this.peek(offset)) === 'quantity';
  }

  /**
   * Reads one quantity of the wanted kind. A plain number gets the "needs a unit" message, an
   * unknown unit gets its own, anything else the generic "expected ...". On success the atom
   * is `this.atoms[this.index - 1]` (not returned alongside: no pair object per number).
   */
  private readQuantity(kind: QuantityKind, what: string): ParsedQuantity | undefined {
    const atom = this.peek();
    if (atom === undefined || atomKind(atom) !== 'quantity') return this.expected(what);
    const q = parseQuantity(atomText(atom));
    if (q.kind === kind) {
      this.index++;
      return q;
    }
    if (q.kind === 'plain') {
      const before = this.consumedText();
      const hint = UNIT_HINT[what] ?? '';
      this.failed = true;
      const joined = before === '' ? atomText(atom) : before.endsWith('..') ? before + atomText(atom) : `${before} ${atomText(atom)}`;
      this.sink.error('FL012', atomRange(atom), `\`${joined}\` needs a unit: ${atomText(atom)}${hint}?`);
      this.index++;
      return undefined;
    }
    if (q.kind === 'unknown') {
      this.failed = true;
      this.sink.error('FL013', atomRange(atom), `\`${q.unit}\` is not a unit.${didYouMean(q.unit, KNOWN_UNITS)} Expected ${DESCRIPTIONS[what] ?? what}.`);
      this.index++;
      return undefined;
    }
    return this.expected(what);
  }

  /** The atom just read. */
  private previous(): Atom {
    return this.atoms[this.index - 1]!;
  }

  /** Where the atom just read stands, for a range that ends with it. */
  previousRange(): Range {
    return atomRange(this.previous());
  }

  readDuration(allowSigned = false): Duration | undefined {
    const what = allowSigned ? 'signed duration' : 'duration';
    const q = this.readQuantity('duration', what);
    if (q === undefined) return undefined;
    const atom = this.previous();
    if (q.value < 0 && !allowSigned) {
      this.failed = true;
      this.sink.error('FL009', atomRange(atom), `A duration cannot be negative here: \`${atomText(atom)}\`.`);
      return undefined;
    }
    const us = toMicros(q);
    if (!Number.isSafeInteger(us)) {
      this.failed = true;
      this.sink.error('FL009', atomRange(atom), `\`${atomText(atom)}\` is too long a duration to count in microseconds.`);
      return undefined;
    }
    return { kind: 'Duration', us, text: atomText(atom), range: atomRange(atom) };
  }

  /** `150ms` or `150ms..300ms`; a backwards range is reported (FL016) but still returned. */
  readDurationOrRange(): DurationOrRange | undefined {
    const min = this.readDuration();
    if (min === undefined) return undefined;
    if (this.acceptPunct('..') === undefined) return min;
    const max = this.readDuration();
    if (max === undefined) return undefined;
    const range = spanRanges(min.range, max.range);
    if (max.us < min.us) this.sink.error('FL016', range, `The range \`${min.text}..${max.text}\` ends before it starts; write the smaller value first.`);
    return { kind: 'DurationRange', min, max, range };
  }

  readPercent(): Percent | undefined {
    const q = this.readQuantity('percent', 'percent');
    if (q === undefined) return undefined;
    const atom = this.previous();
    if (q.value < 0 || q.value > 100) {
      this.failed = true;
      this.sink.error('FL014', atomRange(atom), `\`${atomText(atom)}\` is not a percentage between 0% and 100%.`);
      return undefined;
    }
    return { kind: 'Percent', percent: q.value, text: atomText(atom), range: atomRange(atom) };
  }

  readPpm(): Ppm | undefined {
    const q = this.readQuantity('ppm', 'ppm');
    if (q === undefined) return undefined;
    const atom = this.previous();
    return { kind: 'Ppm', ppm: q.value, text: atomText(atom), range: atomRange(atom) };
  }

  readBandwidth(): Bandwidth | undefined {
    const q = this.readQuantity('bandwidth', 'bandwidth');
    if (q === undefined) return undefined;
    const atom = this.previous();
    const bytesPerSec = Math.round(q.value * BANDWIDTH_UNITS[q.unit]!);
    return { kind: 'Bandwidth', bytesPerSec, text: atomText(atom), range: atomRange(atom) };
  }

  readRate(): Rate | undefined {
    const q = this.readQuantity('rate', 'rate');
    if (q === undefined) return undefined;
    const atom = this.previous();
    return { kind: 'Rate', perSecond: q.value * RATE_UNITS[q.unit]!, text: atomText(atom), range: atomRange(atom) };
  }

  readInt(): IntValue | undefined {
    const atom = this.peek();
    if (atom === undefined || atomKind(atom) !== 'quantity') return this.expected('int');
    const q = parseQuantity(atomText(atom));
    if (q.kind !== 'plain' || !q.integer || q.signed || !Number.isSafeInteger(q.value)) return this.expected('int');
    this.index++;
    return { kind: 'Int', value: q.value, text: atomText(atom), range: atomRange(atom) };
  }
}

/** Reports a block on a statement that takes none. */
export function rejectBlock(statement: Statement, sink: DiagnosticSink, what: string): void {
  if (statement.block !== undefined) {
    sink.error('FL015', statement.block.range, `\`${what}\` does not take a { block }.`);
  }
}
