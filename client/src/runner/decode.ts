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

/** Pretty-prints JSON and XML; anything else is shown as it is. */
export function prettyBody(body: DecodedBody): { text: string; language: 'json' | 'xml' | 'html' | 'text' } {
  const t = body.mediaType;
  if (t.includes('json') || /^\s*[[{]/.test(body.text)) {
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

/**
 * Deeper elements are indented as much as this: indenting each by its depth would make the text grow with the
 * square of the nesting (40,000 nested elements, a 280 KB body, would need gigabytes and fail).
 */
const MAX_INDENT_DEPTH = 32;

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
