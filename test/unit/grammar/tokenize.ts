// Loads the real TextMate engine (vscode-textmate + the Oniguruma wasm) with our grammar, so the
// tests see exactly the scopes VS Code would assign — no regex re-implementation of our own.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Textmate from 'vscode-textmate';
import type * as Oniguruma from 'vscode-oniguruma';

// Both packages ship CommonJS only; require() gives the same object under tsx, mocha and node.
const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate') as typeof Textmate;
const oniguruma = require('vscode-oniguruma') as typeof Oniguruma;
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const grammarPath = `${repoRoot}syntaxes/faultline.tmLanguage.json`;

export type Token = { text: string; scopes: string[] };

let grammarPromise: Promise<Textmate.IGrammar> | undefined;

async function loadGrammar(): Promise<Textmate.IGrammar> {
  const wasm = await readFile(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== 'source.faultline') return null;
      const text = await readFile(grammarPath, 'utf8');
      return vsctm.parseRawGrammar(text, grammarPath);
    },
  });
  const grammar = await registry.loadGrammar('source.faultline');
  if (grammar === null) throw new Error('the faultline grammar did not load');
  return grammar;
}

export function grammar(): Promise<Textmate.IGrammar> {
  grammarPromise ??= loadGrammar();
  return grammarPromise;
}

/** Tokenizes a whole document line by line, carrying the rule stack like the editor does. */
export async function tokenizeLines(text: string): Promise<Token[][]> {
  const g = await grammar();
  let stack = vsctm.INITIAL;
  const lines: Token[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const result = g.tokenizeLine(line, stack);
    lines.push(
      result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })),
    );
    stack = result.ruleStack;
  }
  return lines;
}

/**
 * The scopes of the `nth` token (0-based) whose text is exactly `text` on the line. Units are
 * their own tokens (`150` then `ms`), so a test asks for each part separately.
 */
export function scopesOf(line: Token[], text: string, nth = 0): string[] {
  const matches = line.filter((t) => t.text === text);
  const token = matches[nth];
  if (token === undefined) {
    const seen = line.map((t) => JSON.stringify(t.text)).join(' ');
    throw new Error(`no token #${nth} ${JSON.stringify(text)} on the line; tokens: ${seen}`);
  }
  return token.scopes;
}
