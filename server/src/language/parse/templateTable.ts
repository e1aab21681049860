// The `{{...}}` references of a document, kept as rows of numbers beside their expressions rather than as an
// object each: a large .http file has tens of thousands, which would live as long as the document and be copied
// by every garbage collection made while it is parsed. A `TemplateReference` is made when one is asked for.

import { span, type Span } from '../text';
import type { TemplateReference } from './types';
import { withRoom } from './rows';

// Columns of a row.
const LINE = 0;
const START = 1;
const END = 2;
const STRIDE = 3;

class Template implements TemplateReference {
  constructor(
    readonly expression: string,
    private readonly line: number,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get span(): Span {
    return span(this.line, this.start, this.end);
  }
}

export class TemplateTable {
  private rows = new Int32Array(STRIDE * 64);
  private readonly expressions: string[] = [];

  get length(): number {
    return this.expressions.length;
  }

  /** Notes `{{expression}}` at [start, end) of line `line`. */
  add(expression: string, line: number, start: number, end: number): void {
    const at = this.expressions.length * STRIDE;
    if (at + STRIDE > this.rows.length) this.rows = withRoom(this.rows, at + STRIDE);
    this.rows[at + LINE] = line;
    this.rows[at + START] = start;
    this.rows[at + END] = end;
    this.expressions.push(expression);
  }

  expression(i: number): string {
    return this.expressions[i]!;
  }

  at(i: number): TemplateReference {
    const at = i * STRIDE;
    return new Template(this.expressions[i]!, this.rows[at + LINE]!, this.rows[at + START]!, this.rows[at + END]!);
  }

  /** Every reference, in order. */
  all(): TemplateReference[] {
    const out: TemplateReference[] = [];
    for (let i = 0; i < this.expressions.length; i++) out.push(this.at(i));
    return out;
  }
}

/** The table of a document with no references (a message dump). */
export const NO_TEMPLATES = new TemplateTable();
