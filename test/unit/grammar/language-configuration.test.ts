// The editor behaviour declared in language-configuration.json: the regular expressions are the
// ones VS Code evaluates (JavaScript RegExp), so testing them here tests what the editor does.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type OnEnterRule = { beforeText: string; afterText?: string; action: { indent: string; appendText?: string } };
type LanguageConfiguration = {
  comments: { lineComment: string; blockComment: [string, string] };
  brackets: Array<[string, string]>;
  autoClosingPairs: Array<{ open: string; close: string; notIn?: string[] }>;
  surroundingPairs: Array<[string, string]>;
  folding: { markers: { start: string; end: string } };
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: OnEnterRule[];
};

const path = fileURLToPath(new URL('../../../language-configuration.json', import.meta.url));
const config = JSON.parse(readFileSync(path, 'utf8')) as LanguageConfiguration;

/** The action VS Code takes on Enter: the first rule whose patterns match, as the editor does. */
function onEnter(before: string, after = ''): string | undefined {
  const rule = config.onEnterRules.find(
    (r) => new RegExp(r.beforeText).test(before) && (r.afterText === undefined || new RegExp(r.afterText).test(after)),
  );
  return rule?.action.indent;
}

describe('language configuration', () => {
  it('declares // and /* */ comments', () => {
    assert.equal(config.comments.lineComment, '//');
    assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
  });

  it('auto-closes braces, quotes outside strings, and block comments', () => {
    const pairs = new Map(config.autoClosingPairs.map((p) => [p.open, p]));
    assert.equal(pairs.get('{')?.close, '}');
    assert.equal(pairs.get('"')?.close, '"');
    assert.deepEqual(pairs.get('"')?.notIn, ['string', 'comment']);
    assert.equal(pairs.get('/*')?.close.trim(), '*/');
    assert.ok(config.surroundingPairs.some(([open, close]) => open === '"' && close === '"'));
    assert.ok(config.brackets.some(([open, close]) => open === '{' && close === '}'));
  });

  it('indents after a line that opens a block, not after a block that closes on the same line', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    assert.ok(increase.test('  cluster {'));
    assert.ok(increase.test('    protocol raft {   // options follow'));
    assert.ok(!increase.test('    client bob { read x every 50ms }'));
    assert.ok(!increase.test('    nodes n1, n2, n3'));
    assert.ok(new RegExp(config.indentationRules.decreaseIndentPattern).test('  }'));
  });

  it('on Enter between { and }, puts the cursor on an indented line and the brace below', () => {
    assert.equal(onEnter('  faults {', '}'), 'indentOutdent');
    assert.equal(onEnter('  faults {'), 'indent');
    assert.equal(onEnter('    at 2s crash n1'), undefined);
  });

  it('on Enter inside a /* comment, continues it with a leading star', () => {
    const rule = config.onEnterRules.find((r) => new RegExp(r.beforeText).test('/* what to watch for'));
    assert.equal(rule?.action.appendText, ' * ');
  });

  it('folds // region ... // endregion', () => {
    assert.ok(new RegExp(config.folding.markers.start).test('  // region faults'));
    assert.ok(new RegExp(config.folding.markers.end).test('  // endregion'));
  });

  it('treats a quantity with its unit as one word, so double-click selects 150ms whole', () => {
    const word = new RegExp(config.wordPattern, 'g');
    assert.deepEqual('election timeout 150ms..300ms'.match(word), ['election', 'timeout', '150ms', '300ms']);
    assert.deepEqual('clock n3 skew +120ms drift 40ppm'.match(word), ['clock', 'n3', 'skew', '+120ms', 'drift', '40ppm']);
  });
});
