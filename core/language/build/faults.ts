// `faults { at T ACTION | from T to T ACTION | every T random WHAT ... }`

import { atomKind, atomRange, atomText, type Block, type Statement } from '../blocks.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import type { Duration, Fault, FaultAction, FaultTiming, Faults, Identifier, MessageFault, PartitionShape, Percent, RandomFault } from '../ast.ts';
import { spanRanges, type Range } from '../range.ts';
import { didYouMean } from '../suggest.ts';
import { StatementReader } from './reader.ts';

export const FAULT_ACTIONS = ['crash', 'restart', 'pause', 'partition', 'heal', 'drop', 'delay', 'duplicate', 'deliver', 'skew'] as const;
/**
 * Fault words that act on one message when followed by `next`, or by a message type and a link
 * and `sent at` (`deliver` only does).
 */
export const MESSAGE_FAULTS = ['drop', 'duplicate', 'delay', 'deliver'] as const;
/** Why a message fault line takes only `at T` with one time: what makes a saved fork replay. */
const MESSAGE_FAULT_MOMENT =
  'acts on one message at one fixed moment, so it is written `at TIME` with a single time (as in `at 2s drop next AppendEntries n1 -> n2`): not in a window, not in a time range, not random';
export const RANDOM_FAULTS = ['crash', 'pause', 'partition', 'skew', 'drop'] as const;
const TIMING_WORDS = ['at', 'from', 'every'];
/** What a reader says it wanted, made once rather than for every line read. */
const RANDOM_WANTED = `a random fault (${RANDOM_FAULTS.join(', ')})`;

export function buildFaults(statement: Statement, block: Block, sink: DiagnosticSink): Faults {
  const faults: Faults = { kind: 'Faults', items: [], range: statement.range };
  let braceGroups = false;
  let reader: StatementReader | undefined;
  for (const line of block.statements) {
    const last = line.atoms[line.atoms.length - 1];
    if (line.block !== undefined && atomText(last) === 'partition') {
      // `partition {n1} | {n2, n3}` (an older draft): say how groups are written now.
      sink.error('FL015', line.block.range, 'Partition groups are written without braces: `partition n1 | n2, n3`.');
      braceGroups = true;
      continue;
    }
    if (braceGroups && atomText(line.atoms[0]) === '|') continue; // the rest of that same line
    braceGroups = false;
    if (line.block !== undefined && line.atoms.length > 0) sink.error('FL015', line.block.range, 'A fault does not take a { block }.');
    reader = reader === undefined ? new StatementReader(line, sink) : reader.reset(line);
    const fault = readFault(line, reader);
    if (fault !== undefined) {
      reader.finish();
      faults.items.push(fault);
    }
  }
  return faults;
}

function readFault(line: Statement, reader: StatementReader): Fault | undefined {
  const first = reader.peek();
  if (first === undefined) {
    reader.sink.error('FL015', line.range, 'A fault starts with `at`, `from` or `every`, not a block.');
    return undefined;
  }
  const timing = readTiming(reader);
  if (timing === undefined) {
    if (atomKind(first) === 'word' && reader.position === 0) {
      const isAction = (FAULT_ACTIONS as readonly string[]).includes(atomText(first));
      reader.sink.error(
        'FL008',
        atomRange(first),
        isAction
          ? `\`${atomText(first)}\` needs a time first: \`at 2s ${atomText(first)} ...\`, \`from 1s to 4s ...\` or \`every 2s..5s random ...\`.`
          : `\`${atomText(first)}\` is not how a fault starts.${didYouMean(atomText(first), TIMING_WORDS)} A fault starts with \`at\`, \`from\` or \`every\`.`,
      );
    }
    return undefined;
  }
  const action = timing.kind === 'Every' ? readRandom(reader) : readAction(reader, timing.kind === 'Window');
  if (action === undefined) return undefined;
  if (action.kind === 'Message' && (timing.kind !== 'At' || timing.at.kind !== 'Duration')) {
    reader.sink.error('FL009', timing.range, `\`${messageFaultName(action.effect, action.sentAt === undefined)}\` ${MESSAGE_FAULT_MOMENT}.`);
    return undefined;
  }
  if (action.kind === 'Message' && timing.kind === 'At' && timing.at.kind === 'Duration' && !sentInTime(action, timing.at, reader)) return undefined;
  return { kind: 'Fault', timing, action, range: line.range };
}

