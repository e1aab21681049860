// System variables: `{{$name args}}` references whose value is made when the request is sent. The set is the
// union of what REST Client, httpYac and the JetBrains HTTP Client document, so that their files run unchanged.

/** node:crypto, loaded when a random value is first made: loading it costs a few milliseconds at every start. */
function crypto(): typeof import('node:crypto') {
  return require('node:crypto') as typeof import('node:crypto');
}

/** What system variables read from outside the document. */
export interface SystemContext {
  readonly env?: NodeJS.ProcessEnv;
  /** Variables of the `.env` file next to the .http file, for `{{$dotenv NAME}}`. */
  readonly dotenv?: ReadonlyMap<string, string>;
  /** The `$shared` environment, for REST Client's `{{$shared name}}`. */
  readonly shared?: ReadonlyMap<string, string>;
  readonly now?: () => Date;
}

/** A system variable's value, or why it has none. */
export type SystemValue = { readonly value: string } | { readonly problem: string };

interface SystemVariableInfo {
  readonly usage: string;
  readonly summary: string;
}

/** Every system variable, for completion, hovers and the unknown-variable check. */
export const SYSTEM_VARIABLES: ReadonlyMap<string, SystemVariableInfo> = new Map([
  ['$guid', { usage: '$guid', summary: 'A random UUID (version 4).' }],
  ['$uuid', { usage: '$uuid', summary: 'A random UUID (version 4).' }],
  ['$random.uuid', { usage: '$random.uuid', summary: 'A random UUID (version 4), as the JetBrains HTTP Client writes it.' }],
  ['$timestamp', { usage: '$timestamp [offset unit]', summary: 'Seconds since the Unix epoch, now or shifted: `{{$timestamp -1 d}}`.' }],
  ['$isoTimestamp', { usage: '$isoTimestamp', summary: 'The current time in ISO 8601, UTC.' }],
  ['$datetime', { usage: '$datetime rfc1123|iso8601|"format" [offset unit]', summary: 'The time in UTC: `{{$datetime rfc1123}}`, `{{$datetime "YYYY-MM-DD" 1 d}}`.' }],
  ['$localDatetime', { usage: '$localDatetime rfc1123|iso8601|"format" [offset unit]', summary: 'The time in the local time zone.' }],
  ['$randomInt', { usage: '$randomInt min max', summary: 'A random integer from min up to, not including, max.' }],
  ['$random.integer', { usage: '$random.integer(min, max)', summary: 'A random integer from min up to, not including, max.' }],
  ['$random.float', { usage: '$random.float(min, max)', summary: 'A random number from min up to max.' }],
  ['$random.alphabetic', { usage: '$random.alphabetic(length)', summary: 'Random letters.' }],
  ['$random.alphanumeric', { usage: '$random.alphanumeric(length)', summary: 'Random letters, digits and underscores.' }],
  ['$random.hexadecimal', { usage: '$random.hexadecimal(length)', summary: 'Random hexadecimal digits.' }],
  ['$random.email', { usage: '$random.email', summary: 'A random e-mail address.' }],
  ['$processEnv', { usage: '$processEnv [%]NAME', summary: 'An environment variable of the process; `%NAME` takes the name from a variable.' }],
  ['$env', { usage: '$env.NAME', summary: 'An environment variable of the process, as the JetBrains HTTP Client writes it.' }],
  ['$dotenv', { usage: '$dotenv NAME', summary: 'A variable of the `.env` file in the folder of the .http file (or above it).' }],
  ['$shared', { usage: '$shared NAME', summary: 'A variable of the `$shared` environment, even when the selected one defines the name too.' }],
]);

/** Variables other tools make that HTTP Lens does not, with what to do instead. */
export const UNSUPPORTED_SYSTEM_VARIABLES: ReadonlyMap<string, string> = new Map([
  ['$aadToken', 'REST Client signs in to Azure AD for it; put the token in an environment or a `# @prompt` variable'],
  ['$aadV2Token', 'REST Client signs in to Azure AD for it; put the token in an environment or a `# @prompt` variable'],
  ['$oidcAccessToken', 'httpYac runs an OpenID Connect flow for it; put the token in an environment or a `# @prompt` variable'],
  ['$input', 'httpYac asks for it; write `# @prompt name` above the request and use `{{name}}`'],
  ['$input-askonce', 'httpYac asks for it; write `# @prompt name` above the request and use `{{name}}`'],
  ['$password', 'httpYac asks for it; write `# @prompt password` above the request and use `{{password}}`'],
  ['$pick', 'httpYac asks for it; write `# @prompt name` above the request and use `{{name}}`'],
  ['$pick-askonce', 'httpYac asks for it; write `# @prompt name` above the request and use `{{name}}`'],
  ['$index', 'httpYac counts loop iterations with it; HTTP Lens has no loops (use the CLI\'s --repeat)'],
  ['$auth.token', 'the JetBrains HTTP Client runs an OAuth flow for it; put the token in an environment'],
  ['$auth.idToken', 'the JetBrains HTTP Client runs an OAuth flow for it; put the token in an environment'],
]);

