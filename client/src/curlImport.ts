import { isToken } from '../../server/src/language/parse/grammar';

/**
 * Turns a curl command line, as copied from browser devtools ("Copy as cURL", bash or Windows cmd), API docs
 * or shell history, into one request of an .http file. Pure: files curl would read become `< file` references.
 */
export type CurlImport =
  | { ok: true; text: string; notes: string[] }
  | { ok: false; message: string; offset?: number };

interface Failure {
  readonly ok: false;
  readonly message: string;
  readonly offset?: number;
}

function fail(message: string, offset?: number): Failure {
  return offset === undefined ? { ok: false, message } : { ok: false, message, offset };
}

function isFailure(x: unknown): x is Failure {
  return typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;
}

export function curlToHttp(commandLine: string): CurlImport {
  try {
    const command = findCurlCommand(commandLine);
    if (isFailure(command)) return command;
    const notes = [...command.notes];
    const request = readOptions(command.words.slice(1), notes);
    if (isFailure(request)) return request;
    const text = buildRequestText(request, notes);
    if (isFailure(text)) return text;
    return { ok: true, text, notes: [...new Set(notes)] };
  } catch (err) {
    // A defect must not take the editor command down with it: report it like any other refusal.
    return fail(`could not read the curl command (${err instanceof Error ? err.message : String(err)})`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shell words

interface Word {
  readonly text: string;
  /** Where the word starts in the pasted text (its opening quote, if quoted). */
  readonly offset: number;
}

interface Command {
  readonly words: Word[];
  /** Just past the command and whatever ended it. */
  readonly end: number;
  /** `|`, `&&`, `;`, `&`, a redirection or a line break: what ended the command before the end of the text. */
  readonly endedBy?: string;
  readonly notes: string[];
}

type Scanner = (text: string, from: number) => Command | Failure;

/**
 * Read as a POSIX shell line unless it is a Windows cmd line: one that starts with a drive path, or has a `^`
 * outside quotes, which is cmd's escape (Chrome's "Copy as cURL (cmd)" ends lines with ` ^` and writes `^"`)
 * and an ordinary character to a POSIX shell that curl commands have no use for.
 */
function findCurlCommand(text: string): { words: Word[]; notes: string[] } | Failure {
  if (/^\s*"?[A-Za-z]:\\/.test(text)) return findCommandWith(scanCmdCommand, text);
  const caret = { seen: false };
  const posix = findCommandWith((t, from) => scanPosixCommand(t, from, caret), text);
  return caret.seen ? findCommandWith(scanCmdCommand, text) : posix;
}

/** The first command of the text that runs curl, skipping blank lines, comments and other commands. */
function findCommandWith(scan: Scanner, text: string): { words: Word[]; notes: string[] } | Failure {
  let firstForeign: Word | undefined;
  let from = 0;
  while (from < text.length) {
    const command = scan(text, from);
    if (isFailure(command)) return command;
    const words = withoutPrompt(command.words);
    if (words.length > 0 && isCurlProgram(words[0]!.text)) {
      const notes = [...command.notes];
      if (firstForeign) notes.push(`the text before the curl command (${quoteForNote(firstForeign.text)}…) is not part of the request`);
      if (command.endedBy && text.slice(command.end).trim() !== '') {
        notes.push(`the curl command ends at the unquoted ${describeEnd(command.endedBy)}: what follows is not part of the request`);
      }
      return { words, notes };
    }
    if (words.length > 0) firstForeign ??= words[0];
    from = command.end;
  }
  if (firstForeign) return fail(`not a curl command: it starts with ${quoteForNote(firstForeign.text)}`, firstForeign.offset);
  return fail('the text holds no curl command');
}

function describeEnd(endedBy: string): string {
  return endedBy === '\n' ? 'line break' : `\`${endedBy}\``;
}

/** `$ curl …` copied with its prompt, `  42  curl …` from `history`, `TOKEN=x curl …` with an assignment. */
function withoutPrompt(words: Word[]): Word[] {
  let i = 0;
  while (i < words.length - 1 && /^(?:\$|%|\d+|[A-Za-z_][A-Za-z0-9_]*=.*)$/s.test(words[i]!.text)) i++;
  return i === 0 ? words : words.slice(i);
}

function isCurlProgram(word: string): boolean {
  const base = word.slice(Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\')) + 1);
  return /^curl(?:\.exe)?$/i.test(base);
}

/** Text in backticks, doubled (with spaces) when it holds a backtick itself. */
function asCode(s: string): string {
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

function quoteForNote(s: string): string {
  const short = s.length > 40 ? `${s.slice(0, 37)}…` : s;
  return `\`${short.replace(/[\r\n]+/g, ' ')}\``;
}

function lineBreakLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 10) return 1;
  if (c === 13 && text.charCodeAt(i + 1) === 10) return 2;
  return 0;
}

/** Collects what a shell would have substituted, to say once that it was left as written. */
class Expansions {
  private readonly seen: string[] = [];
  add(text: string): void {
    if (this.seen.length < 5) this.seen.push(text.length > 24 ? `${text.slice(0, 21)}…` : text);
  }
  note(into: string[]): void {
    if (this.seen.length) into.push(`left as written where a shell would substitute a value: ${this.seen.map(asCode).join(', ')}`);
  }
}

/**
 * One command of a POSIX shell line (bash, zsh, sh): quotes, `$'…'`, backslash escapes and continuations,
 * comments; it ends at a line break or at `;`, `&&`, `||`, `|`, `&`. Expansions stay as written.
 */
function scanPosixCommand(text: string, from: number, caret: { seen: boolean }): Command | Failure {
  return new PosixScanner(text, caret).scan(from);
}

class PosixScanner {
  private words: Word[] = [];
  private word = '';
  /** False between words: quotes and escapes start a word even when they add no character (`''`). */
  private inWord = false;
  private wordStart = 0;
  /** The word after a redirection (`> out.json`) names a file, not an argument. */
  private dropNextWord = false;
  private readonly expansions = new Expansions();
  private readonly notes: string[] = [];

  constructor(private readonly text: string, private readonly caret: { seen: boolean }) {}

  scan(from: number): Command | Failure {
    const t = this.text;
    let i = from;
    while (i < t.length) {
      const c = t[i]!;
      if (c === '\\') {
        const brk = lineBreakLength(t, i + 1);
        if (brk) {
          i += 1 + brk;
          continue;
        }
        this.begin(i);
        if (i + 1 < t.length) this.word += t[i + 1];
        i += 2;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        this.endWord();
        i++;
        continue;
      }
      if (c === '\n') return this.finish(i + 1, '\n');
      if (c === '#' && !this.inWord) {
        const eol = t.indexOf('\n', i);
        i = eol < 0 ? t.length : eol;
        continue;
      }
      if (c === '&' && t[i + 1] === '>') {
        i = this.redirect(i);
        continue;
      }
      if (c === ';' || c === '&' || c === '|') {
        const op = c !== ';' && t[i + 1] === c ? c + c : c;
        return this.finish(i + op.length, op);
      }
      if (c === '<' || c === '>') {
        i = this.redirect(i);
        continue;
      }
      this.begin(i);
      const next = this.quotedOrPlain(c, i);
      if (isFailure(next)) return next;
      i = next;
    }
    return this.finish(t.length);
  }

  private quotedOrPlain(c: string, i: number): number | Failure {
    if (c === "'") {
      const close = this.text.indexOf("'", i + 1);
      if (close < 0) return fail("unclosed ' quote", i);
      this.word += this.text.slice(i + 1, close);
      return close + 1;
    }
    if (c === '"') return this.doubleQuoted(i);
    if (c === '$') return this.dollar(i, false);
    if (c === '`') return this.backquoted(i);
    if (c === '^') this.caret.seen = true;
    this.word += c;
    return i + 1;
  }

  private begin(i: number): void {
    if (!this.inWord) {
      this.inWord = true;
      this.word = '';
      this.wordStart = i;
    }
  }

  private endWord(): void {
    if (!this.inWord) return;
    if (this.dropNextWord) this.dropNextWord = false;
    else this.words.push({ text: this.word, offset: this.wordStart });
    this.inWord = false;
  }

  private finish(end: number, endedBy?: string): Command {
    this.endWord();
    this.expansions.note(this.notes);
    return { words: this.words, end, endedBy, notes: this.notes };
  }

  /** `> file`, `2>&1`, `< in`, `&> log`: the redirection and its file are left out. */
  private redirect(at: number): number {
    if (this.inWord && /^\d+$/.test(this.word)) this.inWord = false;
    else this.endWord();
    let i = at;
    while (i < this.text.length && '<>&|'.includes(this.text[i]!)) i++;
    const op = this.text.slice(at, i);
    this.notes.push(op.startsWith('<<') ? `the shell input \`${op}\` is not read` : `the shell redirection \`${op}\` is left out`);
    this.dropNextWord = true;
    return i;
  }

  private doubleQuoted(open: number): number | Failure {
    const t = this.text;
    let i = open + 1;
    while (i < t.length) {
      const c = t[i]!;
      if (c === '"') return i + 1;
      if (c === '\\') {
        const brk = lineBreakLength(t, i + 1);
        if (brk) {
          i += 1 + brk;
          continue;
        }
        const next = t[i + 1];
        if (next !== undefined && '$`"\\'.includes(next)) {
          this.word += next;
          i += 2;
        } else {
          this.word += '\\';
          i++;
        }
        continue;
      }
      if (c === '$' || c === '`') {
        const next = c === '$' ? this.dollar(i, true) : this.backquoted(i);
        if (isFailure(next)) return next;
        i = next;
        continue;
      }
      this.word += c;
      i++;
    }
    return fail('unclosed " quote', open);
  }

  private dollar(at: number, inDoubleQuotes: boolean): number | Failure {
    const t = this.text;
    const next = t[at + 1];
    if (!inDoubleQuotes && next === "'") return this.ansiC(at + 1);
    if (!inDoubleQuotes && next === '"') return this.doubleQuoted(at + 1);
    if (next === '(') {
      const close = matchingParen(t, at + 1);
      if (close < 0) return fail('unclosed $( command substitution', at);
      return this.keepExpansion(at, close + 1);
    }
    if (next === '{') {
      const close = t.indexOf('}', at + 2);
      if (close < 0) return fail('unclosed ${', at);
      return this.keepExpansion(at, close + 1);
    }
    PARAMETER.lastIndex = at + 1;
    const name = PARAMETER.exec(t);
    if (name) return this.keepExpansion(at, at + 1 + name[0].length);
    this.word += '$';
    return at + 1;
  }

  private keepExpansion(from: number, to: number): number {
    const s = this.text.slice(from, to);
    this.word += s;
    this.expansions.add(s);
    return to;
  }

  private backquoted(open: number): number | Failure {
    const t = this.text;
    for (let i = open + 1; i < t.length; i++) {
      if (t[i] === '\\') i++;
      else if (t[i] === '`') return this.keepExpansion(open, i + 1);
    }
    return fail('unclosed ` command substitution', open);
  }

  /** Bash's `$'…'` (Chrome's "Copy as cURL" writes it): C escapes, with `\x` and octal escapes as bytes. */
  private ansiC(quote: number): number | Failure {
    const t = this.text;
    const bytes: number[] = [];
    const flush = () => {
      if (bytes.length === 0) return;
      this.word += decodeBytes(bytes, this.notes);
      bytes.length = 0;
    };
    let i = quote + 1;
    while (i < t.length) {
      const c = t[i]!;
      if (c === "'") {
        flush();
        return i + 1;
      }
      if (c !== '\\' || i + 1 >= t.length) {
        flush();
        this.word += c;
        i++;
        continue;
      }
      const escape = readAnsiCEscape(t, i);
      if ('byte' in escape) bytes.push(escape.byte);
      else {
        flush();
        this.word += escape.text;
      }
      i = escape.next;
    }
    return fail("unclosed $' quote", quote - 1);
  }
}

const PARAMETER = /[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-]/y;

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** One escape of `$'…'` at `i` (the backslash): a character, or a byte that may be part of a UTF-8 sequence. */
function readAnsiCEscape(t: string, i: number): { text: string; next: number } | { byte: number; next: number } {
  const e = t[i + 1]!;
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) return { text: simple, next: i + 2 };
  if (e === 'x') {
    const hex = digitsAt(t, i + 2, /[0-9a-fA-F]/, 2);
    return hex ? { byte: parseInt(hex, 16), next: i + 2 + hex.length } : { text: '\\x', next: i + 2 };
  }
  if (e === 'u' || e === 'U') {
    const hex = digitsAt(t, i + 2, /[0-9a-fA-F]/, e === 'u' ? 4 : 8);
    const code = hex ? parseInt(hex, 16) : NaN;
    if (!(code <= 0x10ffff)) return { text: `\\${e}`, next: i + 2 };
    return { text: String.fromCodePoint(code), next: i + 2 + hex.length };
  }
  if (e >= '0' && e <= '7') {
    const oct = digitsAt(t, i + 1, /[0-7]/, 3);
    return { byte: parseInt(oct, 8) & 0xff, next: i + 1 + oct.length };
  }
  if (e === 'c' && i + 2 < t.length) return { text: String.fromCharCode(t.charCodeAt(i + 2) & 0x1f), next: i + 3 };
  return { text: `\\${e}`, next: i + 2 };
}

function digitsAt(t: string, from: number, digit: RegExp, max: number): string {
  let end = from;
  while (end < t.length && end - from < max && digit.test(t[end]!)) end++;
  return t.slice(from, end);
}

/**
 * Bytes from `\xHH` escapes: UTF-8 when they are (`\xc3\xa9`), else one character per byte. Firefox writes é
 * as `\xe9`, which bash passes on as a single Latin-1 byte.
 */
function decodeBytes(bytes: number[], notes: string[]): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    notes.push('`\\x` escapes that are not UTF-8 were read as Latin-1 characters (Firefox writes é as `\\xe9`)');
    let latin1 = '';
    for (const b of bytes) latin1 += String.fromCharCode(b);
    return latin1;
  }
}

/** Index of the `)` closing the `(` at `open`, skipping quoted text; -1 when there is none. */
function matchingParen(t: string, open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    const c = t[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const close = t.indexOf("'", i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (c === '"') {
      i++;
      while (i < t.length && t[i] !== '"') i += t[i] === '\\' ? 2 : 1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * One command of a Windows cmd line. Two parsers read it in turn: cmd.exe drops `^` escapes and `^` line
 * continuations and ends the command at an unescaped `&`, `|`, `<` or `>` outside quotes; then the C runtime
 * splits the rest into arguments by its own quoting rules.
 */
function scanCmdCommand(text: string, from: number): Command | Failure {
  const chars: string[] = [];
  const offsets: number[] = [];
  const notes: string[] = [];
  const expansions = new Expansions();
  const keep = (c: string, at: number) => {
    chars.push(c);
    offsets.push(at);
  };
  let inQuotes = false;
  let i = from;
  let end = text.length;
  let endedBy: string | undefined;
  while (i < text.length) {
    const brk = lineBreakLength(text, i);
    if (brk) {
      end = i + brk;
      endedBy = '\n';
      break;
    }
    const c = text[i]!;
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === '^') {
      i = keepCaretEscaped(text, i, keep);
      continue;
    } else if (!inQuotes && (c === '&' || c === '|' || c === '<' || c === '>')) {
      const op = (c === '&' || c === '|') && text[i + 1] === c ? c + c : c;
      if (c === '<' || c === '>') dropRedirectedHandle(chars, offsets, notes, c);
      end = i + op.length;
      endedBy = op;
      break;
    } else if (c === '%') {
      PERCENT_VARIABLE.lastIndex = i;
      const v = PERCENT_VARIABLE.exec(text);
      if (v) expansions.add(v[0]);
    }
    keep(c, i);
    i++;
  }
  const words = splitWindowsArguments(chars, offsets);
  if (isFailure(words)) return words;
  expansions.note(notes);
  return { words, end, endedBy, notes };
}

const PERCENT_VARIABLE = /%[A-Za-z_][A-Za-z0-9_]*%/y;

/** `^x` is x; `^` at the end of a line joins the next line and escapes its first character. */
function keepCaretEscaped(text: string, caret: number, keep: (c: string, at: number) => void): number {
  let i = caret + 1;
  const brk = lineBreakLength(text, i);
  if (brk) {
    i += brk;
    // Chrome writes a line break inside a value as `^`, a line break, and the escaped line break itself.
    const escapedBreak = lineBreakLength(text, i);
    if (escapedBreak) {
      keep('\n', i);
      return i + escapedBreak;
    }
  }
  if (i < text.length) keep(text[i]!, i);
  return i + 1;
}

function dropRedirectedHandle(chars: string[], offsets: number[], notes: string[], op: string): void {
  let j = chars.length;
  while (j > 0 && /\d/.test(chars[j - 1]!)) j--;
  if (j < chars.length && (j === 0 || chars[j - 1] === ' ' || chars[j - 1] === '\t')) {
    chars.length = j;
    offsets.length = j;
  }
  notes.push(`the shell redirection \`${op}\` is left out`);
}

/** The C runtime's rules: `"` toggles quoting, `""` inside quotes is a quote, backslashes matter before `"`. */
function splitWindowsArguments(chars: readonly string[], offsets: readonly number[]): Word[] | Failure {
  const words: Word[] = [];
  let word: string | undefined;
  let start = 0;
  let inQuotes = false;
  let quoteAt = 0;
  const begin = (i: number) => {
    if (word === undefined) {
      word = '';
      start = offsets[i]!;
    }
  };
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === '\\') {
      begin(i);
      let run = 0;
      while (chars[i + run] === '\\') run++;
      if (chars[i + run] === '"') {
        word += '\\'.repeat(run >> 1);
        if (run % 2 === 1) {
          word += '"';
          i += run + 1;
        } else {
          i += run;
        }
      } else {
        word += '\\'.repeat(run);
        i += run;
      }
      continue;
    }
    if (c === '"') {
      begin(i);
      if (inQuotes && chars[i + 1] === '"') {
        word += '"';
        i += 2;
        continue;
      }
      inQuotes = !inQuotes;
      quoteAt = offsets[i]!;
      i++;
      continue;
    }
    if (!inQuotes && (c === ' ' || c === '\t' || c === '\n' || c === '\r')) {
      if (word !== undefined) words.push({ text: word, offset: start });
      word = undefined;
      i++;
      continue;
    }
    begin(i);
    word += c;
    i++;
  }
  if (inQuotes) return fail('unclosed " quote', quoteAt);
  if (word !== undefined) words.push({ text: word, offset: start });
  return words;
}

// ---------------------------------------------------------------------------------------------------------
// curl's options

type BodyJoin = '&' | '';

type DataPiece =
  | { readonly kind: 'text'; readonly text: string; readonly join: BodyJoin }
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly join: BodyJoin;
      /** Text curl puts before the file's contents (`name=` of `--data-urlencode name@file`). */
      readonly prefix: string;
      /** What curl does to the contents that a `< file` reference cannot. */
      readonly change?: 'strips the line breaks from' | 'URL-encodes';
      readonly option: string;
    };

interface FormPart {
  readonly name: string;
  readonly value?: string;
  readonly file?: string;
  readonly filename?: string;
  readonly type?: string;
}

interface CurlRequest {
  readonly urls: Word[];
  method?: Word;
  head: boolean;
  get: boolean;
  version?: 'HTTP/1.0' | 'HTTP/1.1';
  readonly headers: [string, string][];
  /** Lower-case names `-H 'Name:'` told curl not to send. */
  readonly removed: Set<string>;
  readonly data: DataPiece[];
  dataOption?: Word;
  json: boolean;
  readonly form: FormPart[];
  formOption?: Word;
  user?: string;
  userAgent?: string;
  referer?: string;
  readonly cookies: string[];
  compressed: boolean;
  insecure: boolean;
  globoff: boolean;
  upload?: Word;
  range?: string;
  bearer?: string;
  /** `--digest` and the like, as written: credentials are then not sent as Basic. */
  otherAuth?: string;
  readonly urlQueries: DataPiece[];
  readonly notes: string[];
}

type Apply = (r: CurlRequest, value: string, option: Word) => void;
type Toggle = (r: CurlRequest, on: boolean, option: Word) => void;
type OptionSpec = { readonly value: true; readonly apply: Apply } | { readonly value: false; readonly toggle: Toggle };

const withValue = (apply: Apply): OptionSpec => ({ value: true, apply });
const flag = (toggle: Toggle): OptionSpec => ({ value: false, toggle });

const HANDLED: Record<string, OptionSpec> = {
  url: withValue((r, v, w) => void r.urls.push({ text: v, offset: w.offset })),
  request: withValue((r, v, w) => void (r.method = { text: v, offset: w.offset })),
  header: withValue(addHeader),
  data: withValue((r, v, w) => addData(r, v, w, 'strips the line breaks from')),
  'data-ascii': withValue((r, v, w) => addData(r, v, w, 'strips the line breaks from')),
  'data-binary': withValue((r, v, w) => addData(r, v, w, undefined)),
  'data-raw': withValue((r, v, w) => addDataPiece(r, { kind: 'text', text: v, join: '&' }, w)),
  'data-urlencode': withValue((r, v, w) => addDataPiece(r, urlEncodedPiece(v, w.text), w)),
  json: withValue(addJson),
  form: withValue((r, v, w) => addFormPart(r, v, w, true)),
  'form-string': withValue((r, v, w) => addFormPart(r, v, w, false)),
  get: flag((r, on) => void (r.get = on)),
  head: flag((r, on) => void (r.head = on)),
  user: withValue((r, v) => void (r.user = v)),
  'user-agent': withValue((r, v) => void (r.userAgent = v)),
  referer: withValue((r, v) => void (r.referer = v.replace(/;auto$/, ''))),
  cookie: withValue(addCookie),
  compressed: flag((r, on) => void (r.compressed = on)),
  'http1.0': flag((r, on) => void (r.version = on ? 'HTTP/1.0' : undefined)),
  'http1.1': flag((r, on) => void (r.version = on ? 'HTTP/1.1' : undefined)),
  insecure: flag((r, on) => void (r.insecure = on)),
  globoff: flag((r, on) => void (r.globoff = on)),
  'upload-file': withValue((r, v, w) => void (r.upload = { text: v, offset: w.offset })),
  range: withValue((r, v) => void (r.range = v)),
  'oauth2-bearer': withValue((r, v) => void (r.bearer = v)),
  'url-query': withValue((r, v, w) => addUrlQuery(r, v, w)),
  digest: flag((r, on, w) => void (r.otherAuth = on ? w.text : undefined)),
  ntlm: flag((r, on, w) => void (r.otherAuth = on ? w.text : undefined)),
  'ntlm-wb': flag((r, on, w) => void (r.otherAuth = on ? w.text : undefined)),
  negotiate: flag((r, on, w) => void (r.otherAuth = on ? w.text : undefined)),
  anyauth: flag((r, on, w) => void (r.otherAuth = on ? w.text : undefined)),
  basic: flag((r) => void (r.otherAuth = undefined)),
};

/** Options that change nothing HTTP Lens sends: output, progress, retries, timeouts, redirects. */
const SILENT_WITH_VALUE = `output write-out max-time connect-timeout retry retry-delay retry-max-time max-redirs dump-header
  stderr trace trace-ascii trace-config output-dir create-file-mode limit-rate speed-limit speed-time max-filesize
  keepalive-time keepalive-cnt expect100-timeout happy-eyeballs-timeout-ms parallel-max rate cookie-jar ciphers
  tls13-ciphers curves tls-max proto proto-redir proto-default libcurl random-file egd-file engine local-port
  dns-servers dns-interface dns-ipv4-addr dns-ipv6-addr doh-url tftp-blksize telnet-option ftp-port quote
  ftp-account ftp-alternative-to-user ftp-method ftp-ssl-ccc-mode mail-from mail-rcpt mail-auth login-options
  sasl-authzid krb delegation hostpubmd5 hostpubsha256 pubkey pinnedpubkey crlfile tlsauthtype tlsuser tlspassword
  etag-save hsts alt-svc ip-tos vlan-priority sigalgs knownhosts ssl-sessions upload-flags socks5-gssapi-service
  service-name proxy-service-name`;
const SILENT_FLAGS = `silent show-error verbose include fail fail-with-body fail-early location location-trusted
  progress-meter no-progress-meter progress-bar buffer no-buffer create-dirs remote-name remote-name-all
  remote-header-name remote-time remove-on-error clobber no-clobber xattr parallel parallel-immediate ipv4 ipv6
  keepalive no-keepalive tcp-nodelay tcp-fastopen sessionid no-sessionid alpn no-alpn npn no-npn styled-output
  trace-time trace-ids raw ignore-content-length suppress-connect-headers path-as-is post301 post302 post303 http0.9
  disable append use-ascii list-only junk-session-cookies manual version tlsv1 tlsv1.0 tlsv1.1 tlsv1.2 tlsv1.3
  sslv2 sslv3 ssl ssl-reqd ssl-allow-beast ssl-no-revoke ssl-revoke-best-effort ssl-auto-client-cert cert-status
  false-start disable-eprt disable-epsv ftp-create-dirs ftp-pasv ftp-pret ftp-skip-pasv-ip ftp-ssl-ccc
  ftp-ssl-control mail-rcpt-allowfails sasl-ir tftp-no-options metalink compressed-ssh retry-all-errors
  retry-connrefused doh-insecure doh-cert-status form-escape skip-existing out-null ca-native tls-earlydata
  mptcp help`;

/** Options with an effect HTTP Lens does not reproduce: said once each, as a note. */
const NOTED: readonly (readonly [string, boolean, string])[] = [
  [`proxy proxy-user preproxy socks4 socks4a socks5 socks5-hostname proxy1.0 proxy-header noproxy proxy-cacert
    proxy-capath proxy-cert proxy-cert-type proxy-ciphers proxy-crlfile proxy-key proxy-key-type proxy-pass
    proxy-pinnedpubkey proxy-tls13-ciphers proxy-tlsauthtype proxy-tlspassword proxy-tlsuser`, true,
    'HTTP Lens connects to the server directly, without a proxy'],
  [`proxytunnel proxy-anyauth proxy-basic proxy-digest proxy-negotiate proxy-ntlm proxy-insecure proxy-tlsv1
    proxy-ssl-allow-beast proxy-ssl-auto-client-cert proxy-http2 proxy-ca-native socks5-basic socks5-gssapi
    socks5-gssapi-nec haproxy-protocol`, false, 'HTTP Lens connects to the server directly, without a proxy'],
  ['resolve connect-to unix-socket abstract-unix-socket interface', true, 'HTTP Lens connects to the host of the URL as DNS resolves it'],
  ['cert key cert-type key-type pass', true, 'client certificates are not sent by HTTP Lens'],
  ['cacert capath', true, 'HTTP Lens checks certificates against Node\'s CA store (NODE_EXTRA_CA_CERTS adds more)'],
  ['config', true, 'options in the config file are not read'],
  ['netrc netrc-optional', false, 'credentials in .netrc are not read'],
  ['netrc-file', true, 'credentials in the netrc file are not read'],
  ['aws-sigv4', true, 'the AWS signature is not computed: no Authorization field was written for it'],
  ['time-cond', true, 'no If-Modified-Since field was written for it'],
  ['continue-at', true, 'no Range field was written for it'],
  ['etag-compare', true, 'no If-None-Match field was written for it'],
  ['request-target', true, 'the request target is the URL\'s path and query'],
  ['variable', true, 'curl variables are not imported'],
  ['crlf', false, 'line breaks in the upload are not converted'],
  ['tr-encoding', false, 'no TE field was written for it'],
  ['http2 http2-prior-knowledge http3 http3-only', false, 'HTTP Lens sends HTTP/1.1'],
  ['next', false, 'only the request before it is imported'],
];

const SHORT: Record<string, string> = {
  X: 'request', H: 'header', d: 'data', F: 'form', G: 'get', I: 'head', u: 'user', A: 'user-agent', e: 'referer',
  b: 'cookie', k: 'insecure', L: 'location', '0': 'http1.0', s: 'silent', S: 'show-error', v: 'verbose',
  i: 'include', o: 'output', O: 'remote-name', w: 'write-out', m: 'max-time', T: 'upload-file', r: 'range',
  x: 'proxy', U: 'proxy-user', E: 'cert', K: 'config', c: 'cookie-jar', C: 'continue-at', D: 'dump-header',
  f: 'fail', g: 'globoff', N: 'no-buffer', n: 'netrc', J: 'remote-header-name', R: 'remote-time', y: 'speed-time',
  Y: 'speed-limit', z: 'time-cond', '#': 'progress-bar', Z: 'parallel', ':': 'next', '4': 'ipv4', '6': 'ipv6',
  '1': 'tlsv1', '2': 'sslv2', '3': 'sslv3', q: 'disable', a: 'append', B: 'use-ascii', l: 'list-only',
  j: 'junk-session-cookies', M: 'manual', V: 'version', h: 'help', t: 'telnet-option', P: 'ftp-port', Q: 'quote',
  p: 'proxytunnel',
};

interface KnownOption {
  readonly spec: OptionSpec;
  /** Said when the option is used; none for options handled or silently ignored. */
  readonly note?: string;
}

const OPTIONS: ReadonlyMap<string, KnownOption> = buildOptionTable();

function buildOptionTable(): Map<string, KnownOption> {
  const table = new Map<string, KnownOption>();
  const names = (list: string) => list.split(/\s+/).filter(Boolean);
  const ignoreValue = withValue(() => undefined);
  const ignoreFlag = flag(() => undefined);
  for (const name of names(SILENT_WITH_VALUE)) table.set(name, { spec: ignoreValue });
  for (const name of names(SILENT_FLAGS)) table.set(name, { spec: ignoreFlag });
  for (const [list, takesValue, note] of NOTED) {
    for (const name of names(list)) table.set(name, { spec: takesValue ? ignoreValue : ignoreFlag, note });
  }
  for (const [name, spec] of Object.entries(HANDLED)) table.set(name, { spec });
  return table;
}

/**
 * A long option by name, with curl's `--no-` prefix for switching a flag off. `--data=x` is not curl's
 * syntax, but docs write it and the meaning is plain.
 */
function lookUpLong(body: string): { name: string; known: KnownOption; on: boolean; inline?: string } | undefined {
  const direct = OPTIONS.get(body);
  if (direct) return { name: body, known: direct, on: true };
  if (body.startsWith('no-')) {
    const positive = OPTIONS.get(body.slice(3));
    if (positive && !positive.spec.value) return { name: body.slice(3), known: positive, on: false };
  }
  const eq = body.indexOf('=');
  if (eq > 0) {
    const withInline = OPTIONS.get(body.slice(0, eq));
    if (withInline?.spec.value) return { name: body.slice(0, eq), known: withInline, on: true, inline: body.slice(eq + 1) };
  }
  return undefined;
}

function newRequest(notes: string[]): CurlRequest {
  return {
    urls: [], head: false, get: false, headers: [], removed: new Set(), data: [], json: false, form: [], cookies: [],
    compressed: false, insecure: false, globoff: false, urlQueries: [], notes,
  };
}

/** Reads curl's arguments (the program name excluded) the way curl does, short option clusters included. */
function readOptions(words: readonly Word[], notes: string[]): CurlRequest | Failure {
  const r = newRequest(notes);
  let onlyUrls = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const text = word.text;
    if (onlyUrls || !text.startsWith('-') || text === '-') {
      r.urls.push(word);
      continue;
    }
    if (text === '--') {
      onlyUrls = true;
      continue;
    }
    const next = words[i + 1];
    const used = text.startsWith('--') ? applyLong(r, word, next) : applyShortCluster(r, word, next);
    if (isFailure(used)) return used;
    if (used === 'stop') break;
    i += used;
  }
  return r;
}

