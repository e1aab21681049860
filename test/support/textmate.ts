// Loads the extension's TextMate grammars the way VS Code does (vscode-textmate on the Oniguruma wasm) and
// tokenises text line by line, carrying the rule stack from one line to the next.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type IRawGrammar, type StateStack } from 'vscode-textmate';
import { OnigScanner, OnigString, loadWASM } from 'vscode-oniguruma';

const ROOT = resolve(__dirname, '../..');

const GRAMMAR_FILES: Record<string, string> = {
  'source.http': 'syntaxes/http.tmLanguage.json',
  'source.http-message': 'syntaxes/http-message.tmLanguage.json',
};

export interface Token {
  /** 0-based line number. */
  line: number;
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

/**
 * Tiny stand-ins for the grammars VS Code ships for the languages the HTTP grammars embed (they are not in
 * node_modules). Written for these tests: just enough nesting (objects, blocks, strings) to show whether an
 * embedded grammar that never closes what it opened can swallow the lines after the body or script.
 */
const STUBS: Record<string, object> = {
  'source.json': {
    scopeName: 'source.json',
    patterns: [{ include: '#value' }],
    repository: {
      value: {
        patterns: [
          {
            begin: '\\{',
            end: '\\}',
            name: 'meta.structure.dictionary.json',
            patterns: [{ include: '#string' }, { include: '#value' }, { match: ':', name: 'punctuation.separator.dictionary.key-value.json' }],
          },
          { begin: '\\[', end: '\\]', name: 'meta.structure.array.json', patterns: [{ include: '#value' }] },
          { include: '#string' },
          { match: '-?\\d+(?:\\.\\d+)?', name: 'constant.numeric.json' },
          { match: '\\b(?:true|false|null)\\b', name: 'constant.language.json' },
        ],
      },
      string: { begin: '"', end: '"', name: 'string.quoted.double.json', patterns: [{ match: '\\\\.', name: 'constant.character.escape.json' }] },
    },
  },
  'source.js': {
    scopeName: 'source.js',
    patterns: [{ include: '#code' }],
    repository: {
      code: {
        patterns: [
          { begin: '\\{', end: '\\}', name: 'meta.block.js', patterns: [{ include: '#code' }] },
          { begin: '\\(', end: '\\)', name: 'meta.brace.round.js', patterns: [{ include: '#code' }] },
          { begin: '"', end: '"', name: 'string.quoted.double.js' },
          { begin: '`', end: '`', name: 'string.template.js' },
          { match: '\\b(?:const|let|var|if|else|return|function)\\b', name: 'keyword.control.js' },
          { match: '\\b\\d+\\b', name: 'constant.numeric.js' },
        ],
      },
    },
  },
  'text.xml': {
    scopeName: 'text.xml',
    patterns: [
      {
        begin: '(</?)([\\w:-]+)',
        end: '/?>',
        name: 'meta.tag.xml',
        beginCaptures: { 2: { name: 'entity.name.tag.xml' } },
        patterns: [{ begin: '"', end: '"', name: 'string.quoted.double.xml' }],
      },
    ],
  },
};

let onig: Promise<void> | undefined;

function loadOniguruma(): Promise<void> {
  onig ??= loadWASM(readFileSync(resolve(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm')));
  return onig;
}

export interface GrammarOptions {
  /** Serve the stand-in JSON, JavaScript and XML grammars; otherwise those scopes load as null, as in a bare registry. */
  stubs?: boolean;
}

export async function loadGrammar(scopeName: 'source.http' | 'source.http-message', options: GrammarOptions = {}): Promise<IGrammar> {
  await loadOniguruma();
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new OnigScanner(patterns),
      createOnigString: (s: string) => new OnigString(s),
    }),
    loadGrammar: async (scope: string): Promise<IRawGrammar | null> => {
      const file = GRAMMAR_FILES[scope];
      if (file) return parseRawGrammar(readFileSync(resolve(ROOT, file), 'utf8'), resolve(ROOT, file));
      const stub = STUBS[scope];
      if (stub && options.stubs) return parseRawGrammar(JSON.stringify(stub), `${scope}.json`);
      return null;
    },
  });
  const grammar = await registry.loadGrammar(scopeName);
  if (!grammar) throw new Error(`grammar ${scopeName} did not load`);
  return grammar;
}

/** Lines as VS Code hands them to a grammar: without their line ends and without a byte order mark. */
export function splitDocument(text: string): string[] {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
}

export function tokenize(grammar: IGrammar, text: string): Token[] {
  const tokens: Token[] = [];
  let stack: StateStack = INITIAL;
  splitDocument(text).forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, stack);
    for (const t of result.tokens) {
      // vscode-textmate reports a last token that reaches past the line by one (the "\n" it adds).
      const end = Math.min(t.endIndex, lineText.length);
      if (end <= t.startIndex && lineText.length > 0) continue;
      tokens.push({ line, start: t.startIndex, end, text: lineText.slice(t.startIndex, end), scopes: t.scopes });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

/** Where the `nth` occurrence of `needle` starts: line and column. Occurrences may overlap. */
export function locate(text: string, needle: string, nth = 0): { line: number; column: number } {
  const lines = splitDocument(text);
  let seen = 0;
  for (let line = 0; line < lines.length; line++) {
    let from = 0;
    for (;;) {
      const column = lines[line]!.indexOf(needle, from);
      if (column < 0) break;
      if (seen++ === nth) return { line, column };
      from = column + 1;
    }
  }
  throw new Error(`"${needle}" occurs ${seen} time(s); occurrence ${nth} asked for`);
}

/** The tokens of `line` that overlap columns `start` to `end`. */
export function tokensAt(tokens: readonly Token[], line: number, start: number, end: number): Token[] {
  return tokens.filter((t) => t.line === line && t.start < end && t.end > start);
}

/** The tokens that cover the `nth` occurrence of `needle` (which must not span lines). */
export function tokensOf(tokens: readonly Token[], text: string, needle: string, nth = 0): Token[] {
  const { line, column } = locate(text, needle, nth);
  return tokensAt(tokens, line, column, column + needle.length);
}

/**
 * The scopes every token in `covering` has in common, innermost last. An assertion that this includes a
 * scope therefore holds for the whole substring, not just part of it.
 */
export function commonScopes(covering: readonly Token[]): string[] {
  if (covering.length === 0) throw new Error('no token covers the text asked for');
  return covering.slice(1).reduce((common, t) => common.filter((s) => t.scopes.includes(s)), covering[0]!.scopes);
}

/** The scopes every token covering the `nth` occurrence of `needle` has in common. */
export function scopesOf(tokens: readonly Token[], text: string, needle: string, nth = 0): string[] {
  return commonScopes(tokensOf(tokens, text, needle, nth));
}

/** Every token of a line, as [text, innermost scope] pairs: readable in assertion messages. */
export function describeLine(tokens: readonly Token[], line: number): string {
  return tokens
    .filter((t) => t.line === line)
    .map((t) => `${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`)
    .join('\n');
}
