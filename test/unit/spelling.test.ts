// fields/spelling.ts: which unknown field names are slips for known ones. Recipients match names exactly, ignoring
// case only (RFC 9110 §5.1), so a slip is an unknown field; but a deliberate custom name must be left alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { allFields, lookupField } from '../../server/src/language/fields/fieldTable';
import { osaDistance, suggestFieldName, type SpellingSlip } from '../../server/src/language/fields/spelling';

describe('suggestFieldName: slips that get a suggestion', () => {
  const cases: [written: string, meant: string, slip: SpellingSlip, distance: number][] = [
    ['Connections', 'Connection', 'plural', 1],
    ['connections', 'Connection', 'plural', 1],
    ['Conection', 'Connection', 'typo', 1],
    ['Connectoin', 'Connection', 'typo', 1],
    ['Connexion', 'Connection', 'typo', 2],
    ['Keep_Alive', 'Keep-Alive', 'underscore', 0],
    ['KEEP_ALIVE', 'Keep-Alive', 'underscore', 0],
    ['KeepAlive', 'Keep-Alive', 'hyphen', 0],
    ['keepalive', 'Keep-Alive', 'hyphen', 0],
    ['Keep-Alives', 'Keep-Alive', 'plural', 1],
    ['Content-Lenght', 'Content-Length', 'typo', 1],
    ['Content_Length', 'Content-Length', 'underscore', 0],
    ['ContentType', 'Content-Type', 'hyphen', 0],
    ['Contet-Type', 'Content-Type', 'typo', 1],
    ['Authorisation', 'Authorization', 'typo', 1],
    ['Referrer', 'Referer', 'typo', 1],
    ['Hots', 'Host', 'typo', 1],
    ['Hsot', 'Host', 'typo', 1],
    ['Hosts', 'Host', 'plural', 1],
    ['User_Agent', 'User-Agent', 'underscore', 0],
    ['UserAgent', 'User-Agent', 'hyphen', 0],
    ['Acept', 'Accept', 'typo', 1],
    ['Accept-Encodings', 'Accept-Encoding', 'plural', 1],
    ['Cookies', 'Cookie', 'plural', 1],
    ['Set-Cookies', 'Set-Cookie', 'plural', 1],
    ['Tranfer-Encoding', 'Transfer-Encoding', 'typo', 1],
    ['Transfer-Encodng', 'Transfer-Encoding', 'typo', 1],
    ['Cache_Control', 'Cache-Control', 'underscore', 0],
    ['Proxy-Connections', 'Proxy-Connection', 'plural', 1],
    ['Orign', 'Origin', 'typo', 1],
    ['Upgrad', 'Upgrade', 'typo', 1],
    ['X-Forwarded_For', 'X-Forwarded-For', 'underscore', 0],
    ['X-Fowarded-For', 'X-Forwarded-For', 'typo', 1],
  ];
  for (const [written, meant, slip, distance] of cases) {
    test(`${written} → ${meant} (${slip})`, () => {
      assert.deepEqual(suggestFieldName(written), { name: meant, slip, distance });
    });
  }

  test('the answer does not change when asked again (memoised)', () => {
    const first = suggestFieldName('Conection');
    assert.deepEqual(suggestFieldName('Conection'), first);
    assert.equal(suggestFieldName('Hostname'), undefined);
    assert.equal(suggestFieldName('Hostname'), undefined);
  });
});

