import { allFields, lookupField, type FieldInfo } from './fieldTable';

export type SpellingSlip = 'underscore' | 'hyphen' | 'plural' | 'typo';

export interface FieldNameSuggestion {
  readonly name: string;
  readonly slip: SpellingSlip;
  readonly distance: number;
}

/**
 * Names compare on a key: lower case, with `-` and `_` removed, so that `Keep_Alive`, `KeepAlive` and
 * `keep-alive` meet. Typos are found with the symmetric-delete method (every known key and the query are
 * expanded into their one- and two-character deletions, and equal deletions are candidates), then checked
 * with the optimal-string-alignment distance, which counts a transposition as one edit.
 */
interface Index {
  readonly byKey: Map<string, FieldInfo>;
  readonly byDeletion: Map<string, string[]>;
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
  const byDeletion = new Map<string, string[]>();
  let longestKey = 0;
  for (const info of allFields()) {
    const key = keyOf(info.name);
    if (byKey.has(key)) continue;
    byKey.set(key, info);
    longestKey = Math.max(longestKey, key.length);
    for (const d of deletions(key, 2)) {
      const list = byDeletion.get(d);
      if (list) list.push(key);
      else byDeletion.set(d, [key]);
    }
  }
  return { byKey, byDeletion, longestKey };
}

/** The string itself and every string made by deleting up to `max` characters. */
function deletions(s: string, max: number): Set<string> {
  const out = new Set<string>([s]);
  let frontier = [s];
  for (let d = 0; d < max; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const del = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(del)) {
          out.add(del);
          next.push(del);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function osaDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
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
  if (lookupField(name) || !/^[A-Za-z0-9_-]+$/.test(name)) return undefined;
  const cached = memo.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const result = findSuggestion(name);
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
  const seen = new Set<string>();
  for (const d of deletions(key, max)) {
    const candidates = index.byDeletion.get(d);
    if (!candidates) continue;
    for (const candidate of candidates) {
      if (seen.has(candidate)) continue;
      seen.add(candidate);
      const info = index.byKey.get(candidate)!;
      // `X-Host` is somebody's own field, not a slip for `Host`; and the other way round.
      if (info.name.toLowerCase().startsWith('x-') !== isExtension) continue;
      if (!familiarEnough(info, candidate)) continue;
      const distance = osaDistance(key, candidate);
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
