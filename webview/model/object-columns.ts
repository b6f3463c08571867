// Lists of small objects that share a few shapes (a run's history, its client and apply events,
// its nodes' state records), stored as typed columns: per shape, one column per key. A column of
// integers is an Int8/16/32Array, a column of other numbers a Float64Array, a column of strings
// (or null) indexes into a string table; only a column that mixes kinds, or holds objects, stays a
// JSON list. 150,000 objects cost JSON.stringify and TextEncoder about 250 ms in the worker and
// JSON.parse on the page; as columns they are written and read in a few tens of milliseconds.
//
// Pure (no DOM, no node APIs). Used by packed-run.ts, which owns the byte layout: columns go into
// its blocks, the description of them (ObjectsMeta) into its JSON header.

/** A list of more shapes than this is stored as JSON: thousands of tiny columns would cost more. */
export const MAX_SHAPES = 256;

/** Where typed columns go: each added array becomes a block of the packed bytes; its index comes back. */
export type BlockWriter = (bytes: Uint8Array) => number;
/** Reads a block back as `length` elements of `width` bytes, or its bytes as text (width 0). */
export type BlockReader = {
  typed(block: unknown, kind: 'int' | 'float', width: unknown, length: number): Int8Array | Int16Array | Int32Array | Float64Array;
  text(block: unknown): string;
};

/**
 * A column: [kind, width in bytes, block] for typed ones ('int': integers; 'float': numbers;
 * 'string': an index into `strings`, -1 for null), or ['json', values] for the rest.
 */
type ColumnMeta = ['int' | 'float' | 'string', number, number] | ['json', unknown[]];

export type ObjectsMeta =
  /** The list as JSON text in one block (objects that are not plain data, or too many shapes). */
  | { json: number }
  | { count: number; shapes: string[][]; strings: string[]; shapeOf: ColumnMeta; columns: ColumnMeta[][] };

const isInt32 = (v: number) => (v | 0) === v && (v !== 0 || 1 / v > 0);

/** The narrowest integer array that holds every value in [min, max]. */
function intColumn(values: Float64Array | Int32Array, min: number, max: number): Int8Array | Int16Array | Int32Array {
  // The constructors convert a typed array natively (`from` would walk it with an iterator).
  if (min >= -0x80 && max <= 0x7f) return new Int8Array(values);
  if (min >= -0x8000 && max <= 0x7fff) return new Int16Array(values);
  return new Int32Array(values);
}

function bytesOf(array: Int8Array | Int16Array | Int32Array | Float64Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** Shapes tried key by key before the object's keys are listed. */
const RECENT_SHAPES = 4;

/** What one key's values turned out to be, while they are read. */
const INTS = 1;
const NUMBERS = 2;
const STRINGS = 4;
const OTHER = 8;

/**
 * The shape of each object (an index into `shapes`), or null when some object is not plain data
 * or the list has more than MAX_SHAPES shapes. Keys are compared to the previous object's shape
 * first, without building a list of them (most neighbours share one).
 */
function shapesOf(list: readonly object[]): { shapes: string[][]; shapeOf: Int32Array; rows: Int32Array; perShape: number[] } | null {
  const shapes: string[][] = [];
  const byLength = new Map<number, number[]>();
  const shapeOf = new Int32Array(list.length);
  /** Each object's row in its shape's columns. */
  const rows = new Int32Array(list.length);
  const perShape: number[] = [];
  /** The shapes used last, most recent first: a history alternates invocations and completions. */
  const recent: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const object = list[i]!;
    if (Object.getPrototypeOf(object) !== Object.prototype) return null;
    let id = -1;
    for (let r = 0; r < recent.length && id < 0; r++) {
      const keys = shapes[recent[r]!]!;
      let k = 0;
      let same = true;
      for (const key in object) {
        if (keys[k] !== key) {
          same = false;
          break;
        }
        k++;
      }
      if (same && k === keys.length) {
        id = recent[r]!;
        // Most recent first (a short list: a few moves).
        for (let m = r; m > 0; m--) recent[m] = recent[m - 1]!;
        recent[0] = id;
      }
    }
    if (id < 0) {
      const keys = Object.keys(object);
      let ids = byLength.get(keys.length);
      if (ids === undefined) byLength.set(keys.length, (ids = []));
      for (const known of ids) {
        const shape = shapes[known]!;
        let k = 0;
        while (k < keys.length && shape[k] === keys[k]) k++;
        if (k === keys.length) {
          id = known;
          break;
        }
      }
      if (id < 0) {
        if (shapes.length === MAX_SHAPES) return null;
        id = shapes.length;
        shapes.push(keys);
        ids.push(id);
        perShape.push(0);
      }
    }
    shapeOf[i] = id;
    rows[i] = perShape[id]!++;
    if (recent[0] !== id) {
      // A shape found by its keys: it goes first, the oldest of RECENT_SHAPES leaves.
      if (recent.length < RECENT_SHAPES) recent.push(id);
      for (let m = recent.length - 1; m > 0; m--) recent[m] = recent[m - 1]!;
      recent[0] = id;
    }
  }
  return { shapes, shapeOf, rows, perShape };
}

