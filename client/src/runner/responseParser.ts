// An incremental, tolerant HTTP/1.x response parser. It keeps the head exactly as received (so that the
// response can be linted as a message), frames the body as RFC 9112 §6.3 says, and turns every anomaly into
// a finding instead of an exception.

export interface ResponseHead {
  readonly version: { readonly major: number; readonly minor: number; readonly text: string };
  readonly status: number;
  readonly reason: string;
  /** Field lines as received: exact names (case kept), values without surrounding whitespace, in order. */
  readonly headers: readonly (readonly [string, string])[];
  /** The head's bytes as received, read as Latin-1 (one character per byte). */
  readonly raw: string;
}

export type Framing = 'none' | 'length' | 'chunked' | 'close' | 'tunnel';

export interface ParserFinding {
  readonly code: string;
  readonly message: string;
}

export interface ParserOptions {
  /** The request's method: a response to HEAD has no body (RFC 9112 §6.3). */
  readonly method: string;
  readonly maxHeadBytes?: number;
  /**
   * A piece of the body: a view into the input, as lasting as the chunk pushed is (the runner's socket reads
   * into the same memory again), so a piece to keep is copied.
   */
  readonly onBody?: (chunk: Buffer) => void;
}

const CR = 13;
const LF = 10;
/** Shared: buffers here are replaced, never written into. */
const EMPTY = Buffer.alloc(0);

/**
 * Where the blank line that ends a head (CRLF CRLF, or bare LF LF) ends, searching `buf[from..to)` from
 * `start`; undefined when it has not arrived yet. Bytes outside `[from, to)` are not the head's.
 */
function endOfHead(buf: Buffer, start: number, from: number, to: number): { end: number; bareLf: boolean } | undefined {
  for (let i = start; i < to; i++) {
    if (buf[i] !== LF) continue;
    if (i + 1 < to && buf[i + 1] === LF) return { end: i + 2, bareLf: true };
    if (i + 2 < to && buf[i + 1] === CR && buf[i + 2] === LF) return { end: i + 3, bareLf: i === from || buf[i - 1] !== CR };
  }
  return undefined;
}

function hasBareLf(raw: string): boolean {
  for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) if (i === 0 || raw.charCodeAt(i - 1) !== 13) return true;
  return false;
}

export class ResponseParser {
  readonly interim: ResponseHead[] = [];
  readonly findings: ParserFinding[] = [];
  readonly trailers: [string, string][] = [];
  head: ResponseHead | undefined;
  framing: Framing | undefined;
  bodyBytes = 0;
  /** Bytes that arrived after the response was complete. */
  leftover: Buffer = EMPTY;
  /** The parser cannot go on: the response is unusable beyond this point. */
  error: string | undefined;
  /** First byte of the response seen. */
  started = false;
  private state: 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'done' = 'head';
  /**
   * Unconsumed input lives in `store[from..to)`. When nothing is pending, an incoming chunk is borrowed as the
   * store without copying (the usual case: a whole response in one chunk), and what is left of it when push
   * returns is copied; otherwise input is appended to a store of our own that doubles when full, so each byte
   * is copied O(1) times on average.
   */
  private store: Buffer = EMPTY;
  /** The store is a chunk we were given: never write into it. */
  private borrowed = true;
  private from = 0;
  private to = 0;
  /** Where the search for the end of the head resumes, so that a head arriving byte by byte is scanned once. */
  private headScan = 0;
  private remaining = 0;
  private readonly maxHead: number;

  /** The request's method, upper case. */
  private readonly method: string;
  private readonly onBody: ParserOptions['onBody'];

  constructor(options: ParserOptions) {
    this.method = options.method.toUpperCase();
    this.onBody = options.onBody;
    this.maxHead = options.maxHeadBytes ?? 64 * 1024;
  }

  get complete(): boolean {
    return this.state === 'done';
  }

  /** Whether the body's end depends on the connection closing. */
  get closeDelimited(): boolean {
    return this.framing === 'close';
  }

