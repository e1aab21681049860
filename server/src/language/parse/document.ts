import { splitLines } from '../text';
import type { FieldStore } from './fieldStore';
import type { DocumentKind, Exchange, HeaderField, HttpMessage, ParsedDocument, RequestBlock, TemplateReference, VariableDefinition } from './types';

/**
 * A parsed document that keeps its text and splits it into lines when first asked for them. The parsers read the
 * text line by line and keep none of them: a large file has a hundred thousand lines, and linting it needs few.
 */
export class Document implements ParsedDocument {
  private split: readonly string[] | undefined;

  constructor(
    readonly kind: DocumentKind,
    /** The text parsed (without a byte order mark). */
    readonly text: string,
    readonly eol: string,
    readonly messages: readonly HttpMessage[],
    readonly exchanges: readonly Exchange[],
    readonly requests: readonly RequestBlock[],
    readonly variables: readonly VariableDefinition[],
    readonly templates: readonly TemplateReference[],
    private readonly store: FieldStore,
  ) {}

  field(row: number): HeaderField {
    return this.store.field(row);
  }

  get lines(): readonly string[] {
    this.split ??= splitLines(this.text).lines;
    return this.split;
  }
}