/** Writes `list` as columns (or as JSON when it does not fit them) and says where they went. */
export function encodeObjects(list: readonly object[], write: BlockWriter): ObjectsMeta {
  const whole = (): ObjectsMeta => ({ json: write(new TextEncoder().encode(JSON.stringify(list))) });
  const found = shapesOf(list);
  if (found === null) return whole();
  const { shapes, shapeOf, rows, perShape } = found;
  // Every value read once, straight into a number per row: itself, or its string's index (-1 for
  // null). A column whose values are of mixed kinds is read again below, as a JSON list.
  const numbers = shapes.map((keys, s) => keys.map(() => new Float64Array(perShape[s]!)));
  const kinds = shapes.map((keys) => keys.map(() => 0));
  const strings = new Map<string, number>();
  const stringList: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const object = list[i] as Record<string, unknown>;
    const s = shapeOf[i]!;
    const row = rows[i]!;
    const columns = numbers[s]!;
    const kind = kinds[s]!;
    // for-in with object[key] reads each field through V8's enum cache: no keyed lookup per value.
    let k = 0;
    for (const key in object) {
      const value = object[key];
      if (typeof value === 'number') {
        columns[k]![row] = value;
        kind[k] |= isInt32(value) ? INTS : NUMBERS;
      } else if (typeof value === 'string') {
        let id = strings.get(value);
        if (id === undefined) {
          id = stringList.length;
          stringList.push(value);
          strings.set(value, id);
        }
        columns[k]![row] = id;
        kind[k] |= STRINGS;
      } else if (value === null) {
        columns[k]![row] = -1;
        kind[k] |= STRINGS;
      } else if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
        // Not JSON data: JSON would drop or refuse it, and so does the whole-list fallback.
        return whole();
      } else kind[k] |= OTHER;
      k++;
    }
  }
  const columns = shapes.map((keys, s) =>
    keys.map((key, k): ColumnMeta => {
      const kind = kinds[s]![k]!;
      const values = numbers[s]![k]!;
      if (kind === INTS || kind === STRINGS || kind === 0) {
        let min = 0;
        let max = 0;
        for (let r = 0; r < values.length; r++) {
          const v = values[r]!;
          if (v < min) min = v;
          else if (v > max) max = v;
        }
        const typed = intColumn(values, min, max);
        return [kind === STRINGS ? 'string' : 'int', typed.BYTES_PER_ELEMENT, write(bytesOf(typed))];
      }
      if (kind === NUMBERS || kind === (INTS | NUMBERS)) return ['float', 8, write(bytesOf(values))];
      const json: unknown[] = [];
      for (let i = 0; i < list.length; i++) if (shapeOf[i] === s) json.push((list[i] as Record<string, unknown>)[key]);
      return ['json', json];
    }),
  );
  const shapeColumn = intColumn(shapeOf, 0, shapes.length);
  return {
    count: list.length,
    shapes,
    strings: stringList,
    shapeOf: ['int', shapeColumn.BYTES_PER_ELEMENT, write(bytesOf(shapeColumn))],
    columns,
  };
}

