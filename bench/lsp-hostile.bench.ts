// The language server on hostile inputs up to 1 MB, through the real server over JSON-RPC:
// every request kind at several positions of each input, the first diagnostics after open and
// after an edit, and the server's peak memory. Issue 20's targets: every request on any input
// ≤ 1 MB answered within 1 s; the server's peak memory ≤ 1 GB.
//
//   node --import tsx bench/lsp-hostile.bench.ts [--repeat N] [--only NAME]
//
// One fresh server per input (bundled as dist/server.cjs is), so each peak RSS (VmHWM) is that
// input's own. Latency is measured at the client, one request at a time: queueing behind an
// earlier request would hide which request is slow. A request with no answer after 60 s is
// printed as a hang and the input abandoned.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, root } from '../test/lsp/lsp-client.ts';
import { flag } from './shared.ts';

const MAX_BYTES = 1_000_000;
const HANG_MS = 60_000;

type Position = { line: number; character: number };

function fill(unit: (i: number) => string, head = '', tail = ''): string {
  const parts: string[] = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const part = unit(i);
    if (size + part.length > MAX_BYTES) break;
    parts.push(part);
    size += part.length;
  }
  parts.push(tail);
  return parts.join('');
}

const samples = readdirSync(join(root, 'samples'))
  .filter((f) => f.endsWith('.fault'))
  .sort()
  .map((f) => readFileSync(join(root, 'samples', f), 'utf8'));

/** Each input ≤ 1 MB, named for what it stresses. */
const INPUTS: Array<[string, () => string]> = [
  ['deep nesting (1 MB of braces)', () => {
    const third = Math.floor(MAX_BYTES / 3) - 10;
    return `scenario "deep" {\n${'{'.repeat(third)}\n${'{\n'.repeat(third / 2)}${'}\n'.repeat(third / 2)}}\n`;
  }],
  ['2,000 scenarios chained by extends', () => {
    const parts = ['scenario "s0" {\n  run for 1s\n  cluster {\n    nodes 3\n    protocol raft\n  }\n}\n'];
    for (let i = 1; i < 2_000; i++) parts.push(`scenario "s${i}" extends "s${i - 1}" {\n  seed ${i}\n  faults {\n    at ${i}ms crash n1\n  }\n}\n`);
    return parts.join('');
  }],
  ['chain of extends to 1 MB (~17,000 scenarios)', () =>
    fill((i) => (i === 0 ? 'scenario "s0" {\n  run for 1s\n  cluster {\n    nodes 3\n  }\n}\n' : `scenario "s${i}" extends "s${i - 1}" {\n  seed ${i}\n}\n`))],
  ['10,000-name node list', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `node${i}`).join(', ');
    return `scenario "many names" {\n  run for 1s\n  cluster {\n    nodes ${names}\n    protocol raft\n  }\n  faults {\n    at 1s crash node5000\n    at 2s partition node1, node2 | node9999\n  }\n  expect {\n    one leader per term\n  }\n}\n`;
  }],
  ['node list to 1 MB (one line)', () => fill((i) => `${i === 0 ? '' : ', '}n${i}`, 'scenario "wide" {\n  cluster {\n    nodes ', '\n  }\n}\n')],
  ['1 MB single line (samples joined)', () => fill((i) => samples[i % samples.length]!.replaceAll(/\/\/[^\n]*/g, '').replaceAll('\n', ' ') + ' ')],
  ['many small scenarios (to 1 MB)', () => fill((i) => `scenario "s${i}" {\n  run for 1s\n  cluster {\n    nodes 3\n    protocol raft\n  }\n  faults {\n    at 100ms crash n${(i % 3) + 1}\n  }\n}\n`)],
  ['samples concatenated to 1 MB', () => fill((i) => `${samples[i % samples.length]!.replaceAll(/scenario "([^"]*)"/g, `scenario "$1 #${i}"`)}\n`)],
  ['1 MB unterminated string and comment', () => `scenario "x" {\n  run for 1s\n  "${'a'.repeat(MAX_BYTES / 2 - 40)}\n/* ${'b \n'.repeat(MAX_BYTES / 6 - 20)}`],
];

