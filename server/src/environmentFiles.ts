// Finding and reading the files environments come from: `http-client.env.json` and
// `http-client.private.env.json` (JetBrains HTTP Client, httpYac), httpYac's dotenv environments (`dev.env`,
// `.env.dev`, also in an `env` folder) and `.env` (for `{{$dotenv}}`, and under every environment as httpYac
// has it), in the folder of the .http file and the folders above it, up to the workspace folder or the
// repository's root.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import {
  mergeEnvironments, parseDotenv, parseEnvironmentText, SHARED, type EnvironmentProblem, type EnvironmentSource, type Environments,
} from './language/environments';

export const ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';
export const DOTENV_FILE = '.env';
/** httpYac's folder of dotenv environments in each folder (its `envDirName` setting, `env` by default). */
export const ENV_FOLDER = 'env';

/**
 * Suffixes that mark a dotenv file as a template, a backup or an editor's swap file (`.env.example`,
 * `dev.env.bak`), not an environment of its own.
 */
const NOT_ENVIRONMENTS = /(?:^|\.)(?:example|sample|template|dist|bak|backup|old|orig|swp|swo|tmp)$/i;

/** The environment a dotenv file holds for httpYac: `dev.env` and `.env.dev` hold `dev`; `.env` holds none. */
export function dotenvEnvironmentName(fileName: string): string | undefined {
  let env: string | undefined;
  if (fileName.startsWith('.env.')) env = fileName.slice(5);
  else if (fileName.endsWith('.env') && fileName !== '.env') env = fileName.slice(0, -4);
  return env && env !== SHARED && !NOT_ENVIRONMENTS.test(env) ? env : undefined;
}

/** Everything a document's variables can come from besides its own text. */
export interface EnvironmentContext {
  readonly environments: Environments;
  /** The nearest `.env` file's variables, when there is one. */
  readonly dotenv?: ReadonlyMap<string, string>;
  /** The files read, nearest last. */
  readonly files: readonly string[];
}

export interface LookOptions {
  /** The folder to stop at (a workspace folder); else the first folder holding `.git`, else the root. */
  readonly stopAt?: string;
  /** The `httpLens.environments` setting, REST Client's shape: `{ "$shared": {...}, "dev": {...} }`. */
  readonly setting?: unknown;
  /** How `source` names a file in messages and hovers: relative to this folder. */
  readonly displayRoot?: string;
}

/** The folders to look in, from `dir` up, nearest first. */
export function foldersUp(dir: string, stopAt?: string): string[] {
  const out: string[] = [];
  let at = resolve(dir);
  const stop = stopAt ? resolve(stopAt) : undefined;
  for (let i = 0; i < 32; i++) {
    out.push(at);
    if (stop !== undefined ? at === stop : existsSync(join(at, '.git'))) break;
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  // A stop folder that is not above `dir` would otherwise let the search climb to the root.
  if (stop !== undefined && !out.includes(stop)) return out.slice(0, 1);
  return out;
}

/** Reads the environments for a .http file in `dir`: the setting first, then env files from the farthest folder to the nearest. */
export function loadEnvironmentContext(dir: string, options: LookOptions = {}): EnvironmentContext {
  const folders = foldersUp(dir, options.stopAt).reverse();
  const sources: (EnvironmentSource | EnvironmentProblem)[] = [];
  const files: string[] = [];
  if (options.setting !== undefined && options.setting !== null) sources.push({ source: 'settings', value: options.setting });
  const display = (path: string) => (options.displayRoot ? relative(options.displayRoot, path) || path : path);
  // httpYac's dotenv environments first: httpYac lets http-client.env.json win over them. Then the env files,
  // farthest folder first, so nearer folders win; in each folder the private file wins over the public one.
  for (const { path, source } of dotenvSources(folders, display)) {
    files.push(path);
    sources.push(source);
  }
  for (const folder of folders) {
    for (const name of [ENV_FILE, PRIVATE_ENV_FILE]) {
      const path = join(folder, name);
      const text = readIfFile(path);
      if (text === undefined) continue;
      files.push(path);
      sources.push(parseEnvironmentText(text, display(path), path));
    }
  }
  let dotenv: Map<string, string> | undefined;
  for (const folder of [...folders].reverse()) {
    const text = readIfFile(join(folder, DOTENV_FILE));
    if (text === undefined) continue;
    if (!files.includes(join(folder, DOTENV_FILE))) files.push(join(folder, DOTENV_FILE));
    dotenv = parseDotenv(text);
    break;
  }
  return { environments: mergeEnvironments(sources), dotenv, files };
}

/**
 * httpYac's dotenv environments, as httpYac reads them: folder by folder from the farthest, each folder's own
 * files and then its `env` folder's; in each, `.env` (under every environment), then `dev.env`, then `.env.dev`.
 * A nearer `.env` wins over a farther `dev.env`, so `.env` is given to each environment by name as well as to
 * `$shared`, which serves when none is selected.
 */
function dotenvSources(folders: readonly string[], display: (path: string) => string): { path: string; source: EnvironmentSource }[] {
  const dirs = folders.flatMap((folder) => [folder, join(folder, ENV_FOLDER)]).map((dir) => ({ dir, names: listFiles(dir) }));
  const environments = [...new Set(dirs.flatMap(({ names }) => names.map(dotenvEnvironmentName)).filter((e): e is string => e !== undefined))].sort();
  const out: { path: string; source: EnvironmentSource }[] = [];
  for (const { dir, names } of dirs) {
    const read = (fileName: string, envs: readonly string[]) => {
      if (!names.includes(fileName)) return;
      const path = join(dir, fileName);
      const text = readIfFile(path);
      if (text === undefined) return;
      const vars = Object.fromEntries(parseDotenv(text));
      out.push({ path, source: { source: display(path), file: path, value: Object.fromEntries(envs.map((env) => [env, vars])) } });
    };
    read(DOTENV_FILE, [SHARED, ...environments]);
    for (const env of environments) {
      read(`${env}.env`, [env]);
      read(`.env.${env}`, [env]);
    }
  }
  return out;
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** For a document with no folder (an untitled editor outside any workspace): only the setting's environments. */
export function settingContext(setting: unknown): EnvironmentContext {
  return { environments: mergeEnvironments(setting ? [{ source: 'settings', value: setting }] : []), files: [] };
}

function readIfFile(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Contexts by folder, kept until a watched file changes. */
export class EnvironmentCache {
  private readonly byFolder = new Map<string, EnvironmentContext>();

  constructor(private options: LookOptions = {}) {}

  get(dir: string): EnvironmentContext {
    let ctx = this.byFolder.get(dir);
    if (!ctx) this.byFolder.set(dir, (ctx = loadEnvironmentContext(dir, this.options)));
    return ctx;
  }

  /** After a change to an env file or the setting. */
  reset(options?: LookOptions): void {
    if (options) this.options = options;
    this.byFolder.clear();
  }
}
