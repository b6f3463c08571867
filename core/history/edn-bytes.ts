// The EDN import straight from a file's bytes, for the shape nearly every long history has:
//   {:process 0, :type :invoke, :f :read, :value nil, :time 12}
// one map per line (or inside one top-level vector or list), keyword keys, and small integers,
// keywords, nil and strings without escapes as values. Reading those bytes in a small reused
// window skips what a string costs first: a fresh buffer the size of the file, an ASCII test,
// the decoding to a string, and charCodeAt on it (for 129 MB: about 0.4 s of page faults and
// 0.5 s of decoding on the shared machine, before one map was read).
//
// Only ASCII is read here. At the first form this reader does not take (an escape in a string,
// a vector value, a tag, a byte past 127, anything malformed) it stops between two values and
// hands its state to readEdnEvents, which reads the rest of the decoded text. Everything read
// before that point is ASCII, so a byte offset there is the same character offset in the text,
// and the general reader continues exactly where a reading of the whole text would be: the same
// events, errors and lines (test/unit/history/edn-bytes.test.ts compares the two on every cut).

import { asciiString, CLASS, Keyword, SHORT_NAME } from './edn.ts';
import { addOperationEvent, EdnReadState, EventSink, ImportFailure, ImportOptions, POLL_EVERY } from './edn-history.ts';
import { NONE, OperationFields, slotOfCode } from './edn-operation-map.ts';
import { importError, lineOf } from './import-error.ts';

/** A history file, read from its start: the bytes in order, and all of it as text when needed. */
export interface HistoryBytes {
  /** Copies up to `length` more bytes into `into` at `offset`; 0 at the end of the file. */
  read(into: Uint8Array, offset: number, length: number): number;
  /** The whole file decoded as a string (for the general reader and for error lines). */
  text(): string;
}

/**
 * The window's size. A map (or comment) longer than this goes to the general reader; the bound
 * keeps the reader's memory fixed whatever the file's size.
 */
export const WINDOW_BYTES = 1 << 20;

/** The byte window over a file: bytes[0, end) are the file's bytes from offset `base`. */
export class ByteWindow {
  base = 0;
  end = 0;
  eof = false;
  constructor(
    readonly source: HistoryBytes,
    readonly bytes: Uint8Array,
  ) {}

  /**
   * Drops the bytes before `keep`, then reads until the window is full or the file ends. False
   * when no byte could be added: the file had ended, or bytes[keep, end) already fill the window.
   */
  refill(keep: number): boolean {
    if (this.eof) return false;
    if (keep > 0) {
      this.bytes.copyWithin(0, keep, this.end);
      this.base += keep;
      this.end -= keep;
    }
    if (this.end === this.bytes.length) return false;
    while (this.end < this.bytes.length) {
      const got = this.source.read(this.bytes, this.end, this.bytes.length - this.end);
      if (got <= 0) {
        this.eof = true;
        break;
      }
      this.end += got;
    }
    return true;
  }
}

/** readMapBytes: the map does not end in the window. */
const NEED_MORE = -1;
/** readMapBytes: a form (or byte) this reader leaves to the general reader. */
const HAND_OVER = -2;

/**
 * A `;` comment's end (its newline's position) in bytes[from, end), or NEED_MORE when the window
 * ends first, or HAND_OVER at a byte past ASCII.
 */
function commentEnd(b: Uint8Array, from: number, end: number): number {
  for (let p = from; p < end; p++) {
    const c = b[p]!;
    if (c === 10) return p;
    if (c >= 128) return HAND_OVER;
  }
  return NEED_MORE;
}

/** The first position at or after `p` that is no blank (or end): whitespace, commas, comments. */
function blankEnd(b: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const c = b[p]!;
    if (c < 128 && CLASS[c] === 1) p++;
    else if (c === 59 /* ; */) {
      const eol = commentEnd(b, p, end);
      if (eol < 0) return eol;
      p = eol;
    } else break;
  }
  return p;
}

/**
 * Reads the map at b[start] (a `{`) into `into`, as readOperationMap reads it from text: the
 * position after its `}`, NEED_MORE or HAND_OVER (nothing else is changed then but `into`).
 */
