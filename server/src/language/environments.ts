// Environments: named sets of variables, as the JetBrains HTTP Client and httpYac keep them in
// `http-client.env.json` (with secrets in `http-client.private.env.json`) and REST Client in its
// `rest-client.environmentVariables` setting. `$shared` holds what every environment has unless it says otherwise.

import { lineAndCharacter, locateJsonError } from './jsonError';

export const SHARED = '$shared';

export type VariableMap = ReadonlyMap<string, string>;

export interface EnvironmentProblem {
  /** A file path as shown to the user, or `settings`. */
  readonly source: string;
  readonly message: string;
  /** The file's full path, when the problem is in a file. */
  readonly file?: string;
  /** Where in the file (0-based), when the problem has a place: a JSON syntax error does. */
  readonly position?: { readonly line: number; readonly character: number };
}

/** Every environment known for a document, merged from all its sources. */
export interface Environments {
  /** Environment name → its variables (`$shared` among them, when any source has it). */
  readonly byName: ReadonlyMap<string, VariableMap>;
  /** Where each variable of each environment came from: `dev.host` → the file. */
  readonly origins: ReadonlyMap<string, string>;
  readonly problems: readonly EnvironmentProblem[];
}

export const NO_ENVIRONMENTS: Environments = { byName: new Map(), origins: new Map(), problems: [] };

/** One source of environments: the parsed JSON of an env file or of the setting. */
export interface EnvironmentSource {
  readonly source: string;
  readonly value: unknown;
  /** The file's full path, when it came from a file. */
  readonly file?: string;
}

/** Reads env file text; a syntax error is a problem naming its place, not an exception. */
export function parseEnvironmentText(text: string, source: string, file?: string): EnvironmentSource | EnvironmentProblem {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return file === undefined ? { source, value: JSON.parse(json) } : { source, value: JSON.parse(json), file };
  } catch (err) {
    const found = locateJsonError(json);
    if (!found) return { source, file, message: `not valid JSON: ${(err as Error).message}` };
    // The editor keeps a byte order mark outside the document's text: positions are counted without it.
    const at = lineAndCharacter(json, found.offset);
    const what = found.offset >= json.length ? 'the text ends' : `found ${describeCharacter(String.fromCodePoint(json.codePointAt(found.offset)!))}`;
    return { source, file, position: at, message: `not valid JSON (line ${at.line + 1}, column ${at.character + 1}): expected ${found.expected}, ${what}` };
  }
}

/** A character as a message quotes it: printable ASCII as itself, anything else by its code point. */
function describeCharacter(c: string): string {
  if (c === '\n' || c === '\r') return 'a line break';
  if (c === '\t') return 'a tab';
  const code = c.codePointAt(0)!;
  return code >= 32 && code < 127 ? `\`${c}\`` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Where a problem is, as compilers write it: `file:line:column`, or the source alone. */
export function problemPlace(p: EnvironmentProblem): string {
  return p.position ? `${p.source}:${p.position.line + 1}:${p.position.character + 1}` : p.source;
}

/**
 * Merges sources, each `{ "dev": { "host": "..." }, "$shared": { ... } }`; a later source wins per variable,
 * so pass them from the least to the most specific (setting, env file, private env file).
 */
export function mergeEnvironments(sources: readonly (EnvironmentSource | EnvironmentProblem)[]): Environments {
  const byName = new Map<string, Map<string, string>>();
  const origins = new Map<string, string>();
  const problems: EnvironmentProblem[] = [];
  for (const s of sources) {
    if ('message' in s) {
      problems.push(s);
      continue;
    }
    if (!isObject(s.value)) {
      if (s.value !== undefined && s.value !== null) problems.push({ source: s.source, file: s.file, message: 'environments must be a JSON object of environment names' });
      continue;
    }
    for (const [env, vars] of Object.entries(s.value)) {
      if (!isObject(vars)) {
        problems.push({ source: s.source, file: s.file, message: `the environment ${env} must be an object of variables` });
        continue;
      }
      let target = byName.get(env);
      if (!target) byName.set(env, (target = new Map()));
      for (const [name, value] of Object.entries(vars)) {
        // JetBrains keeps settings such as SSLConfiguration as objects among the variables: they are not variables.
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
          target.set(name, String(value));
          origins.set(`${env}.${name}`, s.source);
        }
      }
    }
  }
  return { byName, origins, problems };
}

/**
 * The environments settings define: REST Client's `rest-client.environmentVariables`, so that a workspace set up
 * for it works unchanged, with `httpLens.environments` over it, variable by variable. Undefined when neither has any.
 */