/** `$random.integer(1, 10)` → name `$random.integer`, arguments `1`, `10`; `$timestamp -1 d` → `$timestamp`, `-1`, `d`. */
export function splitSystemExpression(expression: string): { name: string; args: string[] } {
  const text = expression.trim();
  const call = /^(\$[\w.]+)\s*\((.*)\)\s*$/.exec(text);
  if (call) return { name: call[1]!, args: call[2]!.split(',').map((a) => a.trim()).filter((a) => a.length > 0) };
  const env = /^\$env\.(\S+)$/.exec(text);
  if (env) return { name: '$env', args: [env[1]!] };
  const words = text.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  return { name: words[0] ?? '', args: words.slice(1) };
}

/** Is this a system variable HTTP Lens knows (whatever its arguments)? */
export function isSystemVariable(expression: string): boolean {
  return SYSTEM_VARIABLES.has(splitSystemExpression(expression).name);
}

/** The value of `{{$...}}`, made now. */
export function systemValue(expression: string, ctx: SystemContext = {}): SystemValue {
  const { name, args } = splitSystemExpression(expression);
  const env = ctx.env ?? process.env;
  const now = ctx.now?.() ?? new Date();
  switch (name) {
    case '$guid':
    case '$uuid':
    case '$random.uuid':
      return { value: crypto().randomUUID() };
    case '$timestamp': {
      const at = shifted(now, args[0], args[1]);
      return 'problem' in at ? at : { value: String(Math.floor(at.date.getTime() / 1000)) };
    }
    case '$isoTimestamp':
      return { value: now.toISOString() };
    case '$datetime':
    case '$localDatetime': {
      if (args.length === 0) return { problem: `${name} needs a format: rfc1123, iso8601 or a quoted pattern such as "YYYY-MM-DD"` };
      const at = shifted(now, args[1], args[2]);
      if ('problem' in at) return at;
      return { value: formatDate(at.date, args[0]!, name === '$datetime') };
    }
    case '$randomInt':
    case '$random.integer':
      return randomIntegerIn(args[0] ?? '0', args[1] ?? '1000');
    case '$random.float': {
      const min = Number(args[0] ?? 0);
      const max = Number(args[1] ?? 1);
      if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return { problem: `$random.float takes min and max with min ≤ max, not ${args.join(', ')}` };
      const r = Math.random();
      // Weighted this way, the result stays finite even when max - min is not (-1e308 to 1e308).
      return { value: String(min * (1 - r) + max * r) };
    }
    case '$random.alphabetic':
      return randomString(args[0], 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
    case '$random.alphanumeric':
      return randomString(args[0], 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_');
    case '$random.hexadecimal':
      return randomString(args[0], '0123456789abcdef');
    case '$random.email': {
      const user = randomString('10', 'abcdefghijklmnopqrstuvwxyz') as { value: string };
      return { value: `${user.value}@example.com` };
    }
    case '$processEnv':
    case '$env': {
      const key = args[0];
      if (!key) return { problem: `${name} needs the name of an environment variable` };
      // `%name` takes the variable's name from an environment variable of the .http file (REST Client).
      return { value: env[key.replace(/^%/, '')] ?? '' };
    }
    case '$dotenv': {
      const key = args[0]?.replace(/^%/, '');
      if (!key) return { problem: '$dotenv needs the name of a variable of the .env file' };
      if (!ctx.dotenv) return { problem: `no .env file was found for {{$dotenv ${key}}}` };
      const value = ctx.dotenv.get(key);
      return value === undefined ? { problem: `the .env file does not define ${key}` } : { value };
    }
    case '$shared': {
      const key = args[0];
      const value = key ? ctx.shared?.get(key) : undefined;
      return value === undefined ? { problem: `the $shared environment does not define ${key ?? 'a name'}` } : { value };
    }
    default: {
      const instead = UNSUPPORTED_SYSTEM_VARIABLES.get(name);
      return { problem: instead ? `${name} is not supported: ${instead}` : `${name || expression} is not a system variable HTTP Lens knows` };
    }
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** REST Client's `offset unit` pair: `-1 d`, `2 h`, `1 M` (months), `1 y`. */
function shifted(now: Date, offset: string | undefined, unit: string | undefined): { date: Date } | { problem: string } {
  if (offset === undefined) return { date: now };
  const n = Number(offset);
  if (!Number.isInteger(n)) return { problem: `the offset ${offset} is not a whole number` };
  if (unit === undefined) return { problem: `the offset ${offset} needs a unit: y, M, w, d, h, m, s or ms` };
  const date = new Date(now.getTime());
  if (unit === 'y') date.setUTCFullYear(date.getUTCFullYear() + n);
  else if (unit === 'M') date.setUTCMonth(date.getUTCMonth() + n);
  else if (UNIT_MS[unit] !== undefined) date.setTime(date.getTime() + n * UNIT_MS[unit]!);
  else return { problem: `${unit} is not a time unit: use y, M, w, d, h, m, s or ms` };
  // A Date holds ±100,000,000 days around 1970; beyond that it is Invalid Date, which would be sent as NaN.
  if (!Number.isFinite(date.getTime())) return { problem: `${offset} ${unit} from now is outside the dates a clock can give` };
  return { date };
}

function randomIntegerIn(minText: string, maxText: string): SystemValue {
  const min = Number(minText);
  const max = Number(maxText);
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min) {
    return { problem: `a random integer needs whole numbers min < max, not ${minText} and ${maxText}` };
  }
  // crypto.randomInt draws from a range of at most 2^48 - 1.
  if (max - min > 2 ** 48 - 1) return { problem: `the range ${minText} to ${maxText} is wider than 2^48 - 1, the widest a random integer is drawn from` };
  return { value: String(crypto().randomInt(min, max)) };
}

function randomString(lengthText: string | undefined, alphabet: string): SystemValue {
  const length = Number(lengthText ?? 10);
  if (!Number.isInteger(length) || length < 0 || length > 10_000) return { problem: `the length ${lengthText} is not a whole number up to 10000` };
  let out = '';
  const { randomInt } = crypto();
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return { value: out };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * `rfc1123` (RFC 9110 §5.6.7 IMF-fixdate, always GMT), `iso8601`, or a Day.js-style pattern in quotes, as REST
 * Client takes them. Text in square brackets is kept as written.
 */
export function formatDate(date: Date, format: string, utc: boolean): string {
  if (format === 'rfc1123') return date.toUTCString();
  if (format === 'iso8601') return utc ? date.toISOString() : localIso(date);
  const pattern = format.replace(/^(["'])(.*)\1$/, '$2');
  const part = {
    year: utc ? date.getUTCFullYear() : date.getFullYear(),
    month: utc ? date.getUTCMonth() : date.getMonth(),
    day: utc ? date.getUTCDate() : date.getDate(),
    weekday: utc ? date.getUTCDay() : date.getDay(),
    hour: utc ? date.getUTCHours() : date.getHours(),
    minute: utc ? date.getUTCMinutes() : date.getMinutes(),
    second: utc ? date.getUTCSeconds() : date.getSeconds(),
    ms: utc ? date.getUTCMilliseconds() : date.getMilliseconds(),
    offset: utc ? 0 : -date.getTimezoneOffset(),
  };
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const zone = (sep: string) => `${part.offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(part.offset) / 60))}${sep}${pad(Math.abs(part.offset) % 60)}`;
  const tokens: Record<string, () => string> = {
    YYYY: () => pad(part.year, 4),
    YY: () => pad(part.year % 100),
    MMMM: () => MONTH_NAMES[part.month]!,
    MMM: () => MONTHS[part.month]!,
    MM: () => pad(part.month + 1),
    M: () => String(part.month + 1),
    DD: () => pad(part.day),
    D: () => String(part.day),
    dddd: () => DAY_NAMES[part.weekday]!,
    ddd: () => DAYS[part.weekday]!,
    HH: () => pad(part.hour),
    H: () => String(part.hour),
    hh: () => pad(part.hour % 12 || 12),
    h: () => String(part.hour % 12 || 12),
    mm: () => pad(part.minute),
    m: () => String(part.minute),
    ss: () => pad(part.second),
    s: () => String(part.second),
    SSS: () => pad(part.ms, 3),
    A: () => (part.hour < 12 ? 'AM' : 'PM'),
    a: () => (part.hour < 12 ? 'am' : 'pm'),
    ZZ: () => zone(''),
    Z: () => zone(':'),
    X: () => String(Math.floor(date.getTime() / 1000)),
    x: () => String(date.getTime()),
  };
  const formatted = (text: string) => text.replace(/YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|SSS|A|a|ZZ|Z|X|x/g, (token) => tokens[token]!());
  // `[text]` is kept as written, up to the first `]`; a `[` with no `]` after it is an ordinary character. Found
  // with indexOf rather than in the pattern, which would look for a `]` after each of many `[`: quadratic time.
  let out = '';
  let at = 0;
  for (;;) {
    const open = pattern.indexOf('[', at);
    const close = open < 0 ? -1 : pattern.indexOf(']', open + 1);
    if (close < 0) return out + formatted(pattern.slice(at));
    out += formatted(pattern.slice(at, open)) + pattern.slice(open + 1, close);
    at = close + 1;
  }
}

function localIso(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, -1);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
