// The canonical layout of a `.fault` file: two spaces per block level, one space between
// words, none before a comma or around `..`, at most one blank line in a row, trailing comments
// of consecutive lines aligned, one newline at the end. It only re-spaces tokens and never
// moves one to another line, so the text always means the same after formatting, and
// formatting twice changes nothing. Tokens it does not know keep their original spacing.

import { tokenize, type Token } from './tokens.ts';
import { MAX_DEPTH } from '../../core/language/balance.ts';
import { NO_BUDGET, type RequestBudget } from '../request-budget.ts';

type OutputLine = { indent: number; code: string; comment: string | null; verbatim?: string };

const INDENT = '  ';

function noSpaceBetween(a: Token, b: Token): boolean {
  if (b.kind === 'punct' && (b.text === ',' || b.text === ':' || b.text === ')' || b.text === '..')) return true;
  if (a.kind === 'punct' && (a.text === '..' || a.text === '(')) return true;
  return false;
}

function join(tokens: Token[], text: string): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const previous = tokens[i - 1];
    if (previous !== undefined) {
      const unknown = previous.kind === 'unknown' || token.kind === 'unknown';
      if (unknown) {
        // Keep the author's spacing where the meaning of a space is not known.
        if (token.offset > previous.offset + previous.text.length && /\s/.test(text[previous.offset + previous.text.length] ?? '')) out += ' ';
      } else if (!noSpaceBetween(previous, token)) out += ' ';
    }
    out += token.text;
  }
  return out;
}

export function formatText(text: string): string {
  return formatTextWithin(text, NO_BUDGET)!;
}

/** The canonical text, or null when `budget` ran out first (half a layout would mislead). */
export function formatTextWithin(text: string, budget: RequestBudget): string | null {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sourceLines = text.split(/\r?\n/);
  const tokens = tokenize(text);
  const byLine = new Map<number, Token[]>();
  for (const t of tokens) {
    if (budget.exhausted()) return null;
    const list = byLine.get(t.line);
    if (list === undefined) byLine.set(t.line, [t]);
    else list.push(t);
  }

  const out: OutputLine[] = [];
  let depth = 0;
  let line = 0;
  while (line < sourceLines.length) {
    if (budget.exhausted()) return null;
    const lineTokens = byLine.get(line);
    if (lineTokens === undefined) {
      out.push({ indent: 0, code: '', comment: null });
      line++;
      continue;
    }
    // A statement line may end in a block comment that runs over several lines: the comment's
    // own lines are copied as written (and so is code after `*/` on its last line).
    const group: Token[] = [...lineTokens];
    const continuation: string[] = [];
    let spanning = group[group.length - 1]!;
    let depthAfterComment = 0;
    while (spanning.endLine > spanning.line) {
      for (let l = spanning.line + 1; l <= spanning.endLine; l++) continuation.push(sourceLines[l] ?? '');
      const after = (byLine.get(spanning.endLine) ?? []).filter((t) => t.offset > spanning.offset);
      for (const t of after) if (t.kind === 'punct') depthAfterComment += t.text === '{' ? 1 : t.text === '}' ? -1 : 0;
      const lastAfter = after[after.length - 1];
      if (lastAfter === undefined || lastAfter.endLine === lastAfter.line) break;
      spanning = lastAfter;
    }
    if (continuation.length > 0) {
      // Trailing blanks go, unless they belong to a string left open at the end of the line.
      const closingTokens = byLine.get(line + continuation.length) ?? [];
      const lastOnClosing = closingTokens[closingTokens.length - 1];
      const openString = lastOnClosing?.kind === 'string' && lastOnClosing.line === line + continuation.length && !/[^\\]"$|^""$/.test(lastOnClosing.text);
      const openComment = spanning.kind === 'comment' && (spanning.text.length < 4 || !spanning.text.endsWith('*/')) && !closingTokens.some((t) => t.offset > spanning.offset);
      if (!openString && !openComment) continuation[continuation.length - 1] = continuation[continuation.length - 1]!.trimEnd();
      line += continuation.length + 1;
    } else line++;

    const first = group[0]!;
    const leadingClose = first.kind === 'punct' && first.text === '}' ? 1 : 0;
    // Capped where the language stops reading blocks (FL006): indenting 10,000 nested lines
    // by their depth would make an output quadratic in the input.
    const indent = Math.min(MAX_DEPTH, Math.max(0, depth - leadingClose));
    for (const t of group) if (t.kind === 'punct') depth += t.text === '{' ? 1 : t.text === '}' ? -1 : 0;
    depth = Math.max(0, depth + depthAfterComment);

    const trailing = group[group.length - 1]!;
    const trailingComment = continuation.length === 0 && trailing.kind === 'comment' && trailing.text.startsWith('//') && group.length > 1 ? trailing : null;
    const code = trailingComment !== null ? group.slice(0, -1) : group;
    if (continuation.length > 0) {
      // The first line of the comment joins the statement; the rest follows as written.
      const comment = group[group.length - 1]!;
      const head = [join(group.slice(0, -1), text), comment.text.split(/\r?\n/)[0]!].filter((p) => p !== '').join(' ');
      out.push({ indent, code: head, comment: null, verbatim: [INDENT.repeat(indent) + head, ...continuation].join(eol) });
    } else out.push({ indent, code: join(code, text), comment: trailingComment?.text ?? null });
  }

  // Align trailing comments of consecutive lines (a line without one ends the run).
  for (let i = 0; i < out.length; ) {
    if (out[i]!.comment === null) {
      i++;
      continue;
    }
    let j = i;
    let width = 0;
    while (j < out.length && out[j]!.comment !== null && out[j]!.verbatim === undefined) {
      width = Math.max(width, out[j]!.indent * INDENT.length + out[j]!.code.length);
      j++;
    }
    for (let k = i; k < j; k++) {
      const o = out[k]!;
      o.verbatim = (INDENT.repeat(o.indent) + o.code).padEnd(width + 1) + o.comment;
    }
    i = Math.max(j, i + 1);
  }

  const rendered: string[] = [];
  for (const o of out) {
    const lineText = o.verbatim ?? (o.code === '' ? '' : INDENT.repeat(o.indent) + o.code);
    if (lineText === '' && (rendered.length === 0 || rendered[rendered.length - 1] === '')) continue;
    rendered.push(lineText);
  }
  while (rendered.length > 0 && rendered[rendered.length - 1] === '') rendered.pop();
  // A block comment left open runs to the end of the file: a final newline would join it.
  const last = tokens[tokens.length - 1];
  const openComment = last !== undefined && last.kind === 'comment' && last.text.startsWith('/*') && (last.text.length < 4 || !last.text.endsWith('*/'));
  return rendered.length === 0 ? '' : rendered.join(eol) + (openComment ? '' : eol);
}