/** How many following words the option took as its value, or `stop` at `--next`. */
type Used = number | 'stop' | Failure;

function applyLong(r: CurlRequest, word: Word, next: Word | undefined): Used {
  const found = lookUpLong(word.text.slice(2));
  if (!found) {
    r.notes.push(`${quoteForNote(word.text)}: not an option HTTP Lens knows, ignored`);
    return 0;
  }
  if (found.known.note) r.notes.push(`${word.text}: ${found.known.note}`);
  if (found.name === 'next') return 'stop';
  const spec = found.known.spec;
  if (!spec.value) {
    spec.toggle(r, found.on, word);
    return 0;
  }
  if (found.inline !== undefined) {
    spec.apply(r, found.inline, word);
    return 0;
  }
  if (!next) return fail(`${word.text} needs a value`, word.offset);
  spec.apply(r, next.text, word);
  return 1;
}

function applyShortCluster(r: CurlRequest, word: Word, next: Word | undefined): Used {
  const text = word.text;
  for (let j = 1; j < text.length; j++) {
    const letter = text[j]!;
    const name = SHORT[letter];
    const known = name === undefined ? undefined : OPTIONS.get(name);
    if (!name || !known) {
      r.notes.push(`\`-${letter}\`: not an option HTTP Lens knows, ignored`);
      continue;
    }
    if (known.note) r.notes.push(`-${letter}: ${known.note}`);
    if (name === 'next') return 'stop';
    const spec = known.spec;
    if (!spec.value) {
      spec.toggle(r, true, { text: `-${letter}`, offset: word.offset });
      continue;
    }
    const option = { text: `-${letter}`, offset: word.offset };
    // `-XPOST`, `-HAccept:x`: the rest of the word is the value; else the next word is.
    if (j + 1 < text.length) {
      spec.apply(r, text.slice(j + 1), option);
      return 0;
    }
    if (!next) return fail(`-${letter} needs a value`, word.offset);
    spec.apply(r, next.text, option);
    return 1;
  }
  return 0;
}

