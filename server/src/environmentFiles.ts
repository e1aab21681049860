// Finding and reading the files environments come from: `http-client.env.json` and
// `http-client.private.env.json` (JetBrains HTTP Client, httpYac) and `.env` (for `{{$dotenv}}`), in the folder
// of the .http file and the folders above it, up to the workspace folder or the repository's root.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import {
  mergeEnvironments, parseDotenv, parseEnvironmentText, type EnvironmentProblem, type EnvironmentSource, type Environments,
} from './language/environments';

export const ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';
export const DOTENV_FILE = '.env';

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
  // Farthest folder first, so nearer folders win; in each folder the private file wins over the public one.
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
    files.push(join(folder, DOTENV_FILE));
    dotenv = parseDotenv(text);
    break;
  }
  return { environments: mergeEnvironments(sources), dotenv, files };
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

  /** The contexts read so far. */
  loaded(): IterableIterator<EnvironmentContext> {
    return this.byFolder.values();
  }

  /** After a change to an env file or the setting. */
  reset(options?: LookOptions): void {
    if (options) this.options = options;
    this.byFolder.clear();
  }
}
