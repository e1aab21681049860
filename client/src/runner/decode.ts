import type { ResponseReport } from './types';

export interface DecodedBody {
  readonly text: string;
  /** How the body was turned into text: "gzip, utf-8". */
  readonly how: string;
  readonly mediaType: string;
  readonly error?: string;
}

function field(headers: readonly (readonly [string, string])[], name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/** Undoes the content codings (gzip, deflate, br) for display; the bytes received stay as they were. */
export function decodeBody(response: ResponseReport): DecodedBody {
  const mediaType = (field(response.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  let bytes = response.body ?? Buffer.alloc(0);
  const steps: string[] = [];
  const codings = (field(response.headers, 'content-encoding') ?? '').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c && c !== 'identity');
  try {
    // Codings are listed in the order applied, so they come off in reverse.
    for (const coding of [...codings].reverse()) {
      // Loaded for the first encoded body: most responses of a run are not encoded.
      const zlib = require('node:zlib') as typeof import('node:zlib');
      if (coding === 'gzip' || coding === 'x-gzip') bytes = zlib.gunzipSync(bytes);
      else if (coding === 'deflate') {
        try {
          bytes = zlib.inflateSync(bytes);
        } catch {
          bytes = zlib.inflateRawSync(bytes); // some servers send raw deflate without the zlib wrapper
        }
      } else if (coding === 'br') bytes = zlib.brotliDecompressSync(bytes);
      else throw new Error(`unknown content coding ${coding}`);
      steps.push(coding);
    }
  } catch (err) {
    return { text: (response.body ?? Buffer.alloc(0)).toString('latin1'), how: 'as received', mediaType, error: `could not decode: ${(err as Error).message}` };
  }
  const charset = /charset="?([\w-]+)/i.exec(field(response.headers, 'content-type') ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
  const encoding: BufferEncoding = charset === 'iso-8859-1' || charset === 'latin1' || charset === 'us-ascii' ? 'latin1' : 'utf8';
  steps.push(encoding === 'latin1' ? 'ISO-8859-1' : 'UTF-8');
  return { text: bytes.toString(encoding), how: steps.join(', '), mediaType };
}

/**
 * How deep pretty-printing indents. Indenting each level by its depth makes the text grow with the square of
 * the nesting: 40,000 nested XML elements (a 280 KB body) would need gigabytes and fail, and 2,000 levels of
 * JSON make 8 MB of text from 4 KB. Deeper XML elements are indented as much as this; deeper JSON is shown as
 * it came.
 */
const MAX_INDENT_DEPTH = 32;

/** Pretty-prints JSON and XML; anything else is shown as it is. */
export function prettyBody(body: DecodedBody): { text: string; language: 'json' | 'xml' | 'html' | 'text' } {
  const t = body.mediaType;
  // JSON nested deeper than the indentation goes is shown as it came (see MAX_INDENT_DEPTH).
  if ((t.includes('json') || /^\s*[[{]/.test(body.text)) && nestingDepth(body.text) <= MAX_INDENT_DEPTH) {
    try {
      return { text: JSON.stringify(JSON.parse(body.text), null, 2), language: 'json' };
    } catch {
      /* not JSON after all */
    }
  }
  if (t.includes('html')) return { text: body.text, language: 'html' };
  if (t.includes('xml') || /^\s*<\?xml/.test(body.text)) return { text: indentXml(body.text), language: 'xml' };
  return { text: body.text, language: 'text' };
}

/** How deeply JSON text nests arrays and objects (brackets inside strings not counted). */
function nestingDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) deepest = Math.max(deepest, ++depth);
    else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return deepest;
}

/** One element per line, indented by depth; text content stays on its element's line. */
function indentXml(xml: string): string {
  const tokens = xml.replace(/>\s+</g, '><').split(/(?=<)|(?<=>)/).filter((s) => s.trim().length > 0);
  let depth = 0;
  const out: string[] = [];
  for (const token of tokens) {
    if (/^<\//.test(token)) depth = Math.max(0, depth - 1);
    const last = out[out.length - 1];
    if (!token.startsWith('<') && last !== undefined) {
      out[out.length - 1] = last + token.trim();
      continue;
    }
    if (/^<\//.test(token) && last !== undefined && /^\s*<[^/!?][^>]*>[^<]+$/.test(last)) {
      out[out.length - 1] = last + token;
      continue;
    }
    out.push('  '.repeat(Math.min(depth, MAX_INDENT_DEPTH)) + token);
    if (/^<[^/!?][^>]*[^/]>$/.test(token) || /^<[^/!?]>$/.test(token)) depth++;
  }
  return out.join('\n');
}
