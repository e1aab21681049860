// Hover on a `{{variable}}`: what it stands for, where that comes from, and what the request will send,
// with secrets masked.

import type { TemplateReference, VariableDefinition } from './parse/types';
import { looksSecret } from './secrets';
import { SYSTEM_VARIABLES, splitSystemExpression, type SystemContext } from './systemVariables';
import { resolveTemplates, type VariableSource } from './variables';

/** A variable's value and where it was defined: `line 3`, `environment dev (http-client.env.json)`. */
export interface VariableValue {
  readonly value: string;
  readonly origin: string;
  /** Never shown, whatever the name: values of `http-client.private.env.json`. */
  readonly secret?: boolean;
}

/** What a hover may know beyond the part of the file it is in. */
export interface HoverContext {
  /** Variables of the selected environment, and of the whole file (which win). */
  readonly values?: ReadonlyMap<string, VariableValue>;
  readonly system?: SystemContext;
}

const MASK = '••••••••';

function hidden(name: string, v: VariableValue | undefined): boolean {
  return looksSecret(name) || v?.secret === true;
}

/**
 * What system variables read, as a hover may show it: `.env` values (a file kept for secrets) always masked,
 * process environment and `$shared` values masked when their names look secret.
 */
function maskedSystem(system: SystemContext | undefined, values: ReadonlyMap<string, VariableValue>): SystemContext {
  const env = system?.env ?? process.env;
  const maskedEnv = new Proxy(env, { get: (target, key) => (typeof key === 'string' && target[key] !== undefined && looksSecret(key) ? MASK : target[key as string]) });
  const dotenv = system?.dotenv ? new Map([...system.dotenv.keys()].map((k) => [k, MASK])) : undefined;
  const shared = system?.shared ? new Map([...system.shared].map(([k, v]) => [k, hidden(k, values.get(k)) ? MASK : v])) : undefined;
  return { ...system, env: maskedEnv, dotenv, shared };
}

/**
 * `$shared` values as a hover may read them through `{{$shared NAME}}`: those of a file where secrets go (a
 * private env file, a dotenv file) masked, whatever the selected environment says of the same name.
 */
export function maskSecretShared(shared: ReadonlyMap<string, string>, sharedValues: ReadonlyMap<string, VariableValue>): Map<string, string> {
  return new Map([...shared].map(([k, v]) => [k, sharedValues.get(k)?.secret === true ? MASK : v]));
}

/** Environment variables with file variables on top (the last definition of a name wins, as when sending). */
export function visibleValues(environment: ReadonlyMap<string, VariableValue>, fileVariables: readonly VariableDefinition[], lineOffset = 0): Map<string, VariableValue> {
  const values = new Map(environment);
  for (const v of fileVariables) values.set(v.name, { value: v.value, origin: `file variable, line ${v.nameSpan.line + lineOffset + 1}` });
  return values;
}

/** Markdown for a hover on `{{expression}}`; undefined when there is nothing to say beyond a finding. */
export function describeTemplate(t: TemplateReference, values: ReadonlyMap<string, VariableValue>, system?: SystemContext): string | undefined {
  const expression = t.expression;
  if (expression.startsWith('$') && !values.has(expression)) return describeSystem(expression, values, system);
  const reference = /^([A-Za-z_][\w-]*)\.(response|request)\.(body|headers)(?:\.(.*))?$/.exec(expression);
  if (reference && !values.has(expression)) {
    const [, name, which, part, path] = reference;
    const what = part === 'headers' ? `the \`${path ?? ''}\` field` : path && path !== '*' ? `\`${path}\` of the body` : 'the whole body';
    return `**${name}.${which}** — ${what} of the ${which} of the request named \`${name}\`: known once that request has run in this session (Send Request on it first).`;
  }
  const found = values.get(expression);
  if (!found) return undefined;
  const source: VariableSource = {
    lookup: (name) => {
      const v = values.get(name);
      return v !== undefined && hidden(name, v) ? MASK : v?.value;
    },
    system: maskedSystem(system, values),
  };
  const secret = hidden(expression, found);
  const written = secret ? MASK : found.value;
  const resolved = secret ? undefined : resolveTemplates(found.value, source);
  const lines = [`**${expression}** = \`${inline(written)}\` — ${found.origin}`];
  if (resolved && resolved.text !== found.value) {
    lines.push(`Sends \`${inline(resolved.text)}\`${resolved.missing.length ? ` (still undefined: ${resolved.missing.map((m) => `{{${m}}}`).join(', ')})` : ''}.`);
  }
  if (secret) lines.push(found.secret ? 'The value is hidden because it comes from a private environment file.' : 'The value is hidden because the name looks secret.');
  return lines.join('\n\n');
}

function describeSystem(expression: string, values: ReadonlyMap<string, VariableValue>, system?: SystemContext): string | undefined {
  const { name } = splitSystemExpression(expression);
  const info = SYSTEM_VARIABLES.get(name);
  if (!info) return undefined;
  const lines = [`**${name}** — system variable: ${info.summary}`, `\`{{${info.usage}}}\``];
  // Values that do not change between now and the send are worth showing; what they read is masked as above.
  if (!/^\$(guid|uuid|random)/.test(name)) {
    const source: VariableSource = { lookup: (n: string) => values.get(n)?.value, system: maskedSystem(system, values) };
    const made = resolveTemplates(`{{${expression}}}`, source);
    lines.push(made.problems.length > 0 ? made.problems[0]! : `Now: \`${inline(made.text)}\``);
  }
  return lines.join('\n\n');
}

/** Inline code cannot hold a backtick or a line break; long values are cut. */
function inline(text: string): string {
  const one = text.replace(/`/g, "'").replace(/\r?\n/g, '⏎');
  return one.length > 200 ? `${one.slice(0, 200)}…` : one;
}
