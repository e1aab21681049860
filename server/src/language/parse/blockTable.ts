// The request blocks of an .http file and their metadata lines (`# @name login`), kept as rows of numbers, as
// fields are (fieldStore.ts). A large file has tens of thousands of blocks, and every object kept for one lives
// as long as the document and is copied by each garbage collection made while the file is parsed and linted;
// linting reads only a block's metadata keys and whether it has scripts. `RequestBlock`s are made when the
// document is first asked for them; titles and metadata values are sliced from the text then.

import { span, type Span } from '../text';
import { withRoom } from './rows';
import type { HttpMessage, Metadata, RequestBlock } from './types';

type Script = RequestBlock['scripts'][number];

// Columns of a metadata row. Offsets are where they are in the text; columns, where in the line.
const M_LINE = 0;
const M_LINE_START = 1;
const M_KEY_START = 2;
const M_VALUE_START = 3;
const M_VALUE_END = 4;
/** The line's content, without its leading and trailing blanks. */
const M_START = 5;
const M_END = 6;
const M_STRIDE = 7;

// Columns of a block row.
const B_FIRST_LINE = 0;
const B_LAST_LINE = 1;
const B_MESSAGE = 2;
/** The `###` title's offsets in the text: equal when there is none. */
const B_TITLE_START = 3;
const B_TITLE_END = 4;
/** The block's metadata rows: `B_META_COUNT` of them from `B_META_FIRST`. */
const B_META_FIRST = 5;
const B_META_COUNT = 6;
/** The metadata row of the `# @name` line with a value, or -1. */
const B_NAMED = 7;
const B_STRIDE = 8;

const NONE: readonly never[] = Object.freeze([]);

export class BlockTable {
  private metaRows = new Int32Array(M_STRIDE * 64);
  /** Each metadata line's key, by row: interned, so one copy of `name` serves every block. */
  private readonly keys: string[] = [];
  private blockRows = new Int32Array(B_STRIDE * 64);
  private blockCount = 0;
  /** The scripts of the blocks that have any, by block. */
  private scripts: Map<number, readonly Script[]> | undefined;

  constructor(
    /** The text the lines were read from. */
    private readonly text: string,
  ) {}

  /**
   * Adds the metadata line `line` starting at `lineStart` in the text; its key is `key` at column `keyStart`, its
   * value [valueStart, valueEnd), its content [start, end) (columns). Returns its row.
   */
  addMetadata(key: string, line: number, lineStart: number, keyStart: number, valueStart: number, valueEnd: number, start: number, end: number): number {
    const row = this.keys.length;
    this.keys.push(key);
    const rows = (this.metaRows = withRoom(this.metaRows, (row + 1) * M_STRIDE));
    const at = row * M_STRIDE;
    rows[at + M_LINE] = line;
    rows[at + M_LINE_START] = lineStart;
    rows[at + M_KEY_START] = keyStart;
    rows[at + M_VALUE_START] = valueStart;
    rows[at + M_VALUE_END] = valueEnd;
    rows[at + M_START] = start;
    rows[at + M_END] = end;
    return row;
  }

  /** Forgets the metadata rows from `row` on: those of a block that turned out to hold no request. */
  dropMetadata(row: number): void {
    this.keys.length = row;
  }

  /**
   * Adds a block for message `message` over lines [firstLine, lastLine], its title at [titleStart, titleEnd) of
   * the text, its metadata the `metaCount` rows from `metaFirst`.
   */
  addBlock(
    message: number, firstLine: number, lastLine: number, titleStart: number, titleEnd: number, metaFirst: number, metaCount: number,
    scripts: readonly Script[] | undefined,
  ): void {
    const index = this.blockCount++;
    const rows = (this.blockRows = withRoom(this.blockRows, this.blockCount * B_STRIDE));
    const at = index * B_STRIDE;
    rows[at + B_FIRST_LINE] = firstLine;
    rows[at + B_LAST_LINE] = lastLine;
    rows[at + B_MESSAGE] = message;
    rows[at + B_TITLE_START] = titleStart;
    rows[at + B_TITLE_END] = titleEnd;
    rows[at + B_META_FIRST] = metaFirst;
    rows[at + B_META_COUNT] = metaCount;
    rows[at + B_NAMED] = this.namedRow(metaFirst, metaCount);
    if (scripts && scripts.length > 0) (this.scripts ??= new Map()).set(index, scripts);
  }

