import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lintText, type LintResult } from './language/lint';
import type { DocumentKind } from './language/parse/types';
import { lintOptions, type ServerSettings } from './settings';

/** `http` is an .http/.rest request file; `http-message` (or anything else) a raw message dump. */
export function kindOf(document: TextDocument): DocumentKind {
  if (document.languageId === 'http') return 'http-file';
  if (document.languageId === 'http-message') return 'message';
  return /\.(http|rest)$/i.test(document.uri) ? 'http-file' : 'message';
}

/** One parse and lint per document version and settings: every handler reads from here. */
export class DocumentCache {
  private readonly entries = new Map<string, { version: number; generation: number; result: LintResult }>();
  private generation = 0;

  constructor(private settings: ServerSettings) {}

  setSettings(settings: ServerSettings): void {
    this.settings = settings;
    this.generation++;
  }

  get(document: TextDocument): LintResult {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached.result;
    const result = lintText(document.getText(), kindOf(document), lintOptions(this.settings));
    this.entries.set(document.uri, { version: document.version, generation: this.generation, result });
    return result;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
