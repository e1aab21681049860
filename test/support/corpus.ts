// The corpus of files written by others for other tools (test/fixtures/corpus, see its SOURCES.tsv files).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS = resolve(__dirname, '../fixtures/corpus');

/** Paths, relative to CORPUS, of the corpus files under `dir`, its notes and source lists left out. */
export function corpusFiles(dir: string): string[] {
  return readdirSync(join(CORPUS, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(CORPUS, path)).isDirectory()) return corpusFiles(path);
    return name.endsWith('.tsv') || name.endsWith('.md') ? [] : [path];
  });
}
