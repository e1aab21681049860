import { replaceSpan } from '../edits';
import { osaDistance } from '../fields/spelling';
import type { ParsedDocument, RequestBlock, TemplateReference } from '../parse/types';
import { requestNamesOf, union } from '../variables';
import { SYSTEM_VARIABLES, splitSystemExpression, systemValue, UNSUPPORTED_SYSTEM_VARIABLES } from '../systemVariables';
import { span, type Span } from '../text';
import type { DocumentContext, RuleInfo, RuleModule, VariableFacts } from './ruleTypes';

const UNDEFINED_VARIABLE: RuleInfo = {
  code: 'undefined-variable',
  severity: 'warning',
  title: 'A `{{variable}}` that nothing defines',
  explanation:
    'Nothing defines this variable: no `@name = value` line in the file, no `# @prompt`, and not the selected environment (`http-client.env.json`, `http-client.private.env.json` or the `httpLens.environments` setting, with `$shared`). The request cannot be sent until it has a value.',
  spec: 'https://github.com/Huachao/vscode-restclient#variables',
};

const UNKNOWN_REQUEST: RuleInfo = {
  code: 'unknown-request-reference',
  severity: 'warning',
  title: 'A request variable names a request the file does not have',
  explanation:
    '`{{name.response.body.$.token}}` and `{{name.response.headers.Location}}` read the response of the request named `name` (`# @name name`) after it has run. No request in this file has that name, so the reference can never have a value.',
  spec: 'https://github.com/Huachao/vscode-restclient#request-variables',
};

const SYSTEM_VARIABLE: RuleInfo = {
  code: 'system-variable',
  severity: 'warning',
  title: 'A `{{$system}}` variable HTTP Lens does not know or cannot make',
  explanation:
    'System variables (`{{$guid}}`, `{{$timestamp -1 d}}`, `{{$datetime rfc1123}}`, `{{$randomInt 1 100}}`, `{{$processEnv NAME}}`, `{{$dotenv NAME}}`, ...) are made when the request is sent. This one is unknown, its arguments are wrong, or what it reads is missing, so the request cannot be sent as written.',
  spec: 'https://github.com/Huachao/vscode-restclient#system-variables',
};

const SCRIPT_NOT_RUN: RuleInfo = {
  code: 'script-not-run',
  severity: 'hint',
  title: 'Scripts, response handlers and asserts are kept but not run',
  explanation:
    'HTTP Lens keeps pre-request scripts (`< {% %}`), response handlers (`> {% %}`, `> ./handler.js`), asserts (`?? status == 200`), output redirects (`>> file`) and httpYac script blocks as they are, and sends the request without running them. Variables such scripts set (`client.global.set("token", ...)`, `exports.token = ...`) count as defined, so that the requests using them are not flagged.',
  spec: 'https://github.com/JetBrains/http-request-in-editor-spec/blob/master/spec.md',
};

/** `login.response.body.$.token`, `login.request.headers.X-Id` */
const REQUEST_REFERENCE = /^([A-Za-z_][\w-]*)\.(response|request)\.(body|headers)(?:\.|$)/;
/** What a variable name can look like; anything else (`a + 1`, `JSON.stringify(x)`) is an httpYac expression. */
const NAME = /^[A-Za-z_][\w-]*$/;
/** httpYac reads `{{login.token}}` as the body of the request named login: a dotted path on a name. */
const DOTTED = /^([A-Za-z_][\w-]*)(?:\.[\w$-]+|\[[^\]]*\])+$/;

export const variableRules: RuleModule = {
  rules: [UNDEFINED_VARIABLE, UNKNOWN_REQUEST, SYSTEM_VARIABLE, SCRIPT_NOT_RUN],
  checkDocument(ctx) {
    if (ctx.doc.kind !== 'http-file') return;
    const doc = ctx.doc;
    const defined = ctx.variables.defined;
    // The request names and prompts are gathered when a reference first needs them: most never do.
    let requestNames: ReadonlySet<string> | undefined;
    let prompted: ((line: number) => ReadonlySet<string>) | undefined;
    for (let i = 0; i < doc.templateCount; i++) {
      // Most references name a defined variable or a system variable that can be made: those are settled by
      // their expression alone, without making the reference.
      const expression = doc.templateExpression(i);
      if (expression.charCodeAt(0) === 36 /* $ */ ? systemFinding(expression, ctx.variables) === null : defined.has(expression)) continue;
      requestNames ??= union(ctx.variables.requestNames, requestNamesOf(doc));
      prompted ??= promptsAt(doc);
      checkTemplate(ctx, doc.template(i), requestNames, prompted);
    }
    // Most files hold no script: their requests need not be made to find so.
    if (doc.hasScripts) for (const block of doc.requests) reportScripts(ctx, block);
  },
};

/**
 * `# @prompt name` gives `name` a value for its own request, as in REST Client, and that is what the runner
 * asks for: the names prompted for in the request holding a line.
 */
