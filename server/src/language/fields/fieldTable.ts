import { IANA_FIELDS, type IanaFieldRecord } from './ianaRegistry';
import { FIELD_NOTES, type FieldNote } from './fieldNotes';
import { specTitle, specUrl } from '../spec';

export interface FieldInfo {
  /** The canonical spelling: the registry's, else ours. */
  readonly name: string;
  readonly registry?: IanaFieldRecord;
  readonly note?: FieldNote;
}

let table: Map<string, FieldInfo> | undefined;

function fieldTable(): Map<string, FieldInfo> {
  if (table) return table;
  table = new Map();
  for (const record of IANA_FIELDS) table.set(record.name.toLowerCase(), { name: record.name, registry: record });
  for (const [name, note] of Object.entries(FIELD_NOTES)) {
    const key = name.toLowerCase();
    const known = table.get(key);
    table.set(key, { name: known?.name ?? name, registry: known?.registry, note });
  }
  return table;
}

/** What HTTP Lens knows of a field name, case-insensitively (RFC 9110 §5.1). */
export function lookupField(name: string): FieldInfo | undefined {
  return fieldTable().get(name.toLowerCase());
}

/** As lookupField, for a name already in lower case (HeaderField.lowerName). */
export function lookupLower(lowerName: string): FieldInfo | undefined {
  return fieldTable().get(lowerName);
}

export function isKnownFieldName(name: string): boolean {
  return fieldTable().has(name.toLowerCase());
}

export function allFields(): readonly FieldInfo[] {
  return [...fieldTable().values()];
}

/** The document that defines a field, as a title and a link. */
export function fieldReference(info: FieldInfo): { title: string; url: string } | undefined {
  if (info.note) return { title: specTitle(info.note.spec), url: specUrl(info.note.spec) };
  return info.registry?.reference;
}

export function isHopByHop(name: string): boolean {
  return lookupField(name)?.note?.hopByHop === true;
}
