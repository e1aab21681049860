import { DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { answeredRequests, MessageAnalyzer } from './analysis';
import { parseHttpFile } from './parse/httpFile';
import { parseMessageDump } from './parse/messageDump';
import type { DocumentKind, HttpMessage, ParsedDocument } from './parse/types';
import { predictExchange, predictMessage, type HeadView, type Prediction } from './persistence';
import { MESSAGE_CHECKS, RULE_MODULES } from './rules';
import type { LensDiagnostic, MessageContext, Report, RuleInfo, Severity, VariableFacts } from './rules/ruleTypes';
import { implicitVariables, union } from './variables';
import type { Span } from './text';
import { byStart, Finding } from './finding';

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
  const diagnostics: Finding[] = [];
  const overrides = options.rules;
  const report: Report = (rule, where, message, fixes = NO_FIXES, severity) => {
    const override = overrides?.[rule.code];
    if (override === 'off') return;
    const level = SEVERITY[override ?? severity ?? rule.severity];
    if ('line' in where) {
      const s = where as Span;
      diagnostics.push(new Finding(rule, level, message, s.line, s.start, s.line, s.end, fixes));
    } else {
      const r = where as Range;
      diagnostics.push(new Finding(rule, level, message, r.start.line, r.start.character, r.end.line, r.end.character, fixes));
    }
  };

  const inHttpFile = doc.kind === 'http-file';
  // Only an .http file has variables: a dump's text is not searched for the names scripts would set.
  const definedVariables = inHttpFile ? union(options.variables, [...doc.variables.map((v) => v.name), ...implicitVariables(doc)]) : options.variables ?? NO_NAMES;
  // Each exchange is predicted as soon as its last message is analysed, and only the views of messages whose
  // exchange is still open are kept: views held for the whole document would all survive the garbage
  // collections made meanwhile, and be copied by each. Lists by message index serve where maps would hash.
  const exchangeOf = new Int32Array(doc.messages.length).fill(-1);
  const lastOf = new Int32Array(doc.exchanges.length).fill(-1);
  const answerOf = answeredRequests(doc);
  for (let xi = 0; xi < doc.exchanges.length; xi++) {
    const { request, response } = doc.exchanges[xi]!;
    if ((request && request.protocol !== 'http') || !(request || response)) continue;
    if (request) {
      exchangeOf[request.index] = xi;
      lastOf[xi] = request.index;
    }
    if (response) {
      exchangeOf[response.index] = xi;
      lastOf[xi] = Math.max(lastOf[xi]!, response.index);
    }
  }
  const open = new Array<HeadView | undefined>(doc.messages.length);
  const exchangePredictions: (Prediction | undefined)[] = new Array(doc.exchanges.length).fill(undefined);
  const byMessage: (Prediction | undefined)[] = [];
  const viewOf = (m: HttpMessage | undefined, current: HttpMessage, view: HeadView) => m && (m === current ? view : open[m.index]);
  const analyzer = new MessageAnalyzer(doc);
  let ctx: { -readonly [K in keyof MessageContext]: MessageContext[K] } | undefined;
  for (const message of doc.messages) {
    const analysis = analyzer.analyze(message, answerOf[message.index]);
    const xi = exchangeOf[message.index]!;
    if (xi < 0) {
      if (message.protocol === 'http') byMessage[message.index] = predictMessage(analysis.view);
    } else if (lastOf[xi] !== message.index) {
      open[message.index] = analysis.view;
    } else {
      const { request, response } = doc.exchanges[xi]!;
      const prediction = predictExchange(viewOf(request, message, analysis.view), viewOf(response, message, analysis.view));
      exchangePredictions[xi] = prediction;
      if (request) byMessage[request.index] = prediction;
      if (response) byMessage[response.index] = prediction;
      if (request) open[request.index] = undefined;
      if (response) open[response.index] = undefined;
    }
    if (message.protocol !== 'http') continue;
    // One context serves every message, as one analysis does: the rules keep neither past their message.
    if (ctx) ctx.message = message;
    else ctx = { doc, message, analysis, inHttpFile, definedVariables, report };
    for (let r = 0; r < MESSAGE_CHECKS.length; r++) MESSAGE_CHECKS[r]!(ctx);
  }

  const variables: VariableFacts = {
    defined: definedVariables,
    requestNames: options.requestNames ?? new Set(),
    environment: options.environment?.selected,
    elsewhere: options.environment?.elsewhere ?? new Map(),
    dotenv: options.environment?.dotenv,
    shared: options.environment?.shared,
  };
  for (const module of RULE_MODULES) module.checkDocument?.({ doc, predictions: exchangePredictions, variables, report });

  const predictions: MessagePrediction[] = [];
  for (const message of doc.messages) {
    if (message.protocol !== 'http') continue;
    predictions.push({ message, prediction: byMessage[message.index]! });
  }
  diagnostics.sort(byStart);
  return { doc, diagnostics, predictions };
}

const NO_FIXES: readonly never[] = Object.freeze([]);
const NO_NAMES: ReadonlySet<string> = new Set();

export type { RuleInfo };
