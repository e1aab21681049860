// A finding as the linter keeps it. A large file has tens of thousands of findings, and each lives as long as its
// result: every object it holds is copied by each garbage collection made while the file is linted, and each
// costs that collection more than its size. A finding is therefore one object: its position is four numbers,
// its fixes the recipe the rule gave (a maker and its arguments, in fields of its own), and the objects LSP
// wants (the range, the data) are made when first read.

import type { CodeDescription, DiagnosticSeverity, DiagnosticTag, Range } from 'vscode-languageserver-types';
import { LazyFixes, type Fix, type FixMaker } from './edits';
import type { DiagnosticData, Fixes, LensDiagnostic, RuleInfo } from './rules/ruleTypes';
import { specUrl } from './spec';

export class Finding implements LensDiagnostic {
  private madeRange: Range | undefined;
  /** The fixes as given (a list), or the data made from them or from the recipe. */
  private madeData: DiagnosticData | readonly Fix[] | undefined;
  private readonly make: FixMaker | undefined;
  private readonly a0: unknown;
  private readonly a1: unknown;
  private readonly a2: unknown;
  private readonly a3: unknown;

  constructor(
    private readonly rule: RuleInfo,
    readonly severity: DiagnosticSeverity,
    readonly message: string,
    readonly startLine: number,
    readonly startCharacter: number,
    private readonly endLine: number,
    private readonly endCharacter: number,
    fixes: Fixes,
  ) {
    if (fixes instanceof LazyFixes) {
      this.make = fixes.recipe;
      this.a0 = fixes.a0;
      this.a1 = fixes.a1;
      this.a2 = fixes.a2;
      this.a3 = fixes.a3;
      // A recipe already used has its fixes made: keep those.
      if (!this.make) this.madeData = fixes;
    } else {
      this.madeData = fixes;
    }
  }

  get code(): string {
    return this.rule.code;
  }

  get codeDescription(): CodeDescription {
    return descriptionOf(this.rule);
  }

  get source(): string {
    return 'http-lens';
  }

  get tags(): DiagnosticTag[] | undefined {
    return this.rule.tags as DiagnosticTag[] | undefined;
  }

  get range(): Range {
    return (this.madeRange ??= {
      start: { line: this.startLine, character: this.startCharacter },
      end: { line: this.endLine, character: this.endCharacter },
    });
  }

  get data(): DiagnosticData {
    const made = this.madeData;
    if (made !== undefined && !Array.isArray(made)) return made as DiagnosticData;
    const data: DiagnosticData = this.make ? new LazyFixes(this.make, this.a0, this.a1, this.a2, this.a3) : { fixes: (made as readonly Fix[] | undefined) ?? [] };
    this.madeData = data;
    return data;
  }

  /** What JSON (LSP, `lint --json`) carries: the plain Diagnostic, fields in the order LSP lists them. */
  toJSON(): LensDiagnostic {
    return plainDiagnostic(this, this.range);
  }
}

/** One link object per rule, shared by all its findings. */
const descriptions = new Map<string, CodeDescription>();

function descriptionOf(rule: RuleInfo): CodeDescription {
  let d = descriptions.get(rule.code);
  if (!d) descriptions.set(rule.code, (d = { href: specUrl(rule.spec) }));
  return d;
}

/**
 * `d` as a plain object at `range`, fixes included: what a finding is moved to by a spread would otherwise lose
 * its range and data (made on demand, not own fields) and carry its recipe instead.
 */
export function plainDiagnostic(d: LensDiagnostic, range: Range, data: DiagnosticData = d.data): LensDiagnostic {
  return {
    range, severity: d.severity, code: d.code, codeDescription: d.codeDescription, source: d.source, message: d.message, tags: d.tags, data,
  };
}

/** Orders findings by where they start. */
export function byStart(a: Finding, b: Finding): number {
  return a.startLine - b.startLine || a.startCharacter - b.startCharacter;
}