function readTiming(reader: StatementReader): FaultTiming | undefined {
  const start = atomRange(reader.peek());
  if (start === undefined) return undefined;
  if (reader.acceptWords('at')) {
    const at = reader.readDurationOrRange();
    return at && { kind: 'At', at, range: spanRanges(start, at.range) };
  }
  if (reader.acceptWords('from')) {
    const from = reader.readDuration();
    if (from === undefined) return undefined;
    if (!reader.acceptWords('to')) return reader.expected('`to` and the end of the window (as in `from 1s to 4s`)');
    const to = reader.readDuration();
    if (to === undefined) return undefined;
    const range = spanRanges(start, to.range);
    if (to.us <= from.us) reader.sink.error('FL016', range, `The window \`from ${from.text} to ${to.text}\` ends before it starts.`);
    return { kind: 'Window', from, to, range };
  }
  if (reader.acceptWords('every')) {
    const every = reader.readDurationOrRange();
    if (every === undefined) return undefined;
    if (isMessageFault(reader, 0)) return messageFaultNotRandom(reader, 0);
    if (!reader.isWord('random')) return reader.expected('`random` and a fault (as in `every 2s..5s random crash for 1s`)');
    return { kind: 'Every', every, range: spanRanges(start, every.range) };
  }
  return undefined;
}

function readAction(reader: StatementReader, inWindow: boolean): FaultAction | undefined {
  const word = reader.peek();
  if (word === undefined || atomKind(word) !== 'word' || !(FAULT_ACTIONS as readonly string[]).includes(atomText(word))) {
    if (word !== undefined && atomKind(word) === 'word') {
      reader.sink.error('FL008', atomRange(word), `\`${atomText(word)}\` is not a fault.${didYouMean(atomText(word), FAULT_ACTIONS)} Faults: ${FAULT_ACTIONS.join(', ')}.`);
      return undefined;
    }
    return reader.expected(`a fault (${FAULT_ACTIONS.join(', ')})`);
  }
  if (isMessageFault(reader, 0) || atomText(word) === 'deliver') return readMessageFault(reader);
  reader.next();
  const start = atomRange(word);
  switch (atomText(word)) {
    case 'crash':
    case 'restart': {
      if (atomText(word) === 'restart' && inWindow) return momentOnly(reader, atomText(word), start);
      const node = reader.readIdentifier('a node name');
      return node && { kind: atomText(word) === 'crash' ? 'Crash' : 'Restart', node, range: spanRanges(start, node.range) };
    }
    case 'pause': {
      const node = reader.readIdentifier('a node name');
      if (node === undefined) return undefined;
      if (inWindow) return { kind: 'Pause', node, range: spanRanges(start, node.range) };
      if (!reader.acceptWords('for')) return reader.expected('`for` and how long (as in `pause n1 for 1s`)');
      const duration = reader.readDuration();
      return duration && { kind: 'Pause', node, duration, range: spanRanges(start, duration.range) };
    }
    case 'partition': {
      const shape = readPartitionShape(reader);
      return shape && { kind: 'Partition', shape, range: spanRanges(start, shape.range) };
    }
    case 'heal':
      if (inWindow) return momentOnly(reader, atomText(word), start);
      return { kind: 'Heal', range: start };
    case 'skew': {
      const node = reader.readIdentifier('a node name');
      if (node === undefined) return undefined;
      const delta = reader.readDuration(true);
      return delta && { kind: 'Skew', node, delta, range: spanRanges(start, delta.range) };
    }
    default: {
      // drop / duplicate take a percentage, delay a duration; then optional links.
      const effect = atomText(word) as 'drop' | 'delay' | 'duplicate';
      const amount: Percent | Duration | undefined = effect === 'delay' ? reader.readDuration() : reader.readPercent();
      if (amount === undefined) return undefined;
      let from: Identifier[] = [];
      let to: Identifier[] = [];
      let bidirectional = true;
      if (!reader.atEnd()) {
        from = reader.readNameList('node names') ?? [];
        if (from.length === 0) return undefined;
        const arrow = reader.acceptPunct('<->') ?? reader.acceptPunct('->');
        if (arrow === undefined) return reader.expected('`->` or `<->` between node names');
        bidirectional = atomText(arrow) === '<->';
        to = reader.readNameList('node names') ?? [];
        if (to.length === 0) return undefined;
      }
      return { kind: 'LinkFault', effect, amount, from, to, bidirectional, range: spanRanges(start, reader.previousRange()) };
    }
  }
}