  /** `chunk` may be written over once push returns: what the parser still needs of it, it copies. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.started = true;
    if (this.error) return;
    if (this.state === 'done') {
      this.leftover = Buffer.concat([this.leftover, chunk]);
      return;
    }
    this.append(chunk);
    this.drain();
    if (this.borrowed && this.from < this.to) this.keepPending();
  }

  /** Moves the unconsumed bytes of a borrowed chunk into a store of our own. */
  private keepPending(): void {
    const live = this.to - this.from;
    const own = Buffer.allocUnsafe(Math.max(live, 4096));
    this.store.copy(own, 0, this.from, this.to);
    this.store = own;
    this.borrowed = false;
    this.headScan -= this.from;
    this.from = 0;
    this.to = live;
  }

  private append(chunk: Buffer): void {
    if (this.from === this.to) {
      this.headScan = 0;
      this.store = chunk;
      this.borrowed = true;
      this.from = 0;
      this.to = chunk.length;
      return;
    }
    if (this.borrowed || this.to + chunk.length > this.store.length) {
      const live = this.to - this.from;
      const grown = Buffer.allocUnsafe(Math.max(live + chunk.length, this.borrowed ? 0 : this.store.length * 2, 4096));
      this.store.copy(grown, 0, this.from, this.to);
      this.store = grown;
      this.borrowed = false;
      this.headScan -= this.from;
      this.from = 0;
      this.to = live;
    }
    chunk.copy(this.store, this.to);
    this.to += chunk.length;
  }

  /** The server closed the connection. */
  end(): void {
    if (this.state === 'done' || this.error) return;
    if (this.state === 'body' && this.framing === 'close') {
      this.state = 'done';
      return;
    }
    if (this.state === 'head' && !this.started) this.error = 'the server closed the connection before sending a response';
    else if (this.state === 'head') this.error = 'the server closed the connection in the middle of the response head';
    else this.error = `the server closed the connection before the body was complete (${this.bodyBytes} bytes received${this.framing === 'length' ? `, ${this.remaining} missing` : ''})`;
  }

  private drain(): void {
    let guard = 0;
    while (this.from < this.to && this.state !== 'done' && !this.error) {
      if (++guard > 1_000_000) {
        this.error = 'response parser made no progress';
        return;
      }
      const before = this.from;
      const state = this.state;
      switch (this.state) {
        case 'head': this.readHead(); break;
        case 'body': this.readBody(); break;
        case 'chunk-size': this.readChunkSize(); break;
        case 'chunk-data': this.readChunkData(); break;
        case 'chunk-end': this.readChunkEnd(); break;
        case 'trailers': this.readTrailers(); break;
      }
      // Waiting for more bytes: neither the input nor the state moved.
      if (this.from === before && this.state === state) return;
    }
    if (this.state === 'done' && this.from < this.to) {
      this.leftover = Buffer.concat([this.leftover, this.store.subarray(this.from, this.to)]);
      this.from = this.to;
    }
  }

  private readHead(): void {
    const found = endOfHead(this.store, Math.max(this.from, this.headScan - 3), this.from, this.to);
    if (!found) {
      this.headScan = this.to;
      if (this.to - this.from > this.maxHead) this.error = `the response head is larger than ${this.maxHead} bytes`;
      return;
    }
    const raw = this.store.toString('latin1', this.from, found.end);
    this.from = found.end;
    this.headScan = this.from;
    if (found.bareLf || hasBareLf(raw)) this.note('bare-lf', 'the response head ends lines with a bare LF instead of CRLF (RFC 9112 §2.2)');
    const head = this.parseHead(raw);
    if (!head) return;
    if (head.status >= 100 && head.status < 200 && head.status !== 101) {
      this.interim.push(head);
      return;
    }
    this.head = head;
    this.framing = this.frame(head);
    if (this.framing === 'none' || this.framing === 'tunnel') this.state = 'done';
    else if (this.framing === 'chunked') this.state = 'chunk-size';
    else if (this.framing === 'length') this.state = this.remaining === 0 ? 'done' : 'body';
    else this.state = 'body';
  }

