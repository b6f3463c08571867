import assert from 'node:assert/strict';
import { evaluateText, ExpressionError, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, parseExpression, type Scope } from '../../../core/debug/expression.ts';

const names: Record<string, unknown> = {
  n1: { role: 'leader', currentTerm: 3, commitIndex: 41, log: { entries: [{ term: 1 }, { term: 3 }] }, store: new Map([['x', 7]]) },
  n2: { role: 'follower', currentTerm: 3, commitIndex: 40, log: { entries: [{ term: 1 }] } },
  leaders: 1,
  now: 2_000_000,
};
const scope: Scope = { lookup: (name) => names[name], names: () => Object.keys(names) };
const value = (text: string) => evaluateText(text, scope);

describe('debugger expressions', () => {
  it('compare node state the way breakpoints are written', () => {
    assert.equal(value('n1.role == "leader"'), true);
    assert.equal(value("n2.role == 'leader'"), false);
    assert.equal(value('n2.commitIndex > 40'), false);
    assert.equal(value('n1.commitIndex >= 41 and leaders == 1'), true);
    assert.equal(value('leaders > 1 or n2.role != "follower"'), false);
    assert.equal(value('not (n1.currentTerm < 3)'), true);
  });

  it('read lengths of logs and lists, map entries by key, and do sums', () => {
    assert.equal(value('n1.log.length'), 2, "a log's length is its entries'");
    assert.equal(value('n1.log.entries[1].term'), 3);
    assert.equal(value('n1.store.x'), 7);
    assert.equal(value('n1.commitIndex - n2.commitIndex + 1'), 2);
    assert.equal(value('-n1.currentTerm'), -3);
    assert.equal(value('"term " + n1.currentTerm'), 'term 3');
  });

  it('a missing field is undefined, never a walk up the prototype chain', () => {
    assert.equal(value('n1.votedFor'), undefined);
    assert.equal(value('n1.constructor'), undefined);
    assert.equal(value('n1.__proto__'), undefined);
    assert.equal(value('n1.votedFor == null'), true);
  });

  it('an unknown name is an error that lists the names there are', () => {
    assert.throws(() => value('n9.role'), (error: Error) => error instanceof ExpressionError && /unknown name 'n9'.*n1, n2, leaders/.test(error.message));
  });

  it('malformed text is a clear error with a column, not a crash', () => {
    assert.throws(() => parseExpression('n1.role =='), /unexpected the end/);
    assert.throws(() => parseExpression('n1.role = "leader"'), /unexpected '=' at column 9/);
    assert.throws(() => parseExpression('"open'), /not closed/);
    assert.throws(() => parseExpression('(n1'), /'\)' expected/);
  });

  it(`refuses text over ${MAX_EXPRESSION_LENGTH} characters and nesting over ${MAX_EXPRESSION_DEPTH} levels`, () => {
    assert.throws(() => parseExpression('1 + '.repeat(200) + '1'), /at most/);
    assert.throws(() => parseExpression('('.repeat(MAX_EXPRESSION_DEPTH + 1) + '1' + ')'.repeat(MAX_EXPRESSION_DEPTH + 1)), /nested deeper/);
    assert.throws(() => parseExpression('not '.repeat(MAX_EXPRESSION_DEPTH + 1) + 'true'), /nested deeper/);
    assert.equal(value('('.repeat(MAX_EXPRESSION_DEPTH) + '1' + ')'.repeat(MAX_EXPRESSION_DEPTH)), 1);
  });

  it('a long chain of sums evaluates without deep recursion', () => {
    const chain = Array.from({ length: 120 }, () => '1').join('+');
    assert.ok(chain.length <= MAX_EXPRESSION_LENGTH);
    assert.equal(value(chain), 120);
  });
});