/**
 * `drop next TYPE A -> B`, `duplicate next ...`, `deliver next ...`, `delay next ... by D`; or one
 * message by its send time: `drop TYPE A -> B sent at S`, `delay TYPE A -> B sent at S by D`.
 */
function readMessageFault(reader: StatementReader): MessageFault | undefined {
  const word = reader.next()!;
  const start = atomRange(word);
  const effect = atomText(word) as MessageFault['effect'];
  const byNext = reader.acceptWords('next');
  if (!byNext && atomKind(reader.peek()) !== 'word') {
    return reader.expected(`\`next\`, a message type and a link (as in \`${effect} next AppendEntries n1 -> n2\`), or a message type, a link and when it was sent (as in \`${effect} AppendEntries n1 -> n2 sent at 2.301s\`)`);
  }
  const messageType = reader.readIdentifier('a message type (as in `AppendEntries`)');
  if (messageType === undefined) return undefined;
  const from = reader.readIdentifier('the sending node');
  if (from === undefined) return undefined;
  if (reader.acceptPunct('->') === undefined) {
    return reader.expected('`->` between the sending and the receiving node (one direction: a message has one sender and one receiver)');
  }
  const to = reader.readIdentifier('the receiving node');
  if (to === undefined) return undefined;
  const fault: MessageFault = { kind: 'Message', effect, messageType, from, to, range: spanRanges(start, to.range) };
  if (byNext && reader.isWord('sent')) {
    reader.sink.error('FL009', atomRange(reader.peek())!, `\`next\` and \`sent at\` both say which message: write one, \`${effect} next ${messageType.name} ${from.name} -> ${to.name}\` or \`${effect} ${messageType.name} ${from.name} -> ${to.name} sent at TIME\`.`);
    reader.markFailed();
    return undefined;
  }
  if (!byNext) {
    const sentAt = readSendTime(reader, effect);
    if (sentAt === undefined) return undefined;
    fault.sentAt = sentAt;
    fault.range = spanRanges(start, sentAt.range);
  }
  if (effect === 'delay') {
    if (!reader.acceptWords('by')) return reader.expected('`by` and how much later it arrives (as in `delay next AppendEntries n1 -> n2 by 200ms`)');
    const delay = reader.readDuration();
    if (delay === undefined) return undefined;
    fault.delay = delay;
    fault.range = spanRanges(start, delay.range);
  }
  return fault;
}

/**
 * `sent at S` after a message's link: when the one message the line names was sent. One moment,
 * written as any time is; `by D` of a delay comes after it.
 */
function readSendTime(reader: StatementReader, effect: MessageFault['effect']): Duration | undefined {
  const example = `\`${effect} AppendEntries n1 -> n2 sent at 2.301s${effect === 'delay' ? ' by 200ms' : ''}\``;
  if (reader.isWord('by') && effect === 'delay') {
    return reader.expected(`\`sent at\` and when the message was sent, before \`by\` (as in ${example})`);
  }
  if (!reader.acceptWords('sent', 'at')) {
    return reader.expected(`\`sent at\` and when the message was sent (as in ${example}; or \`next\` before the type, for the next one on the link)`);
  }
  const sentAt = reader.readDuration();
  if (sentAt === undefined) return undefined;
  if (reader.isPunct('..')) {
    const end = reader.peek(1) ?? reader.peek()!; // the range's other end, or the `..` alone
    reader.sink.error('FL009', spanRanges(sentAt.range, atomRange(end)), `A message is sent at one moment: \`sent at ${sentAt.text}\`, not a range. The line names exactly one message.`);
    reader.markFailed();
    return undefined;
  }
  return sentAt;
}

/**
 * A `sent at` line names a message on its way at the line's moment, so one sent at or before it:
 * a later send time names a message that cannot be there yet.
 */
function sentInTime(action: MessageFault, at: Duration, reader: StatementReader): boolean {
  if (action.sentAt === undefined || action.sentAt.us <= at.us) return true;
  reader.sink.error(
    'FL009',
    action.sentAt.range,
    `\`sent at ${action.sentAt.text}\` is after the line's time \`at ${at.text}\`: the line acts on a message already on its way at ${at.text}, so it was sent at ${at.text} or before.`,
  );
  reader.markFailed();
  return false;
}

/** `drop next` or `drop … sent at`: the line's form, as messages name it. */
function messageFaultName(effect: string, byNext: boolean): string {
  return byNext ? `${effect} next` : `${effect} … sent at`;
}

