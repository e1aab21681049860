import type { TextDocument } from 'vscode-languageserver-textdocument';
import { IncrementalLinter } from './language/incremental';
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentCache, settingContext, type EnvironmentContext } from './environmentFiles';
import { definedElsewhere, environmentValues, environmentVariables, SHARED, type EnvironmentProblem } from './language/environments';
import { lintText, type LintOptions } from './language/lint';
import type { DocumentKind } from './language/parse/types';
import { DocumentParts, type DocumentScope } from './documentState';
import { maskSecretShared } from './language/variableHover';
import { lintOptions, type ServerSettings } from './settings';

/** `http` is an .http/.rest request file; `http-message` (or anything else) a raw message dump. */
export function kindOf(document: TextDocument): DocumentKind {
  if (document.languageId === 'http') return 'http-file';
  if (document.languageId === 'http-message') return 'message';
  return /\.(http|rest)$/i.test(document.uri) ? 'http-file' : 'message';
}

/** A document's environment facts and values, for one selection and one read of the env files. */
interface Scoped {
  readonly options: LintOptions;
  readonly scope: DocumentScope;
}

interface Entry {
  version: number;
  generation: number;
  parts: DocumentParts;
  /** .http files keep their pieces' lint between versions. */
  linter?: IncrementalLinter;
  scoped?: Scoped;
}

/** One parse and lint per document version and settings: every handler reads from here. */
export class DocumentCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private selected: string | undefined;
  private folders: readonly string[] = [];
  /** Where an untitled document's environments come from, as the extension reads them when it sends. */
  private firstFolder: string | undefined;
  private readonly environments = new Map<string, EnvironmentCache>();

  constructor(private settings: ServerSettings) {}

  setSettings(settings: ServerSettings): void {
    // The settings are read again after every start and every configuration change, mostly unchanged: linting
    // a large document again for nothing is what that would cost.
    if (JSON.stringify(settings) === JSON.stringify(this.settings)) return;
    this.settings = settings;
    this.environments.clear();
    this.generation++;
  }

  /** The environment chosen in the editor (undefined: none, only `$shared`). */
  setEnvironment(name: string | undefined): void {
    this.selected = name;
    this.generation++;
  }

  get environment(): string | undefined {
    return this.selected;
  }

  setWorkspaceFolders(paths: readonly string[]): void {
    this.firstFolder = paths[0];
    // Longest first, so that a document in nested folders belongs to the innermost.
    this.folders = [...paths].sort((a, b) => b.length - a.length);
    this.environments.clear();
    this.generation++;
  }

  /** An env file or `.env` changed on disk: read them again. */
  environmentFilesChanged(): void {
    this.environments.clear();
    this.generation++;
  }

  /** The environments a document sees, from its folder up to its workspace folder. */
  contextOf(uri: string): EnvironmentContext | undefined {
    let path: string;
    try {
      path = uri.startsWith('file:') ? fileURLToPath(uri) : '';
    } catch {
      return undefined;
    }
    const dir = path ? dirname(path) : this.firstFolder;
    if (!dir) return this.settings.environments ? settingContext(this.settings.environments) : undefined;
    const root = this.folders.find((f) => dir === f || dir.startsWith(f.endsWith(sep) ? f : f + sep));
    const key = root ?? '';
    let cache = this.environments.get(key);
    if (!cache) this.environments.set(key, (cache = new EnvironmentCache({ stopAt: root, setting: this.settings.environments, displayRoot: root })));
    return cache.get(dir);
  }

  /** The problems of the env files the documents at `uris` read, each once (several may read one file). */
  environmentProblems(uris: Iterable<string>): EnvironmentProblem[] {
    const seen = new Set<string>();
    const out: EnvironmentProblem[] = [];
    for (const uri of uris) {
      for (const p of this.contextOf(uri)?.environments.problems ?? []) {
        const key = `${p.file ?? p.source}\n${p.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(p);
      }
    }
    return out;
  }

  private scoped(document: TextDocument): Scoped {
    const base = lintOptions(this.settings);
    const ctx = this.contextOf(document.uri);
    if (!ctx) return { options: base, scope: { environment: new Map(), system: { env: process.env } } };
    const envs = ctx.environments;
    const inForce = environmentVariables(envs, this.selected);
    const shared = envs.byName.get(SHARED);
    return {
      options: {
        ...base,
        variables: new Set(inForce.keys()),
        environment: { selected: this.selected, elsewhere: definedElsewhere(envs, this.selected), dotenv: ctx.dotenv ?? new Map(), shared: shared ?? new Map() },
      },
      scope: {
        environment: environmentValues(envs, this.selected),
        system: { env: process.env, dotenv: ctx.dotenv, shared: shared && maskSecretShared(shared, environmentValues(envs, undefined)) },
      },
    };
  }

  get(document: TextDocument): DocumentParts {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached.parts;
    let entry: Entry;
    if (kindOf(document) === 'http-file') {
      const fresh = !(cached?.linter && cached.scoped && cached.generation === this.generation);
      const scoped = fresh ? this.scoped(document) : cached!.scoped!;
      const linter = fresh ? new IncrementalLinter(scoped.options) : cached!.linter!;
      entry = { version: document.version, generation: this.generation, linter, scoped, parts: new DocumentParts(linter.lint(document.getText()), scoped.scope) };
    } else {
      const result = lintText(document.getText(), 'message', lintOptions(this.settings));
      entry = { version: document.version, generation: this.generation, parts: new DocumentParts([{ offset: 0, result }]) };
    }
    this.entries.set(document.uri, entry);
    return entry.parts;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