describe('suggestFieldName: names left alone', () => {
  test('keep-alive in any case is a known name', () => {
    for (const name of ['keep-alive', 'Keep-Alive', 'KEEP-ALIVE', 'Keep-alive', 'kEeP-aLiVe']) assert.equal(suggestFieldName(name), undefined, name);
  });

  test('every known field name, in any case, is left alone', () => {
    for (const { name } of allFields()) {
      for (const variant of [name, name.toLowerCase(), name.toUpperCase()]) assert.equal(suggestFieldName(variant), undefined, variant);
    }
  });

  test('custom X- names are nobody\'s slip, and a standard name is not a slip for an X- name', () => {
    for (const name of ['X-Request-Id', 'X-My-Thing', 'X-Host', 'X-Date', 'X-Connection', 'X-Content-Length', 'X-Tenant', 'X-Trace']) {
      assert.equal(suggestFieldName(name), undefined, name);
    }
  });

  test('longer words that contain a field name are not slips', () => {
    for (const name of ['Hostname', 'Hosting', 'Connected', 'Connect', 'Closed', 'Dates-Valid', 'Cookie-Consent', 'Authentication']) {
      assert.equal(suggestFieldName(name), undefined, name);
    }
  });

  test('short custom names are left alone', () => {
    for (const name of ['IP', 'ID', 'Foo', 'Bar', 'Env', 'Key', 'Tag', 'Auth', 'Mode', 'Lang', 'Role', 'Sort', 'User', 'Zone', 'Port', 'Node', 'Path', 'Type']) {
      assert.equal(suggestFieldName(name), undefined, name);
    }
  });

  test('a four-letter word one letter from a field name is a word of its own, not a slip', () => {
    // `Data` is not `Date`, `Page` is not `Age`, `Cost` is not `Host`; only swapped letters (`Hots`) are a slip.
    for (const name of ['Data', 'Page', 'Rate', 'Dare', 'Cost', 'Most', 'Lost', 'Very', 'Lint']) {
      assert.equal(suggestFieldName(name), undefined, name);
    }
  });

  test('names that are not plain tokens are for the syntax rules, not the speller', () => {
    for (const name of ['', ':authority', 'Content Type', 'Content.Length', 'Host:', 'Connection!']) {
      assert.equal(suggestFieldName(name), undefined, JSON.stringify(name));
    }
  });
});

describe('suggestFieldName: properties', () => {
  test('never throws; a suggestion always names a known field other than the one written', () => {
    fc.assert(fc.property(fc.string({ maxLength: 24 }), (name) => {
      const s = suggestFieldName(name);
      if (!s) return;
      const info = lookupField(s.name);
      assert.ok(info, `${s.name} is not a known field`);
      assert.equal(info.name, s.name, 'the canonical spelling');
      assert.equal(lookupField(name), undefined);
      assert.ok(s.distance >= 0 && s.distance <= 2);
    }), { numRuns: 2000 });
  });

  test('a known name with one letter doubled somewhere past the fourth is found again', () => {
    const names = allFields().map((f) => f.name).filter((n) => /^[A-Za-z-]{8,}$/.test(n) && !n.toLowerCase().startsWith('x-'));
    fc.assert(fc.property(fc.constantFrom(...names), fc.nat(), (name, at) => {
      const i = 4 + (at % (name.length - 4));
      if (name[i] === '-') return;
      const slip = name.slice(0, i) + name[i] + name.slice(i);
      const s = suggestFieldName(slip);
      if (lookupField(slip)) return;
      assert.ok(s, `no suggestion for ${slip}`);
      assert.ok(osaDistance(slip.toLowerCase().replace(/-/g, ''), s.name.toLowerCase().replace(/-/g, '')) <= 1);
    }), { numRuns: 300 });
  });
});

describe('osaDistance', () => {
  test('counts insertions, deletions, substitutions and adjacent transpositions', () => {
    assert.equal(osaDistance('', ''), 0);
    assert.equal(osaDistance('abc', ''), 3);
    assert.equal(osaDistance('', 'abc'), 3);
    assert.equal(osaDistance('host', 'host'), 0);
    assert.equal(osaDistance('host', 'hots'), 1);
    assert.equal(osaDistance('connection', 'conection'), 1);
    assert.equal(osaDistance('kitten', 'sitting'), 3);
    assert.equal(osaDistance('contentlenght', 'contentlength'), 1);
  });

  test('is the restricted distance: no substring is edited twice (`ca` → `abc` is 3, not 2)', () => {
    assert.equal(osaDistance('ca', 'abc'), 3);
  });

  test('is symmetric', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => osaDistance(a, b) === osaDistance(b, a)));
  });
});

/** The textbook optimal-string-alignment table, as the reference for the banded version. */
function referenceOsa(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

test('the banded distance agrees with the full table', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-'), maxLength: 14 });
  fc.assert(fc.property(word, word, (a, b) => osaDistance(a, b) === referenceOsa(a, b)), { numRuns: 20_000 });
});
