import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CookieJar, defaultPath, domainMatches, parseCookieDate, parseSetCookie, pathMatches } from '../../../client/src/runner/cookieJar';
import { assertLinearTime } from '../../support/linearTime';

const T0 = Date.UTC(2030, 0, 1);
const u = (s: string) => new URL(s);

function jarWith(entries: [string, string][], now = T0): CookieJar {
  const jar = new CookieJar();
  for (const [set, from] of entries) {
    const r = jar.setCookie(set, u(from), now);
    assert.ok('stored' in r, `${set} from ${from} should be stored: ${JSON.stringify(r)}`);
  }
  return jar;
}

const header = (jar: CookieJar, url: string, now = T0) => jar.cookieHeader(u(url), now)?.value;

describe('RFC 6265 §5.2: reading Set-Cookie', () => {
  test('name=value with whitespace trimmed; attributes case-insensitive; the last repeated one wins', () => {
    const c = parseSetCookie(' sid = a b ;  PATH=/x ; path=/y; SECURE; HttpOnly; Domain=.Example.COM', T0);
    assert.deepEqual(c, { name: 'sid', value: 'a b', secure: true, httpOnly: true, path: '/y', domain: 'example.com' });
  });

  test('a server that pads with long runs of blanks inside a value is read in linear time', () => {
    assertLinearTime('blanks in a Set-Cookie', (n) => `a=b${' '.repeat(n)}c; Path=/${'\t'.repeat(n)}x; Domain=h`, (header) => parseSetCookie(header, 0), 20_000);
    const padded = parseSetCookie(' \t a \t=\t b  c \t; Path= /x \t', 0);
    assert.ok(typeof padded !== 'string');
    assert.deepEqual([padded.name, padded.value, padded.path], ['a', 'b  c', '/x']);
  });

  test('cookies without "=" or without a name, or with control characters, are ignored', () => {
    assert.match(parseSetCookie('justtext', T0) as string, /no "="/);
    assert.match(parseSetCookie('=v; Path=/', T0) as string, /no name/);
    assert.match(parseSetCookie('a=b\x01c', T0) as string, /control character/);
    assert.equal(typeof parseSetCookie('a=', T0), 'object', 'an empty value is a cookie');
  });

  test('Max-Age: digits, or "-" then digits; anything else ignores the attribute', () => {
    assert.equal((parseSetCookie('a=1; Max-Age=60', T0) as { maxAge: number }).maxAge, T0 + 60_000);
    assert.equal((parseSetCookie('a=1; Max-Age=-1', T0) as { maxAge: number }).maxAge, -Infinity);
    assert.equal((parseSetCookie('a=1; Max-Age=0', T0) as { maxAge: number }).maxAge, -Infinity);
    for (const bad of ['+5', '5s', '', ' ', '1e3']) assert.equal((parseSetCookie(`a=1; Max-Age=${bad}`, T0) as { maxAge?: number }).maxAge, undefined, bad);
  });

  test('Path without a leading "/" means the default path; an empty Domain is ignored', () => {
    assert.equal((parseSetCookie('a=1; Path=relative', T0) as { path?: string }).path, undefined);
    assert.equal((parseSetCookie('a=1; Domain=', T0) as { domain?: string }).domain, undefined);
  });
});

describe('RFC 6265 §5.1.1: cookie dates', () => {
  test('the usual formats', () => {
    const expected = Date.UTC(2015, 9, 21, 7, 28, 0);
    for (const text of ['Wed, 21 Oct 2015 07:28:00 GMT', 'Wednesday, 21-Oct-15 07:28:00 GMT', 'Wed Oct 21 07:28:00 2015', '21 October 2015 07:28:00']) {
      assert.equal(parseCookieDate(text), expected, text);
    }
  });

  test('two-digit years: 70-99 are 19xx, 00-69 are 20xx', () => {
    assert.equal(parseCookieDate('01 Jan 70 00:00:00'), Date.UTC(1970, 0, 1));
    assert.equal(parseCookieDate('01 Jan 69 00:00:00'), Date.UTC(2069, 0, 1));
  });

  test('what is not a date fails, and then Expires is ignored', () => {
    for (const bad of ['', 'tomorrow', '31 Apr 2030 00:00:00', '32 Jan 2030 00:00:00', '01 Jan 1600 00:00:00', '01 Jan 2030 24:00:00', '01 Foo 2030 00:00:00', '01 Jan 2030']) {
      assert.equal(parseCookieDate(bad), undefined, bad);
    }
    const jar = jarWith([['a=1; Expires=not a date', 'http://h/']]);
    assert.equal(header(jar, 'http://h/', T0 + 1e12), 'a=1', 'an ignored Expires leaves a session cookie');
  });
});

describe('RFC 6265 §5.1.3 and §5.1.4: matching', () => {
  test('domain-match: identical, or a dot-separated suffix of a host name, never of an IP address', () => {
    assert.equal(domainMatches('example.com', 'example.com'), true);
    assert.equal(domainMatches('a.b.example.com', 'example.com'), true);
    assert.equal(domainMatches('badexample.com', 'example.com'), false);
    assert.equal(domainMatches('example.com', 'a.example.com'), false);
    assert.equal(domainMatches('10.0.0.1', '0.0.1'), false);
    assert.equal(domainMatches('127.0.0.1', '127.0.0.1'), true);
  });

  test('default-path: up to the right-most "/", or "/"', () => {
    assert.equal(defaultPath(u('http://h/')), '/');
    assert.equal(defaultPath(u('http://h/login')), '/');
    assert.equal(defaultPath(u('http://h/api/v1/login?x=/y')), '/api/v1');
    assert.equal(defaultPath(u('http://h/api/')), '/api');
  });

  test('path-match: identical, or a prefix ending in "/" or followed by "/"', () => {
    assert.equal(pathMatches('/api', '/api'), true);
    assert.equal(pathMatches('/api/x', '/api'), true);
    assert.equal(pathMatches('/api/x', '/api/'), true);
    assert.equal(pathMatches('/apix', '/api'), false);
    assert.equal(pathMatches('/', '/api'), false);
    assert.equal(pathMatches('/anything', '/'), true);
  });
});

