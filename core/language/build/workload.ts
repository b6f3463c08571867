// `workload { client NAME [* COUNT] [near NODE | in REGION] { operations and settings } }`

import { atomKind, atomRange, atomText, type Block, type Statement } from '../blocks.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import type { Client, ClientPlace, Identifier, Operation, Retry, Workload } from '../ast.ts';
import { spanRanges } from '../range.ts';
import { dispatchStatements, noteDuplicate, type StatementHandler } from './dispatch.ts';
import { rejectBlock, type StatementReader } from './reader.ts';
import { didYouMean } from '../suggest.ts';

export const OPERATIONS = ['read', 'write', 'cas', 'append', 'increment', 'transfer', 'lock', 'request'] as const;
export const READ_TARGETS = ['leader', 'primary', 'any', 'replicas', 'follower'] as const;
export const BACKOFFS = ['none', 'constant', 'exponential'] as const;
export const JITTERS = ['none', 'full', 'equal', 'decorrelated'] as const;
/** What the reader says it wanted, made once rather than for every line read. */
const READ_TARGETS_WANTED = `where reads go (${READ_TARGETS.join(', ')})`;
/** Words that end a key list on an operation line. */
const OPERATION_WORDS = new Set(['every', 'timeout', 'from']);

export function buildWorkload(statement: Statement, block: Block, sink: DiagnosticSink): Workload {
  const workload: Workload = { kind: 'Workload', clients: [], range: statement.range };
  dispatchStatements(
    block.statements,
    {
      client: (line, reader) => {
        reader.next();
        const name = reader.readIdentifier('a client name');
        if (name === undefined) return;
        const client: Client = { kind: 'Client', name, ops: [], range: line.range };
        if (reader.acceptPunct('*') !== undefined) {
          const count = reader.readInt();
          if (count !== undefined) client.count = count;
        }
        const place = readPlace(reader);
        if (place !== undefined) client.place = place;
        reader.finish();
        if (line.block === undefined) {
          sink.error('FL015', line.range, `Client \`${name.name}\` needs a block with its operations: client ${name.name} { write x every 100ms }`);
        } else {
          buildClientBody(client, line.block.statements, sink);
        }
        workload.clients.push(client);
      },
    },
    sink,
    'a workload block',
  );
  return workload;
}

/** `near NODE` or `in REGION` after the client's name, when written. */
function readPlace(reader: StatementReader): ClientPlace | undefined {
  const word = reader.peek();
  const text = atomText(word);
  if (text !== 'near' && text !== 'in') return undefined;
  reader.next();
  const target = reader.readIdentifier(text === 'near' ? 'the node the client sits beside (as in `near n1`)' : 'a region name (as in `in eu`)');
  return target && { kind: 'Place', word: text, target, range: spanRanges(atomRange(word)!, target.range) };
}

/**
 * The statements of a client block. The handlers are made once, for every client, and are
 * told which client to fill in: a fresh set of closures per client was a measurable part of
 * reading a big file (and more so under tsx, which names every closure it creates).
 */
function buildClientBody(client: Client, statements: readonly Statement[], sink: DiagnosticSink): void {
  dispatchStatements(statements, CLIENT_HANDLERS, sink, `client \`${client.name.name}\``, client);
}

function readOperation(line: Statement, reader: StatementReader, client: Client): void {
  const sink = reader.sink;
  rejectBlock(line, sink, atomText(reader.peek()!));
  const opAtom = reader.next()!;
  const op: Identifier = { kind: 'Identifier', name: atomText(opAtom), range: atomRange(opAtom) };
  if (op.name === 'read' && reader.isWord('from')) {
    readFrom(line, reader, client);
    return;
  }
  const operation: Operation = { kind: 'Operation', op, keys: [], range: line.range };
  if (atomKind(reader.peek()) === 'word' && !OPERATION_WORDS.has(atomText(reader.peek()!))) {
    operation.keys = reader.readNameList('a key') ?? [];
  }
  while (!reader.atEnd()) {
    if (reader.acceptWords('every')) {
      const every = reader.readDurationOrRange();
      if (every === undefined) break;
      operation.every = every;
    } else if (reader.acceptWords('timeout')) {
      const value = reader.readDuration();
      if (value === undefined) break;
      client.timeout = noteDuplicate(client.timeout, { kind: 'Timeout', value, range: line.range }, sink, 'timeout');
    } else if (reader.acceptWords('from')) {
      const target = readTarget(reader);
      if (target === undefined) break;
      client.readFrom = { kind: 'ReadFrom', target, range: line.range };
    } else {
      reader.expected('`every`, `timeout` or `from`');
      break;
    }
  }
  client.ops.push(operation);
}

function readFrom(line: Statement, reader: StatementReader, client: Client): void {
  reader.acceptWords('from');
  const target = readTarget(reader);
  reader.finish();
  if (target !== undefined) client.readFrom = noteDuplicate(client.readFrom, { kind: 'ReadFrom', target, range: line.range }, reader.sink, 'read from');
}

