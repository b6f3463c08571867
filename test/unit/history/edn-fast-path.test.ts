// The EDN import's fast path (core/history/edn-operation-map.ts) scans Jepsen operation maps with
// charCodeAt; the general reader reads every form. Both must read any text alike: the same
// history, or the same error on the same line.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EdnReader, Keyword, kw } from '../../../core/history/edn.ts';
import { importHistory, importOperations } from '../../../core/history/import.ts';
import { hasTimes, toOperations } from '../../../core/history/operations.ts';

const bothPaths = (text: string) => ({
  fast: importHistory(text, 'edn'),
  general: importHistory(text, 'edn', { generalReaderOnly: true }),
});

/** Blanks EDN allows between forms: spaces, commas, newlines, tabs and comments. */
const blank = fc.constantFrom(' ', ', ', ',', '\n', '  ', '\t', ' ; a comment\n', ',\r\n');

const keyword = fc.oneof(
  fc.constantFrom(':invoke', ':ok', ':fail', ':info', ':read', ':write', ':cas', ':nemesis', ':timeout', ':f', ':in', ':o', ':kdù', ':écrit', ':invokes', ':a\u0000'),
  fc.stringMatching(/^:[a-z][a-z0-9?!*.-]{0,10}$/),
);

const integer = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('-0', '0', '999999999999999', '-999999999999999', '1000000000000000', '9007199254740993', '12345678901234567890123', '7N', '-'),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
);

const scalar = fc.oneof(
  integer,
  fc.constantFrom('nil', 'true', 'false', 'nil?', 'nilly', '1.5', '-2e3', '1e999', '3/4', '1.0M', '"plain"', '"esc\\"aped\\n"', '"\\u0041"', '\\a', '\\newline', 'sym', '#inst "2024-01-01"', '#uuid "x"', '#_ 5 6'),
  keyword,
);

const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }).map((xs) => `[${xs.join(' ')}]`) },
  { weight: 1, arbitrary: fc.tuple(keyword, scalar).map(([k, v]) => `{${k} ${v}}`) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }).map((xs) => `#{${xs.join(' ')}}`) },
);

const entry = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(':process', ':type', ':f', ':value', ':time', ':key', ':error', ':node', ':index'), value) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(':processes', ':types', ':ff', ':x', '"process"', '#_ :x :process', ':value2', '3', ':kdù', ':procesr', ':tyoe', ':\u00e9'), value) },
  { weight: 4, arbitrary: fc.constantFrom<[string, string]>([':process', '0'], [':process', '1'], [':process', ':nemesis'], [':process', '"alice"'], [':type', ':invoke'], [':type', ':ok'], [':f', ':write'], [':value', 'nil'], [':time', '1234567']) },
);

const map = fc
  .tuple(fc.array(fc.tuple(entry, blank, blank), { maxLength: 8 }), blank)
  .map(([entries, end]) => `{${entries.map(([[k, v], b1, b2]) => `${k}${b1.replace(/,/g, ' ')}${v}${b2}`).join('')}${end}}`);

/** Operation maps where most are well formed, one per line or in a vector or list. */
const history = fc
  .tuple(fc.array(fc.tuple(map, blank), { maxLength: 12 }), fc.constantFrom('lines', 'vector', 'list'))
  .map(([maps, shape]) => {
    const body = maps.map(([m, b]) => m + b).join('\n');
    return shape === 'lines' ? body : shape === 'vector' ? `[${body}]` : `(${body})`;
  });

/** A well-formed pair of operations per process, so most generated histories import. */
const wellFormed = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(':read', ':write', ':cas'), scalar, blank), { maxLength: 20 })
  .map((steps) => {
    const open = new Set<number>();
    return steps
      .map(([p, f, v, b]) => {
        const type = open.has(p) ? ':ok' : ':invoke';
        if (open.has(p)) open.delete(p);
        else open.add(p);
        return `{:process ${p},${b}:type ${type}, :f ${f}, :value ${v}, :time ${p * 1000}}`;
      })
      .join('\n');
  });

