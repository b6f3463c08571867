// One list of findings for the verdicts panel: the scenario's expectations and the checkers'
// verdicts (report.verdicts, when present), each with its evidence operations and time.

import type { Report } from '../../core/types/report.ts';

export type Finding = {
  title: string;
  holds: boolean | null;
  summary: string;
  line?: number;
  at?: number;
  operations: number[];
  source: 'expectation' | 'checker';
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Accepts an array of verdicts or an object holding one under `verdicts` or `list`; ignores the rest. */
function checkerVerdicts(value: unknown): Finding[] {
  const list = Array.isArray(value) ? value : isRecord(value) ? (Array.isArray(value.verdicts) ? value.verdicts : Array.isArray(value.list) ? value.list : []) : [];
  const findings: Finding[] = [];
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string') continue;
    const finding: Finding = {
      title: item.name,
      holds: item.holds === true ? true : item.holds === false ? false : null,
      summary: typeof item.summary === 'string' ? item.summary : '',
      operations: Array.isArray(item.operations) ? item.operations.filter((n): n is number => Number.isInteger(n)) : [],
      source: 'checker',
    };
    if (typeof item.at === 'number') finding.at = item.at;
    findings.push(finding);
  }
  return findings;
}

export function findingsOf(report: Pick<Report, 'expectations' | 'verdicts'>): Finding[] {
  const expectations: Finding[] = report.expectations.map((result) => {
    const finding: Finding = {
      title: result.text,
      holds: result.holds,
      summary: result.summary,
      line: result.line,
      operations: result.operations ?? [],
      source: 'expectation',
    };
    if (result.at !== undefined) finding.at = result.at;
    return finding;
  });
  // Broken first: they are what a person opens the report for.
  const rank = (f: Finding) => (f.holds === false ? 0 : f.holds === null ? 2 : 1);
  return [...expectations, ...checkerVerdicts(report.verdicts)].sort((a, b) => rank(a) - rank(b));
}