  private parseHead(raw: string): ResponseHead | undefined {
    // The head ends with an empty line; everything before it is the status line and the field lines.
    const lines: string[] = [];
    let at = 0;
    for (;;) {
      const lf = raw.indexOf('\n', at);
      if (lf < 0) break;
      const end = lf > at && raw.charCodeAt(lf - 1) === 13 ? lf - 1 : lf;
      if (end === at) break;
      lines.push(raw.slice(at, end));
      at = lf + 1;
    }
    // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
    const m = /^HTTP\/(\d)(?:\.(\d))? +(\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
    if (!m) {
      this.error = `not an HTTP response: the first line is ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`;
      return undefined;
    }
    const headers: [string, string][] = [];
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const first = line.charCodeAt(0);
      if (first === 32 || first === 9) {
        // RFC 9112 §5.2: a user agent replaces each obs-fold with SP.
        this.note('obs-fold', 'a field value continues on the next line (obsolete line folding, RFC 9112 §5.2)');
        const last = headers[headers.length - 1];
        if (last) last[1] = `${last[1]} ${line.trim()}`.trim();
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) {
        this.note('malformed-field-line', `not a field line: ${JSON.stringify(line.slice(0, 80))}`);
        continue;
      }
      let nameEnd = colon;
      while (nameEnd > 0 && (line.charCodeAt(nameEnd - 1) === 32 || line.charCodeAt(nameEnd - 1) === 9)) nameEnd--;
      if (nameEnd < colon) {
        this.note('space-before-colon', `whitespace between the field name ${JSON.stringify(line.slice(0, nameEnd))} and its colon (RFC 9112 §5.1)`);
      }
      let vs = colon + 1;
      let ve = line.length;
      while (vs < ve && (line.charCodeAt(vs) === 32 || line.charCodeAt(vs) === 9)) vs++;
      while (ve > vs && (line.charCodeAt(ve - 1) === 32 || line.charCodeAt(ve - 1) === 9)) ve--;
      headers.push([line.slice(0, nameEnd), line.slice(vs, ve)]);
    }
    const major = Number(m[1]);
    const minor = m[2] === undefined ? 0 : Number(m[2]);
    return { version: { major, minor, text: `HTTP/${m[1]}${m[2] === undefined ? '' : '.' + m[2]}` }, status: Number(m[3]), reason: m[4] ?? '', headers, raw };
  }

