// The public face of the language: other parts (language server, CLI, webview) import only this.
//
//   analyze(text)            → { ast, diagnostics }   never throws, bounded time on any input
//   compile(text, scenario?) → { config, diagnostics, scenarios }
//
// compile picks the named scenario (or the first one) and returns config === null when that
// scenario — or a scenario it extends, or text outside every scenario — has an error.
// `diagnostics` always holds every diagnostic of the whole file.
// Protocol options compile into SimConfig.protocol.options keyed by the declared option name
// exactly as written in core/protocols/<name>/options.ts (e.g. options['election timeout']).

export type { Diagnostic, Severity, RelatedInformation } from './diagnostic.ts';
export type { Range, Position } from './range.ts';
export type { DiagnosticCode } from './codes.ts';
export { DIAGNOSTIC_CODES, ALL_DIAGNOSTIC_CODES } from './codes.ts';
export type * as Ast from './ast.ts';
export { analyze } from './analyze.ts';
export type { AnalyzedDocument } from './analyze.ts';
export { compile } from './compile.ts';
export type { CompileResult } from './compile.ts';
export { nodeAt, pathAt, symbolsOf, referencesAt, definitionAt } from './lookup.ts';
export type { SymbolKind, SymbolOccurrence } from './lookup.ts';
export { rangeContains, comparePositions } from './range.ts';
