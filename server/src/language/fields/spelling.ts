import { allFields, lookupField, type FieldInfo } from './fieldTable';

export type SpellingSlip = 'underscore' | 'hyphen' | 'plural' | 'typo';

export interface FieldNameSuggestion {
  readonly name: string;
  readonly slip: SpellingSlip;
  readonly distance: number;
}

/**
 * Names compare on a key: lower case, with `-` and `_` removed, so that `Keep_Alive`, `KeepAlive` and
 * `keep-alive` meet. A typo is a known key within a small optimal-string-alignment distance (a transposition
 * counts as one edit). Known keys are bucketed by length, so a name is only compared with keys of nearly its
 * length, and each comparison stops as soon as the distance must exceed the bound: unknown names cost a few
 * dozen short loops, with no allocation.
 */
interface Candidate {
  readonly key: string;
  readonly info: FieldInfo;
  readonly extension: boolean;
  readonly letters: number;
}

/**
 * The set of characters in a key, as bits (letters, and one bit for all digits). One edit changes at most two
 * bits, so keys whose sets differ in more than 2 × bound bits cannot be within the bound: most candidates are
 * ruled out by one XOR.
 */
function letterSet(key: string): number {
  let bits = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    bits |= c >= 97 && c <= 122 ? 1 << (c - 97) : 1 << 26;
  }
  return bits;
}

function bitCount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}

interface Index {
  readonly byKey: Map<string, FieldInfo>;
  /** Known keys by length. */
  readonly byLength: Candidate[][];
  readonly longestKey: number;
}

let index: Index | undefined;
const memo = new Map<string, FieldNameSuggestion | null>();
const MEMO_LIMIT = 20_000;

function keyOf(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

function buildIndex(): Index {
  const byKey = new Map<string, FieldInfo>();
  const byLength: Candidate[][] = [];
  let longestKey = 0;
  for (const info of allFields()) {
    const key = keyOf(info.name);
    if (byKey.has(key)) continue;
    byKey.set(key, info);
    longestKey = Math.max(longestKey, key.length);
    (byLength[key.length] ??= []).push({ key, info, extension: info.name.toLowerCase().startsWith('x-'), letters: letterSet(key) });
  }
  return { byKey, byLength, longestKey };
}

const BIG = 1 << 20;
let prev2 = new Int32Array(64);
let prev = new Int32Array(64);
let cur = new Int32Array(64);

/**
 * Optimal string alignment distance (insertions, deletions, substitutions, adjacent transpositions), or
 * `bound + 1` as soon as it must exceed `bound`. Only the diagonal band |i - j| <= bound can hold a value
 * within the bound, so only it is computed. Strings are at most 62 characters here.
 */
function boundedOsa(a: string, b: string, bound: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > bound) return bound + 1;
  for (let j = 0; j <= m; j++) {
    prev[j] = j <= bound ? j : BIG;
    prev2[j] = BIG;
  }
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - bound);
    const hi = Math.min(m, i + bound);
    cur[0] = i <= bound ? i : BIG;
    if (lo > 1) cur[lo - 1] = BIG;
    let rowMin = cur[0]!;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = prev[j - 1]! + (ai === bj ? 0 : 1);
      const del = prev[j]! + 1;
      if (del < v) v = del;
      const ins = cur[j - 1]! + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        const t = prev2[j - 2]! + 1;
        if (t < v) v = t;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < m) cur[hi + 1] = BIG;
    if (rowMin > bound) return bound + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[m]! > bound ? bound + 1 : prev[m]!;
}

/** Optimal string alignment distance between two short strings. */
export function osaDistance(a: string, b: string): number {
  if (a.length > 62 || b.length > 62) return Math.max(a.length, b.length);
  return boundedOsa(a, b, 62);
}

/** How far a key may be from a known one and still count as a slip: short names must be nearly exact. */
function allowedDistance(key: string): number {
  if (key.length < 4) return 0;
  return key.length <= 7 ? 1 : 2;
}

/**
 * Suggests the known field a name was probably meant to be, or nothing when the name is known, far from
 * every known name, or deliberately its own (`X-My-Thing`).
 */
export function suggestFieldName(name: string): FieldNameSuggestion | undefined {
  const cached = memo.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const result = lookupField(name) || !/^[A-Za-z0-9_-]+$/.test(name) ? undefined : findSuggestion(name);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(name, result ?? null);
  return result;
}

function findSuggestion(name: string): FieldNameSuggestion | undefined {
  index ??= buildIndex();
  const key = keyOf(name);
  const exact = index.byKey.get(key);
  if (exact && familiarEnough(exact, key)) {
    return { name: exact.name, slip: name.includes('_') ? 'underscore' : 'hyphen', distance: 0 };
  }
  if (key.length > 4 && key.endsWith('s')) {
    const singular = index.byKey.get(key.slice(0, -1));
    if (singular && familiarEnough(singular, key.slice(0, -1))) return { name: singular.name, slip: 'plural', distance: 1 };
  }
  const max = allowedDistance(key);
  if (max === 0 || key.length > index.longestKey + max) return undefined;
  const isExtension = name.toLowerCase().startsWith('x-');
  let best: { info: FieldInfo; distance: number } | undefined;
  const letters = letterSet(key);
  for (let length = Math.max(1, key.length - max); length <= key.length + max; length++) {
    for (const { key: candidate, info, extension, letters: theirs } of index.byLength[length] ?? []) {
      // `X-Host` is somebody's own field, not a slip for `Host`; and the other way round.
      if (extension !== isExtension) continue;
      if (bitCount(letters ^ theirs) > 2 * max) continue;
      if (!familiarEnough(info, candidate)) continue;
      const distance = boundedOsa(key, candidate, max);
      if (distance > max) continue;
      // In a four-letter name, one changed, added or dropped letter usually makes another word (`Data` is not a
      // slip for `Date`, `Page` for `Age`, `Cost` for `Host`); two swapped letters (`Hots`, `Hsot`) still are.
      if (key.length < 5 && !isTransposition(key, candidate)) continue;
      if (!best || distance < best.distance || (distance === best.distance && rank(info) < rank(best.info))) {
        best = { info, distance };
      }
    }
  }
  return best ? { name: best.info.name, slip: 'typo', distance: best.distance } : undefined;
}

/** True when `b` is `a` with two adjacent letters swapped. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Rarely used registered names are suggested for longer keys only, or short custom names would trip on them. */
function familiarEnough(info: FieldInfo, key: string): boolean {
  return info.note !== undefined || key.length >= 6;
}

/** Prefer the fields people meet most, then registered ones still in use. */
function rank(info: FieldInfo): number {
  if (info.note) return 0;
  return info.registry?.status === 'permanent' ? 1 : 2;
}
