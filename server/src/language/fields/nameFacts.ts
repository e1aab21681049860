// What the rules and the persistence model ask of a field name, worked out once per distinct spelling: a file
// repeats the same dozen names in every request, and each field then costs the rules a test of a few bits.

import { firstNonTchar } from '../parse/grammar';
import { lookupLower, type FieldInfo } from './fieldTable';
import { suggestFieldName, type FieldNameSuggestion } from './spelling';

/** Bits of `NameFacts.roles`: the names the rules look for, and what the field table says of the name. */
export const Role = {
  connection: 1 << 0,
  keepAlive: 1 << 1,
  proxyConnection: 1 << 2,
  contentLength: 1 << 3,
  transferEncoding: 1 << 4,
  te: 1 << 5,
  upgrade: 1 << 6,
  http2Settings: 1 << 7,
  host: 1 << 8,
  /** A misspelling of `Connection` (`Connections`), which the persistence model explains. */
  misspelledConnection: 1 << 9,
  /** Any misspelling with a suggestion. */
  misspelled: 1 << 10,
  /** Listed once at most (the field notes' cardinality). */
  singleton: 1 << 11,
  /** A request-only field (the field notes' direction). */
  requestOnly: 1 << 12,
  /** Deprecated or obsoleted in the IANA registry. */
  retired: 1 << 13,
  /** Empty, or holding a character outside `token` (RFC 9110 §5.6.2). */
  oddName: 1 << 14,
  /** Set on a message, never on a name: a singleton name appears more than once among its fields. */
  repeatedSingleton: 1 << 15,
  /** A response-only field. */
  responseOnly: 1 << 16,
} as const;

const ROLE_BY_NAME: ReadonlyMap<string, number> = new Map([
  ['connection', Role.connection],
  ['keep-alive', Role.keepAlive],
  ['proxy-connection', Role.proxyConnection],
  ['content-length', Role.contentLength],
  ['transfer-encoding', Role.transferEncoding],
  ['te', Role.te],
  ['upgrade', Role.upgrade],
  ['http2-settings', Role.http2Settings],
  ['host', Role.host],
]);

/** The role bits that stand for one name each: a field has one of them at most. */
export const NAME_ROLES = Role.connection | Role.keepAlive | Role.proxyConnection | Role.contentLength | Role.transferEncoding |
  Role.te | Role.upgrade | Role.http2Settings | Role.host;

/** The role bit of a lower-case name the rules look up by name, or 0 for any other name. */
export function roleOf(lowerName: string): number {
  return ROLE_BY_NAME.get(lowerName) ?? 0;
}

export interface NameFacts {
  readonly roles: number;
  readonly info: FieldInfo | undefined;
  readonly suggestion: FieldNameSuggestion | undefined;
  /** Index of the first character that is not a `tchar` (RFC 9110 §5.6.2), or -1. */
  readonly badChar: number;
}

const facts = new Map<string, NameFacts>();
const LIMIT = 10_000;

/** The facts of a name as written (`lower` is its lower case). */
export function nameFacts(name: string, lower: string): NameFacts {
  let known = facts.get(name);
  if (!known) {
    known = computeFacts(name, lower);
    if (facts.size >= LIMIT) facts.clear();
    facts.set(name, known);
  }
  return known;
}

function computeFacts(name: string, lower: string): NameFacts {
  const info = lookupLower(lower);
  const suggestion = name.length > 0 ? suggestFieldName(name) : undefined;
  let roles = roleOf(lower);
  if (suggestion) roles |= Role.misspelled;
  if (suggestion?.name === 'Connection') roles |= Role.misspelledConnection;
  if (info?.note?.cardinality === 'singleton') roles |= Role.singleton;
  const direction = info?.note?.direction;
  if (direction === 'request') roles |= Role.requestOnly;
  else if (direction === 'response') roles |= Role.responseOnly;
  const status = info?.registry?.status;
  if (status === 'deprecated' || status === 'obsoleted') roles |= Role.retired;
  const badChar = firstNonTchar(name);
  if (badChar >= 0 || name.length === 0) roles |= Role.oddName;
  return { roles, info, suggestion, badChar };
}
