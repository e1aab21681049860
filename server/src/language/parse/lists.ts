/** One element of a comma-separated list: offsets into the field value, whitespace trimmed. */
export interface ListElement {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a field value into list elements.
 *
 * RFC 9110 §5.6.1:  #element => [ element ] *( OWS "," OWS [ element ] )
 * RFC 9110 §5.6.4:  quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
 *
 * Commas inside a quoted string, or inside a `{{variable}}` of an .http file, do not split. Empty elements
 * (which recipients must accept) are dropped.
 */
export function splitList(value: string, templates: boolean): ListElement[] {
  const out: ListElement[] = [];
  let start = 0;
  let i = 0;
  const n = value.length;
  while (i <= n) {
    if (i === n || value.charCodeAt(i) === 44 /* , */) {
      pushTrimmed(value, start, i, out);
      start = ++i;
      continue;
    }
    const c = value.charCodeAt(i);
    if (c === 34 /* " */) {
      i = endOfQuotedString(value, i);
    } else if (templates && c === 123 /* { */ && value.charCodeAt(i + 1) === 123) {
      const close = value.indexOf('}}', i + 2);
      i = close < 0 ? n : close + 2;
    } else {
      i++;
    }
  }
  return out;
}

function pushTrimmed(value: string, from: number, to: number, out: ListElement[]): void {
  let s = from;
  let e = to;
  while (s < e && isOws(value.charCodeAt(s))) s++;
  while (e > s && isOws(value.charCodeAt(e - 1))) e--;
  if (e > s) out.push({ text: value.slice(s, e), start: s, end: e });
}

function isOws(c: number): boolean {
  return c === 32 || c === 9;
}

/** Index just past the closing quote of the quoted string opening at `open`, or the value's end if unclosed. */
export function endOfQuotedString(value: string, open: number): number {
  let i = open + 1;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c === 92 /* \ */) i += 2;
    else if (c === 34) return i + 1;
    else i++;
  }
  return value.length;
}