type Reader = (i: number) => unknown;

function columnReader(meta: unknown, length: number, strings: string[], read: BlockReader): Reader {
  if (!Array.isArray(meta)) throw new Error('a packed column is malformed');
  const [kind, width, block] = meta as [unknown, unknown, unknown];
  if (kind === 'json') {
    if (!Array.isArray(width) || width.length !== length) throw new Error('a packed JSON column does not match its objects');
    return (i) => width[i];
  }
  if (kind === 'int' || kind === 'float') {
    const values = read.typed(block, kind, width, length);
    return (i) => values[i];
  }
  if (kind === 'string') {
    const values = read.typed(block, 'int', width, length);
    for (let i = 0; i < length; i++) if (values[i]! < -1 || values[i]! >= strings.length) throw new Error('the packed run refers to a string it does not hold');
    return (i) => {
      const id = values[i]!;
      return id < 0 ? null : strings[id];
    };
  }
  throw new Error('a packed column has an unknown kind');
}

/** The objects `encodeObjects` wrote, in order; throws an Error saying what is wrong with malformed input. */
export function decodeObjects(meta: unknown, read: BlockReader): Array<Record<string, unknown>> {
  if (typeof meta !== 'object' || meta === null) throw new Error('a packed object list is malformed');
  if ('json' in meta) {
    const parsed: unknown = JSON.parse(read.text(meta.json));
    if (!Array.isArray(parsed)) throw new Error('a packed object list is malformed');
    return parsed as Array<Record<string, unknown>>;
  }
  const { count, shapes, strings, shapeOf, columns } = meta as Partial<Extract<ObjectsMeta, { count: number }>>;
  if (
    !Number.isSafeInteger(count) ||
    count! < 0 ||
    !Array.isArray(shapes) ||
    !shapes.every((keys) => Array.isArray(keys) && keys.every((key) => typeof key === 'string')) ||
    !Array.isArray(strings) ||
    !strings.every((s) => typeof s === 'string') ||
    !Array.isArray(columns) ||
    columns.length !== shapes.length
  ) {
    throw new Error('a packed object list is malformed');
  }
  const shapeIds = columnReader(shapeOf, count!, strings, read);
  const perShape = new Int32Array(shapes.length);
  const ids = new Int32Array(count!);
  for (let i = 0; i < count!; i++) {
    const id = shapeIds(i);
    if (typeof id !== 'number' || !(id >= 0 && id < shapes.length)) throw new Error('a packed object has an unknown shape');
    ids[i] = id;
    perShape[id]!++;
  }
  const readers = shapes.map((keys, s) => {
    const metas = columns[s];
    if (!Array.isArray(metas) || metas.length !== keys.length) throw new Error('a packed object list is malformed');
    return metas.map((m) => columnReader(m, perShape[s]!, strings, read));
  });
  const next = new Int32Array(shapes.length);
  const out = new Array<Record<string, unknown>>(count!);
  for (let i = 0; i < count!; i++) {
    const s = ids[i]!;
    const keys = shapes[s]!;
    const row = next[s]!++;
    const reader = readers[s]!;
    const record: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      // A key named __proto__ is data (as JSON.parse makes it), not the record's prototype.
      if (key === '__proto__') Object.defineProperty(record, key, { value: reader[k]!(row), enumerable: true, writable: true, configurable: true });
      else record[key] = reader[k]!(row);
    }
    out[i] = record;
  }
  return out;
}