function addHeader(r: CurlRequest, value: string, option: Word): void {
  if (value.startsWith('@')) {
    r.notes.push(`${option.text} ${quoteForNote(value)}: fields read from a file are not imported`);
    return;
  }
  const colon = value.indexOf(':');
  const semicolon = value.indexOf(';');
  let name: string;
  let fieldValue: string;
  if (colon >= 0 && (semicolon < 0 || colon < semicolon || value.slice(semicolon + 1).trim() !== '')) {
    name = value.slice(0, colon).trim();
    fieldValue = value.slice(colon + 1).trim();
    if (fieldValue === '') {
      // curl's way to stop sending a field it would add on its own.
      r.removed.add(name.toLowerCase());
      r.notes.push(`${option.text} ${quoteForNote(value)} tells curl not to send its own ${name}: no field written`);
      return;
    }
  } else if (/;\s*$/.test(value)) {
    name = value.slice(0, semicolon).trim();
    fieldValue = '';
  } else {
    r.notes.push(`${option.text} ${quoteForNote(value)} has no colon: curl does not send it either`);
    return;
  }
  if (!isToken(name)) {
    r.notes.push(`${option.text} ${quoteForNote(value)}: ${quoteForNote(name)} is not a field name, left out`);
    return;
  }
  if (/[\r\n\0]/.test(fieldValue)) {
    r.notes.push(`${option.text} ${quoteForNote(value)}: a value with a line break cannot be one field line, left out`);
    return;
  }
  r.headers.push([name, fieldValue]);
}