describe('RFC 6265 §5.3 and §5.4: the jar', () => {
  test('host-only without Domain: not sent to subdomains; with Domain: sent to them', () => {
    const jar = jarWith([['host=1', 'http://example.com/'], ['dom=2; Domain=example.com', 'http://example.com/']]);
    assert.equal(header(jar, 'http://example.com/'), 'host=1; dom=2');
    assert.equal(header(jar, 'http://api.example.com/'), 'dom=2');
    assert.equal(header(jar, 'http://other.com/'), undefined);
  });

  test('a Domain the host does not domain-match, or a public suffix, is refused with a reason', () => {
    const jar = new CookieJar();
    assert.match((jar.setCookie('a=1; Domain=other.com', u('http://example.com/'), T0) as { ignored: string }).ignored, /does not domain-match the host example\.com/);
    assert.match((jar.setCookie('a=1; Domain=com', u('http://example.com/'), T0) as { ignored: string }).ignored, /public suffix/);
    assert.match((jar.setCookie('a=1; Domain=sub.example.com', u('http://example.com/'), T0) as { ignored: string }).ignored, /does not domain-match/);
    assert.equal(jar.list(T0).length, 0);
    // A one-label host naming itself keeps a host-only cookie (§5.3 step 5).
    const local = jarWith([['a=1; Domain=localhost', 'http://localhost:8080/']]);
    assert.equal(local.list(T0)[0]!.hostOnly, true);
    assert.equal(header(local, 'http://localhost:9090/x'), 'a=1', 'cookies do not care about the port');
  });

  test('IP address hosts: exact match only', () => {
    const jar = jarWith([['a=1', 'http://127.0.0.1:1/']]);
    assert.equal(header(jar, 'http://127.0.0.1:2/'), 'a=1');
    assert.equal(header(jar, 'http://127.0.0.2/'), undefined);
  });

  test('path: the default path of the request that set it, or the Path attribute', () => {
    const jar = jarWith([['d=1', 'http://h/api/login'], ['p=2; Path=/admin', 'http://h/api/login']]);
    assert.equal(header(jar, 'http://h/api/users'), 'd=1');
    assert.equal(header(jar, 'http://h/apiary'), undefined);
    assert.equal(header(jar, 'http://h/admin/x'), 'p=2');
    assert.equal(header(jar, 'http://h/'), undefined);
  });

  test('Secure cookies go over https only', () => {
    const jar = jarWith([['s=1; Secure', 'https://h/'], ['p=2', 'https://h/']]);
    assert.equal(header(jar, 'https://h/'), 's=1; p=2');
    assert.equal(header(jar, 'http://h/'), 'p=2');
  });

  test('Max-Age and Expires: expired cookies are not sent; Max-Age wins over Expires', () => {
    const jar = jarWith([
      ['short=1; Max-Age=10', 'http://h/'],
      ['dated=2; Expires=Tue, 01 Jan 2030 00:01:00 GMT', 'http://h/'],
      ['both=3; Expires=Tue, 01 Jan 2030 00:00:01 GMT; Max-Age=3600', 'http://h/'],
    ]);
    assert.equal(header(jar, 'http://h/', T0 + 5_000), 'short=1; dated=2; both=3');
    assert.equal(header(jar, 'http://h/', T0 + 30_000), 'dated=2; both=3');
    assert.equal(header(jar, 'http://h/', T0 + 120_000), 'both=3');
    assert.equal(header(jar, 'http://h/', T0 + 3_600_000), undefined);
  });

  test('the same name, domain and path replaces; an expired one deletes', () => {
    const jar = jarWith([['sid=old', 'http://h/'], ['sid=other-path; Path=/x', 'http://h/']]);
    jar.setCookie('sid=new', u('http://h/'), T0 + 1);
    assert.equal(header(jar, 'http://h/x'), 'sid=other-path; sid=new', 'the longer path first; the replaced one kept its creation time');
    assert.deepEqual(jar.setCookie('sid=; Max-Age=0', u('http://h/'), T0 + 2), { expired: 'sid' });
    assert.equal(header(jar, 'http://h/'), undefined);
    assert.equal(header(jar, 'http://h/x'), 'sid=other-path');
  });

  test('order: longer paths first, then earlier creation', () => {
    const jar = new CookieJar();
    jar.setCookie('b=2; Path=/', u('http://h/'), T0 + 2);
    jar.setCookie('a=1; Path=/', u('http://h/'), T0 + 1);
    jar.setCookie('c=3; Path=/deep', u('http://h/'), T0 + 3);
    assert.equal(header(jar, 'http://h/deep/x', T0 + 4), 'c=3; a=1; b=2');
  });

  test('list and clear', () => {
    const jar = jarWith([['a=1', 'http://h/']]);
    assert.deepEqual(jar.list(T0).map((c) => [c.name, c.domain, c.path, c.hostOnly]), [['a', 'h', '/', true]]);
    jar.clear();
    assert.equal(header(jar, 'http://h/'), undefined);
  });
});
