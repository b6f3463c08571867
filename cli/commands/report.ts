// `faultline report FILE [--scenario NAME] [--seed N] [-o report.html]`: runs a scenario and
// writes one self-contained HTML file with the playground UI, the run and the scenario file inside
// (its "line N" links show that line) — no network, no external assets — for sharing and for CI
// artifacts. Exit 0 when written; 2 when the input is invalid (a scenario that does not compile,
// an unknown --scenario), for usage errors, unreadable files or a missing webview bundle — never
// 1, which CI reads as "an expectation broke" (README).

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Command } from '../main.ts';
import { readScenarioFile } from '../shared/read-scenario-file.ts';
import { compile } from '../../core/language/index.ts';
import { runScenario } from '../../core/run.ts';
import { parseSeed } from '../../core/sim/seed-text.ts';
import type { Report } from '../../core/types/report.ts';
import { withStaticClassification } from '../../webview/complete-report.ts';
import { encodeRun } from '../../webview/model/packed-run.ts';
import { playgroundHtml, type EmbeddedSource } from '../../webview/html.ts';
import { formatDiagnostic } from './validate.ts';

const USAGE = 'faultline report FILE [--scenario NAME] [--seed N] [--max-events N] [-o report.html]';

type ReportArgs = { file: string; scenario?: string; seed?: number; maxEvents?: number; out: string };

function parseArgs(args: string[]): ReportArgs | string {
  let file: string | undefined;
  const parsed: Partial<ReportArgs> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => args[++i];
    if (arg === '--scenario') {
      const name = value();
      if (name === undefined) return '--scenario needs a name';
      parsed.scenario = name;
    } else if (arg === '--seed') {
      const read = parseSeed(value() ?? '');
      if (!read.ok) return `--seed: ${read.error}`;
      parsed.seed = read.seed;
    } else if (arg === '--max-events') {
      const text = value();
      const number = Number(text);
      if (text === undefined || !Number.isSafeInteger(number) || number < 0) return `${arg} needs a whole number ≥ 0`;
      parsed.maxEvents = number;
    } else if (arg === '-o' || arg === '--out') {
      const out = value();
      if (out === undefined) return `${arg} needs a file name`;
      parsed.out = out;
    } else if (arg.startsWith('-')) {
      return `unknown option ${arg}`;
    } else if (file === undefined) {
      file = arg;
    } else {
      return 'give one scenario file';
    }
  }
  if (file === undefined) return 'give a scenario file';
  return { ...parsed, file, out: parsed.out ?? 'report.html' };
}

/** The built webview assets: next to dist/cli.js, or in dist/ when run from the sources. */
async function readWebviewBundle(): Promise<{ script: string; style: string } | null> {
  for (const base of ['./', '../../dist/']) {
    const script = fileURLToPath(new URL(`${base}webview.js`, import.meta.url));
    const style = fileURLToPath(new URL(`${base}webview.css`, import.meta.url));
    if (existsSync(script) && existsSync(style)) return { script: await readFile(script, 'utf8'), style: await readFile(style, 'utf8') };
  }
  return null;
}

/** Runs with more trace events than this are embedded packed and gzip-compressed (see webview/html.ts). */
export const PACK_ABOVE_TRACE_EVENTS = 20_000;

/** The standalone page for a finished run. */
export async function renderReportHtml(report: Report, options: { compress?: boolean; source?: EmbeddedSource } = {}): Promise<string | null> {
  const bundle = await readWebviewBundle();
  if (bundle === null) return null;
  const compress = options.compress ?? report.trace.length > PACK_ABOVE_TRACE_EVENTS;
  const embedded = compress ? { packedRun: gzipSync(encodeRun(report), { level: 6 }).toString('base64') } : { report };
  return playgroundHtml({
    ...embedded,
    ...(options.source === undefined ? {} : { source: options.source }),
    nonce: randomBytes(18).toString('base64'),
    title: `Faultline — ${report.scenario} (seed ${report.seed})`,
    script: { inline: bundle.script },
    style: { inline: bundle.style },
    workerUri: null,
    mode: 'standalone',
  });
}

export const reportCommand: Command = {
  summary: 'Run a scenario and write a self-contained HTML report (the playground, offline).',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      process.stderr.write(`faultline report: ${parsed}\nusage: ${USAGE}\n`);
      return 2;
    }
    const text = await readScenarioFile(parsed.file);
    if (text === null) return 2;
    const compiled = compile(text, parsed.scenario);
    // A bug in the analysis or the compiler: main reports it with exit 4, not as a bad file.
    if (compiled.internalError !== undefined) throw compiled.internalError;
    if (compiled.config === null) {
      if (parsed.scenario !== undefined && !compiled.scenarios.includes(parsed.scenario)) {
        process.stderr.write(`${parsed.file}: no scenario named "${parsed.scenario}". Scenarios: ${compiled.scenarios.map((s) => `"${s}"`).join(', ') || 'none'}\n`);
      }
      for (const diagnostic of compiled.diagnostics.filter((d) => d.severity === 'error')) process.stderr.write(formatDiagnostic(parsed.file, diagnostic) + '\n');
      return 2;
    }
    const config = parsed.seed === undefined ? compiled.config : { ...compiled.config, seed: parsed.seed };
    const started = performance.now();
    const report = runScenario(config, parsed.maxEvents === undefined ? {} : { maxEvents: parsed.maxEvents });
    report.stats.wallMs = Math.round(performance.now() - started);
    const html = await renderReportHtml(withStaticClassification(report), { source: { fileName: basename(parsed.file), text } });
    if (html === null) {
      process.stderr.write('faultline report: the webview bundle (dist/webview.js, dist/webview.css) is missing; run `npm run build` first\n');
      return 2;
    }
    try {
      await writeFile(parsed.out, html, 'utf8');
    } catch (error) {
      process.stderr.write(`${parsed.out}: cannot write: ${(error as Error).message}\n`);
      return 2;
    }
    const broken = report.expectations.filter((e) => e.holds === false).length;
    process.stderr.write(
      `wrote ${parsed.out} (${Math.round(html.length / 1024)} KB): "${report.scenario}", seed ${report.seed}, ${report.stats.events} events, ${broken} of ${report.expectations.length} expectations broken\n`,
    );
    return 0;
  },
};
