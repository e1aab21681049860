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