/** Every request the server offers (server.ts onInitialize; no rangeFormatting, no semantic-token ranges or deltas). */
const REQUEST_KINDS = [
  'hover',
  'completion',
  'documentSymbol',
  'formatting',
  'semanticTokens/full',
  'foldingRange',
  'definition',
  'references',
  'documentHighlight',
  'selectionRange',
  'prepareRename',
  'rename',
  'codeLens',
  'inlayHint',
  'codeAction',
  'signatureHelp',
  'workspaceSymbol',
] as const;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionAt(starts: number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - starts[low]! };
}

/** Where position requests ask: start, a name, the middle, near the end, and the last character. */
function probePositions(text: string, starts: number[]): Position[] {
  const offsets = [10, Math.floor(text.length / 2), Math.max(0, text.length - 30), text.length];
  const name = text.indexOf(' n1', text.length / 3);
  if (name >= 0) offsets.push(name + 2);
  const extendsAt = text.lastIndexOf('extends "');
  if (extendsAt >= 0) offsets.push(extendsAt + 10);
  return offsets.map((o) => positionAt(starts, Math.min(o, text.length)));
}

function paramsFor(kind: (typeof REQUEST_KINDS)[number], uri: string, at: Position, end: Position, diagnostics: Diagnostic[]): unknown {
  const doc = { textDocument: { uri } };
  switch (kind) {
    case 'formatting':
      return { ...doc, options: { tabSize: 2, insertSpaces: true } };
    case 'inlayHint':
      return { ...doc, range: { start: { line: 0, character: 0 }, end } };
    case 'codeAction':
      return { ...doc, range: { start: at, end: at }, context: { diagnostics: diagnostics.slice(0, 200) } };
    case 'references':
      return { ...doc, position: at, context: { includeDeclaration: true } };
    case 'selectionRange':
      return { ...doc, positions: [at] };
    case 'rename':
      return { ...doc, position: at, newName: 'renamed' };
    case 'workspaceSymbol':
      return { query: 's1' };
    case 'documentSymbol':
    case 'semanticTokens/full':
    case 'foldingRange':
    case 'codeLens':
      return doc;
    default:
      return { ...doc, position: at };
  }
}

const POSITIONAL = new Set<string>(['hover', 'completion', 'definition', 'references', 'documentHighlight', 'selectionRange', 'prepareRename', 'rename', 'codeAction', 'signatureHelp']);

const methodOf = (kind: (typeof REQUEST_KINDS)[number]): string => (kind === 'workspaceSymbol' ? 'workspace/symbol' : `textDocument/${kind}`);

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function timed<T>(pending: Promise<T>): Promise<{ ms: number; hung: boolean; failed: boolean }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)));
  const outcome = await Promise.race([pending.then(() => 'ok' as const, () => 'error' as const), hang]);
  clearTimeout(timer);
  return { ms: performance.now() - started, hung: outcome === 'hang', failed: outcome === 'error' };
}

const overall = new Map<string, number[]>();
const record = (kind: string, ms: number): void => void overall.set(kind, [...(overall.get(kind) ?? []), ms]);

