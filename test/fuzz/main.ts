// `npm run fuzz -- --count N --seed S`: N mutants of the samples through validate and run, N
// mutants of EDN and JSON histories through check, every --lsp-every-th through the language
// server (every fifth of those also repeated to a large document), and every --exit-every-th
// through bin/faultline to check its exit code (0 to 4).
// Each failing input is minimised and saved with the command that replays it (default
// test-output/fuzz/, git-ignored). Prints a table of outcomes; exits 1 when anything failed.
// The language server probed is the bundle that ships (dist/server.cjs, rebuilt by `prefuzz`), so
// its request times are the ones a user sees; `--lsp-source 1` probes the TypeScript sources
// through tsx instead, whose first requests also pay for compiling every module (about 1.2 s).

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { minimise, mutantArbitrary, mutate } from './mutate.ts';
import { Sandbox, type Verdict } from './sandbox.ts';
import { historyTexts, replayCommand, root, sampleTexts, type TargetName } from './targets.ts';
import { LspClient } from '../lsp/lsp-client.ts';
import { probeServer } from './lsp-probe.ts';

type Options = { count: number; seed: number; out: string; lspEvery: number; exitEvery: number; timeoutMs: number; lspSource: boolean };

function parseOptions(args: string[]): Options {
  const value = (flag: string, fallback: number): number => {
    const i = args.indexOf(flag);
    const n = i < 0 ? fallback : Number(args[i + 1]);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
    return n;
  };
  const outIndex = args.indexOf('--out');
  return {
    count: value('--count', 200),
    seed: value('--seed', 1),
    out: outIndex < 0 ? join(root, 'test-output', 'fuzz') : args[outIndex + 1]!,
    lspEvery: value('--lsp-every', 10),
    exitEvery: value('--exit-every', 100),
    timeoutMs: value('--timeout-ms', 20_000),
    lspSource: value('--lsp-source', 0) !== 0,
  };
}

const tally = new Map<string, number>();
const count = (key: string): void => void tally.set(key, (tally.get(key) ?? 0) + 1);