function addDataPiece(r: CurlRequest, piece: DataPiece | undefined, option: Word): void {
  r.dataOption ??= option;
  if (piece) r.data.push(piece);
}

function fromFileOrText(r: CurlRequest, value: string, option: Word, join: BodyJoin, change: 'strips the line breaks from' | undefined): DataPiece | undefined {
  if (!value.startsWith('@')) return { kind: 'text', text: value, join };
  const path = value.slice(1);
  if (path === '-') {
    r.notes.push(`${option.text} @-: the body comes from standard input, which is not part of the command: left out`);
    return undefined;
  }
  return { kind: 'file', path, join, prefix: '', change, option: option.text };
}

function addData(r: CurlRequest, value: string, option: Word, change: 'strips the line breaks from' | undefined): void {
  addDataPiece(r, fromFileOrText(r, value, option, '&', change), option);
}

function addJson(r: CurlRequest, value: string, option: Word): void {
  r.json = true;
  // curl joins several --json values with nothing between them, where -d pieces get `&`.
  addDataPiece(r, fromFileOrText(r, value, option, '', undefined), option);
}

/** `--data-urlencode` forms: `content`, `=content`, `name=content`, `@file`, `name@file`. */
function urlEncodedPiece(value: string, option: string): DataPiece {
  const eq = value.indexOf('=');
  if (eq >= 0) {
    const encoded = formUrlEncode(value.slice(eq + 1));
    return { kind: 'text', text: eq === 0 ? encoded : `${value.slice(0, eq)}=${encoded}`, join: '&' };
  }
  const at = value.indexOf('@');
  if (at >= 0) {
    return { kind: 'file', path: value.slice(at + 1), join: '&', prefix: at === 0 ? '' : `${value.slice(0, at)}=`, change: 'URL-encodes', option };
  }
  return { kind: 'text', text: formUrlEncode(value), join: '&' };
}

