// The canonical layout: formatting keeps every token (so the text means the same), is
// idempotent, and leaves the project's own samples as they are or better.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatText } from '../../server/model/format-text.ts';
import { tokenize } from '../../server/model/tokens.ts';
import { root } from './lsp-client.ts';
import { RAFT } from './fixtures.ts';
import { DocumentState } from '../../server/document-state.ts';
import { MAX_FORMATTED_GROWTH, provideFormatting } from '../../server/formatting.ts';

/** The token texts with line comments trimmed: what formatting must never change. */
function meaning(text: string): string[] {
  return tokenize(text).map((t) => (t.kind === 'comment' && t.text.startsWith('//') ? t.text.trimEnd() : t.text));
}

const PIECES = ['scenario "s" {', '}', '{', 'nodes n1, n2', 'at 2s crash n1', '150ms..300ms', '150ms .. 300ms', 'n1 ,n2', '// note', '/* a\n   b */', '"str"', '\n', '\n\n\n', '   ', '\t', 'x', ';', '@', '->', '<->', '|', '*', 'client web * 10 { request every 1s }', '0.5%', '+120ms'];

describe('formatting', () => {
  it('keeps every token and is idempotent on random text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })), { maxLength: 40 }), (pieces) => {
        const text = pieces.join(' ');
        const once = formatText(text);
        assert.deepEqual(meaning(once), meaning(text));
        assert.equal(formatText(once), once);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('is idempotent on every sample and keeps its tokens', () => {
    const dir = join(root, 'samples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.fault'));
    assert.ok(files.length > 0);
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const once = formatText(text);
      assert.deepEqual(meaning(once), meaning(text), file);
      assert.equal(formatText(once), once, file);
    }
  });

  it('keeps Windows line endings', () => {
    const crlf = RAFT.replace(/\n/g, '\r\n');
    assert.equal(formatText(crlf), crlf);
  });

  it('indents by block depth and aligns the trailing comments of consecutive lines', () => {
    const text = 'scenario "s" {\ncluster {\nnodes n1, n2, n3 // three\nprotocol raft { // the algorithm\n}\n}\n}';
    assert.equal(formatText(text), 'scenario "s" {\n  cluster {\n    nodes n1, n2, n3 // three\n    protocol raft {  // the algorithm\n    }\n  }\n}\n');
  });
});

describe('formatting: open comments', () => {
  it('a block comment left open at the end keeps its text, blanks included', () => {
    for (const text of ['scenario "s" {\n/* open\n   ', '/* a\n\n\n', 'x /* y\n z  ']) {
      const once = formatText(text);
      assert.deepEqual(meaning(once), meaning(text), JSON.stringify(text));
      assert.equal(formatText(once), once);
    }
  });

  it('braces nested thousands deep get no edit: their layout would be many times the text', () => {
    const text = `scenario "deep" {\n${'{\n'.repeat(3_000)}${'}\n'.repeat(3_000)}}\n`;
    assert.ok(formatText(text).length > MAX_FORMATTED_GROWTH * text.length, 'the layout indents every line');
    assert.deepEqual(provideFormatting(new DocumentState('file:///deep.fault', 1, text), {}), []);
    const loose = RAFT.replaceAll('\n  ', '\n ');
    assert.equal(provideFormatting(new DocumentState('file:///loose.fault', 1, loose), {}).length, 1, 'an ordinary document still gets its one edit');
  });
});