function promptsAt(doc: ParsedDocument): (line: number) => ReadonlySet<string> {
  const blocks: { b: RequestBlock; names: ReadonlySet<string> }[] = [];
  for (const b of doc.requests) {
    // Most requests prompt for nothing: only those that do are looked at further.
    if (!b.metadata.some((m) => m.key.toLowerCase() === 'prompt')) continue;
    const names = new Set(b.metadata.filter((m) => m.key.toLowerCase() === 'prompt').map((m) => m.value.split(/\s+/)[0]!).filter((n) => n.length > 0));
    if (names.size > 0) blocks.push({ b, names });
  }
  const none: ReadonlySet<string> = new Set();
  return (line) => blocks.find(({ b }) => b.firstLine <= line && line <= Math.max(b.lastLine, b.message.lastLine))?.names ?? none;
}

function checkTemplate(ctx: DocumentContext, t: TemplateReference, requestNames: ReadonlySet<string>, prompted: (line: number) => ReadonlySet<string>): void {
  const expression = t.expression;
  if (expression.startsWith('$')) return checkSystem(ctx, t);
  const facts = ctx.variables;
  if (facts.defined.has(expression)) return;
  if (prompted(t.span.line).has(expression)) return;
  const reference = REQUEST_REFERENCE.exec(expression);
  if (reference) {
    if (!requestNames.has(reference[1]!)) reportUnknownRequest(ctx, t, reference[1]!, requestNames);
    return;
  }
  const dotted = DOTTED.exec(expression);
  if (dotted) {
    const head = dotted[1]!;
    if (requestNames.has(head) || facts.defined.has(head) || SCRIPT_GLOBALS.has(head)) return;
    // Anything else may be an object a script made, so only a near miss of a request name is said to be one.
    if (nearMisses(head, requestNames).length > 0) reportUnknownRequest(ctx, t, head, requestNames);
    return;
  }
  if (!NAME.test(expression)) return;
  reportUndefined(ctx, t, facts);
}

/**
 * What httpYac's expressions in `{{ }}` can start with besides variables and request names: its own objects
 * and JavaScript's. `{{response.parsedBody.id}}` is not a misspelt request name.
 */
const SCRIPT_GLOBALS = new Set([
  'response', 'request', 'httpFile', 'httpRegion', 'context', 'process', 'console', 'exports', 'module', 'require',
  'Date', 'Math', 'JSON', 'Number', 'String', 'Object', 'Array', 'Buffer', 'crypto', 'globalThis',
]);

/** The names close enough to `name` to be what was meant. */
function nearMisses(name: string, names: ReadonlySet<string>): string[] {
  return nearest(name, [...names]).filter((n) => osaDistance(n.toLowerCase(), name.toLowerCase()) <= Math.max(1, Math.floor(name.length / 3)));
}

function nameSpan(t: TemplateReference, name: string, doc: ParsedDocument): Span {
  const line = doc.lines[t.span.line] ?? '';
  const at = line.indexOf(name, t.span.start + 2);
  return at >= 0 && at + name.length <= t.span.end ? span(t.span.line, at, at + name.length) : t.span;
}

function reportUndefined(ctx: DocumentContext, t: TemplateReference, facts: VariableFacts): void {
  const name = t.expression;
  const where = nameSpan(t, name, ctx.doc);
  const envs = facts.elsewhere.get(name);
  if (envs && envs.length > 0) {
    const selection = facts.environment === undefined ? 'no environment is selected' : `the selected environment ${facts.environment} does not define it`;
    ctx.report(UNDEFINED_VARIABLE, where, `{{${name}}} is defined in the environment${envs.length > 1 ? 's' : ''} ${envs.join(', ')}, but ${selection}`);
    return;
  }
  const near = nearest(name, [...facts.defined]);
  const close = near.filter((n) => osaDistance(n.toLowerCase(), name.toLowerCase()) <= Math.max(1, Math.floor(name.length / 3)));
  const hint = close.length > 0 ? `: did you mean ${close.map((n) => `{{${n}}}`).join(' or ')}?` : near.length > 0 ? ` (defined: ${near.join(', ')})` : '';
  ctx.report(
    UNDEFINED_VARIABLE,
    where,
    `{{${name}}} is not defined${hint}`,
    close.map((n, i) => ({ title: `Change to {{${n}}}`, edits: [replaceSpan(where, n)], isPreferred: i === 0 && close.length === 1 })),
  );
}

function reportUnknownRequest(ctx: DocumentContext, t: TemplateReference, name: string, names: ReadonlySet<string>): void {
  const where = nameSpan(t, name, ctx.doc);
  const near = nearest(name, [...names]);
  const close = nearMisses(name, names);
  const list = names.size === 0 ? ': the file names none (`# @name login` names a request)' : close.length > 0 ? `: did you mean ${close.join(' or ')}?` : ` (named: ${near.join(', ')})`;
  ctx.report(
    UNKNOWN_REQUEST,
    where,
    `No request is named ${name}${list}`,
    close.map((n, i) => ({ title: `Change to ${n}`, edits: [replaceSpan(where, n)], isPreferred: i === 0 && close.length === 1 })),
  );
}