async function measure(server: string, name: string, text: string, repeat: number): Promise<void> {
  const client = await LspClient.start({ liveExpectations: false }, [server, '--stdio']);
  const warnings: string[] = [];
  client.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
    if (params.type <= 2) warnings.push(params.message);
  });
  const uri = `file:///bench/hostile.fault`;
  const starts = lineStarts(text);
  const end = positionAt(starts, text.length);
  const rows: string[] = [];
  const line = (kind: string, samples: number[], note = ''): void => {
    const max = Math.max(...samples);
    rows.push(`  ${kind.padEnd(24)} max ${max.toFixed(0).padStart(6)} ms  p95 ${percentile(samples, 0.95).toFixed(0).padStart(6)} ms  (n=${samples.length})${max > 1000 ? '  OVER 1 s' : ''}${note}`);
  };
  try {
    let diagnostics: Diagnostic[] = [];
    const open = await timed(client.open(uri, text).then((d) => (diagnostics = d)));
    if (open.hung) throw new Error('no diagnostics after open');
    record('didOpen→diagnostics', open.ms);
    line('didOpen→diagnostics', [open.ms], `  ${diagnostics.length} diagnostics`);
    const middle = positionAt(starts, Math.floor(text.length / 2));
    const editSamples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const version = client.change(uri, [i % 2 === 0 ? { range: { start: middle, end: middle }, text: 'x' } : { range: { start: middle, end: { line: middle.line, character: middle.character + 1 } }, text: '' }]);
      const edit = await timed(client.diagnostics(uri, version).then((p) => (diagnostics = p.diagnostics)));
      if (edit.hung) throw new Error('no diagnostics after an edit');
      editSamples.push(edit.ms);
      record('didChange→diagnostics', edit.ms);
    }
    line('didChange→diagnostics', editSamples);
    // Back to the original text for the requests (an odd number of edits left an 'x').
    const version = client.change(uri, [{ range: { start: middle, end: { line: middle.line, character: middle.character + 1 } }, text: '' }]);
    diagnostics = (await client.diagnostics(uri, version)).diagnostics;
    const positions = probePositions(text, starts);
    for (const kind of REQUEST_KINDS) {
      const samplesOfKind: number[] = [];
      const where = POSITIONAL.has(kind) ? positions : [middle];
      for (let r = 0; r < repeat; r++) {
        for (const at of where) {
          const result = await timed(client.request(methodOf(kind), paramsFor(kind, uri, at, end, diagnostics)));
          if (result.hung) throw new Error(`${kind} hung`);
          samplesOfKind.push(result.ms);
          record(kind, result.ms);
        }
      }
      line(kind, samplesOfKind);
    }
    if (warnings.length > 0) rows.push(`  server logged ${warnings.length} warning(s), first: ${warnings[0]!.slice(0, 200)}`);
  } catch (error) {
    rows.push(`  ABANDONED: ${String(error)}; server ${client.exited ? 'exited' : 'alive'}`);
  }
  console.log(`\n${name}: ${text.length.toLocaleString('en')} characters, ${starts.length.toLocaleString('en')} lines`);
  console.log(rows.join('\n'));
  console.log(`  peak RSS ${client.exited ? '(server exited)' : `${peakRssMb(client.process.pid!).toFixed(0)} MB`}`);
  if (client.exited) console.log(`  SERVER EXITED; stderr: ${client.stderr.join('').slice(-500)}`);
  await client.stop().catch(() => client.process.kill());
}

async function bundleServer(): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'faultline-lsp-hostile-')), 'server.cjs');
  await build({ entryPoints: [join(root, 'server', 'main.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  return outfile;
}

const repeat = flag('repeat', 2);
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1]! : null;
const server = await bundleServer();
console.log(`machine load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (wall-clock figures grow with it)`);
for (const [name, make] of INPUTS) {
  if (only !== null && !name.includes(only)) continue;
  const text = make();
  if (text.length > MAX_BYTES) throw new Error(`${name} is ${text.length} characters, over 1 MB`);
  await measure(server, name, text, repeat);
}
console.log('\nevery input, per request kind (target: max ≤ 1,000 ms):');
for (const [kind, samples] of overall) console.log(`  ${kind.padEnd(24)} max ${Math.max(...samples).toFixed(0).padStart(6)} ms  p95 ${percentile(samples, 0.95).toFixed(0).padStart(6)} ms  (n=${samples.length})`);