describe('EDN import: fast path and general reader', () => {
  it('give the same history or the same error for random operation maps', () => {
    fc.assert(
      fc.property(history, (text) => {
        const { fast, general } = bothPaths(text);
        assert.deepEqual(fast, general);
      }),
      { numRuns: 1500, seed: 19 },
    );
  });

  it('give the same history for random well-formed histories (most of them import)', () => {
    let imported = 0;
    fc.assert(
      fc.property(wellFormed, (text) => {
        const { fast, general } = bothPaths(text);
        assert.deepEqual(fast, general);
        if (fast.ok) imported++;
      }),
      { numRuns: 500, seed: 7 },
    );
    assert.ok(imported > 100, `only ${imported} of 500 imported: the generator no longer exercises the fast path`);
  });

  it('give the same error and line for every cut of a history (truncated files)', () => {
    const text =
      '{:process 0, :type :invoke, :f :cas, :value [1 2], :time 1000}\n' +
      '{:process 0, :type :ok, :f :cas, :value [1 2], :time 2000, :node "n1"}\n' +
      '{:process :nemesis, :type :info, :f :start, :value {:a #{1}}}\n' +
      '{:process 1, :type :invoke, :f :read, :value nil, :time -3, :error :timeout}\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const { fast, general } = bothPaths(text.slice(0, cut));
      assert.deepEqual(fast, general, `cut at ${cut}: ${JSON.stringify(text.slice(0, cut))}`);
    }
  });

  it('reads a 15-digit time exactly and refuses a 20-digit one, naming its line', () => {
    const ok = importHistory('{:process 0, :type :invoke, :f :read, :value nil, :time 999999999999999}\n');
    assert.ok(ok.ok);
    assert.equal(ok.history[0]!.time, Math.round(999999999999999 / 1000));
    const big = importHistory('{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value 12345678901234567890}\n');
    assert.equal(big.ok, false);
    assert.equal(!big.ok && big.error.line, 2);
    assert.match(!big.ok ? big.error.message : '', /too large to hold exactly/);
  });

  it('tells a key by its whole name: `:kdù` (whose 7-bit code would equal `:key`\'s) is not :key', () => {
    const imported = importHistory('{:process 0, :type :invoke, :f :read, :kdù "k", :value nil}\n');
    assert.ok(imported.ok);
    assert.equal(imported.history[0]!.key, undefined);
  });

  it('reports the first completion nobody invoked only once the whole text has been read', () => {
    const unpaired = importHistory('{:process 0, :type :ok, :f :read, :value 1}\n{:process 1, :type :invoke, :f :read, :value nil}\n');
    assert.equal(!unpaired.ok && unpaired.error.line, 1);
    assert.match(!unpaired.ok ? unpaired.error.message : '', /process 0 completes an operation it never invoked/);
    // An unreadable line later in the file is what the reader reports first, as before.
    const both = importHistory('{:process 0, :type :ok, :f :read, :value 1}\n{:process 1, :type :invoke :f}\n');
    assert.equal(!both.ok && both.error.line, 2);
  });
});

describe('EDN import straight into operations', () => {
  /** What importOperations must equal: the operations and times of the imported history. */
  const viaHistory = (text: string) => {
    const imported = importHistory(text, 'edn');
    if (!imported.ok) return imported;
    return { ok: true, format: imported.format, ops: toOperations(imported.history), failReading: imported.failReading, timed: hasTimes(imported.history) };
  };

  it('gives the operations (and timedness) of the imported history, or its error, for random histories', () => {
    let joined = 0;
    fc.assert(
      fc.property(fc.oneof(history, wellFormed), (text) => {
        const direct = importOperations(text, 'edn');
        assert.deepEqual(direct, viaHistory(text));
        if (direct.ok && direct.ops.length > 0) joined++;
      }),
      { numRuns: 1000, seed: 29 },
    );
    assert.ok(joined > 100, `only ${joined} histories had operations`);
  });

  it('leaves a re-invoking process\'s first operation indeterminate and joins info completions, as toOperations does', () => {
    const text = [
      '{:process 0, :type :invoke, :f :write, :value 1, :time 1000}',
      '{:process 0, :type :invoke, :f :write, :value 2, :time 2000}',
      '{:process 0, :type :ok, :f :write, :value 2, :time 3000}',
      '{:process 1, :type :invoke, :f :read, :value nil, :time 4000}',
      '{:process 1, :type :info, :f :read, :value nil, :time 5000, :error "timeout"}',
    ].join('\n');
    const direct = importOperations(text, 'edn');
    assert.deepEqual(direct, viaHistory(text));
    assert.ok(direct.ok);
    assert.deepEqual(direct.ops.map((op) => op.outcome), ['unknown', 'ok', 'unknown']);
    assert.equal(direct.ops[2]!.error, 'timeout');
    assert.equal(direct.timed, true);
  });
});

describe('keyword interning', () => {
  it('gives the one interned keyword for any name, however many names share a cache slot', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { minLength: 1, maxLength: 60 }), (names) => {
        const text = names.map((n) => `:${n}`).join(' ');
        const reader = new EdnReader(text);
        for (const name of names) {
          const k = reader.read();
          assert.ok(k instanceof Keyword);
          assert.equal(k, kw(name));
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