const CLIENT_HANDLERS: Record<string, StatementHandler<Client>> = {
  ...Object.fromEntries(OPERATIONS.map((op) => [op, readOperation])),
  timeout: (line, reader, client) => {
    reader.next();
    rejectBlock(line, reader.sink, 'timeout');
    const value = reader.readDuration();
    reader.finish();
    if (value !== undefined) client.timeout = noteDuplicate(client.timeout, { kind: 'Timeout', value, range: line.range }, reader.sink, 'timeout');
  },
  retry: (line, reader, client) => {
    rejectBlock(line, reader.sink, 'retry');
    const retry = readRetry(line, reader);
    if (retry !== undefined) client.retry = noteDuplicate(client.retry, retry, reader.sink, 'retry');
  },
  idempotency: (line, reader, client) => {
    reader.next();
    rejectBlock(line, reader.sink, 'idempotency');
    if (!reader.acceptWords('key') && !reader.acceptWords('keys')) {
      reader.expected('`key` (as in `idempotency key ttl 1h`)');
      return;
    }
    const idempotency: NonNullable<Client['idempotency']> = { kind: 'Idempotency', range: line.range };
    if (reader.acceptWords('ttl')) {
      const ttl = reader.readDuration();
      if (ttl === undefined) return;
      idempotency.ttl = ttl;
    }
    reader.finish();
    client.idempotency = noteDuplicate(client.idempotency, idempotency, reader.sink, 'idempotency key');
  },
  closed: (line, reader, client) => {
    reader.next();
    rejectBlock(line, reader.sink, 'closed loop');
    if (!reader.acceptWords('loop')) {
      reader.expected('`loop` (as in `closed loop`)');
      return;
    }
    reader.finish();
    client.closedLoop = { kind: 'ClosedLoop', range: line.range };
  },
  start: (line, reader, client) => {
    const at = readAt(line, reader, 'start');
    if (at !== undefined) client.startAt = noteDuplicate(client.startAt, { kind: 'StartAt', at, range: line.range }, reader.sink, 'start at');
  },
  stop: (line, reader, client) => {
    const at = readAt(line, reader, 'stop');
    if (at !== undefined) client.stopAt = noteDuplicate(client.stopAt, { kind: 'StopAt', at, range: line.range }, reader.sink, 'stop at');
  },
};

function readAt(line: Statement, reader: StatementReader, word: string) {
  reader.next();
  rejectBlock(line, reader.sink, word);
  if (!reader.acceptWords('at')) return reader.expected(`\`at\` (as in \`${word} at 1s\`)`);
  const at = reader.readDuration();
  if (at !== undefined) reader.finish();
  return at;
}

function readTarget(reader: StatementReader): Identifier | undefined {
  const target = reader.readIdentifier(READ_TARGETS_WANTED);
  if (target === undefined) return undefined;
  if (!(READ_TARGETS as readonly string[]).includes(target.name)) {
    reader.sink.error('FL024', target.range, `Reads cannot go to \`${target.name}\`.${didYouMean(target.name, READ_TARGETS)} Choices: ${READ_TARGETS.join(', ')}.`);
    return undefined;
  }
  return target;
}

/** `retry 3 backoff exponential 50ms..2s jitter full`, `retry forever backoff constant 100ms` */
function readRetry(line: Statement, reader: StatementReader): Retry | undefined {
  reader.next();
  const retry: Retry = { kind: 'Retry', range: line.range };
  if (!reader.acceptWords('forever')) {
    const count = reader.readInt();
    if (count === undefined) return undefined;
    retry.count = count;
  }
  while (!reader.atEnd()) {
    if (reader.acceptWords('backoff')) {
      const kind = readChoice(reader, BACKOFFS, 'backoff');
      if (kind === undefined) return retry;
      retry.backoff = kind;
      if (reader.isQuantity()) {
        const delay = reader.readDurationOrRange();
        if (delay === undefined) return retry;
        retry.backoffDelay = delay;
      }
    } else if (reader.acceptWords('jitter')) {
      const kind = readChoice(reader, JITTERS, 'jitter');
      if (kind === undefined) return retry;
      retry.jitter = kind;
    } else {
      reader.expected('`backoff` or `jitter`');
      return retry;
    }
  }
  return retry;
}

function readChoice(reader: StatementReader, choices: readonly string[], what: string): Identifier | undefined {
  // Checked here so the "expected" text is made only when it is reported.
  if (atomKind(reader.peek()) !== 'word') return reader.expected(`a ${what} (${choices.join(', ')})`);
  const word = reader.readIdentifier()!;
  if (!choices.includes(word.name)) {
    reader.sink.error('FL024', word.range, `\`${word.name}\` is not a ${what}.${didYouMean(word.name, choices)} Choices: ${choices.join(', ')}.`);
    return undefined;
  }
  return word;
}
