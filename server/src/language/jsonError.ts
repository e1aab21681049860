// Where a JSON text stops being JSON. `JSON.parse` says that it failed, but Node 20 often gives no position
// ("Unexpected token '}', ... is not valid JSON"), and an env file's problem must point at its place.

/** The offset of the first character that cannot continue the JSON text, and what could have stood there. */
export interface JsonError {
  readonly offset: number;
  readonly expected: string;
}

class Stop extends Error {
  constructor(readonly at: number, readonly expected: string) {
    super(expected);
  }
}

/**
 * RFC 8259 §2:  JSON-text = ws value ws
 *               value = false / null / true / object / array / number / string
 * Returns undefined when `text` is valid JSON. Iterative over nesting, so that deep input cannot overflow the stack.
 */
export function locateJsonError(text: string): JsonError | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
  };
  const expect = (what: string): never => {
    throw new Stop(i, what);
  };
  // What each open object or array waits for next.
  const stack: ('object' | 'array')[] = [];
  try {
    ws();
    for (;;) {
      // A value.
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        ws();
        const close = c === '{' ? '}' : ']';
        if (text[i] === close) {
          i++;
        } else {
          stack.push(c === '{' ? 'object' : 'array');
          if (c === '{') member();
          continue;
        }
      } else if (c === '"') {
        string();
      } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        number();
      } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
        i += 4;
      } else if (text.startsWith('false', i)) {
        i += 5;
      } else {
        expect('a value');
      }
      // After a value: close what is complete, or go on to the next element or member.
      for (;;) {
        ws();
        const open = stack[stack.length - 1];
        if (!open) {
          if (i < text.length) expect('the end of the text');
          return undefined;
        }
        const close = open === 'object' ? '}' : ']';
        if (text[i] === ',') {
          i++;
          ws();
          if (open === 'object') member();
          break;
        }
        if (text[i] === close) {
          i++;
          stack.pop();
          continue;
        }
        expect(`\`,\` or \`${close}\``);
      }
    }
  } catch (err) {
    if (err instanceof Stop) return { offset: err.at, expected: err.expected };
    throw err;
  }

  /** RFC 8259 §4: member = string name-separator value; leaves `i` at the value. */
  function member(): void {
    if (text[i] !== '"') expect('a property name in double quotes');
    string();
    ws();
    if (text[i] !== ':') expect('`:`');
    i++;
    ws();
  }

  /** RFC 8259 §7: string = quotation-mark *char quotation-mark; control characters must be escaped. */
  function string(): void {
    i++;
    for (;;) {
      if (i >= text.length) expect('a closing `"`');
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 32) expect('an escaped control character');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            expect('four hexadecimal digits');
          }
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          i++;
          expect('an escape: one of " \\ / b f n r t u');
        }
        i += 2;
        continue;
      }
      i++;
    }
  }

  /**
   * RFC 8259 §6: number = [ minus ] int [ frac ] [ exp ]
   *              int = zero / ( digit1-9 *DIGIT ); frac = decimal-point 1*DIGIT; exp = e [ minus / plus ] 1*DIGIT
   */
  function number(): void {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  }

  /** 1*DIGIT */
  function digits(): void {
    const start = i;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === start) expect('a digit');
  }
}

/** Line and character (0-based, UTF-16 units) of `offset` in `text`, lines ending as LSP ends them: CRLF, CR or LF. */
export function lineAndCharacter(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