/**
 * The words at `offset` read `drop next`, `delay next`, ...: a message fault; or `drop TYPE A ->`,
 * a message named by its type and link (a loss window takes a percentage first, `drop 5% n1 -> n2`).
 */
function isMessageFault(reader: StatementReader, offset: number): boolean {
  if (!(MESSAGE_FAULTS as readonly string[]).includes(atomText(reader.peek(offset)) ?? '')) return false;
  if (reader.isWord('next', offset + 1)) return true;
  return atomKind(reader.peek(offset + 1)) === 'word' && atomKind(reader.peek(offset + 2)) === 'word' && reader.isPunct('->', offset + 3);
}

function messageFaultNotRandom(reader: StatementReader, offset: number): undefined {
  const word = reader.peek(offset);
  reader.sink.error('FL009', atomRange(word)!, `\`${messageFaultName(atomText(word)!, reader.isWord('next', offset + 1))}\` ${MESSAGE_FAULT_MOMENT}.`);
  reader.markFailed();
  return undefined;
}

function momentOnly(reader: StatementReader, word: string, range: Range): undefined {
  reader.sink.error('FL009', range, `\`${word}\` happens at one moment; write \`at 5s ${word} ...\` instead of a window.`);
  return undefined;
}

/** `n1 | n2, n3` · `n1 -> n2, n3` · `n1 <-> n2` · `majorities ring` · `bridge n3` */
function readPartitionShape(reader: StatementReader): PartitionShape | undefined {
  const start = atomRange(reader.peek());
  if (reader.acceptWords('majorities', 'ring')) return { kind: 'MajoritiesRing', range: spanRanges(start!, reader.previousRange()) };
  if (reader.acceptWords('bridge')) {
    const node = reader.readIdentifier('the bridge node');
    return node && { kind: 'Bridge', node, range: spanRanges(start!, node.range) };
  }
  const first = reader.readNameList('node names, or `majorities ring`, or `bridge NODE`');
  if (first === undefined) return undefined;
  const arrow = reader.acceptPunct('<->') ?? reader.acceptPunct('->');
  if (arrow !== undefined) {
    const to = reader.readNameList('node names');
    const kind = atomText(arrow) === '<->' ? 'BothWays' : 'OneWay';
    return to && { kind, from: first, to, range: spanRanges(start!, to[to.length - 1]!.range) };
  }
  const groups = [first];
  while (reader.acceptPunct('|') !== undefined) {
    const group = reader.readNameList('node names');
    if (group === undefined) return undefined;
    groups.push(group);
  }
  const last = groups[groups.length - 1]!;
  return { kind: 'Groups', groups, range: spanRanges(start!, last[last.length - 1]!.range) };
}

/** `random crash for 1s..3s on n1, n2`, `random skew 1s for 2s`, `random drop 30% for 1s` */
function readRandom(reader: StatementReader): RandomFault | undefined {
  const start = atomRange(reader.next()!); // `random`
  if (isMessageFault(reader, 0)) return messageFaultNotRandom(reader, 0);
  const word = reader.readIdentifier(RANDOM_WANTED);
  if (word === undefined) return undefined;
  if (!(RANDOM_FAULTS as readonly string[]).includes(word.name)) {
    reader.sink.error('FL008', word.range, `\`${word.name}\` cannot be random.${didYouMean(word.name, RANDOM_FAULTS)} Random faults: ${RANDOM_FAULTS.join(', ')}.`);
    return undefined;
  }
  const random: RandomFault = { kind: 'Random', what: word.name as RandomFault['what'], nodes: [], range: start };
  if (random.what === 'skew') {
    const magnitude = reader.readDuration();
    if (magnitude === undefined) return undefined;
    random.magnitude = magnitude;
  } else if (random.what === 'drop') {
    const magnitude = reader.readPercent();
    if (magnitude === undefined) return undefined;
    random.magnitude = magnitude;
  }
  while (!reader.atEnd()) {
    if (reader.acceptWords('for')) {
      const duration = reader.readDurationOrRange();
      if (duration === undefined) return undefined;
      random.duration = duration;
    } else if (reader.acceptWords('on')) {
      const nodes = reader.readNameList('node names');
      if (nodes === undefined) return undefined;
      random.nodes = nodes;
    } else {
      return reader.expected('`for` (how long) or `on` (which nodes)');
    }
  }
  random.range = spanRanges(start, reader.previousRange());
  if (random.duration === undefined) {
    return reader.expected(`\`for\` and how long each ${random.what} lasts (as in \`random ${random.what} for 1s..3s\`)`);
  }
  return random;
}