function checkSystem(ctx: DocumentContext, t: TemplateReference): void {
  const finding = systemFinding(t.expression, ctx.variables);
  if (!finding) return;
  const where = finding.atName ? nameSpan(t, finding.name, ctx.doc) : t.span;
  ctx.report(SYSTEM_VARIABLE, where, finding.message,
    finding.near.map((n, i) => ({ title: `Change to ${n}`, edits: [replaceSpan(where, n)], isPreferred: i === 0 && finding.near.length === 1 })));
}

/** What is wrong with a system variable: said of its name (`atName`) or of the whole reference. */
interface SystemFinding {
  readonly name: string;
  readonly message: string;
  readonly near: readonly string[];
  readonly atName: boolean;
}

/**
 * Findings by expression, for the facts they were judged with. Files repeat a few system variables in every
 * request (`{{$guid}}`), and making a value to see whether it can be made is the costly part.
 */
let judged:
  | {
      readonly defined: ReadonlySet<string>;
      readonly size: number;
      readonly dotenv: VariableFacts['dotenv'];
      readonly shared: VariableFacts['shared'];
      readonly findings: Map<string, SystemFinding | null>;
    }
  | undefined;

function systemFinding(expression: string, facts: VariableFacts): SystemFinding | null {
  const { defined, dotenv, shared } = facts;
  if (!judged || judged.defined !== defined || judged.size !== defined.size || judged.dotenv !== dotenv || judged.shared !== shared || judged.findings.size >= 10_000) {
    judged = { defined, size: defined.size, dotenv, shared, findings: new Map() };
  }
  let finding = judged.findings.get(expression);
  if (finding === undefined) judged.findings.set(expression, (finding = judgeSystem(expression, facts)));
  return finding;
}

function judgeSystem(expression: string, facts: VariableFacts): SystemFinding | null {
  const { name } = splitSystemExpression(expression);
  // A name the file or an environment defines may start with `$` (httpYac allows it).
  if (facts.defined.has(expression) || facts.defined.has(name)) return null;
  const unsupported = UNSUPPORTED_SYSTEM_VARIABLES.get(name);
  if (unsupported) return { name, message: `{{${name}}} is not supported: ${unsupported}`, near: [], atName: true };
  if (!SYSTEM_VARIABLES.has(name)) {
    const near = nearest(name, [...SYSTEM_VARIABLES.keys()]).filter((n) => osaDistance(n.toLowerCase(), name.toLowerCase()) <= 2);
    return { name, message: `${name} is not a system variable${near.length ? `: did you mean ${near.join(' or ')}?` : ''}`, near, atName: true };
  }
  // What the document cannot know (the process environment, a .env file not looked for) is not checked here.
  const made = systemValue(expression.replace(/\s%[\w.-]+/, ' X'), { env: {}, dotenv: facts.dotenv ?? new Map([[dotenvKey(expression), '']]), shared: facts.shared ?? new Map([[sharedKey(expression), '']]), now: () => new Date(0) });
  return 'problem' in made ? { name, message: made.problem, near: [], atName: false } : null;
}

const dotenvKey = (expression: string) => splitSystemExpression(expression).args[0]?.replace(/^%/, '') ?? '';
const sharedKey = (expression: string) => splitSystemExpression(expression).args[0] ?? '';

/** Up to three defined names nearest in spelling, nearest first. */
function nearest(name: string, candidates: readonly string[]): string[] {
  const lower = name.toLowerCase();
  return [...new Set(candidates)]
    .map((c) => ({ c, d: osaDistance(c.toLowerCase(), lower) }))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, 3)
    .map((x) => x.c);
}

const SCRIPT_WORDS: Partial<Record<RequestBlock['scripts'][number]['kind'], string>> = {
  'pre-request': 'Pre-request script',
  'response-handler': 'Response handler',
  assert: 'Assert',
  'output-redirect': 'Output redirect',
  'block-script': 'Script block',
  directive: 'Directive',
};

function reportScripts(ctx: DocumentContext, block: RequestBlock): void {
  // Most requests have no script: their list is the shared, frozen empty one, which for-of walks slowly.
  if (block.scripts.length === 0) return;
  for (const script of block.scripts) {
    const what = SCRIPT_WORDS[script.kind];
    if (!what) continue;
    const line = ctx.doc.lines[script.firstLine] ?? '';
    const start = line.length - line.trimStart().length;
    ctx.report(SCRIPT_NOT_RUN, span(script.firstLine, start, line.trimEnd().length), `${what} kept but not run: HTTP Lens sends the request without it`);
  }
}
