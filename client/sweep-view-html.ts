// The sweep results view's page: a plain HTML table drawn from the view model, styled only with
// the editor theme's CSS variables (so it reads in dark, light and high-contrast themes), under a
// CSP that allows nothing but its own nonce'd style and script. Everything from the scenario
// (names, expectation texts, verdict sentences, fault lines) is escaped.

import { escapeHtml, jsonForScriptElement } from '../webview/html.ts';
import type { SweepViewModel, TallyRow } from './sweep-view-model.ts';
import type { FailingSeed } from './sweep.ts';

const MARK: Record<TallyRow['verdict'], string> = { broke: '✗', held: '✓', undecided: '?' };

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0.5em 1.5em 2em; line-height: 1.45; }
h1 { font-size: 1.35em; font-weight: 600; margin: 0.6em 0 0.2em; }
h2 { font-size: 1.1em; font-weight: 600; margin: 1.4em 0 0.4em; }
.shows { color: var(--vscode-descriptionForeground); margin: 0 0 0.8em; }
.note { color: var(--vscode-descriptionForeground); max-width: 60em; margin: 0.5em 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; font-weight: 600; color: var(--vscode-descriptionForeground); border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, #8884)); padding: 0.3em 0.8em 0.3em 0; white-space: nowrap; }
td { vertical-align: top; padding: 0.45em 0.8em 0.45em 0; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, #8884)); }
td.count { text-align: right; font-variant-numeric: tabular-nums; width: 5em; }
th.count { text-align: right; }
.broke { color: var(--vscode-testing-iconFailed, var(--vscode-errorForeground)); }
.held { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.undecided { color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground)); }
.example { color: var(--vscode-descriptionForeground); font-size: 0.92em; }
a.line { color: var(--vscode-textLink-foreground); text-decoration: none; cursor: pointer; white-space: nowrap; }
a.line:hover, a.line:focus { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
td.seed { font-family: var(--vscode-editor-font-family); font-weight: 600; white-space: nowrap; }
.failure + .failure { margin-top: 0.4em; }
.why { color: var(--vscode-descriptionForeground); font-size: 0.92em; }
ul.faults { list-style: none; margin: 0; padding: 0; font-family: var(--vscode-editor-font-family); font-size: 0.9em; }
ul.faults li { white-space: nowrap; }
td.seed { width: 1%; }
.seed-number { margin-bottom: 0.3em; }
.actions button { display: block; width: 100%; min-width: 6.5em; text-align: left; }
button { font-family: inherit; font-size: inherit; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 0.2em 0.8em; margin: 0 0.3em 0.3em 0; cursor: pointer;
  color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
button.primary { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
button.primary:hover { background: var(--vscode-button-hoverBackground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
button:disabled { opacity: 0.5; cursor: default; }
tr.status-row td { border-bottom: none; padding-top: 0; }
tr.has-status td { border-bottom: none; }
.status { font-size: 0.92em; padding: 0.2em 0.6em; border-left: 2px solid var(--vscode-textLink-foreground); margin: 0.1em 0 0.3em; white-space: pre-wrap; }
.status[data-state="failed"] { border-left-color: var(--vscode-editorWarning-foreground, var(--vscode-errorForeground)); }
.status[data-state="busy"] { color: var(--vscode-descriptionForeground); }
`;

/**
 * The page's script: buttons and line links post checked messages, and the host's row statuses
 * are checked before they touch the page (it cannot import client/sweep-view-messages.ts).
 */
const SCRIPT = `
const vscode = acquireVsCodeApi();
const sweep = Number(document.querySelector('.sweep-view').dataset.sweep);
// What VS Code keeps for this tab across a window reload: the sweep (client/sweep-view-state.ts).
const saved = document.getElementById('sweep-state');
vscode.setState(saved === null ? null : JSON.parse(saved.textContent));
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-line], button[data-action]') : null;
  if (target === null) return;
  event.preventDefault();
  if (target.dataset.line !== undefined) return vscode.postMessage({ type: 'reveal-line', sweep, line: Number(target.dataset.line) });
  if (target.disabled) return;
  const seed = Number(target.dataset.seed);
  const action = target.dataset.action;
  vscode.postMessage(action === 'shrink' ? { type: 'shrink', sweep, seed, failure: Number(target.dataset.failure) } : { type: action, sweep, seed });
});
const ACTIONS = ['open', 'replay', 'shrink'];
const STATES = ['busy', 'done', 'failed'];
window.addEventListener('message', (event) => {
  const m = event.data;
  if (typeof m !== 'object' || m === null || m.type !== 'row-status' || !Number.isSafeInteger(m.seed) || !ACTIONS.includes(m.action) || !STATES.includes(m.state) || typeof m.text !== 'string') return;
  const status = document.querySelector('.status[data-seed="' + m.seed + '"][data-action="' + m.action + '"]');
  if (status === null) return;
  status.textContent = m.text;
  status.dataset.state = m.state;
  status.hidden = false;
  const row = status.closest('tr');
  row.hidden = false;
  row.previousElementSibling?.classList.add('has-status');
  for (const button of document.querySelectorAll('button[data-seed="' + m.seed + '"][data-action="' + m.action + '"]')) button.disabled = m.state === 'busy';
});
`;

const lineLink = (line: number) => `<a class="line" href="#" data-line="${line}" title="Go to line ${line} of the scenario file">line ${line}</a>`;

function tallyRow(tally: TallyRow): string {
  const example = tally.undecidedExample === null ? '' : `<div class="example">undecided on ${escapeHtml(tally.undecidedExample)}</div>`;
  return `<tr class="tally">
<td><span class="${tally.verdict}">${MARK[tally.verdict]}</span> ${escapeHtml(tally.text)} ${lineLink(tally.line)}${example}</td>
<td class="count held">${tally.held}</td><td class="count${tally.broke > 0 ? ' broke' : ''}">${tally.broke}</td><td class="count${tally.undecided > 0 ? ' undecided' : ''}">${tally.undecided}</td>
</tr>`;
}

function seedRow(row: FailingSeed): string {
  const failures = row.failures
    .map((f) => `<div class="failure"><span class="broke">✗</span> ${escapeHtml(f.expectation)} ${lineLink(f.line)}<div class="why">${escapeHtml(f.summary)}</div></div>`)
    .join('');
  const faults = row.faults.length === 0 ? '<span class="why">none: no fault struck in this run</span>' : `<ul class="faults">${row.faults.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`;
  const shrink = row.failures
    .map((f, i) => {
      const label = row.failures.length === 1 ? 'Shrink' : `Shrink line ${f.line}`;
      return `<button data-action="shrink" data-seed="${row.seed}" data-failure="${i}" title="Cut the scenario down while &quot;${escapeHtml(f.expectation)}&quot; keeps breaking with seed ${row.seed} (faultline sweep --shrink), and open the result as a new file">${label}</button>`;
    })
    .join('');
  const statuses = (['open', 'replay', 'shrink'] as const).map((action) => `<div class="status" data-seed="${row.seed}" data-action="${action}" hidden></div>`).join('');
  // The buttons sit under the seed, not in a last column: beside the editor the view is narrow,
  // and a fourth column was pushed out of sight.
  return `<tr class="seed-row" data-seed="${row.seed}">
<td class="seed"><div class="seed-number">${row.seed}</div><div class="actions"><button class="primary" data-action="open" data-seed="${row.seed}" title="Show seed ${row.seed}'s run in the playground">Open</button><button data-action="replay" data-seed="${row.seed}" title="Run seed ${row.seed} again and check that it breaks the same way">Replay</button>${shrink}</div></td>
<td>${failures}</td>
<td>${faults}</td>
</tr>
<tr class="status-row" data-seed="${row.seed}" hidden><td colspan="3">${statuses}</td></tr>`;
}

/**
 * `sweep`: the sweep's number, which every message from the page repeats (sweep-view-messages.ts).
 * `state`: what the page keeps as its webview state for a window reload (null: nothing).
 */
export function sweepViewHtml(model: SweepViewModel, options: { nonce: string; cspSource: string; sweep: number; state?: unknown }): string {
  const nonce = escapeHtml(options.nonce);
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; font-src ${escapeHtml(options.cspSource)}`;
  const tallies =
    model.tallies.length === 0
      ? '<p class="note">The scenario has no <code>expect</code> block, so there is nothing to tally.</p>'
      : `<div class="scroll"><table class="tallies"><thead><tr><th>Expectation</th><th class="count">Held</th><th class="count">Broke</th><th class="count">Undecided</th></tr></thead>
<tbody>${model.tallies.map(tallyRow).join('\n')}</tbody></table></div>`;
  const notes = [model.undecidedNote, model.budgetNote].filter((n): n is string => n !== null).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  const seeds =
    model.rows.length === 0
      ? ''
      : `<div class="scroll"><table class="seeds"><thead><tr><th>Seed</th><th>Broken expectation</th><th>Faults this seed drew</th></tr></thead>
<tbody>${model.rows.map(seedRow).join('\n')}</tbody></table></div>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">${STYLE}</style>
<title>Seed sweep: ${escapeHtml(model.scenario)}</title></head>
<body>
<main class="sweep-view" data-sweep="${options.sweep}">
<h1>Seed sweep of “${escapeHtml(model.scenario)}”</h1>
<p class="shows">${escapeHtml(model.shows)}</p>
<h2>Expectations</h2>
${tallies}
${notes}
<h2>Failing seeds</h2>
<p class="failing-line">${escapeHtml(model.failingLine)}</p>
${seeds}
${model.moreNote === null ? '' : `<p class="note more">${escapeHtml(model.moreNote)}</p>`}
</main>
${options.state === undefined || options.state === null ? '' : `<script type="application/json" id="sweep-state">${jsonForScriptElement(options.state)}</script>\n`}<script nonce="${nonce}">${SCRIPT}</script>
</body></html>`;
}
