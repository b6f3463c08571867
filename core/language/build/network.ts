// `network { latency ...; drop 1%; duplicate ...; reorder ...; bandwidth ...; link ...; region ... }`

import { atomKind, atomRange, atomText, type Block, type Statement } from '../blocks.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import type { Latency, LinkSetting, Network } from '../ast.ts';
import { spanRanges } from '../range.ts';
import { didYouMean } from '../suggest.ts';
import { dispatchStatements } from './dispatch.ts';
import { rejectBlock, type StatementReader } from './reader.ts';

const SETTING_WORDS = ['latency', 'drop', 'duplicate', 'reorder', 'bandwidth'];

export function buildNetwork(statement: Statement, block: Block, sink: DiagnosticSink): Network {
  const network: Network = { kind: 'Network', settings: [], links: [], regions: [], range: statement.range };
  const setting = (line: Statement, reader: StatementReader) => {
    rejectBlock(line, sink, atomText(reader.peek()!));
    const value = readLinkSetting(reader);
    if (value !== undefined) {
      reader.finish();
      network.settings.push(value);
    }
  };
  dispatchStatements(
    block.statements,
    {
      latency: setting,
      drop: setting,
      duplicate: setting,
      reorder: setting,
      bandwidth: setting,
      link: (line, reader) => {
        reader.next();
        rejectBlock(line, sink, 'link');
        const from = reader.readIdentifier('a node name');
        if (from === undefined) return;
        const arrow = reader.acceptPunct('<->') ?? reader.acceptPunct('->');
        if (arrow === undefined) {
          reader.expected('`<->` (both directions) or `->` (one direction)');
          return;
        }
        const to = reader.readIdentifier('a node name');
        if (to === undefined) return;
        const settings: LinkSetting[] = [];
        while (!reader.atEnd()) {
          const value = readLinkSetting(reader);
          if (value === undefined) break;
          settings.push(value);
        }
        if (settings.length === 0 && reader.atEnd()) reader.expected('a link setting like `latency 80ms` or `drop 10%`');
        network.links.push({ kind: 'Link', from, to, bidirectional: atomText(arrow) === '<->', settings, range: line.range });
      },
      region: (line, reader) => {
        reader.next();
        rejectBlock(line, sink, 'region');
        const name = reader.readIdentifier('a region name');
        if (name === undefined) return;
        reader.acceptPunct(':');
        const nodes = reader.readNameList('node names', true);
        if (nodes === undefined) return;
        reader.finish();
        network.regions.push({ kind: 'Region', name, nodes, range: line.range });
      },
    },
    sink,
    'a network block',
  );
  return network;
}

/** One setting starting at the reader's position: `latency ...`, `drop 1%`, `bandwidth 10mbps`. */
function readLinkSetting(reader: StatementReader): LinkSetting | undefined {
  const word = reader.peek();
  if (word === undefined || atomKind(word) !== 'word' || !SETTING_WORDS.includes(atomText(word))) {
    const hint = word !== undefined && atomKind(word) === 'word' ? didYouMean(atomText(word), SETTING_WORDS) : '';
    if (word !== undefined && hint !== '') {
      reader.sink.error('FL008', atomRange(word), `\`${atomText(word)}\` is not a link setting.${hint}`);
      return undefined;
    }
    return reader.expected(`a link setting (${SETTING_WORDS.join(', ')})`);
  }
  reader.next();
  const start = atomRange(word);
  switch (atomText(word)) {
    case 'latency':
      return readLatency(reader, start);
    case 'bandwidth': {
      const value = reader.readBandwidth();
      return value && { kind: 'BandwidthSetting', value, range: spanRanges(start, value.range) };
    }
    default: {
      const percent = reader.readPercent();
      const kind = atomText(word) === 'drop' ? 'Drop' : atomText(word) === 'duplicate' ? 'Duplicate' : 'Reorder';
      return percent && { kind, percent, range: spanRanges(start, percent.range) };
    }
  }
}

/** `latency 5ms` | `latency 2ms..10ms` | `latency normal 5ms sd 2ms` | `latency exponential 5ms` */
function readLatency(reader: StatementReader, start: Statement['range']): Latency | undefined {
  if (reader.acceptWords('normal')) {
    const mean = reader.readDuration();
    if (mean === undefined) return undefined;
    if (!reader.acceptWords('sd')) return reader.expected('`sd` and a standard deviation (as in `normal 5ms sd 2ms`)');
    const sd = reader.readDuration();
    if (sd === undefined) return undefined;
    return { kind: 'Latency', distribution: 'normal', first: mean, second: sd, range: spanRanges(start, sd.range) };
  }
  if (reader.acceptWords('exponential')) {
    const mean = reader.readDuration();
    if (mean === undefined) return undefined;
    return { kind: 'Latency', distribution: 'exponential', first: mean, range: spanRanges(start, mean.range) };
  }
  if (reader.acceptWords('uniform')) {
    // `latency uniform 2ms..10ms` reads the same as `latency 2ms..10ms`.
  }
  const value = reader.readDurationOrRange();
  if (value === undefined) return undefined;
  if (value.kind === 'Duration') return { kind: 'Latency', distribution: 'fixed', first: value, range: spanRanges(start, value.range) };
  return { kind: 'Latency', distribution: 'uniform', first: value.min, second: value.max, range: spanRanges(start, value.range) };
}
