import { dirname, resolve } from 'node:path';
import { loadEnvironmentContext, type EnvironmentContext } from '../../../server/src/environmentFiles';
import { definedElsewhere, environmentNames, environmentVariables, problemPlace, SHARED } from '../../../server/src/language/environments';
import type { LintOptions } from '../../../server/src/language/lint';
import type { SystemContext } from '../../../server/src/language/systemVariables';
import { UsageError } from './usage';

/** A file's environments with `--env` applied: for linting and for running. */
export interface CliEnvironment {
  readonly context: EnvironmentContext;
  readonly selected?: string;
  /** The selected environment's variables over `$shared`. */
  readonly variables: Map<string, string>;
  readonly system: SystemContext;
  readonly lint: Pick<LintOptions, 'variables' | 'environment'>;
}

/**
 * Reads the environments of the .http file at `file` (standard input: the current folder) from its folder up
 * to the repository's root, and selects `--env`; an unknown name is a usage error listing the known ones.
 */
export function cliEnvironment(file: string, selected: string | undefined): CliEnvironment {
  const dir = file === '-' ? process.cwd() : dirname(resolve(file));
  const context = loadEnvironmentContext(dir, { displayRoot: process.cwd() });
  const names = environmentNames(context.environments);
  if (selected !== undefined && !names.includes(selected)) {
    const known = names.length ? `environments: ${names.join(', ')}` : 'no http-client.env.json, nor a dotenv environment such as dev.env, was found in its folder or above it';
    throw new UsageError(`${file === '-' ? 'standard input' : file} has no environment named ${selected} (${known})`);
  }
  const variables = environmentVariables(context.environments, selected);
  const shared = context.environments.byName.get(SHARED);
  return {
    context,
    selected,
    variables,
    system: { env: process.env, dotenv: context.dotenv, shared },
    lint: {
      variables: new Set(variables.keys()),
      environment: { selected, elsewhere: definedElsewhere(context.environments, selected), dotenv: context.dotenv ?? new Map(), shared: shared ?? new Map() },
    },
  };
}

/** The env files' problems, as a compiler reports them: `http-lens: file:line:column: message`. */
export function environmentProblemLines(env: CliEnvironment): string[] {
  return env.context.environments.problems.map((p) => `http-lens: ${problemPlace(p)}: ${p.message}\n`);
}
