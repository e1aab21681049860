// A finding as the linter keeps it. A large file has tens of thousands of findings, and each lives as long as its
// result: every object it holds is copied by each garbage collection made while the file is linted. A finding
// therefore holds its position as numbers, and its fixes as the recipe it was given, and makes the objects LSP
// wants (the range, the data) when they are first read.

import type { CodeDescription, DiagnosticSeverity, DiagnosticTag, Range } from 'vscode-languageserver-types';
import { LazyFixes, type Fix } from './edits';
import type { DiagnosticData, Fixes, LensDiagnostic } from './rules/ruleTypes';

export class Finding implements LensDiagnostic {
  readonly source = 'http-lens';
  private madeRange: Range | undefined;
  private madeData: DiagnosticData | undefined;

  constructor(
    readonly code: string,
    readonly severity: DiagnosticSeverity,
    readonly message: string,
    readonly codeDescription: CodeDescription,
    readonly tags: DiagnosticTag[] | undefined,
    readonly startLine: number,
    readonly startCharacter: number,
    private readonly endLine: number,
    private readonly endCharacter: number,
    private readonly fixes: Fixes,
  ) {}

  get range(): Range {
    return (this.madeRange ??= {
      start: { line: this.startLine, character: this.startCharacter },
      end: { line: this.endLine, character: this.endCharacter },
    });
  }

  get data(): DiagnosticData {
    return (this.madeData ??= this.fixes instanceof LazyFixes ? this.fixes : { fixes: this.fixes as readonly Fix[] });
  }

  /** What JSON (LSP, `lint --json`) carries: the plain Diagnostic, fields in the order LSP lists them. */
  toJSON(): LensDiagnostic {
    return plainDiagnostic(this, this.range);
  }
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
