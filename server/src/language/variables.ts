import { randomInt, randomUUID } from 'node:crypto';
import type { ParsedDocument } from './parse/types';

/** Where `{{name}}` gets its value. */
export interface VariableSource {
  lookup(name: string): string | undefined;
}

export interface Resolution {
  readonly text: string;
  /** References that nothing defines, in order of appearance. */
  readonly missing: readonly string[];
}

const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const MAX_DEPTH = 16;

/**
 * The file's own variables (`@name = value`). A value may use other variables; the last definition of a name
 * wins, as in REST Client, where file variables belong to the whole file.
 */
export function fileVariables(doc: ParsedDocument): Map<string, string> {
  const vars = new Map<string, string>();
  for (const v of doc.variables) vars.set(v.name, v.value);
  return vars;
}

/** System variables every .http tool knows: `{{$guid}}`, `{{$timestamp}}`, `{{$randomInt 1 10}}`, ... */
export function systemVariable(expression: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const [name, ...args] = expression.trim().split(/\s+/);
  switch (name) {
    case '$guid':
    case '$uuid':
    case '$random.uuid':
      return randomUUID();
    case '$timestamp':
      return String(Math.floor(Date.now() / 1000));
    case '$isoTimestamp':
      return new Date().toISOString();
    case '$randomInt': {
      const min = Number(args[0] ?? 0);
      const max = Number(args[1] ?? 1000);
      return Number.isInteger(min) && Number.isInteger(max) && max > min ? String(randomInt(min, max)) : undefined;
    }
    case '$processEnv': {
      const key = args[0]?.replace(/^%/, '');
      return key ? env[key] ?? '' : undefined;
    }
    default:
      return undefined;
  }
}

/** Replaces every `{{reference}}` in `text`; references inside values are resolved too (up to a depth). */
export function resolveTemplates(text: string, source: VariableSource): Resolution {
  const missing: string[] = [];
  const resolved = expand(text, source, missing, 0, new Set());
  return { text: resolved, missing };
}

function expand(text: string, source: VariableSource, missing: string[], depth: number, active: Set<string>): string {
  if (text.indexOf('{{') < 0) return text;
  return text.replace(TEMPLATE, (whole, expression: string) => {
    if (expression.startsWith('$')) {
      const value = systemVariable(expression);
      if (value !== undefined) return value;
    }
    const value = active.has(expression) || depth >= MAX_DEPTH ? undefined : source.lookup(expression);
    if (value === undefined) {
      if (!missing.includes(expression)) missing.push(expression);
      return whole;
    }
    active.add(expression);
    const inner = expand(value, source, missing, depth + 1, active);
    active.delete(expression);
    return inner;
  });
}

export function mapSource(vars: ReadonlyMap<string, string>): VariableSource {
  return { lookup: (name) => vars.get(name) };
}