  /** RFC 9112 §6.3, in order. */
  private frame(head: ResponseHead): Framing {
    const method = this.method;
    const s = head.status;
    if (method === 'HEAD' || (s >= 100 && s < 200 && s !== 101) || s === 204 || s === 304) return 'none';
    if (s === 101 || (method === 'CONNECT' && s >= 200 && s < 300)) return 'tunnel';
    let te: string[] | undefined;
    let cl: string[] | undefined;
    for (const [name, value] of head.headers) {
      const n = name.length;
      if (n === 17 && name.toLowerCase() === 'transfer-encoding') (te ??= []).push(...value.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean));
      else if (n === 14 && name.toLowerCase() === 'content-length') (cl ??= []).push(...value.split(',').map((v) => v.trim()));
    }
    if (te && te.length > 0) {
      if (cl) this.note('length-and-chunked', 'the response has both Content-Length and Transfer-Encoding: the length is ignored and the connection must close (RFC 9112 §6.1)');
      if (head.version.major === 1 && head.version.minor === 0) this.note('transfer-encoding-http10', 'an HTTP/1.0 response with Transfer-Encoding: its framing is faulty (RFC 9112 §6.1)');
      if (te[te.length - 1] === 'chunked') return 'chunked';
      this.note('not-chunked', 'Transfer-Encoding does not end in chunked: the body ends when the connection closes (RFC 9112 §6.3)');
      return 'close';
    }
    if (cl) {
      const distinct = new Set(cl.map((v) => v.replace(/^0+(?=\d)/, '')));
      const only = [...distinct][0]!;
      if (distinct.size !== 1 || !/^\d{1,15}$/.test(only)) {
        this.note('invalid-content-length', `invalid Content-Length ${JSON.stringify(cl.join(', '))}: the body is read until the connection closes (RFC 9112 §6.3)`);
        return 'close';
      }
      if (cl.length > 1) this.note('content-length-repeated', 'Content-Length is repeated (RFC 9110 §8.6)');
      this.remaining = Number(only);
      return 'length';
    }
    return 'close';
  }

  /** Hands `store[from..from + length)` to the body callback and consumes it. */
  private emit(length: number): void {
    if (length === 0) return;
    const chunk = this.store.subarray(this.from, this.from + length);
    this.from += length;
    this.bodyBytes += length;
    this.onBody?.(chunk);
  }

  private readBody(): void {
    if (this.framing === 'close') {
      this.emit(this.to - this.from);
      return;
    }
    const take = Math.min(this.remaining, this.to - this.from);
    this.emit(take);
    this.remaining -= take;
    if (this.remaining === 0) this.state = 'done';
  }

  /** The next line's end (the index of its LF) among the unconsumed bytes, or -1. */
  private lineEnd(): number {
    const lf = this.store.indexOf(LF, this.from);
    return lf < this.to ? lf : -1;
  }

  /** RFC 9112 §7.1: chunk-size [ chunk-ext ] CRLF, with chunk-size = 1*HEXDIG */
  private readChunkSize(): void {
    const lf = this.lineEnd();
    if (lf < 0) {
      if (this.to - this.from > 4096) this.error = 'a chunk-size line longer than 4096 bytes';
      return;
    }
    const line = this.store.toString('latin1', this.from, lf);
    this.from = lf + 1;
    if (!line.endsWith('\r')) this.note('bare-lf', 'a chunk-size line ends with a bare LF (RFC 9112 §7.1)');
    const size = line.replace(/\r$/, '').split(';')[0]!.trim();
    if (!/^[0-9A-Fa-f]{1,15}$/.test(size)) {
      this.error = `bad chunk size ${JSON.stringify(size.slice(0, 40))}`;
      this.note('bad-chunk', `bad chunk size ${JSON.stringify(size.slice(0, 40))} (RFC 9112 §7.1)`);
      return;
    }
    this.remaining = parseInt(size, 16);
    this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
  }

  private readChunkData(): void {
    const take = Math.min(this.remaining, this.to - this.from);
    this.emit(take);
    this.remaining -= take;
    if (this.remaining === 0) this.state = 'chunk-end';
  }

  private readChunkEnd(): void {
    const first = this.store[this.from];
    if (first === CR) {
      if (this.to - this.from < 2) return;
      if (this.store[this.from + 1] === LF) {
        this.from += 2;
        this.state = 'chunk-size';
        return;
      }
    } else if (first === LF) {
      this.note('bare-lf', 'chunk data ends with a bare LF (RFC 9112 §7.1)');
      this.from += 1;
      this.state = 'chunk-size';
      return;
    }
    this.error = 'chunk data is longer than its chunk size says';
    this.note('bad-chunk', 'chunk data is longer than its chunk size says (RFC 9112 §7.1)');
  }

  /** RFC 9112 §7.1.2: trailer-section = *( field-line CRLF ), then the final CRLF. */
  private readTrailers(): void {
    const lf = this.lineEnd();
    if (lf < 0) return;
    const line = this.store.toString('latin1', this.from, lf).replace(/\r$/, '');
    this.from = lf + 1;
    if (line === '') {
      this.state = 'done';
      return;
    }
    const colon = line.indexOf(':');
    if (colon > 0) this.trailers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    else this.note('malformed-field-line', `not a trailer field line: ${JSON.stringify(line.slice(0, 80))}`);
  }

  private note(code: string, message: string): void {
    if (!this.findings.some((f) => f.code === code)) this.findings.push({ code, message });
  }
}
