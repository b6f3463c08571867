// Protocol option lines are generic: words naming the option, then its value. The words are
// matched against the protocol's declarations (longest name first, so `heartbeat every` wins
// over a hypothetical `heartbeat`), and the value is read according to the declared type.

import { atomKind, atomRange, atomText, type Statement } from '../blocks.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import type { Identifier, OptionValueNode, ProtocolOption } from '../ast.ts';
import type { OptionDeclaration, ProtocolDeclaration } from '../../protocols/options-registry.ts';
import { spanRanges } from '../range.ts';
import { didYouMean } from '../suggest.ts';
import { StatementReader } from './reader.ts';

const BOOL_WORDS: Record<string, boolean> = { on: true, off: false, true: true, false: false, yes: true, no: false };

export function buildOptions(protocol: ProtocolDeclaration, statements: readonly Statement[], sink: DiagnosticSink): ProtocolOption[] {
  const declarations = wordsOf(protocol);
  const seen = new Map<string, ProtocolOption>();
  const options: ProtocolOption[] = [];
  let shared: StatementReader | undefined;
  for (const statement of statements) {
    shared = shared === undefined ? new StatementReader(statement, sink) : shared.reset(statement);
    const reader = shared;
    const declaration = declarations.find((d) => reader.acceptPhrase(d.words))?.declaration;
    if (statement.block !== undefined) sink.error('FL015', statement.block.range, 'Protocol options do not take a { block }.');
    if (statement.atoms.length === 0) continue; // a bare { ... }: reported just above
    if (declaration === undefined) {
      reportUnknownOption(protocol, statement, sink);
      continue;
    }
    const nameRange = spanRanges(atomRange(statement.atoms[0]!), atomRange(reader.atoms[reader.position - 1]!));
    const option: ProtocolOption = { kind: 'Option', name: declaration.name, nameRange, range: statement.range };
    const value = readOptionValue(declaration, reader);
    if (value !== undefined) {
      option.value = value;
      reader.finish();
    }
    const previous = seen.get(declaration.name);
    if (previous !== undefined && declaration.repeatable !== true) {
      sink.warning('FL017', statement.range, `\`${declaration.name}\` is already set for ${protocol.name}; this later line wins.`, [
        { range: previous.range, message: 'first set here' },
      ]);
    }
    seen.set(declaration.name, option);
    options.push(option);
  }
  return options;
}

type WordedDeclaration = { words: readonly string[]; declaration: OptionDeclaration };
const wordsCache = new WeakMap<ProtocolDeclaration, WordedDeclaration[]>();

/** Each option name split into words, longest names first so `heartbeat every` is tried before
 *  any shorter name it starts with; computed once per protocol. */
function wordsOf(protocol: ProtocolDeclaration): WordedDeclaration[] {
  let list = wordsCache.get(protocol);
  if (list === undefined) {
    list = protocol.options.map((declaration) => ({ words: declaration.name.split(' '), declaration }));
    list.sort((a, b) => b.words.length - a.words.length);
    wordsCache.set(protocol, list);
  }
  return list;
}

function reportUnknownOption(protocol: ProtocolDeclaration, statement: Statement, sink: DiagnosticSink): void {
  // The option name is the leading words; quote them (up to the first value) in the message.
  const words: string[] = [];
  for (const atom of statement.atoms) {
    if (atomKind(atom) !== 'word') break;
    words.push(atomText(atom));
  }
  const written = words.length > 0 ? words.join(' ') : atomText(statement.atoms[0]) ?? '';
  const lastWord = statement.atoms[Math.max(0, words.length - 1)];
  const range = lastWord !== undefined ? spanRanges(atomRange(statement.atoms[0]!), atomRange(lastWord)) : statement.range;
  const names = protocol.options.map((o) => o.name);
  // Try the whole phrase, then each prefix, so `election timout 150ms` still finds its match.
  let hint = '';
  for (let k = words.length; k > 0 && hint === ''; k--) hint = didYouMean(words.slice(0, k).join(' '), names);
  sink.error('FL023', range, `${protocol.name} has no option \`${written}\`.${hint} Its options: ${names.join(', ')}.`);
}

function readOptionValue(declaration: OptionDeclaration, reader: StatementReader): OptionValueNode | undefined {
  switch (declaration.type) {
    case 'duration':
      return reader.readDuration();
    case 'duration-range':
      return reader.readDurationOrRange();
    case 'int': {
      const value = reader.readInt();
      if (value !== undefined && declaration.min !== undefined && value.value < declaration.min) {
        reader.sink.error('FL024', value.range, `\`${declaration.name}\` must be at least ${declaration.min}.`);
        return undefined;
      }
      return value;
    }
    case 'percent':
      return reader.readPercent();
    case 'rate':
      return reader.readRate();
    case 'bool': {
      const atom = reader.peek();
      if (atom === undefined || atomKind(atom) !== 'word' || !(atomText(atom) in BOOL_WORDS)) {
        if (atom !== undefined && atomKind(atom) === 'word') {
          reader.sink.error('FL024', atomRange(atom), `\`${declaration.name}\` is \`on\` or \`off\`, not \`${atomText(atom)}\`.`);
          return undefined;
        }
        return reader.expected('`on` or `off`');
      }
      reader.next();
      return { kind: 'Bool', value: BOOL_WORDS[atomText(atom)]!, range: atomRange(atom) };
    }
    case 'enum': {
      const values = declaration.values ?? [];
      // Checked here so the "expected" text is made only when it is reported.
      if (atomKind(reader.peek()) !== 'word') return reader.expected(`one of ${values.join(', ')}`);
      const word = reader.readIdentifier()!;
      if (!values.includes(word.name)) {
        reader.sink.error(
          'FL024',
          word.range,
          `\`${declaration.name}\` cannot be \`${word.name}\`.${didYouMean(word.name, values)} Choices: ${values.join(', ')}.`,
        );
        return undefined;
      }
      return { kind: 'Words', words: [word], range: word.range };
    }
    case 'names': {
      const names = reader.readNameList('node names');
      if (names === undefined) return undefined;
      return { kind: 'Words', words: names, range: spanRanges(names[0]!.range, names[names.length - 1]!.range) };
    }
    case 'words': {
      const words: Identifier[] = [];
      while (!reader.atEnd()) {
        const atom = reader.next()!;
        words.push({ kind: 'Identifier', name: atomText(atom), range: atomRange(atom) });
      }
      if (words.length === 0) return reader.expected('some words');
      return { kind: 'Words', words, range: spanRanges(words[0]!.range, words[words.length - 1]!.range) };
    }
  }
}
