// Dispatch of a block's statements by their first word, with the "unknown word, did you mean"
// diagnostic in one place for every block.

import { atomKind, atomRange, atomText, type Statement } from '../blocks.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import type { Range } from '../range.ts';
import { didYouMean } from '../suggest.ts';
import { StatementReader } from './reader.ts';

/** `context` is what the handler fills in, for handlers made once rather than per block. */
export type StatementHandler<C = undefined> = (statement: Statement, reader: StatementReader, context: C) => void;

export function dispatchStatements<C = undefined>(
  statements: readonly Statement[],
  handlers: Record<string, StatementHandler<C>>,
  sink: DiagnosticSink,
  blockName: string,
  context?: C,
): void {
  let reader: StatementReader | undefined;
  for (const statement of statements) {
    const first = statement.atoms[0];
    if (first === undefined) {
      // A bare { ... } with no words before it.
      sink.error('FL015', statement.range, `A block needs a name before its \`{\` in ${blockName}.`);
      continue;
    }
    const handler = atomKind(first) === 'word' && Object.prototype.hasOwnProperty.call(handlers, atomText(first)) ? handlers[atomText(first)] : undefined;
    if (handler === undefined) {
      const keywords = Object.keys(handlers);
      const words = atomKind(first) === 'word' ? didYouMean(atomText(first), keywords) : '';
      sink.error(
        'FL008',
        atomRange(first),
        `\`${atomText(first)}\` is not something ${blockName} understands.${words} Expected one of: ${keywords.join(', ')}.`,
      );
      continue;
    }
    reader = reader === undefined ? new StatementReader(statement, sink) : reader.reset(statement);
    handler(statement, reader, context as C);
  }
}

/** The "`seed` is set twice" warning; returns the new value so callers can assign in one line. */
export function noteDuplicate<T extends { range: Range }>(
  previous: T | undefined,
  next: NoInfer<T>,
  sink: DiagnosticSink,
  what: string,
): T {
  if (previous !== undefined) {
    sink.warning('FL017', next.range, `\`${what}\` is already set in this block; this later line wins.`, [
      { range: previous.range, message: 'first set here' },
    ]);
  }
  return next;
}
