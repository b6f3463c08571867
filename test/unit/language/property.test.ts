// Property tests: whatever the text, analyze and compile return (never throw, never hit an
// internal error) and every diagnostic range lies inside the document.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyze, compile, type Diagnostic } from '../../../core/language/index.ts';

const samplesDir = fileURLToPath(new URL('../../../samples/', import.meta.url));
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.fault'))
  .sort()
  .map((f) => readFileSync(samplesDir + f, 'utf8'));

const TOKENS = [
  'scenario', '"s"', '"t"', 'extends', '{', '}', '\n', '\n', '\n', ' ', 'seed', '7', 'run', 'for', '10s', '150ms', '..', '0.5%',
  '200/s', '40ppm', '+2s', '-1ms', '100mbps', 'cluster', 'nodes', 'n1', 'n2', ',', '|', '->', '<->', '*', ':', 'protocol', 'raft',
  'leaderless', 'election', 'timeout', 'pre', 'vote', 'on', 'network', 'latency', 'drop', 'link', 'region', 'clock', 'skew',
  'workload', 'client', 'write', 'read', 'every', 'retry', 'backoff', 'jitter', 'faults', 'at', 'from', 'to', 'crash', 'restart',
  'partition', 'heal', 'random', 'majorities', 'ring', 'bridge', 'expect', 'linearizable', 'leader', 'within', 'after', '//', '/*',
  '*/', '"', '#', '5', '\u0000', '\t', '\r\n',
];

function assertWellFormed(text: string, diagnostics: readonly Diagnostic[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lines.length, `line ${p.line} of ${lines.length}: ${d.code} ${d.message}`);
      assert.ok(Number.isInteger(p.character) && p.character >= 0 && p.character <= lines[p.line]!.length, `character ${p.character} on line ${p.line}: ${d.code}`);
    }
    const s = d.range.start;
    const e = d.range.end;
    assert.ok(s.line < e.line || (s.line === e.line && s.character <= e.character), `range ends before it starts: ${d.code}`);
  }
}

function check(text: string): void {
  const analyzed = analyze(text);
  // analyze() turns an exception into an "Internal error" diagnostic so editors keep working;
  // here that would be a bug, so it fails the property.
  const internal = analyzed.diagnostics.find((d) => d.message.startsWith('Internal error'));
  assert.equal(internal, undefined, internal?.message);
  assertWellFormed(text, analyzed.diagnostics);
  const compiled = compile(text);
  assertWellFormed(text, compiled.diagnostics);
}

type Edit = { kind: 'delete' | 'insert' | 'duplicate'; at: number; length: number; token: string };

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of edits) {
    const at = Math.min(edit.at, out.length);
    if (edit.kind === 'delete') out = out.slice(0, at) + out.slice(at + edit.length);
    else if (edit.kind === 'insert') out = out.slice(0, at) + edit.token + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + edit.length) + out.slice(at);
  }
  return out;
}

describe('language properties', () => {
  it('random token soups never throw and keep every diagnostic inside the text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 200 }), fc.constantFrom(' ', ''), (tokens, separator) => {
        check(tokens.join(separator));
      }),
      { numRuns: 300 },
    );
  });

  it('random edits of the samples never throw and keep every diagnostic inside the text', () => {
    const edit = fc.record({
      kind: fc.constantFrom('delete', 'insert', 'duplicate') as fc.Arbitrary<Edit['kind']>,
      at: fc.nat({ max: 5000 }),
      length: fc.nat({ max: 40 }),
      token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 5 })),
    });
    fc.assert(
      fc.property(fc.nat({ max: samples.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (index, edits) => {
        check(applyEdits(samples[index]!, edits));
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary unicode strings never throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => check(text)),
      { numRuns: 300 },
    );
  });
});