export function settingEnvironments(restClient: unknown, httpLens: unknown): Record<string, Record<string, unknown>> | undefined {
  const out: Record<string, Record<string, unknown>> = {};
  for (const source of [restClient, httpLens]) {
    if (!isObject(source)) continue;
    for (const [env, vars] of Object.entries(source)) {
      if (isObject(vars)) out[env] = { ...(out[env] ?? {}), ...vars };
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Names to choose from, `$shared` left out: it is never chosen, it is always there. */
export function environmentNames(envs: Environments): string[] {
  return [...envs.byName.keys()].filter((n) => n !== SHARED).sort((a, b) => a.localeCompare(b));
}

/** The variables in force with `selected` chosen: `$shared`, overridden by the selected environment's own. */
export function environmentVariables(envs: Environments, selected: string | undefined): Map<string, string> {
  const vars = new Map(envs.byName.get(SHARED) ?? []);
  if (selected !== undefined && selected !== SHARED) for (const [k, v] of envs.byName.get(selected) ?? []) vars.set(k, v);
  return vars;
}

/** For names the selection does not define: the environments that do, to say "defined in dev, prod". */
export function definedElsewhere(envs: Environments, selected: string | undefined): Map<string, string[]> {
  const inForce = environmentVariables(envs, selected);
  const out = new Map<string, string[]>();
  for (const env of environmentNames(envs)) {
    if (env === selected) continue;
    for (const name of envs.byName.get(env)!.keys()) {
      if (inForce.has(name)) continue;
      const list = out.get(name);
      if (list) list.push(env);
      else out.set(name, [env]);
    }
  }
  return out;
}

/**
 * dotenv 16's grammar of an entry, tried at each line start in turn: any whitespace, line breaks included, may
 * stand before the key, around `=`, after `:` (at least one) and before a quoted value; a quoted value may span
 * lines and ends at the last quote (before it, only escaped ones) that only whitespace and a comment follow; an
 * unquoted one ends at `#` or the line's end.
 */
const DOTENV_ENTRY = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?$/my;

/**
 * A `.env` file as the `dotenv` package reads it, which REST Client and httpYac both use, so that a value is
 * what they would send: `KEY=value` or `KEY: value`, optionally after `export`; a value in single, double or
 * back quotes may span lines, and in double quotes `\n` and `\r` stand for line breaks (nothing else is
 * unescaped); an unquoted value ends at `#` and is trimmed; other lines are skipped. Whitespace may carry an
 * entry over to the next line (`KEY` on one line and `=value` on the next is one entry), as dotenv reads it.
 */
export function parseDotenv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  const src = text.replace(/\r\n?/g, '\n');
  // The pattern is tried at each line start with text on it, as a global search would try it; lines of only
  // whitespace are passed over here rather than by the pattern's leading `\s*`, which would go over all the
  // blank lines that follow from each of them, and take quadratic time on a file of blank lines.
  for (let at = 0; at < src.length; ) {
    const lineEnd = endOfLine(src, at);
    if (/^\s*$/.test(src.slice(at, lineEnd))) {
      at = lineEnd + 1;
      continue;
    }
    DOTENV_ENTRY.lastIndex = at;
    const m = DOTENV_ENTRY.exec(src);
    if (!m) {
      at = lineEnd + 1;
      continue;
    }
    vars.set(m[1]!, unquote((m[2] ?? '').trim()));
    // The next try is at the next line start: where the entry ended, when it took the line break with it.
    const end = DOTENV_ENTRY.lastIndex;
    at = src.charCodeAt(end - 1) === 10 ? end : endOfLine(src, end) + 1;
  }
  return vars;
}

function endOfLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/**
 * A value with matching quotes around it taken off. A value that starts with a double quote, closed or not,
 * has its `\n` and `\r` read as line breaks, as dotenv does.
 */
function unquote(value: string): string {
  const q = value[0];
  const quoted = value.length >= 2 && (q === '"' || q === "'" || q === '`') && value[value.length - 1] === q;
  const inner = quoted ? value.slice(1, -1) : value;
  return q === '"' ? inner.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : inner;
}

/** Files where secrets go: the private env file, and dotenv files (`.env`, `dev.env`, `.env.dev`). */
const SECRET_SOURCE = /(?:private\.env\.json|(?:^|[\\/])\.env(?:\.[^\\/]*)?|\.env)$/i;

/**
 * The selected environment's variables with where each comes from, for hovers; those of a file where secrets
 * go (`http-client.private.env.json`, a dotenv file) are marked secret.
 */
export function environmentValues(envs: Environments, selected: string | undefined): Map<string, { value: string; origin: string; secret: boolean }> {
  const out = new Map<string, { value: string; origin: string; secret: boolean }>();
  for (const env of selected !== undefined && selected !== SHARED ? [SHARED, selected] : [SHARED]) {
    for (const [name, value] of envs.byName.get(env) ?? []) {
      const file = envs.origins.get(`${env}.${name}`);
      out.set(name, { value, origin: `environment ${env}${file ? ` (${file})` : ''}`, secret: file !== undefined && SECRET_SOURCE.test(file) });
    }
  }
  return out;
}
