// Semantic tokens: colours that depend on meaning rather than spelling — a node name is a
// variable wherever it appears, a client a class, a protocol option a property and its choice
// an enum member, so a misspelt node name visibly loses its colour.

import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import { NO_BUDGET, type RequestBudget } from './request-budget.ts';
import { forEachBlock } from './model/outline.ts';
import type { Token } from './model/tokens.ts';
import { keywordConcepts } from '../core/explain/keywords.ts';
import { expectationConcepts, faultConcepts } from '../core/explain/faults.ts';
import { optionForWords } from './option-docs.ts';
import { leadingWords, protocolNameOf } from './model/scenario-facts.ts';
import { PROTOCOLS } from '../core/protocols/options-registry.ts';
import { REST_WORD } from '../core/language/fault-targets.ts';
import { messageLineWords } from './model/message-line.ts';

export const TOKEN_TYPES = ['namespace', 'type', 'class', 'enumMember', 'property', 'variable', 'keyword', 'number', 'string', 'operator', 'comment'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly'] as const;
export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

type TokenType = (typeof TOKEN_TYPES)[number];
const typeIndex = (t: TokenType): number => TOKEN_TYPES.indexOf(t);

// Role words (`crash holder`) and `rest` read as choices, like `leader` after `read from`.
const ROLE_WORDS = PROTOCOLS.flatMap((p) => (p.roles ?? []).map((role) => role.word));
const ENUM_WORDS = new Set(['none', 'constant', 'exponential', 'full', 'equal', 'decorrelated', 'leader', 'primary', 'any', 'replicas', 'follower', 'on', 'off', 'true', 'false', 'forever', 'uniform', 'normal', 'majorities', 'ring', 'bridge', ...ROLE_WORDS, REST_WORD]);
const EXPECTATION_WORDS = new Set(Object.keys(expectationConcepts).flatMap((k) => k.split(' ')));

function classifyWords(state: DocumentState): Map<Token, { type: TokenType; declaration: boolean }> {
  const classes = new Map<Token, { type: TokenType; declaration: boolean }>();
  for (const o of state.outline.occurrences) {
    if (o.token.kind !== 'word') continue;
    classes.set(o.token, { type: o.kind === 'client' ? 'class' : 'variable', declaration: o.isDeclaration });
  }
  forEachBlock(state.outline.blocks, (block) => {
    if (block.keyword === 'protocol' && block.header[1] !== undefined) classes.set(block.header[1], { type: 'type', declaration: false });
    // `client alice near n1 {` / `client bob in eu {`: the place word is a keyword, a region a namespace.
    if (block.keyword === 'client') {
      block.header.forEach((t, i) => {
        if (i < 2 || t.kind !== 'word' || classes.has(t)) return;
        if (t.text === 'near' || t.text === 'in') classes.set(t, { type: 'keyword', declaration: false });
        else if (block.header[i - 1]?.text === 'in') classes.set(t, { type: 'namespace', declaration: false });
      });
    }
    if (block.keyword === 'faults') {
      // `at 2s drop next AppendEntries n1 -> n2`, `at 2s drop AppendEntries n1 -> n2 sent at 1.9s`:
      // the message type reads as a type.
      for (const statement of block.statements) {
        const line = messageLineWords(statement.tokens);
        const type = line === undefined ? undefined : statement.tokens[line.type];
        if (type?.kind === 'word' && !classes.has(type)) classes.set(type, { type: 'type', declaration: false });
      }
    }
    if (block.keyword === 'protocol') {
      const protocol = protocolNameOf(block);
      for (const statement of block.statements) {
        const option = optionForWords(protocol, leadingWords(statement));
        const nameLength = option === undefined ? 0 : option.name.split(' ').length;
        statement.tokens.forEach((t, i) => {
          if (t.kind !== 'word' || classes.has(t)) return;
          classes.set(t, { type: i < nameLength ? 'property' : 'enumMember', declaration: false });
        });
      }
    }
  });
  return classes;
}

/** Tokens are delta-encoded from the start, so the ones found before the budget ran out are valid. */
export function provideSemanticTokens(state: DocumentState, _params: unknown, budget: RequestBudget = NO_BUDGET): SemanticTokens {
  const classes = classifyWords(state);
  const data: number[] = [];
  let previousLine = 0;
  let previousCharacter = 0;
  for (const token of state.outline.tokens) {
    if (budget.exhausted()) break;
    if (token.endLine !== token.line) continue; // multi-line comments: the grammar colours them
    let type: TokenType | undefined;
    let declaration = false;
    if (token.kind === 'number') type = 'number';
    else if (token.kind === 'string') type = 'string';
    else if (token.kind === 'comment') type = 'comment';
    else if (token.kind === 'punct' && ['->', '<->', '|', '..', '*'].includes(token.text)) type = 'operator';
    else if (token.kind === 'word') {
      const known = classes.get(token);
      if (known !== undefined) {
        type = known.type;
        declaration = known.declaration;
      } else if (ENUM_WORDS.has(token.text)) type = 'enumMember';
      else if (keywordConcepts[token.text] !== undefined || faultConcepts[token.text] !== undefined || EXPECTATION_WORDS.has(token.text)) type = 'keyword';
    }
    if (type === undefined) continue;
    const deltaLine = token.line - previousLine;
    const deltaCharacter = deltaLine === 0 ? token.character - previousCharacter : token.character;
    data.push(deltaLine, deltaCharacter, token.endCharacter - token.character, typeIndex(type), declaration ? 1 : 0);
    previousLine = token.line;
    previousCharacter = token.character;
  }
  return { data };
}