/** As curl encodes `--data-urlencode` and `--url-query`: unreserved characters kept, space as `+`. */
function formUrlEncode(s: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c)) out += c;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function addUrlQuery(r: CurlRequest, value: string, option: Word): void {
  // `+name=value` goes into the query as it is.
  if (value.startsWith('+')) r.urlQueries.push({ kind: 'text', text: value.slice(1), join: '&' });
  else r.urlQueries.push(urlEncodedPiece(value, option.text));
}

function addCookie(r: CurlRequest, value: string, option: Word): void {
  if (value.includes('=')) r.cookies.push(value);
  else r.notes.push(`${option.text} ${quoteForNote(value)} reads cookies from a file: not imported`);
}

function addFormPart(r: CurlRequest, value: string, option: Word, interpret: boolean): void {
  r.formOption ??= option;
  const eq = value.indexOf('=');
  if (eq <= 0) {
    r.notes.push(`${option.text} ${quoteForNote(value)} is not name=content: left out`);
    return;
  }
  const name = value.slice(0, eq);
  const content = value.slice(eq + 1);
  if (!interpret) {
    r.form.push({ name, value: content });
    return;
  }
  const source = content.startsWith('@') ? 'file' : content.startsWith('<') ? 'contents' : 'text';
  const parsed = parseFormContent(source === 'text' ? content : content.slice(1));
  for (const p of parsed.dropped) r.notes.push(`${option.text} ${quoteForNote(value)}: \`;${p}\` is not a form part parameter curl knows, left out`);
  const type = parsed.params.get('type');
  if (source === 'text') {
    r.form.push({ name, value: parsed.value, filename: parsed.params.get('filename'), type });
  } else if (source === 'contents') {
    // curl names no file for `<file` parts: the file's contents are the value.
    r.form.push({ name, file: parsed.value, type });
  } else {
    r.form.push({ name, file: parsed.value, filename: parsed.params.get('filename') ?? baseName(parsed.value), type });
  }
}

