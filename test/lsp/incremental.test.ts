// Large documents are analyzed one scenario (plus the scenarios it extends) at a time, with a
// cache. These tests hold that path to the whole-file answer: same diagnostics, same lints,
// on documents that mix extends in both directions, errors, inherited lint findings,
// duplicate names, a missing parent and stray text between scenarios.

import { strict as assert } from 'node:assert';
import { analyze } from '../../core/language/index.ts';
import { lint } from '../../core/language/lints/index.ts';
import { IncrementalAnalyzer, WHOLE_DOCUMENT_LINES, splitSegments } from '../../server/incremental-analysis.ts';
import { RAFT, EVEN_CLUSTER } from './fixtures.ts';

type Comparable = { code: string; line: number; character: number; endLine: number; endCharacter: number; message: string; related: string };

function comparable(list: Array<{ code: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; message: string; related?: Array<{ range: { start: { line: number } } }> }>): Comparable[] {
  return list
    .map((d) => ({ code: d.code, line: d.range.start.line, character: d.range.start.character, endLine: d.range.end.line, endCharacter: d.range.end.character, message: d.message, related: (d.related ?? []).map((r) => r.range.start.line).join(',') }))
    .sort((a, b) => a.line - b.line || a.character - b.character || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
}

function wholeFile(text: string) {
  const analyzed = analyze(text);
  return { diagnostics: comparable(analyzed.diagnostics), lints: comparable(lint(analyzed.ast, text)) };
}

function incremental(analyzer: IncrementalAnalyzer, text: string) {
  const result = analyzer.run(text);
  return { diagnostics: comparable(result.diagnostics), lints: comparable(result.lints) };
}

/** A document of `copies` variants of the fixtures, long enough for the incremental path. */
function bigDocument(variant: (n: number) => string, copies: number): string {
  const parts: string[] = [];
  for (let n = 0; n < copies; n++) parts.push(variant(n));
  const text = parts.join('\n');
  assert.ok(text.split('\n').length >= WHOLE_DOCUMENT_LINES, 'long enough to take the incremental path');
  assert.ok(splitSegments(text).length >= copies, 'cut into (at least) one segment per copy');
  return text;
}

const rename = (text: string, n: number): string => text.replaceAll('raft: leader isolated', `base ${n}`).replaceAll('raft: crash instead', `child ${n}`);

describe('incremental analysis of large documents', () => {
  it('splits before each top-level scenario, ignoring braces in strings and comments', () => {
    const text = '// intro { not a block\nscenario "a" {\n  /* } */\n  seed 1 // }\n}\nstray words\nscenario "b" extends "a" {\n}\n';
    const segments = splitSegments(text);
    assert.deepEqual(segments.map((s) => [s.startLine, s.lineCount, s.name, s.extendsName]), [[0, 6, 'a', null], [6, 3, 'b', 'a']]);
    assert.equal(segments.map((s) => s.text).join('\n'), text, 'the segments are the document, cut at line breaks');
    assert.deepEqual(segments[1]!.nameRange, { start: { line: 6, character: 9 }, end: { line: 6, character: 12 } });
  });

  it('gives the whole-file diagnostics and lints for clean scenarios with extends', () => {
    const text = bigDocument((n) => rename(RAFT, n), 40);
    assert.deepEqual(incremental(new IncrementalAnalyzer(), text), wholeFile(text));
  });

  it('gives the whole-file answer with errors, inherited lints, children before parents, a missing parent and duplicates', () => {
    const text = '// leading comment\n\n' + bigDocument((n) => {
      const kind = n % 6;
      if (kind === 0) return rename(RAFT, n).replace('election timeout', 'election timout');
      if (kind === 1) return rename(RAFT, n).replace('at 5s heal', 'at 5s crash n9');
      if (kind === 2) return `scenario "early child ${n}" extends "four ${n}" {\n  seed 3\n}\n\nstray ${n}\n` + EVEN_CLUSTER.replace('"four"', `"four ${n}"`);
      if (kind === 3) return rename(RAFT, n).replace(`extends "base ${n}"`, `extends "nowhere ${n}"`);
      if (kind === 4) return `// a comment { between scenarios\n${rename(RAFT, n - 1).split('\n\nscenario')[0]}\n`;
      return rename(RAFT, n).replace('timeout 400ms\n', '');
    }, 48);
    const whole = wholeFile(text);
    assert.ok(whole.diagnostics.length > 10 && whole.lints.length > 10, 'the document has plenty to report');
    assert.deepEqual(incremental(new IncrementalAnalyzer(), text), whole);
  });

  it('gives the whole-file answer when a scenario in the middle is never closed', () => {
    const text = bigDocument((n) => (n === 20 ? rename(RAFT, n).replace('    at 5s heal\n  }\n', '    at 5s heal\n') : rename(RAFT, n)), 40);
    assert.deepEqual(incremental(new IncrementalAnalyzer(), text), wholeFile(text));
  });

  it('after an edit it reanalyzes from cache and still matches the whole-file answer', () => {
    const analyzer = new IncrementalAnalyzer();
    const text = bigDocument((n) => rename(RAFT, n), 40);
    incremental(analyzer, text);
    const edited = text.replace('nodes n1, n2, n3, n4, n5', 'nodes n1, n2, n3, n4').replace('heartbeat every 50ms', 'heartbeat evry 50ms');
    assert.deepEqual(incremental(analyzer, edited), wholeFile(edited));
  });
});

describe('position features on large documents', () => {
  it('hover, completion, definition and signature help read the same from the scenario view as from the whole outline', async function () {
    this.timeout(120_000);
    const { DocumentState } = await import('../../server/document-state.ts');
    const { provideHover } = await import('../../server/hover.ts');
    const { provideCompletion } = await import('../../server/completion.ts');
    const { provideDefinition } = await import('../../server/definition.ts');
    const { provideSignatureHelp } = await import('../../server/signature-help.ts');
    const text = bigDocument((n) => rename(RAFT, n), 40);
    const lines = text.split('\n');
    const local = new DocumentState('file:///big.fault', 1, text);
    const whole = new DocumentState('file:///big.fault', 1, text);
    void whole.outline; // force the whole-document outline
    let compared = 0;
    for (let line = 0; line < lines.length; line += 7) {
      for (let character = 0; character <= lines[line]!.length; character += 5) {
        const params = { textDocument: { uri: 'file:///big.fault' }, position: { line, character } };
        const view = local.viewAt(line);
        assert.notEqual(view, local, 'a large document answers from the scenario view');
        assert.deepEqual(provideHover(view, params), provideHover(whole, params), `hover at ${line}:${character}`);
        assert.deepEqual(provideCompletion(view, params, true), provideCompletion(whole, params, true), `completion at ${line}:${character}`);
        assert.deepEqual(provideDefinition(view, params), provideDefinition(whole, params), `definition at ${line}:${character}`);
        assert.deepEqual(provideSignatureHelp(view, params), provideSignatureHelp(whole, params), `signature help at ${line}:${character}`);
        compared++;
      }
    }
    assert.ok(compared > 500, `compared ${compared} positions`);
  });
});
