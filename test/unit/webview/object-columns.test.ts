// Object columns (webview/model/object-columns.ts), the form a run's history, state records and
// client/apply events take in a packed run: every list comes back as JSON would give it back,
// whatever mix of shapes and value kinds it holds, and each key of a shape whose values share a
// kind is a typed column, not JSON text.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeObjects, encodeObjects, MAX_SHAPES, type BlockReader } from '../../../webview/model/object-columns.ts';

/** Blocks kept in memory, as packed-run.ts keeps them in its bytes (each copied to its own buffer). */
function blocks(): { write: (bytes: Uint8Array) => number; read: BlockReader; list: Uint8Array[] } {
  const list: Uint8Array[] = [];
  return {
    list,
    write: (bytes) => list.push(bytes.slice()) - 1,
    read: {
      typed(block, kind, width, length) {
        const bytes = list[block as number]!;
        if (kind === 'float') return new Float64Array(bytes.buffer, 0, length);
        return width === 1 ? new Int8Array(bytes.buffer, 0, length) : width === 2 ? new Int16Array(bytes.buffer, 0, length) : new Int32Array(bytes.buffer, 0, length);
      },
      text: (block) => new TextDecoder().decode(list[block as number]!),
    },
  };
}

function roundTrip(objects: object[]): { back: unknown[]; meta: ReturnType<typeof encodeObjects> } {
  const b = blocks();
  const meta = encodeObjects(objects, b.write);
  // The description travels as JSON in the packed run's header.
  const back = decodeObjects(JSON.parse(JSON.stringify(meta)), b.read);
  return { back, meta };
}

const plain = { noNullPrototype: true } as const;
const value = fc.oneof(fc.integer(), fc.integer({ min: -200, max: 200 }), fc.double(), fc.string(), fc.constant(null), fc.boolean(), fc.jsonValue());
const keyName = fc.constantFrom('kind', 't', 'op', 'value', 'node', '__proto__', '0', 'x');

describe('object columns (packed histories, states and client events)', () => {
  it('gives back any list of plain objects as JSON would, shapes and value kinds mixed', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(keyName, value, plain), { maxLength: 80 }), (objects) => {
        const { back } = roundTrip(objects);
        assert.deepStrictEqual(JSON.parse(JSON.stringify(back)), JSON.parse(JSON.stringify(objects)));
      }),
    );
  });

  it('stores a key whose values are all integers, numbers or strings as a typed column', () => {
    const objects = Array.from({ length: 1000 }, (_, i) => ({ index: i, process: `p${i % 7}`, time: i * 1.5, value: i % 2 === 0 ? null : i }));
    const { back, meta } = roundTrip(objects);
    assert.deepStrictEqual(back, objects);
    assert.ok('columns' in meta);
    assert.deepStrictEqual(
      meta.columns[0]!.map((column) => column[0]),
      ['int', 'string', 'float', 'json'],
      'integers, strings, other numbers; null beside numbers stays JSON',
    );
    assert.equal(meta.columns[0]![0]![1], 2, 'indexes below 32,768 take two bytes each');
    assert.deepStrictEqual(meta.strings, ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
  });

  it('keeps -0, NaN and numbers past 32 bits exactly in a number column', () => {
    const objects = [{ v: -0 }, { v: Number.NaN }, { v: 2 ** 40 }, { v: 0.1 }];
    const { back } = roundTrip(objects);
    assert.ok(Object.is((back[0] as { v: number }).v, -0));
    assert.ok(Number.isNaN((back[1] as { v: number }).v));
    assert.equal((back[2] as { v: number }).v, 2 ** 40);
  });

  it('falls back to JSON text for objects that are not plain data or a list of too many shapes', () => {
    const many = Array.from({ length: MAX_SHAPES + 1 }, (_, i) => ({ [`k${i}`]: i }));
    const manyBack = roundTrip(many);
    assert.ok('json' in manyBack.meta);
    assert.deepStrictEqual(manyBack.back, many);
    const withUndefined = [{ a: 1 }, { a: undefined, b: 2 }];
    const undefinedBack = roundTrip(withUndefined);
    assert.ok('json' in undefinedBack.meta);
    assert.deepStrictEqual(undefinedBack.back, JSON.parse(JSON.stringify(withUndefined)));
  });

  it('refuses a string index past its table or columns for shapes it does not list, saying so', () => {
    const b = blocks();
    const meta = encodeObjects([{ s: 'a' }, { s: 'b' }], b.write);
    assert.ok('columns' in meta);
    b.list[meta.columns[0]![0]![2] as number]![1] = 9;
    assert.throws(() => decodeObjects(meta, b.read), /string it does not hold/);
    assert.throws(() => decodeObjects({ ...meta, shapes: [] }, b.read), /malformed/);
  });
});
