// The floor for a linter, as the bare request loop is the runner's: visit every line once, find each field
// line's colon, look its name up, check its value's characters, and keep its positions in flat rows. No
// messages, no rules, no findings: what a whole lint costs above this is the design's.

/** Names a lookup can find; the rest count as unknown. The scan's cost does not depend on which. */
const KNOWN = new Set(['accept', 'accept-encoding', 'accept-language', 'authorization', 'cache-control', 'connection', 'content-type', 'host', 'keep-alive', 'user-agent']);

/** Returns the number of field lines found and of characters outside printable ASCII in their values. */
export function scanFields(text: string): { fields: number; unusual: number } {
  const names = new Map<string, boolean>();
  let rows = new Int32Array(4 * 4096);
  let fields = 0;
  let unusual = 0;
  for (let at = 0; at <= text.length; ) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    // A `curl -v` trace prefixes each line of the head with `> ` or `< `.
    let start = at;
    if ((text.charCodeAt(at) === 62 || text.charCodeAt(at) === 60) && text.charCodeAt(at + 1) === 32) start += 2;
    const first = text.charCodeAt(start);
    if ((first >= 65 && first <= 90) || (first >= 97 && first <= 122)) {
      let colon = start;
      while (colon < nl && text.charCodeAt(colon) !== 58 && text.charCodeAt(colon) !== 32) colon++;
      if (colon < nl && text.charCodeAt(colon) === 58) {
        const name = text.slice(start, colon);
        if (!names.has(name)) names.set(name, KNOWN.has(name.toLowerCase()));
        let value = colon + 1;
        while (text.charCodeAt(value) === 32) value++;
        for (let k = value; k < nl; k++) {
          const c = text.charCodeAt(k);
          if ((c < 32 && c !== 9) || c > 126) unusual++;
        }
        if ((fields + 1) * 4 > rows.length) {
          const grown = new Int32Array(rows.length * 2);
          grown.set(rows);
          rows = grown;
        }
        const row = 4 * fields++;
        rows[row] = start;
        rows[row + 1] = colon;
        rows[row + 2] = value;
        rows[row + 3] = nl;
      }
    }
    at = nl + 1;
  }
  return { fields, unusual };
}
