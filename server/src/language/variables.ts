import { systemValue, type SystemContext } from './systemVariables';
import { Document } from './parse/document';
import type { ParsedDocument } from './parse/types';

/** Where `{{name}}` gets its value. */
export interface VariableSource {
  lookup(name: string): string | undefined;
  /** What `{{$dotenv}}`, `{{$processEnv}}` and `{{$shared}}` read. */
  readonly system?: SystemContext;
  /** Names whose values are data, not templates: a response's text is sent as it came, `{{` included. */
  literal?(name: string): boolean;
}

export interface Resolution {
  readonly text: string;
  /** References that nothing defines, in order of appearance. */
  readonly missing: readonly string[];
  /** Why system variables among `missing` had no value: `the .env file does not define KEY`. */
  readonly problems: readonly string[];
}

/** Trimmed by the caller: `\s*` around a lazy group made a `{{` before a long run of blanks cost cubic time. */
const TEMPLATE = /\{\{([^{}]*)\}\}/g;
const MAX_DEPTH = 16;
/** Characters a resolution may produce: values that use each other several times grow exponentially. */
const MAX_OUTPUT = 1_000_000;

/**
 * The file's own variables (`@name = value`). A value may use other variables; the last definition of a name
 * wins, as in REST Client, where file variables belong to the whole file.
 */
export function fileVariables(doc: ParsedDocument): Map<string, string> {
  const vars = new Map<string, string>();
  for (const v of doc.variables) vars.set(v.name, v.value);
  return vars;
}

/**
 * Names that get a value other than from `@name = value`: those scripts set (JetBrains
 * `client.global.set("token", ...)` and `request.variables.set(...)`, httpYac `exports.token = ...` and
 * `$global.token = ...`, scripts being kept but not run), and those metadata reads (kulala's
 * `# @env-stdin-cmd NAME ...`, `# @env-json-key NAME ...`). `# @prompt` names belong to their request only.
 */
export function implicitVariables(doc: ParsedDocument): ReadonlySet<string> {
  const cached = implicitCache.get(doc);
  if (cached) return cached;
  const names = new Set<string>();
  // Most documents hold no script: one search of the text a document was parsed from spares splitting it.
  const lines = doc instanceof Document && !mayHoldScript(doc.text) ? NO_LINES : doc.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!SCRIPT_HINT.test(line)) continue;
    for (const m of line.matchAll(SCRIPT_SETS)) names.add(m[1] ?? m[2]!);
  }
  // The metadata lines are read from the document's table of them, without making its requests.
  for (let i = 0; i < doc.metadataCount; i++) {
    if (!DEFINING_METADATA.has(doc.metadataKey(i).toLowerCase())) continue;
    const name = doc.metadataValue(i).split(/\s+/)[0];
    if (name) names.add(name);
  }
  implicitCache.set(doc, names);
  return names;
}

const NO_LINES: readonly string[] = Object.freeze([]);

/**
 * SCRIPT_HINT's test of a whole text, as searches for plain words, which run faster than the pattern. The engine
 * finds a word of up to five characters by its first one, at the speed of memory, and a longer one ten times
 * slower (2 ms in a 3.5 MB file): a longer word is found by a five-character piece that starts with a rare
 * character, then checked where the piece was found.
 */
function mayHoldScript(text: string): boolean {
  return text.includes('.set(') || holdsWord(text, 'exports.', 'xport', 1) || holdsWord(text, '$global.', '$glob', 0);
}

/** Whether `text` holds `word`, found by `piece`, which starts `offset` characters into it. */
function holdsWord(text: string, word: string, piece: string, offset: number): boolean {
  for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) if (text.startsWith(word, at - offset)) return true;
  return false;
}
/** What every line SCRIPT_SETS matches holds: one cheap test rules out all the others. */
const SCRIPT_HINT = /\.set\(|exports\.|\$global\./;
const SCRIPT_SETS = /\b(?:client\.global|request\.variables)\.set\(\s*["'`]([^"'`]+)["'`]|(?:\bexports|(?<![\w$])\$global)\.([A-Za-z_$][\w$]*)\s*=(?!=)/g;
const DEFINING_METADATA = new Set(['env-stdin-cmd', 'env-stdin-cmd-pre', 'env-json-key', 'env-header-key']);
const implicitCache = new WeakMap<ParsedDocument, ReadonlySet<string>>();

/**
 * What later requests call a request by: its `# @name`, else a one-word `###` title (the JetBrains HTTP Client
 * and kulala read `### login` as the name).
 */
export function requestNamesOf(doc: ParsedDocument): string[] {
  const names: string[] = [];
  for (const r of doc.requests) {
    if (r.name) names.push(r.name);
    else if (r.title && /^[A-Za-z_][\w-]*$/.test(r.title)) names.push(r.title);
  }
  return names;
}

/**
 * `base` and `more` in one set, `base` itself when it holds `more` already: a piece of an .http file is linted
 * with the names of the whole file, its own among them, and copying them for each piece made linting quadratic.
 */
export function union(base: ReadonlySet<string> | undefined, more: readonly string[]): ReadonlySet<string> {
  if (base) {
    let holds = true;
    for (const name of more) {
      if (!base.has(name)) {
        holds = false;
        break;
      }
    }
    if (holds) return base;
  }
  const all = new Set(base);
  for (const name of more) all.add(name);
  return all;
}

/** Replaces every `{{reference}}` in `text`; references inside values are resolved too (up to a depth). */
export function resolveTemplates(text: string, source: VariableSource): Resolution {
  const missing: string[] = [];
  const problems: string[] = [];
  const resolved = expand(text, source, { missing, problems, budget: MAX_OUTPUT }, 0, new Set());
  return { text: resolved, missing, problems };
}

interface Unresolved {
  readonly missing: string[];
  readonly problems: string[];
  /** Characters of values still allowed to be substituted. */
  budget: number;
}

function expand(text: string, source: VariableSource, out: Unresolved, depth: number, active: Set<string>): string {
  if (text.indexOf('{{') < 0) return text;
  return text.replace(TEMPLATE, (whole, raw: string) => {
    const expression = raw.trim();
    if (out.budget < 0) return whole;
    if (expression.startsWith('$')) {
      // REST Client's `{{$processEnv %name}}` and `{{$dotenv %name}}` take the key from a variable.
      const made = systemValue(expression.replace(/\s%([\w.-]+)/, (m, name: string) => {
        const key = source.lookup(name);
        return key === undefined ? m : ` ${key}`;
      }), source.system);
      if ('value' in made) return made.value;
      // A name the file defines may start with `$` too (httpYac): look it up before calling it a problem.
      if (source.lookup(expression) === undefined) {
        if (!out.missing.includes(expression)) {
          out.missing.push(expression);
          out.problems.push(made.problem);
        }
        return whole;
      }
    }
    const value = active.has(expression) || depth >= MAX_DEPTH ? undefined : source.lookup(expression);
    if (value === undefined) {
      if (!out.missing.includes(expression)) out.missing.push(expression);
      return whole;
    }
    out.budget -= value.length;
    if (out.budget < 0) {
      out.missing.push(expression);
      out.problems.push(`{{${expression}}} expands to more than ${MAX_OUTPUT.toLocaleString('en')} characters: do its variables use each other over and over?`);
      return whole;
    }
    if (source.literal?.(expression)) return value;
    active.add(expression);
    const inner = expand(value, source, out, depth + 1, active);
    active.delete(expression);
    return inner;
  });
}

export function mapSource(vars: ReadonlyMap<string, string>, system?: SystemContext): VariableSource {
  return { lookup: (name) => vars.get(name), system };
}