/** The text repeated until it holds at least LARGE_PROBE_CHARACTERS (never past 1 MB, the issue's bound). */
const LARGE_PROBE_CHARACTERS = 150_000;
function enlarge(text: string): string {
  if (text.length === 0) return text;
  const copies = Math.max(1, Math.ceil(LARGE_PROBE_CHARACTERS / text.length));
  const large = `${text}\n`.repeat(copies);
  return large.length <= 1_000_000 ? large : text;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  mkdirSync(options.out, { recursive: true });
  const samples = sampleTexts();
  const histories = historyTexts();
  const textMutants = fc.sample(mutantArbitrary(samples.length), { seed: options.seed, numRuns: options.count });
  const historyMutants = fc.sample(mutantArbitrary(histories.length), { seed: options.seed + 1, numRuns: options.count });
  const sandbox = new Sandbox(options.timeoutMs);
  const startServer = (): Promise<LspClient> => LspClient.start(undefined, options.lspSource ? undefined : [join(root, 'dist', 'server.cjs'), '--stdio']);
  let lsp = options.lspEvery > 0 ? await startServer() : null;
  let failures = 0;
  let done = 0;
  const started = performance.now();
  const printSummary = (): void => {
    process.stdout.write(`fuzz: ${done} of ${options.count} mutants, seed ${options.seed}, ${Math.round((performance.now() - started) / 1000)} s; language server from ${options.lspSource ? 'the sources (tsx)' : 'dist/server.cjs'}\n`);
    for (const [key, n] of [...tally].sort()) process.stdout.write(`  ${key.padEnd(24)} ${n}\n`);
    process.stdout.write(`  ${'failing inputs saved'.padEnd(24)} ${failures}${failures > 0 ? ` (in ${options.out})` : ''}\n`);
  };
  // A long run stopped early still says what it saw.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      printSummary();
      process.exit(failures > 0 ? 1 : 0);
    });
  }

  const save = async (target: TargetName | 'lsp' | 'exit', index: number, text: string, verdict: string, extension: string, shrink: ((t: string) => Promise<boolean>) | null): Promise<void> => {
    failures++;
    const small = shrink === null ? text : await minimise(text, shrink);
    const file = join(options.out, `${target}-seed${options.seed}-${index}.${extension}`);
    writeFileSync(file, small);
    // The input as drawn, beside the minimised one: a failure that depends on load (a hang near
    // the time limit) may not survive minimisation.
    if (small !== text) writeFileSync(`${file}.original`, text);
    const command = target === 'lsp' || target === 'exit' ? `open ${file} in the editor (or: faultline lsp --stdio)` : replayCommand(target, file);
    writeFileSync(`${file}.txt`, `${verdict}\n\nreplay: ${command}\nfuzz: npm run fuzz -- --count ${options.count} --seed ${options.seed} (mutant ${index})\n`);
    process.stderr.write(`FAIL ${target} #${index}: ${verdict.split('\n', 1)[0]} → ${file}\n`);
  };

  const through = async (target: TargetName, index: number, text: string, extension: string): Promise<void> => {
    const verdict: Verdict = await sandbox.call(target, text);
    count(`${target} ${verdict.kind}`);
    if (verdict.kind === 'ok') return;
    const sameFailure = async (candidate: string): Promise<boolean> => (await sandbox.call(target, candidate)).kind === verdict.kind;
    await save(target, index, text, `${verdict.kind}: ${verdict.detail}`, extension, sameFailure);
  };

  const probe = async (i: number, text: string, label: string): Promise<void> => {
    if (lsp === null) return;
    const uri = `file:///fuzz/${i}${label === 'lsp' ? '' : '-large'}.fault`;
    const outcome = await probeServer(lsp, uri, text);
    if (outcome.died || outcome.hung.length > 0) {
      count(`${label} ${outcome.died ? 'died' : 'hung'}`);
      await save('lsp', i, text, `server ${outcome.died ? 'died' : `hung on ${outcome.hung.join(', ')}`}\n${lsp.stderr.join('').slice(-4000)}`, 'fault', null);
    } else if (outcome.slow.length > 0) {
      // On a shared machine one slow answer may be the load's: the same input is probed once
      // more, and only a request slow both times is kept (saved beside the failures, with its
      // times, for replaying on a quiet machine).
      const again = await probeServer(lsp, uri.replace(/\.fault$/, '-again.fault'), text);
      if (again.died || again.hung.length > 0) {
        outcome.died = again.died;
        outcome.hung.push(...again.hung.slice(0, 20));
        count(`${label} ${again.died ? 'died' : 'hung'}`);
        await save('lsp', i, text, `server ${again.died ? 'died' : `hung on ${again.hung.join(', ')}`} (probed twice)\n${lsp.stderr.join('').slice(-4000)}`, 'fault', null);
      }
      const slowAgain = again.slow.filter((entry) => outcome.slow.some((first) => first.split(' ')[0] === entry.split(' ')[0]));
      count(`${label} ${slowAgain.length > 0 ? 'slow twice' : 'slow once'}`);
      process.stderr.write(`slow ${label} #${i} (${text.length} chars): ${outcome.slow.join(', ')}; again: ${again.slow.join(', ') || 'none over 1 s'}\n`);
      if (slowAgain.length > 0) writeFileSync(join(options.out, `lsp-slow-seed${options.seed}-${i}${label === 'lsp' ? '' : '-large'}.fault`), text);
    } else count(`${label} ok`);
    if (lsp.loggedErrors.length > 0) {
      count(`${label} feature threw`);
      await save('lsp', i, text, `a feature threw (answered with a fallback):\n${lsp.loggedErrors.join('\n')}`, 'fault', null);
      lsp.loggedErrors.length = 0;
    }
    if (outcome.died || outcome.hung.length > 0) {
      await lsp.stop().catch(() => undefined);
      lsp.process.kill();
      lsp = await startServer();
    }
  };

  for (let i = 0; i < options.count; i++) {
    const text = mutate(samples, textMutants[i]!);
    await through('validate', i, text, 'fault');
    await through('run', i, text, 'fault');
    await through('check', i, mutate(histories, historyMutants[i]!), historyMutants[i]!.base % 2 === 0 ? 'edn' : 'json');
    if (lsp !== null && i % options.lspEvery === 0) {
      await probe(i, text, 'lsp');
      // Every fifth probe also as a large document (the mutant repeated past 150,000
      // characters), which the server answers from its outline worker, not its own thread.
      if (i % (options.lspEvery * 5) === 0) await probe(i, enlarge(text), 'lsp large');
    }
    if (options.exitEvery > 0 && i % options.exitEvery === 0) {
      const file = join(options.out, `.exit-probe-${process.pid}.fault`);
      writeFileSync(file, text);
      for (const command of [['validate', file], ['run', file, '--max-events', '20000']]) {
        const result = spawnSync(process.execPath, [join(root, 'bin', 'faultline'), ...command], { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
        const code = result.status;
        const fine = code !== null && code >= 0 && code <= 4;
        count(`exit ${fine ? 'in 0-4' : 'outside 0-4'}`);
        if (!fine) await save('exit', i, text, `faultline ${command[0]} exited ${code ?? result.signal}\n${result.stderr.slice(-4000)}`, 'fault', null);
      }
      rmSync(file, { force: true });
    }
    done = i + 1;
    if ((i + 1) % 100 === 0) process.stderr.write(`${i + 1}/${options.count} mutants, ${failures} failing, ${Math.round((performance.now() - started) / 1000)} s\n`);
  }
  await sandbox.stop();
  await lsp?.stop();
  printSummary();
  return failures > 0 ? 1 : 0;
}

process.exitCode = await main();
