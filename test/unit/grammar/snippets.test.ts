// The snippets insert real scenario text: with every placeholder left at its default, the
// scenario snippets compile cleanly, and every block snippet highlights without an invalid token.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../core/language/index.ts';
import { tokenizeLines } from './tokenize.ts';

type Snippet = { prefix: string; body: string[]; description: string };

const snippetsPath = fileURLToPath(new URL('../../../snippets/faultline.code-snippets', import.meta.url));
const snippets = JSON.parse(readFileSync(snippetsPath, 'utf8')) as Record<string, Snippet>;

/** What the editor inserts when the user accepts every default: `${1:x}` → x, `${2|a,b|}` → a. */
function expand(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\d+/g, '');
}

describe('snippets', () => {
  it('offers a new scenario, each block and a risky/fixed pair', () => {
    const prefixes = Object.values(snippets).map((s) => s.prefix);
    for (const prefix of ['scenario', 'cluster', 'network', 'workload', 'client', 'faults', 'expect', 'pair']) {
      assert.ok(prefixes.includes(prefix), `a snippet with prefix ${prefix}`);
    }
  });

  for (const name of ['New scenario', 'Risky and fixed pair']) {
    it(`"${name}" expands with its defaults to scenarios that compile without errors`, () => {
      const text = expand(snippets[name]!.body);
      const result = compile(text);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((e) => `${e.range.start.line + 1}: ${e.message}`), []);
      assert.ok(result.config !== null);
    });
  }

  it('"Risky and fixed pair" declares two scenarios, and the fixed one compiles with sync replication', () => {
    const text = expand(snippets['Risky and fixed pair']!.body);
    const { scenarios } = compile(text);
    assert.equal(scenarios.length, 2);
    const risky = compile(text, scenarios[0]).config;
    const fixed = compile(text, scenarios[1]).config;
    assert.equal(risky?.protocol.options['replication'], 'async');
    assert.equal(fixed?.protocol.options['replication'], 'sync');
  });

  it('every snippet body, expanded, highlights without an invalid token', async () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      const lines = await tokenizeLines(expand(snippet.body));
      const invalid = lines.flat().filter((t) => t.scopes.some((s) => s.startsWith('invalid')));
      assert.deepEqual(invalid.map((t) => t.text), [], name);
    }
  });
});
