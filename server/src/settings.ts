import { settingEnvironments } from './language/environments';
import type { LintOptions } from './language/lint';
import type { Severity } from './language/rules/ruleTypes';

/** The `httpLens` settings the language server reads through workspace/configuration. */
export interface ServerSettings {
  /** Rule code → severity or `off`. */
  readonly rules: Readonly<Record<string, Severity | 'off'>>;
  /** Milliseconds to wait after an edit before linting again. */
  readonly validationDelay: number;
  /** `httpLens.environments` over REST Client's `rest-client.environmentVariables`: `{ "$shared": {...}, "dev": {...} }`. */
  readonly environments?: Readonly<Record<string, unknown>>;
}

export const DEFAULT_SETTINGS: ServerSettings = { rules: {}, validationDelay: 150 };

const LEVELS = new Set(['error', 'warning', 'information', 'hint', 'off']);

/**
 * Takes whatever the client sent and keeps what is well-formed: bad settings must not stop linting.
 * `restClient` is the `rest-client` section, whose environments are read too.
 */
export function readSettings(raw: unknown, restClient?: unknown): ServerSettings {
  const restEnvironments = restClient && typeof restClient === 'object' ? (restClient as { environmentVariables?: unknown }).environmentVariables : undefined;
  if (!raw || typeof raw !== 'object') return { ...DEFAULT_SETTINGS, environments: settingEnvironments(restEnvironments, undefined) };
  const r = raw as { rules?: unknown; validationDelay?: unknown; environments?: unknown };
  const rules: Record<string, Severity | 'off'> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [code, level] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof level === 'string' && LEVELS.has(level)) rules[code] = level as Severity | 'off';
      else if (level === false) rules[code] = 'off';
    }
  }
  const delay = typeof r.validationDelay === 'number' && r.validationDelay >= 0 && r.validationDelay <= 5000 ? r.validationDelay : DEFAULT_SETTINGS.validationDelay;
  const environments = settingEnvironments(restEnvironments, r.environments);
  return { rules, validationDelay: delay, environments };
}

export function lintOptions(settings: ServerSettings): LintOptions {
  return { rules: settings.rules };
}