  /** The first `# @name` line with a value among the rows given, or -1. */
  private namedRow(first: number, count: number): number {
    for (let row = first; row < first + count; row++) {
      if (this.keys[row] === 'name' && this.metaCell(row, M_VALUE_END) > this.metaCell(row, M_VALUE_START)) return row;
    }
    return -1;
  }

  get count(): number {
    return this.blockCount;
  }

  /** How many metadata lines the blocks hold, in the order of the text. */
  get metadataCount(): number {
    return this.keys.length;
  }

  metadataKey(row: number): string {
    return this.keys[row]!;
  }

  metadataValue(row: number): string {
    return this.text.slice(this.metaCell(row, M_VALUE_START), this.metaCell(row, M_VALUE_END));
  }

  /** Whether any block holds a script, handler or other part kept but not run. */
  get hasScripts(): boolean {
    return this.scripts !== undefined;
  }

  /** Every block, made now: `messages` are the document's, by index. */
  blocks(messages: readonly HttpMessage[]): RequestBlock[] {
    const blocks = new Array<RequestBlock>(this.blockCount);
    for (let i = 0; i < this.blockCount; i++) blocks[i] = new Block(this, i, messages[this.blockCell(i, B_MESSAGE)]!);
    return blocks;
  }

  /** @internal the parts of a row the views read. */
  blockCell(index: number, column: number): number {
    return this.blockRows[index * B_STRIDE + column]!;
  }

  /** @internal */
  metaCell(row: number, column: number): number {
    return this.metaRows[row * M_STRIDE + column]!;
  }

  /** @internal */
  scriptsOf(index: number): readonly Script[] {
    return this.scripts?.get(index) ?? NONE;
  }

  /** @internal */
  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }
}

/** A metadata line: a view of its row. */
class MetadataLine implements Metadata {
  constructor(
    private readonly table: BlockTable,
    private readonly row: number,
  ) {}

  get key(): string {
    return this.table.metadataKey(this.row);
  }

  get value(): string {
    return this.table.metadataValue(this.row);
  }

  get keySpan(): Span {
    const keyStart = this.table.metaCell(this.row, M_KEY_START);
    return span(this.table.metaCell(this.row, M_LINE), keyStart, keyStart + this.key.length);
  }

  get span(): Span {
    return span(this.table.metaCell(this.row, M_LINE), this.table.metaCell(this.row, M_START), this.table.metaCell(this.row, M_END));
  }
}

/** A request block: a view of its row, its lists made once when first asked for. */
class Block implements RequestBlock {
  private madeMetadata: readonly Metadata[] | undefined;

  constructor(
    private readonly table: BlockTable,
    private readonly index: number,
    readonly message: HttpMessage,
  ) {}

  private cell(column: number): number {
    return this.table.blockCell(this.index, column);
  }

  get firstLine(): number {
    return this.cell(B_FIRST_LINE);
  }

  get lastLine(): number {
    return this.cell(B_LAST_LINE);
  }

  get title(): string | undefined {
    const start = this.cell(B_TITLE_START);
    const end = this.cell(B_TITLE_END);
    return end > start ? this.table.slice(start, end) : undefined;
  }

  get metadata(): readonly Metadata[] {
    if (this.madeMetadata === undefined) {
      const first = this.cell(B_META_FIRST);
      const count = this.cell(B_META_COUNT);
      const made = new Array<Metadata>(count);
      for (let k = 0; k < count; k++) made[k] = new MetadataLine(this.table, first + k);
      this.madeMetadata = count > 0 ? made : NONE;
    }
    return this.madeMetadata;
  }

  get scripts(): RequestBlock['scripts'] {
    return this.table.scriptsOf(this.index);
  }

  get name(): string | undefined {
    const row = this.cell(B_NAMED);
    return row < 0 ? undefined : this.table.metadataValue(row);
  }

  get nameSpan(): Span | undefined {
    const row = this.cell(B_NAMED);
    if (row < 0) return undefined;
    const line = this.table.metaCell(row, M_LINE);
    return span(line, this.table.metaCell(row, M_VALUE_START) - this.table.metaCell(row, M_LINE_START), this.table.metaCell(row, M_VALUE_END) - this.table.metaCell(row, M_LINE_START));
  }
}
