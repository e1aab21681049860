import type { TextDocument } from 'vscode-languageserver-textdocument';
import { IncrementalLinter } from './language/incremental';
import { lintText } from './language/lint';
import type { DocumentKind } from './language/parse/types';
import { DocumentParts } from './documentState';
import { lintOptions, type ServerSettings } from './settings';

/** `http` is an .http/.rest request file; `http-message` (or anything else) a raw message dump. */
export function kindOf(document: TextDocument): DocumentKind {
  if (document.languageId === 'http') return 'http-file';
  if (document.languageId === 'http-message') return 'message';
  return /\.(http|rest)$/i.test(document.uri) ? 'http-file' : 'message';
}

interface Entry {
  version: number;
  generation: number;
  parts: DocumentParts;
  /** .http files keep their pieces' lint between versions. */
  linter?: IncrementalLinter;
}

/** One parse and lint per document version and settings: every handler reads from here. */
export class DocumentCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(private settings: ServerSettings) {}

  setSettings(settings: ServerSettings): void {
    this.settings = settings;
    this.generation++;
  }

  get(document: TextDocument): DocumentParts {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached.parts;
    const options = lintOptions(this.settings);
    let entry: Entry;
    if (kindOf(document) === 'http-file') {
      const linter = cached?.linter && cached.generation === this.generation ? cached.linter : new IncrementalLinter(options);
      entry = { version: document.version, generation: this.generation, linter, parts: new DocumentParts(linter.lint(document.getText())) };
    } else {
      const result = lintText(document.getText(), 'message', options);
      entry = { version: document.version, generation: this.generation, parts: new DocumentParts([{ offset: 0, result }]) };
    }
    this.entries.set(document.uri, entry);
    return entry.parts;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
