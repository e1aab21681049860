import { splitLines } from '../text';
import type { FieldStore } from './fieldStore';
import type { TemplateTable } from './templateTable';
import type { BlockTable } from './blockTable';
import type { DocumentKind, Exchange, HeaderField, HttpMessage, ParsedDocument, RequestBlock, TemplateReference, VariableDefinition } from './types';

const NO_BLOCKS: readonly RequestBlock[] = Object.freeze([]);

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
    /** An .http file's blocks; none for a dump. */
    private readonly blockTable: BlockTable | undefined,
    readonly variables: readonly VariableDefinition[],
    private readonly templateTable: TemplateTable,
    private readonly store: FieldStore,
  ) {}

  private madeRequests: readonly RequestBlock[] | undefined;

  /** The blocks, made when first asked for: linting reads only their metadata keys and whether they have scripts. */
  get requests(): readonly RequestBlock[] {
    return (this.madeRequests ??= this.blockTable ? this.blockTable.blocks(this.messages) : NO_BLOCKS);
  }

  get metadataCount(): number {
    return this.blockTable?.metadataCount ?? 0;
  }

  metadataKey(i: number): string {
    return this.blockTable!.metadataKey(i);
  }

  metadataValue(i: number): string {
    return this.blockTable!.metadataValue(i);
  }

  get hasScripts(): boolean {
    return this.blockTable?.hasScripts ?? false;
  }

  private madeTemplates: readonly TemplateReference[] | undefined;

  get templates(): readonly TemplateReference[] {
    return (this.madeTemplates ??= this.templateTable.all());
  }

  get templateCount(): number {
    return this.templateTable.length;
  }

  templateExpression(i: number): string {
    return this.templateTable.expression(i);
  }

  template(i: number): TemplateReference {
    return this.templateTable.at(i);
  }

  field(row: number): HeaderField {
    return this.store.field(row);
  }

  get lines(): readonly string[] {
    this.split ??= splitLines(this.text).lines;
    return this.split;
  }
}