function readMapBytes(b: Uint8Array, start: number, end: number, into: OperationFields): number {
  into.clear();
  let p = start + 1;
  for (;;) {
    p = blankEnd(b, p, end);
    if (p < 0) return p;
    if (p >= end) return NEED_MORE;
    let c = b[p]!;
    if (c === 125 /* } */) return p + 1;
    if (c !== 58 /* : */) return HAND_OVER;
    // A keyword key: its name's exact code (nameCode) while it is short, in the pass that finds its end.
    let q = p + 1;
    let code = 1;
    for (; ; q++) {
      if (q >= end) return NEED_MORE;
      const d = b[q]!;
      if (d >= 128) return HAND_OVER;
      if (CLASS[d] !== 0) break;
      code = code * 128 + d;
    }
    if (q === p + 1) return HAND_OVER; // an empty keyword: the general reader reports it
    const slot = q - p - 1 <= SHORT_NAME ? slotOfCode(code) : NONE;
    p = blankEnd(b, q, end);
    if (p < 0) return p;
    if (p >= end) return NEED_MORE;
    c = b[p]!;
    let value: Keyword | number | string | null;
    if (c === 58) {
      q = p + 1;
      code = 1;
      for (; ; q++) {
        if (q >= end) return NEED_MORE;
        const d = b[q]!;
        if (d >= 128) return HAND_OVER;
        if (CLASS[d] !== 0) break;
        code = code * 128 + d;
      }
      if (q === p + 1) return HAND_OVER;
      value = Keyword.scanAscii(b, p + 1, q, code);
      p = q;
    } else if ((c >= 48 && c <= 57) || c === 45 /* - */) {
      // A plain integer of up to 15 digits (always exact), as readOperationMap reads it.
      q = c === 45 ? p + 1 : p;
      const first = q;
      let magnitude = 0;
      for (; ; q++) {
        if (q >= end) return NEED_MORE;
        const digit = b[q]! - 48;
        if (digit < 0 || digit > 9) break;
        magnitude = magnitude * 10 + digit;
      }
      const digits = q - first;
      const after = b[q]!;
      if (digits === 0 || digits > 15 || after >= 128 || CLASS[after] === 0) return HAND_OVER;
      value = c === 45 ? -magnitude : magnitude;
      p = q;
    } else if (c === 110 /* n */) {
      if (p + 3 >= end) return NEED_MORE;
      const after = b[p + 3]!;
      if (b[p + 1] !== 105 /* i */ || b[p + 2] !== 108 /* l */ || after >= 128 || CLASS[after] === 0) return HAND_OVER;
      value = null;
      p += 3;
    } else if (c === 34 /* " */) {
      // A string without escapes (a key such as "k17", a value): its ASCII bytes as they are.
      q = p + 1;
      for (; ; q++) {
        if (q >= end) return NEED_MORE;
        const d = b[q]!;
        if (d === 34) break;
        if (d === 92 /* \ */ || d >= 128) return HAND_OVER;
      }
      value = asciiString(b, p + 1, q);
      p = q + 1;
    } else return HAND_OVER;
    into.set(slot, value);
  }
}

/**
 * Reads events from the window into `sink` (see the file comment), from the window's start.
 * 'done' when the whole file was read; 'hand over' when readEdnEvents must read the rest of the
 * text from state.pos; or the deadline's failure.
 */
export function readEdnEventBytes(window: ByteWindow, options: ImportOptions, sink: EventSink, state: EdnReadState): 'done' | 'hand over' | ImportFailure {
  const fields = new OperationFields();
  let p = 0;
  const handOver = (at: number): 'hand over' => {
    state.pos = window.base + at;
    return 'hand over';
  };
  for (;;) {
    const b = window.bytes;
    const end = window.end;
    const blank = blankEnd(b, p, end);
    if (blank === HAND_OVER) return handOver(p);
    if (blank === NEED_MORE || blank >= end) {
      // The window ends in blanks (drop them) or inside a comment (keep from the blanks' start).
      if (window.refill(blank === NEED_MORE ? p : end)) {
        p = 0;
        continue;
      }
      // A comment longer than the window, or one that runs to the end of the file.
      if (blank === NEED_MORE) return handOver(p);
      // The end of the file: a top-level vector or list still open is the general reader's error.
      return state.close === '' ? 'done' : handOver(end);
    }
    p = blank;
    const c = b[p]!;
    if (c === 123 /* { */) {
      const after = readMapBytes(b, p, end, fields);
      if (after === NEED_MORE) {
        if (window.refill(p)) {
          p = 0;
          continue;
        }
        return handOver(p);
      }
      if (after === HAND_OVER) return handOver(p);
      const offset = window.base + p;
      // A map that is no operation is left to the general reader, which names what is wrong.
      if (addOperationEvent(fields, offset, state, sink) !== null) return handOver(p);
      if (++state.reads % POLL_EVERY === 0 && options.expired?.() === true) {
        const text = window.source.text();
        return { error: importError(text, lineOf(text, offset), 'ran out of time while reading the history'), timedOut: true };
      }
      p = after;
    } else if (state.close !== '' && c === state.close.charCodeAt(0)) {
      state.close = '';
      p++;
    } else if (state.close === '' && (c === 91 /* [ */ || c === 40) /* ( */) {
      state.close = c === 91 ? ']' : ')';
      state.seqStart = window.base + p;
      p++;
    } else return handOver(p);
  }
}