/** `value;type=text/plain;filename="a;b.txt"`: values may be double-quoted to hold `;`. */
function parseFormContent(content: string): { value: string; params: Map<string, string>; dropped: string[] } {
  const first = readFormWord(content, 0);
  const params = new Map<string, string>();
  const dropped: string[] = [];
  let i = first.next;
  while (i < content.length) {
    // content[i] is ';'
    const eq = content.indexOf('=', i + 1);
    const semi = content.indexOf(';', i + 1);
    if (eq < 0 || (semi >= 0 && semi < eq)) {
      const end = semi < 0 ? content.length : semi;
      dropped.push(content.slice(i + 1, end));
      i = end;
      continue;
    }
    const key = content.slice(i + 1, eq).trim().toLowerCase();
    const param = readFormWord(content, eq + 1);
    if (['type', 'filename', 'headers', 'encoder'].includes(key)) {
      if (key === 'type' || key === 'filename') params.set(key, param.value);
      else dropped.push(`${key}=${param.value}`);
    } else {
      dropped.push(`${key}=${param.value}`);
    }
    i = param.next;
  }
  return { value: first.value, params, dropped };
}

function readFormWord(s: string, from: number): { value: string; next: number } {
  if (s[from] !== '"') {
    const semi = s.indexOf(';', from);
    const end = semi < 0 ? s.length : semi;
    return { value: s.slice(from, end), next: end };
  }
  let value = '';
  let i = from + 1;
  while (i < s.length && s[i] !== '"') {
    if (s[i] === '\\' && i + 1 < s.length) i++;
    value += s[i];
    i++;
  }
  const semi = s.indexOf(';', i);
  return { value, next: semi < 0 ? s.length : semi };
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

// ---------------------------------------------------------------------------------------------------------
// The .http request

type BodySegment = { readonly text: string } | { readonly file: string };

interface HttpRequestParts {
  readonly insecure: boolean;
  readonly method: string;
  readonly url: string;
  readonly version?: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: readonly BodySegment[];
}

function buildRequestText(r: CurlRequest, notes: string[]): string | Failure {
  const conflict = conflictingOptions(r);
  if (conflict) return conflict;
  const method = methodOf(r);
  if (isFailure(method)) return method;
  const url = urlOf(r);
  if (isFailure(url)) return url;
  const multipart = r.form.length > 0 ? multipartBody(r.form) : undefined;
  const headers = headersOf(r, url.credentials, multipart?.boundary);
  const body = multipart ? multipart.segments : r.get ? [] : dataBody(r, headers);
  if (multipart && r.form.some((p) => p.value?.includes('\n'))) notes.push('line breaks inside form values are sent as CRLF, as the lines of a multipart body are');
  if (r.upload?.text === '-') notes.push('-T -: the upload comes from standard input, which is not part of the command: left out');
  else if (r.upload) body.push({ file: r.upload.text });
  if (r.urls.length > 1) notes.push(`curl would also fetch ${r.urls.slice(1).map((u) => quoteForNote(u.text)).join(', ')}: only the first URL is imported`);
  if (body.some((s) => 'file' in s)) notes.push('`< file` paths are read relative to the folder of the .http file, where curl reads them relative to the current folder');
  if (r.otherAuth && (r.user !== undefined || url.credentials !== undefined)) {
    notes.push(`${r.otherAuth}: only Basic authentication is imported, no Authorization field was written`);
  }
  if (r.compressed && !hasUserHeader(r, 'accept-encoding') && !r.removed.has('accept-encoding')) {
    notes.push('--compressed: asks for deflate, gzip and br (curl lists what its build supports); HTTP Lens shows responses decoded');
  }
  warnAboutTemplates(url.text, headers, body, notes);
  warnAboutBody(body, notes);
  return renderRequest({ insecure: r.insecure, method, url: url.text, version: r.version, headers, body });
}

function conflictingOptions(r: CurlRequest): Failure | undefined {
  const sendsData = r.data.length > 0 || r.dataOption !== undefined;
  if (sendsData && r.form.length > 0) {
    return fail('curl refuses to send -d/--data and -F/--form together: choose one', r.formOption?.offset);
  }
  if (r.head && !r.get && (sendsData || r.form.length > 0)) {
    return fail('curl refuses -I/--head together with a body (-d, --json, -F): a HEAD request has none', (r.dataOption ?? r.formOption)?.offset);
  }
  if (r.upload && (sendsData || r.form.length > 0)) {
    return fail('curl refuses -T/--upload-file together with -d/--data or -F/--form', r.upload.offset);
  }
  return undefined;
}

function methodOf(r: CurlRequest): string | Failure {
  if (r.method) {
    const m = r.method.text;
    if (/^[A-Z][A-Z-]*$/.test(m)) return m;
    if (/^[A-Za-z][A-Za-z-]*$/.test(m)) {
      r.notes.push(`-X ${m}: curl sends the method as written; an .http request line writes it in upper case`);
      return m.toUpperCase();
    }
    return fail(`-X ${quoteForNote(m)}: not a method an .http request line can hold`, r.method.offset);
  }
  if (r.head) return 'HEAD';
  if (r.get) return 'GET';
  if (r.data.length > 0 || r.dataOption || r.form.length > 0) return 'POST';
  if (r.upload) return 'PUT';
  return 'GET';
}

interface ImportedUrl {
  readonly text: string;
  /** `user:password` that was in the URL, which curl sends as Basic authentication. */
  readonly credentials?: string;
}

function urlOf(r: CurlRequest): ImportedUrl | Failure {
  const first = r.urls[0];
  if (!first) return fail('no URL in the curl command');
  let text = first.text.trim();
  if (!r.globoff) text = withoutGlobEscapes(text, r.notes);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (scheme && !/^https?$/i.test(scheme[1]!)) {
    return fail(`${scheme[1]}:// URLs are not HTTP: HTTP Lens runs http:// and https:// requests`, first.offset);
  }
  if (!scheme) text = `http://${text}`;
  const split = splitCredentials(text);
  text = split.url;
  if (r.upload) text = withUploadName(text, r.upload.text);
  const query = [...(r.get ? queryPieces(r.data, r.notes) : []), ...queryPieces(r.urlQueries, r.notes)];
  if (query.length) text = withQuery(text, query.join('&'));
  if (/\s/.test(text)) {
    r.notes.push('white space in the URL is written percent-encoded: curl refuses such a URL');
    text = text.replace(/\s/g, (c) => encodeURIComponent(c));
  }
  try {
    new URL(text);
  } catch {
    return fail(`${quoteForNote(first.text)} is not a URL`, first.offset);
  }
  return { text, credentials: split.credentials };
}

/** curl reads `{a,b}` and `[1-9]` in URLs as patterns; `\{`, `\[` (as Chrome writes them) are the characters. */
function withoutGlobEscapes(url: string, notes: string[]): string {
  const plain = url.replace(/\\([[\]{}])/g, '$1');
  const rest = url.replace(/\\[[\]{}]/g, '').replace(/^[a-z][a-z0-9+.-]*:\/\/\[[0-9a-fA-F:.]+\]/i, '');
  if (/\{[^{},]*,[^{}]*\}|\[[A-Za-z0-9]+-[A-Za-z0-9]+(?::\d+)?\]/.test(rest)) {
    notes.push('curl reads `{…}` and `[…]` in the URL as patterns for several requests (unless -g): written as one URL');
  }
  return plain;
}

function splitCredentials(url: string): { url: string; credentials?: string } {
  const authorityStart = url.indexOf('//') + 2;
  const authorityEnd = url.slice(authorityStart).search(/[/?#]/);
  const authority = url.slice(authorityStart, authorityEnd < 0 ? url.length : authorityStart + authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at < 0) return { url };
  let credentials = authority.slice(0, at);
  try {
    credentials = credentials.split(':').map((p) => decodeURIComponent(p)).join(':');
  } catch {
    // Not percent-encoded after all: the text is what curl sends too.
  }
  return { url: url.slice(0, authorityStart) + url.slice(authorityStart + at + 1), credentials };
}

/** `-T file` to a URL ending in `/` (or with no path) uploads to that folder under the file's name. */
function withUploadName(url: string, file: string): string {
  const cut = url.search(/[?#]/);
  const base = cut < 0 ? url : url.slice(0, cut);
  const tail = cut < 0 ? '' : url.slice(cut);
  const pathStart = base.indexOf('/', base.indexOf('//') + 2);
  if (pathStart >= 0 && !base.endsWith('/')) return url;
  const name = encodeURIComponent(baseName(file));
  return `${pathStart < 0 ? `${base}/` : base}${name}${tail}`;
}

function queryPieces(pieces: readonly DataPiece[], notes: string[]): string[] {
  const out: string[] = [];
  for (const p of pieces) {
    if (p.kind === 'text') out.push(p.text);
    else notes.push(`${p.option} ${quoteForNote(`${p.prefix}@${p.path}`)}: the file's contents would go into the URL, which an .http request cannot do: left out`);
  }
  return out;
}

function withQuery(url: string, query: string): string {
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  return `${base}${base.includes('?') ? '&' : '?'}${query}${fragment}`;
}

function hasUserHeader(r: CurlRequest, lowerName: string): boolean {
  return r.headers.some(([n]) => n.toLowerCase() === lowerName);
}

/**
 * The fields in curl's order: those it makes from options first, then `-H` fields as given, then the body's
 * Content-Type. A `-H` field replaces the one curl would make; `-H 'Name:'` removes it.
 */
function headersOf(r: CurlRequest, urlCredentials: string | undefined, boundary: string | undefined): [string, string][] {
  const generated: [string, string][] = [];
  const generate = (name: string, value: string) => {
    const lower = name.toLowerCase();
    if (!r.removed.has(lower) && !hasUserHeader(r, lower)) generated.push([name, value]);
  };
  const credentials = r.user ?? urlCredentials;
  if (r.bearer !== undefined) generate('Authorization', `Bearer ${r.bearer}`);
  else if (credentials !== undefined && !r.otherAuth) generate('Authorization', `Basic ${base64Utf8(basicCredentials(credentials, r.notes))}`);
  if (r.range !== undefined) generate('Range', `bytes=${r.range}`);
  if (r.userAgent !== undefined) generate('User-Agent', r.userAgent);
  if (r.compressed) generate('Accept-Encoding', 'deflate, gzip, br');
  if (r.referer !== undefined) generate('Referer', r.referer);
  if (r.cookies.length) generate('Cookie', r.cookies.join(';'));
  if (r.json) {
    generate('Content-Type', 'application/json');
    generate('Accept', 'application/json');
  }
  const user = r.headers.map(([n, v]): [string, string] => {
    if (boundary && n.toLowerCase() === 'content-type' && /^multipart\//i.test(v) && !/boundary=/i.test(v)) return [n, `${v}; boundary=${boundary}`];
    return [n, v];
  });
  const headers = [...generated, ...user];
  const body: [string, string][] = [];
  if (boundary) {
    if (!hasUserHeader(r, 'content-type') && !r.removed.has('content-type')) body.push(['Content-Type', `multipart/form-data; boundary=${boundary}`]);
  } else if (!r.get && r.dataOption && !r.json && !hasUserHeader(r, 'content-type') && !r.removed.has('content-type')) {
    body.push(['Content-Type', 'application/x-www-form-urlencoded']);
  }
  return [...headers, ...body];
}

function basicCredentials(credentials: string, notes: string[]): string {
  if (credentials.includes(':')) return credentials;
  notes.push('-u has no password: curl would ask for it; written with an empty one');
  return `${credentials}:`;
}

function base64Utf8(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

/** The -d/--json pieces joined as curl joins them; files become `< file` lines of their own. */
function dataBody(r: CurlRequest, headers: readonly (readonly [string, string])[]): BodySegment[] {
  const segments: BodySegment[] = [];
  let text = '';
  let started = false;
  for (const piece of r.data) {
    if (started) text += piece.join;
    started = true;
    if (piece.kind === 'text') {
      text += piece.text;
      continue;
    }
    if (piece.change) r.notes.push(`${piece.option} ${quoteForNote(`${piece.prefix}@${piece.path}`)}: curl ${piece.change} the file's contents; a \`< file\` body sends them as they are`);
    text += piece.prefix;
    if (text) segments.push({ text });
    segments.push({ file: piece.path });
    text = '';
  }
  if (text) segments.push({ text });
  if (segments.length > 1 && segments.some((s) => 'file' in s)) {
    r.notes.push('each `< file` of the body stands on its own line: line breaks are sent around the file where curl joins the pieces directly');
  }
  const only = segments.length === 1 ? segments[0]! : undefined;
  if (only && 'text' in only && isJsonContentType(headers)) {
    const pretty = prettyJson(only.text);
    if (pretty !== undefined) return [{ text: pretty }];
  }
  return segments;
}

function isJsonContentType(headers: readonly (readonly [string, string])[]): boolean {
  const type = headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  return /^[^;]*[/+]json\s*(?:;|$)/i.test(type);
}

/**
 * The JSON text indented, when indenting changes nothing but white space between tokens: a body with large
 * numbers, duplicate keys or escapes JSON.stringify would rewrite stays as it was.
 */
function prettyJson(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (JSON.stringify(value) !== withoutJsonWhitespace(text)) return undefined;
  return JSON.stringify(value, null, 2);
}

function withoutJsonWhitespace(text: string): string {
  let out = '';
  let inString = false;
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      out += text.slice(runStart, i);
      runStart = i + 1;
    }
  }
  return out + text.slice(runStart);
}

/** The multipart/form-data body curl would build, with `< file` lines where it reads files. */
function multipartBody(parts: readonly FormPart[]): { boundary: string; segments: BodySegment[] } {
  const boundary = boundaryFor(parts);
  const segments: BodySegment[] = [];
  let text = '';
  for (const part of parts) {
    let head = `--${boundary}\nContent-Disposition: form-data; name="${escapeFormName(part.name)}"`;
    if (part.filename !== undefined) head += `; filename="${escapeFormName(part.filename)}"`;
    const type = part.type ?? (part.filename !== undefined ? typeForFilename(part.filename) ?? (part.file !== undefined ? 'application/octet-stream' : undefined) : undefined);
    if (type) head += `\nContent-Type: ${type}`;
    text += `${head}\n\n`;
    if (part.file !== undefined) {
      // The part's blank line ends this text; the file stands on the next line, the next boundary after it.
      segments.push({ text: text.slice(0, -1) }, { file: part.file });
      text = '';
      continue;
    }
    text += `${part.value ?? ''}\n`;
  }
  segments.push({ text: `${text}--${boundary}--` });
  return { boundary, segments };
}

/**
 * A boundary no text part contains (RFC 2046 §5.1.1). Fixed rather than random, so that pasting the same
 * command twice gives the same text; when a value holds the marker, the digits after it are made longer than
 * any run of digits that follows the marker in the values.
 */
function boundaryFor(parts: readonly FormPart[]): string {
  const values = parts.map((p) => `${p.value ?? ''}\n${p.name}\n${p.filename ?? ''}`).join('\n');
  let longestDigits = -1;
  for (const m of values.matchAll(/HttpLensFormBoundary(\d*)/g)) longestDigits = Math.max(longestDigits, m[1]!.length);
  return longestDigits < 0 ? '----HttpLensFormBoundary7MA4YWxkTrZu0gW' : `----HttpLensFormBoundary${'9'.repeat(longestDigits + 1)}x`;
}

function escapeFormName(name: string): string {
  return name.replace(/["\r\n]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The few types curl guesses from a file name; it sends other files as application/octet-stream. */
const TYPES_BY_EXTENSION: Record<string, string> = {
  gif: 'image/gif', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', svg: 'image/svg+xml', txt: 'text/plain',
  htm: 'text/html', html: 'text/html', pdf: 'application/pdf', xml: 'application/xml',
};

function typeForFilename(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : TYPES_BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

/** `{{…}}` is an HTTP Lens variable wherever it stands in a request. */
function warnAboutTemplates(url: string, headers: readonly (readonly [string, string])[], body: readonly BodySegment[], notes: string[]): void {
  const template = /\{\{[^{}]*\}\}/;
  const texts = [url, ...headers.flat(), ...body.map((s) => ('text' in s ? s.text : ''))];
  if (texts.some((t) => template.test(t))) notes.push('`{{…}}` in the request will be read as an HTTP Lens variable');
}

/** What an .http body cannot hold as written: the request would not send the same bytes. */
function warnAboutBody(body: BodySegment[], notes: string[]): void {
  const last = body[body.length - 1];
  if (last && 'text' in last) {
    const trimmed = withoutTrailingBlankLines(last.text);
    if (trimmed !== last.text) {
      notes.push(trimmed === '' && body.length === 1
        ? 'the body is only white space, which an .http body cannot hold: left out'
        : 'the line breaks at the end of the body are not kept: an .http body ends at its last line with text');
      if (trimmed === '') body.pop();
      else body[body.length - 1] = { text: trimmed };
    }
  }
  const texts = body.flatMap((s) => ('text' in s ? [s.text] : []));
  if (texts.some((t) => t.includes('\r'))) notes.push('carriage returns in the body are read as line breaks of the .http file');
  const special = /^(?:###|<@?\w*\s+\S|>\s*\{%|>>|> |<> |\?\?|\{\{[+@]?[\w-]*\s*$)/m;
  if (texts.some((t) => special.test(t))) {
    notes.push('the body has lines an .http file reads as something else (`###`, `< file`, `> handler`, `??`): it will not be sent as written');
  }
}

function withoutTrailingBlankLines(text: string): string {
  let end = text.length;
  let cut = text.length;
  while (end > 0) {
    const c = text[end - 1];
    if (c === '\n' || c === '\r') cut = end - 1;
    else if (c !== ' ' && c !== '\t') break;
    end--;
  }
  return end === 0 ? '' : text.slice(0, cut);
}

function renderRequest(p: HttpRequestParts): string {
  const lines: string[] = [];
  if (p.insecure) lines.push('# @no-reject-unauthorized');
  lines.push(`${p.method} ${p.url}${p.version ? ` ${p.version}` : ''}`);
  for (const [name, value] of p.headers) lines.push(value === '' ? `${name}:` : `${name}: ${value}`);
  if (p.body.length > 0) {
    lines.push('');
    for (const s of p.body) lines.push('text' in s ? s.text : `< ${s.file}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Where the request goes in the file

/**
 * The request text with what it needs around it to stand as a request of its own between `before` and
 * `after` (the document's text on either side of the cursor): a `###` separator when a request comes before
 * it in the same block, and a blank line after it (with a separator when a request follows).
 */
export function textToInsert(before: string, after: string, request: string): string {
  let prefix = before === '' || before.endsWith('\n') ? '' : '\n';
  if (blockHasRequest(before)) {
    const blankLineBefore = /\n[ \t]*\r?\n$/.test(before + prefix);
    prefix += blankLineBefore ? '###\n' : '\n###\n';
  }
  const restBlank = after.trim() === '';
  const restSeparated = /^\s*###/.test(after);
  const startsWithBreak = /^\r?\n/.test(after);
  let suffix: string;
  if (restBlank || restSeparated) suffix = startsWithBreak ? '\n' : '\n\n';
  else suffix = '\n\n###\n';
  return prefix + request + suffix;
}

/** True when the lines since the last `###` (or the start) hold more than comments, metadata and variables. */
function blockHasRequest(before: string): boolean {
  let end = before.length;
  while (end > 0) {
    const start = before.lastIndexOf('\n', end - 1) + 1;
    const line = before.slice(start, end).trim();
    if (line.startsWith('###')) return false;
    if (line !== '' && !/^(?:#|\/\/|@[A-Za-z_$])/.test(line)) return true;
    end = start - 1;
  }
  return false;
}
