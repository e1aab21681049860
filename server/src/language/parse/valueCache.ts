/** Values longer than this are parsed each time: they seldom repeat, and would only fill the cache. */
const LONG = 256;

/**
 * What was parsed out of field values, by value: values repeat across messages (`keep-alive` in every request of
 * a file), so each distinct one is parsed once. Bounded, and keyed by copies that keep no document text alive
 * (a slice of a line holds on to the whole text it came from).
 */
export class ValueCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit = 10_000) {}

  get(value: string, parse: (value: string) => T): T {
    if (value.length > LONG) return parse(value);
    let result = this.entries.get(value);
    if (result === undefined) {
      if (this.entries.size >= this.limit) this.entries.clear();
      const own = ownCopy(value);
      result = parse(own);
      this.entries.set(own, result);
    }
    return result;
  }
}

/** A copy of `s` that shares no storage with the string it was sliced from. */
export function ownCopy(s: string): string {
  return (' ' + s).slice(1);
}

const interned = new Map<string, string>();

/**
 * One copy of each short word that recurs across documents (methods, versions, variable names in `{{...}}`,
 * metadata keys): a large file names the same few in every request, and a copy per request would only be more
 * for the garbage collector to move while the file is parsed. Bounded like the other caches.
 */
export function intern(s: string): string {
  if (s.length > 64) return s;
  let own = interned.get(s);
  if (own === undefined) {
    if (interned.size >= 10_000) interned.clear();
    own = ownCopy(s);
    interned.set(own, own);
  }
  return own;
}

/** The words `internRange` met last, by the hash of their spelling. */
const recentWords: (string | undefined)[] = new Array(4096).fill(undefined);

/**
 * `intern(text.slice(start, end))`, without the slice when the word was met lately: a file's `{{base}}`,
 * `HTTP/1.1` and `GET` are the same few words thousands of times over.
 */
export function internRange(text: string, start: number, end: number): string {
  if (end - start > 64) return text.slice(start, end);
  let hash = 0;
  for (let i = start; i < end; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
  const slot = hash & 4095;
  const hit = recentWords[slot];
  if (hit !== undefined && hit.length === end - start && text.startsWith(hit, start)) return hit;
  return (recentWords[slot] = intern(text.slice(start, end)));
}
