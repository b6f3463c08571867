// Hostile input: the analyzer answers with diagnostics and never throws. (Speed is measured in
// bench/language.bench.ts; these tests only prove the work finishes with sane results.)

import assert from 'node:assert/strict';
import { analyze, compile } from '../../../core/language/index.ts';
import { MAX_PER_CODE } from '../../../core/language/analyze.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A deterministic byte soup (a small LCG, so the test is the same on every run). */
function garbage(length: number, seed: number): string {
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    out += String.fromCharCode(state % 65536);
  }
  return out;
}

function assertInside(text: string, diagnostics: ReturnType<typeof analyze>['diagnostics']): void {
  const lines = text.split(/\r\n|\r|\n/);
  const internal = diagnostics.find((d) => d.message.startsWith('Internal error'));
  assert.equal(internal, undefined, internal?.message);
  for (const d of diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(p.line >= 0 && p.line < lines.length, `line ${p.line} outside 0..${lines.length - 1}`);
      assert.ok(p.character >= 0 && p.character <= lines[p.line]!.length, `character ${p.character} outside line ${p.line}`);
    }
  }
}

describe('bad input', () => {
  it('binary garbage yields diagnostics, never an exception', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const text = garbage(20_000, seed);
      const result = analyze(text);
      assert.ok(result.diagnostics.length > 0);
      assertInside(text, result.diagnostics);
    }
  });

  it('a 1 MB file of repeated valid scenarios is read in full', () => {
    const sample = readFileSync(fileURLToPath(new URL('../../../samples/raft-leader-isolated.fault', import.meta.url)), 'utf8');
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 1_000_000; i++) {
      const renamed = sample.replace(/scenario "([^"]*)"/g, `scenario "$1 #${i}"`).replace(/extends "([^"]*)"/g, `extends "$1 #${i}"`);
      parts.push(renamed);
      size += renamed.length;
    }
    const text = parts.join('\n');
    const result = analyze(text);
    assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.ok(result.ast.scenarios.length >= parts.length);
  });

  it('a 1 MB file of one endless line yields diagnostics', () => {
    const text = 'scenario "x" { seed ' + '7 '.repeat(500_000) + '}';
    const result = analyze(text);
    assert.ok(result.diagnostics.some((d) => d.code === 'FL010'));
    assertInside(text, result.diagnostics);
  });

  it('an unterminated string is reported and the analysis ends', () => {
    const text = 'scenario "never closed\n  seed 1\n';
    const result = analyze(text);
    assert.ok(result.diagnostics.some((d) => d.code === 'FL002'));
    assertInside(text, result.diagnostics);
  });

  it('an unterminated comment is reported at its opening', () => {
    const text = 'scenario "s" {\n  run for 1s /* forgot\n  to close\n';
    const result = analyze(text);
    const comment = result.diagnostics.find((d) => d.code === 'FL003');
    assert.equal(comment?.range.start.line, 1);
    assertInside(text, result.diagnostics);
  });

  it('10,000 nested, unclosed or stray braces give a bounded number of diagnostics', () => {
    for (const text of ['{'.repeat(10_000), 'scenario "s" ' + '{'.repeat(10_000) + '}'.repeat(10_000), '}'.repeat(10_000)]) {
      const result = analyze(text);
      assert.ok(result.diagnostics.length > 0);
      assert.ok(result.diagnostics.length <= 2 * MAX_PER_CODE, `${result.diagnostics.length} diagnostics`);
      assertInside(text, result.diagnostics);
    }
    assert.equal(analyze('{'.repeat(10_000)).diagnostics.filter((d) => d.code === 'FL006').length, 1);
  });

  it('huge numbers, empty input and lone symbols are handled', () => {
    for (const text of ['', '\n\n', '{', '}', '"', '/*', '*/', '..', '->', 'scenario', 'scenario "', `scenario "s" { run for ${'9'.repeat(400)}s seed ${'9'.repeat(30)} cluster { nodes ${'9'.repeat(20)} } }`, '\u0000\uffff\ud800']) {
      const result = analyze(text);
      assertInside(text, result.diagnostics);
      const compiled = compile(text);
      assert.ok(Array.isArray(compiled.diagnostics));
    }
  });

  it('reports the same ranges whether lines end in LF, CRLF or CR', () => {
    const lf = 'scenario "s" {\n  run for 10\n  /* a\n b */ seed x\n}\n';
    const ranges = (text: string) => analyze(text).diagnostics.map((d) => d.range);
    assert.equal(ranges(lf).length, 3);
    assert.deepEqual(ranges(lf.replace(/\n/g, '\r\n')), ranges(lf));
    assert.deepEqual(ranges(lf.replace(/\n/g, '\r')), ranges(lf));
  });

  it('durations too long to count in microseconds and absurd client counts are errors, not overflows', () => {
    const text = 'scenario "s" {\n  run for 99999999999999h\n  cluster {\n    nodes 3\n    protocol raft\n  }\n  workload {\n    client w * 20000 { write x every 1s }\n  }\n}\n';
    const result = compile(text);
    assert.equal(result.config, null);
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.range.start.line]), [['FL009', 1], ['FL009', 7]]);
  });
});
