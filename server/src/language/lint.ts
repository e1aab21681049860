import { DiagnosticSeverity, type DiagnosticTag, type Range } from 'vscode-languageserver-types';
import { analyzeDocument } from './analysis';
import { parseHttpFile } from './parse/httpFile';
import { parseMessageDump } from './parse/messageDump';
import type { DocumentKind, Exchange, HttpMessage, ParsedDocument } from './parse/types';
import { predictExchange, predictMessage, type Prediction } from './persistence';
import { RULE_MODULES } from './rules';
import type { LensDiagnostic, Report, RuleInfo, Severity, VariableFacts } from './rules/ruleTypes';
import { specUrl } from './spec';
import { implicitVariables } from './variables';
import { spanToRange, type Span } from './text';

export interface LintOptions {
  /** Per rule code: a severity to use instead of the default, or `off`. */
  readonly rules?: Readonly<Record<string, Severity | 'off'>>;
  /** Variables defined outside the text being linted (elsewhere in the file, in an environment). */
  readonly variables?: ReadonlySet<string>;
  /** `# @name` of requests outside the text being linted (the rest of the file). */
  readonly requestNames?: ReadonlySet<string>;
  /** The environments, when the caller read them: which one is selected and what the others define. */
  readonly environment?: EnvironmentFacts;
}

/** What the variable rules are told about environments. */
export interface EnvironmentFacts {
  readonly selected?: string;
  readonly elsewhere: ReadonlyMap<string, readonly string[]>;
  readonly dotenv?: ReadonlyMap<string, string>;
  readonly shared?: ReadonlyMap<string, string>;
}

export interface MessagePrediction {
  readonly message: HttpMessage;
  readonly prediction: Prediction;
}

export interface LintResult {
  readonly doc: ParsedDocument;
  readonly diagnostics: readonly LensDiagnostic[];
  /** The persistence prediction of each message: for one in an exchange, the exchange's. */
  readonly predictions: readonly MessagePrediction[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function parseDocument(text: string, kind: DocumentKind): ParsedDocument {
  return kind === 'http-file' ? parseHttpFile(text) : parseMessageDump(text);
}

/** Parses and lints a document. Never throws on any input. */
export function lintText(text: string, kind: DocumentKind, options: LintOptions = {}): LintResult {
  return lintDocument(parseDocument(text, kind), options);
}

export function lintDocument(doc: ParsedDocument, options: LintOptions = {}): LintResult {
  const diagnostics: LensDiagnostic[] = [];
  const overrides = options.rules ?? {};
  const report: Report = (rule, where, message, fixes = [], severity) => {
    const override = overrides[rule.code];
    if (override === 'off') return;
    const range: Range = 'line' in where ? spanToRange(where as Span) : where;
    diagnostics.push({
      range,
      severity: SEVERITY[override ?? severity ?? rule.severity],
      code: rule.code,
      codeDescription: descriptionOf(rule),
      source: 'http-lens',
      message,
      tags: rule.tags as DiagnosticTag[] | undefined,
      data: { fixes },
    });
  };

  const { analyses, exchangeOf } = analyzeDocument(doc);
  const inHttpFile = doc.kind === 'http-file';
  const definedVariables = new Set([...(options.variables ?? []), ...doc.variables.map((v) => v.name), ...implicitVariables(doc)]);
  for (const analysis of analyses) {
    if (analysis.message.protocol !== 'http') continue;
    const ctx = { doc, message: analysis.message, analysis, inHttpFile, definedVariables, report };
    for (const module of RULE_MODULES) module.checkMessage?.(ctx);
  }

  // Analyses follow doc.messages, so a message's analysis is found by its index.
  const exchangePredictions = new Map<Exchange, Prediction>();
  for (const x of doc.exchanges) {
    const req = x.request && analyses[x.request.index];
    const res = x.response && analyses[x.response.index];
    if ((req && req.message.protocol !== 'http') || (!req && !res)) continue;
    exchangePredictions.set(x, predictExchange(req?.view, res?.view));
  }
  const variables: VariableFacts = {
    defined: definedVariables,
    requestNames: options.requestNames ?? new Set(),
    environment: options.environment?.selected,
    elsewhere: options.environment?.elsewhere ?? new Map(),
    dotenv: options.environment?.dotenv,
    shared: options.environment?.shared,
  };
  for (const module of RULE_MODULES) module.checkDocument?.({ doc, analyses, predictions: exchangePredictions, variables, report });

  const predictions: MessagePrediction[] = [];
  for (const a of analyses) {
    if (a.message.protocol !== 'http') continue;
    const x = exchangeOf.get(a.message);
    const prediction = (x && exchangePredictions.get(x)) ?? predictMessage(a.view);
    predictions.push({ message: a.message, prediction });
  }
  diagnostics.sort(byPosition);
  return { doc, diagnostics, predictions };
}

/** One link object per rule, shared by all its findings. */
const descriptions = new Map<string, { readonly href: string }>();
function descriptionOf(rule: RuleInfo): { readonly href: string } {
  let d = descriptions.get(rule.code);
  if (!d) descriptions.set(rule.code, (d = { href: specUrl(rule.spec) }));
  return d;
}

function byPosition(a: LensDiagnostic, b: LensDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

export type { RuleInfo };
