// System variables: values made at send time, from a fixed clock so that every format can be checked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatDate, SYSTEM_VARIABLES, systemValue, type SystemContext } from '../../server/src/language/systemVariables';
import { mapSource, resolveTemplates } from '../../server/src/language/variables';
import { assertLinearTime } from '../support/linearTime';

// Tuesday 2024-02-27 09:05:03.007 UTC
const NOW = new Date(Date.UTC(2024, 1, 27, 9, 5, 3, 7));
const ctx: SystemContext = { now: () => NOW, env: { HOME: '/home/u', KEY_NAME: 'HOME' }, dotenv: new Map([['API_KEY', 'k-123']]), shared: new Map([['host', 'shared.example']]) };

function value(expression: string, c: SystemContext = ctx): string {
  const made = systemValue(expression, c);
  assert.ok('value' in made, `${expression}: ${'problem' in made ? made.problem : ''}`);
  return made.value;
}

function problem(expression: string): string {
  const made = systemValue(expression, ctx);
  assert.ok('problem' in made, `${expression} gave ${'value' in made ? made.value : ''}`);
  return made.problem;
}

describe('system variables', () => {
  test('$guid, $uuid and $random.uuid are fresh version-4 UUIDs', () => {
    const seen = new Set<string>();
    for (const name of ['$guid', '$uuid', '$random.uuid', '$guid']) {
      const v = value(name);
      assert.match(v, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(v);
    }
    assert.equal(seen.size, 4);
  });

  test('$timestamp, with offsets in every unit', () => {
    const base = Math.floor(NOW.getTime() / 1000);
    assert.equal(value('$timestamp'), String(base));
    assert.equal(value('$timestamp -1 d'), String(base - 86_400));
    assert.equal(value('$timestamp 2 h'), String(base + 7200));
    assert.equal(value('$timestamp 3 m'), String(base + 180));
    assert.equal(value('$timestamp 1 w'), String(base + 604_800));
    assert.equal(value('$timestamp 1500 ms'), String(Math.floor((NOW.getTime() + 1500) / 1000)));
    assert.equal(value('$timestamp 1 M'), String(Date.UTC(2024, 2, 27, 9, 5, 3) / 1000));
    assert.equal(value('$timestamp -1 y'), String(Date.UTC(2023, 1, 27, 9, 5, 3) / 1000));
  });

  test('$datetime formats: rfc1123 is the IMF-fixdate of RFC 9110 §5.6.7, iso8601, and patterns', () => {
    assert.equal(value('$datetime rfc1123'), 'Tue, 27 Feb 2024 09:05:03 GMT');
    assert.equal(value('$datetime iso8601'), '2024-02-27T09:05:03.007Z');
    assert.equal(value('$datetime iso8601 1 d'), '2024-02-28T09:05:03.007Z');
    assert.equal(value('$datetime "YYYY-MM-DD HH:mm:ss.SSS"'), '2024-02-27 09:05:03.007');
    assert.equal(value("$datetime 'D/M/YY h A' -10 h"), '26/2/24 11 PM');
    assert.equal(value('$datetime "dddd, MMMM D [at] HH:mm Z"'), 'Tuesday, February 27 at 09:05 +00:00');
    assert.equal(value('$datetime "ddd MMM X x"'), `Tue Feb ${NOW.getTime() / 1000 | 0} ${NOW.getTime()}`);
  });

  test('$localDatetime uses the local zone', () => {
    const local = value('$localDatetime "YYYY-MM-DD HH:mm ZZ"');
    const offset = -NOW.getTimezoneOffset();
    const shifted = new Date(NOW.getTime() + offset * 60_000);
    const sign = offset < 0 ? '-' : '+';
    const zone = `${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}${String(Math.abs(offset) % 60).padStart(2, '0')}`;
    assert.equal(local, `${shifted.toISOString().slice(0, 10)} ${shifted.toISOString().slice(11, 16)} ${zone}`);
    assert.ok(value('$localDatetime iso8601').endsWith(zone.slice(0, 3) + ':' + zone.slice(3)));
  });

  test('random values stay in their ranges and alphabets', () => {
    for (let i = 0; i < 200; i++) {
      const n = Number(value('$randomInt 5 8'));
      assert.ok(n >= 5 && n < 8 && Number.isInteger(n), String(n));
      const m = Number(value('$random.integer(-3, 3)'));
      assert.ok(m >= -3 && m < 3);
      const f = Number(value('$random.float(1.5, 2)'));
      assert.ok(f >= 1.5 && f <= 2);
    }
    assert.match(value('$random.alphabetic(12)'), /^[A-Za-z]{12}$/);
    assert.match(value('$random.alphanumeric(30)'), /^\w{30}$/);
    assert.match(value('$random.hexadecimal(9)'), /^[0-9a-f]{9}$/);
    assert.match(value('$random.email'), /^[a-z]{10}@example\.com$/);
  });

  test('$processEnv, $env.NAME, $dotenv and $shared read their sources', () => {
    assert.equal(value('$processEnv HOME'), '/home/u');
    assert.equal(value('$processEnv NOT_SET'), '');
    assert.equal(value('$env.HOME'), '/home/u');
    assert.equal(value('$dotenv API_KEY'), 'k-123');
    assert.equal(value('$shared host'), 'shared.example');
    assert.match(problem('$dotenv MISSING'), /does not define MISSING/);
    assert.deepEqual(systemValue('$dotenv API_KEY', {}), { problem: 'no .env file was found for {{$dotenv API_KEY}}' });
  });

  test('%name takes the key from a variable (REST Client)', () => {
    const r = resolveTemplates('{{$processEnv %which}}', mapSource(new Map([['which', 'HOME']]), ctx));
    assert.equal(r.text, '/home/u');
  });

  test('problems name what is wrong', () => {
    assert.match(problem('$datetime'), /needs a format/);
    assert.match(problem('$timestamp 1'), /needs a unit/);
    assert.match(problem('$timestamp 1 days'), /days is not a time unit/);
    assert.match(problem('$randomInt 3 3'), /min < max/);
    assert.match(problem('$nope'), /\$nope is not a system variable/);
    assert.match(problem('$aadToken'), /not supported: REST Client signs in to Azure AD/);
  });

  test('out-of-range arguments are problems, never exceptions or NaN', () => {
    assert.match(problem('$randomInt 0 9007199254740991'), /wider than 2\^48 - 1/);
    assert.match(problem('$datetime iso8601 300000 y'), /outside the dates a clock can give/);
    assert.match(problem('$timestamp 99999999999 d'), /outside the dates/);
    assert.ok(Number.isFinite(Number(value('$random.float(-1e308, 1e308)'))));
  });

  test('any expression gives a value or a problem, and never throws', () => {
    const word = fc.oneof(fc.constantFrom(...SYSTEM_VARIABLES.keys(), 'rfc1123', 'iso8601', 'y', 'M', 'd', 'ms', '"YYYY"', '%x'), fc.integer().map(String), fc.double().map(String), fc.string({ maxLength: 8 }));
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), (words) => {
      const made = systemValue(words.join(' '), ctx);
      assert.ok('value' in made ? typeof made.value === 'string' && !/NaN|Invalid Date/.test(made.value) || words.join(' ').includes('NaN') : made.problem.length > 0);
    }), { numRuns: 3000 });
  });

  test('a template that cannot be made is left in place and explained', () => {
    const r = resolveTemplates('a={{$dotenv NOPE}}&b={{$timestamp}}', mapSource(new Map(), ctx));
    assert.equal(r.text, `a={{$dotenv NOPE}}&b=${Math.floor(NOW.getTime() / 1000)}`);
    assert.deepEqual(r.missing, ['$dotenv NOPE']);
    assert.deepEqual(r.problems, ['the .env file does not define NOPE']);
  });

  test('resolving grows linearly with blanks after an unclosed {{, and stops expanding past a million characters', () => {
    // The fastest of five runs of each size: a busy machine only ever adds time.
    const time = (n: number) => {
      const text = `{{${' '.repeat(n)}x {{a}}`;
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        resolveTemplates(text, mapSource(new Map([['a', '1']])));
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    time(100);
    const small = Math.max(time(20_000), 0.2);
    const large = time(160_000);
    assert.ok(large < small * 32, `${small.toFixed(2)} ms for 20,000 blanks, ${large.toFixed(2)} ms for 160,000`);
    assert.equal(resolveTemplates('{{ a }}-{{a}}', mapSource(new Map([['a', '1']]))).text, '1-1');

    const vars = new Map([['a0', 'xxxxxxxx']]);
    for (let i = 1; i <= 16; i++) vars.set(`a${i}`, `{{a${i - 1}}}{{a${i - 1}}}{{a${i - 1}}}{{a${i - 1}}}`);
    const r = resolveTemplates('{{a16}}', mapSource(vars));
    assert.ok(r.text.length <= 1_100_000, `${r.text.length} characters`);
    assert.match(r.problems.join(), /expands to more than 1,000,000 characters/);
  });

  test('formatDate keeps bracketed text and pads', () => {
    assert.equal(formatDate(new Date(Date.UTC(2005, 0, 2, 3, 4, 5)), '[YYYY] YYYY-M-D H:m:s hh', true), 'YYYY 2005-1-2 3:4:5 03');
    // Up to the first `]`; a `[` with no `]` after it is kept as a character, and tokens after it are still read.
    const date = new Date(Date.UTC(2005, 0, 2, 3, 4, 5));
    assert.equal(formatDate(date, '[a[b]M] [YYYY', true), 'a[b1] [2005');
    assert.equal(formatDate(date, 'D[]M', true), '21');
  });

  test('formatDate takes linear time on many `[` without a `]`', () => {
    assertLinearTime('many [', (n) => `YYYY${'['.repeat(n)}`, (format) => formatDate(new Date(0), format, true), 20_000);
  });
});
