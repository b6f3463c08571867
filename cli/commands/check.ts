// `faultline check HISTORY`: is a recorded history linearizable? Reads our JSON history, Jepsen
// EDN or Jepsen's old log lines. Exit 0 linearizable, 1 not, 2 unreadable input, 3 undecided.

import { readFileSync } from 'node:fs';
import type { Command } from '../main.ts';
import { importHistory } from '../../core/history/import.ts';
import { hasTimes, toOperations } from '../../core/history/operations.ts';
import { checkOperationsLinearizable } from '../../core/check/linearizability.ts';
import { defaultModelName, MODEL_NAMES, ModelName, modelByName } from '../../core/check/models/index.ts';

const USAGE = 'faultline check HISTORY [--model register|kv] [--json] [--timeout S] [--max-steps N]';

type Args = { file: string; model: ModelName | null; json: boolean; timeoutS: number; maxSteps: number | undefined };

function parseArgs(args: string[]): Args | string {
  let file: string | null = null;
  let model: ModelName | null = null;
  let json = false;
  let timeoutS = 60;
  let maxSteps: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--model') {
      const m = args[++i];
      if (!MODEL_NAMES.includes(m as ModelName)) return `--model must be one of ${MODEL_NAMES.join(', ')}`;
      model = m as ModelName;
    } else if (a === '--timeout') {
      const t = Number(args[++i]);
      if (!Number.isFinite(t) || t <= 0) return '--timeout needs a number of seconds greater than 0';
      timeoutS = t;
    } else if (a === '--max-steps') {
      // A deterministic budget (search steps), for reproducible "undecided" results.
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n <= 0) return '--max-steps needs a whole number greater than 0';
      maxSteps = n;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (file === null) file = a;
    else return `unexpected argument ${a}`;
  }
  if (file === null) return 'missing HISTORY file';
  return { file, model, json, timeoutS, maxSteps };
}

export const checkCommand: Command = {
  summary: 'Check whether a history (our JSON, Jepsen EDN or Jepsen log) is linearizable',
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv);
    if (typeof args === 'string') {
      process.stderr.write(`faultline check: ${args}\nusage: ${USAGE}\n`);
      return 2;
    }
    let text: string;
    try {
      text = readFileSync(args.file, 'utf8');
    } catch (e) {
      process.stderr.write(`faultline check: cannot read ${args.file}: ${(e as Error).message}\n`);
      return 2;
    }
    const imported = importHistory(text);
    if (!imported.ok) {
      const { line, text: lineText, message } = imported.error;
      if (args.json) {
        process.stdout.write(JSON.stringify({ linearizable: null, error: { file: args.file, line, text: lineText, message } }) + '\n');
      }
      process.stderr.write(`${args.file}:${line}: cannot read this ${imported.format} history: ${message}\n  ${line} | ${lineText}\n`);
      return 2;
    }
    const ops = toOperations(imported.history);
    const modelName = args.model ?? defaultModelName(ops);
    const deadline = performance.now() + args.timeoutS * 1000;
    const result = checkOperationsLinearizable(ops, modelByName(modelName), {
      timed: hasTimes(imported.history),
      budget: { expired: () => performance.now() > deadline, ...(args.maxSteps !== undefined ? { maxSteps: args.maxSteps } : {}) },
    });
    const holds = result.verdict.holds;
    if (args.json) {
      const out = {
        linearizable: holds,
        model: modelName,
        format: imported.format,
        ops: result.ops,
        checkedOps: result.checkedOps,
        partitions: result.partitions,
        steps: result.steps,
        summary: result.verdict.summary,
        witness: result.witness,
      };
      process.stdout.write(JSON.stringify(out) + '\n');
    } else {
      const head = holds === true ? 'linearizable' : holds === false ? 'NOT linearizable' : 'undecided';
      process.stdout.write(
        `${head} — ${result.ops} operations, ${modelName} model, ${result.partitions} independent piece(s)\n${result.verdict.summary}\n`,
      );
      if (holds === null) process.stdout.write(`(raise --timeout, currently ${args.timeoutS} s, to search longer)\n`);
    }
    return holds === true ? 0 : holds === false ? 1 : 3;
  },
};
