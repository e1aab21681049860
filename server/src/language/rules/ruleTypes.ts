import type { Diagnostic, DiagnosticTag, Range } from 'vscode-languageserver-types';
import type { Fix, LazyFixes } from '../edits';
import type { MessageAnalysis } from '../analysis';
import type { HttpMessage, ParsedDocument } from '../parse/types';
import type { Prediction } from '../persistence';
import type { Span } from '../text';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** One line of the rule table: everything about a diagnostic except where it is and what it names. */
export interface RuleInfo {
  /** Stable: used by settings, quick-fixes, documentation and tests. */
  readonly code: string;
  readonly severity: Severity;
  /** One line, for lists and documentation. */
  readonly title: string;
  /** A paragraph, for hovers: what is wrong and what happens because of it. */
  readonly explanation: string;
  /** `rfc9112#5.1` */
  readonly spec: string;
  readonly tags?: readonly DiagnosticTag[];
}

/** The data every HTTP Lens diagnostic carries. */
export interface DiagnosticData {
  readonly fixes: readonly Fix[];
}

export interface LensDiagnostic extends Diagnostic {
  readonly code: string;
  /** Always plain text (LSP 3.18 also allows markup; HTTP Lens keeps messages one line of text). */
  readonly message: string;
  readonly data: DiagnosticData;
}

/** A finding's fixes, or how to make them: most findings are only shown, and their fixes never asked for. */
export type Fixes = readonly Fix[] | LazyFixes;

export interface Report {
  (rule: RuleInfo, where: Span | Range, message: string, fixes?: Fixes, severity?: Severity): void;
}

export interface MessageContext {
  readonly doc: ParsedDocument;
  readonly message: HttpMessage;
  readonly analysis: MessageAnalysis;
  readonly inHttpFile: boolean;
  /** Variables defined for this document: its own `@name` lines, and any the caller knows of (the rest of the file, an environment). */
  readonly definedVariables: ReadonlySet<string>;
  readonly report: Report;
}

/** What the variable rules know beyond the text being linted. */
export interface VariableFacts {
  /** Every name with a value: the whole file's `@name` lines and the selected environment's variables. */
  readonly defined: ReadonlySet<string>;
  /** `# @name` of every request in the whole file. */
  readonly requestNames: ReadonlySet<string>;
  /** The selected environment, when one is. */
  readonly environment?: string;
  /** Names the selection does not define, with the environments that do. */
  readonly elsewhere: ReadonlyMap<string, readonly string[]>;
  /** The `.env` file's variables, when the caller looked for one. */
  readonly dotenv?: ReadonlyMap<string, string>;
  /** The `$shared` environment, when the caller read environments. */
  readonly shared?: ReadonlyMap<string, string>;
}

export interface DocumentContext {
  readonly doc: ParsedDocument;
  readonly variables: VariableFacts;
  /** The prediction of each exchange, in the order of `doc.exchanges` (none for one that is not HTTP/1.x). */
  readonly predictions: readonly (Prediction | undefined)[];
  readonly report: Report;
}

/** A rule file: the table rows it owns and the checks that report them. */
export interface RuleModule {
  readonly rules: readonly RuleInfo[];
  readonly checkMessage?: (ctx: MessageContext) => void;
  readonly checkDocument?: (ctx: DocumentContext) => void;
}
