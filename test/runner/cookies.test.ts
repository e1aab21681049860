// The run's cookie jar against a real server on loopback: Set-Cookie stored, Cookie sent back (RFC 6265).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CookieJar } from '../../client/src/runner/cookieJar';
import { exchangeJson, formatExchange } from '../../client/src/runner/reuseReport';
import { runHttp } from '../support/runHelpers';
import { reply, startLoopback, type Loopback } from './loopback';

describe('cookies kept per run', { timeout: 30_000 }, () => {
  let server: Loopback;
  before(async () => {
    server = await startLoopback((req, res) => {
      const url = new URL(req.url, 'http://x');
      const set = url.searchParams.getAll('set');
      if (url.pathname === '/login') return reply(res, 303, { Location: '/home', 'Set-Cookie': ['sid=s3cr3t; Path=/; HttpOnly', 'theme=dark'] });
      if (set.length) return reply(res, 200, { 'Set-Cookie': set }, 'set');
      reply(res, 200, {}, req.headers.cookie ?? '(none)');
    });
  });
  after(() => server?.stop());

  const cookiesSeen = (from: number) => server.seen.slice(from).map((s) => s.headers.cookie ?? null);

  test('a login that sets cookies and redirects: the next hop and later requests send them', async () => {
    const from = server.seen.length;
    const reports = await runHttp(`POST ${server.url}/login\n\nuser=ada\n\n###\nGET ${server.url}/api/me\n`);
    assert.deepEqual(reports.map((r) => r.response?.status), [303, 200, 200]);
    assert.deepEqual(cookiesSeen(from), [null, 'sid=s3cr3t; theme=dark', 'sid=s3cr3t; theme=dark']);
    assert.deepEqual(reports[0]!.storedCookies, ['sid', 'theme']);
    assert.deepEqual(reports[2]!.sent!.added, ['Host', 'Cookie']);
    assert.deepEqual(reports[2]!.sent!.jarCookies, ['sid', 'theme']);
    const text = formatExchange(reports[2]!);
    assert.match(text, /> Cookie from the jar: sid, theme\n/);
    assert.ok(!text.includes('s3cr3t'), 'the report names cookies without their values');
    assert.match(formatExchange(reports[0]!), /< cookies stored: sid, theme\n/);
    assert.deepEqual((exchangeJson(reports[2]!).request as { jarCookies: string[] }).jarCookies, ['sid', 'theme']);
  });

  test('a Cookie field written in the request is sent as written, and nothing is added', async () => {
    const from = server.seen.length;
    const reports = await runHttp(`GET ${server.url}/?set=a%3D1\n\n###\nGET ${server.url}/\ncookie: mine=1\n\n###\nGET ${server.url}/\n`);
    assert.deepEqual(cookiesSeen(from), [null, 'mine=1', 'a=1']);
    assert.deepEqual(reports[1]!.sent!.added, ['Host']);
  });

  test('# @no-cookie-jar: the request neither sends nor stores cookies', async () => {
    const from = server.seen.length;
    await runHttp(`GET ${server.url}/?set=a%3D1\n\n###\n# @no-cookie-jar\nGET ${server.url}/?set=b%3D2\n\n###\nGET ${server.url}/\n`);
    assert.deepEqual(cookiesSeen(from), [null, null, 'a=1']);
  });

  test('each runFile call has its own jar unless one is passed, as the editor does per file', async () => {
    const from = server.seen.length;
    await runHttp(`GET ${server.url}/?set=a%3D1\n`);
    await runHttp(`GET ${server.url}/\n`);
    const jar = new CookieJar();
    await runHttp(`GET ${server.url}/?set=b%3D2\n`, { cookies: jar });
    await runHttp(`GET ${server.url}/\n`, { cookies: jar });
    assert.deepEqual(cookiesSeen(from), [null, null, null, 'b=2']);
  });

  test('Secure cookies are not sent over http; Max-Age=0 deletes; path and expiry are honoured', async () => {
    const from = server.seen.length;
    const set = ['s%3D1%3B%20Secure', 'p%3D2%3B%20Path%3D%2Fadmin', 'gone%3D3', 'keep%3D4'].map((c) => `set=${c}`).join('&');
    const reports = await runHttp(`GET ${server.url}/?${set}\n\n###\nGET ${server.url}/?set=gone%3D%3B%20Max-Age%3D0\n\n###\nGET ${server.url}/admin/x\n\n###\nGET ${server.url}/\n`);
    assert.deepEqual(cookiesSeen(from).slice(2), ['p=2; keep=4', 'keep=4']);
    assert.deepEqual(reports[1]!.expiredCookies, ['gone']);
    assert.match(formatExchange(reports[1]!), /cookie removed \(set already expired\): gone/);
  });

  test('a Set-Cookie the jar refuses is a finding with the reason; the run goes on', async () => {
    const reports = await runHttp(`GET ${server.url}/?set=x%3D1%3B%20Domain%3Dexample.com&set=novalue\n\n###\nGET ${server.url}/\n`);
    assert.deepEqual(reports[0]!.findings.map((f) => f.code), ['cookie-ignored', 'cookie-ignored']);
    assert.match(reports[0]!.findings[0]!.message, /Domain=example\.com does not domain-match the host 127\.0\.0\.1/);
    assert.match(reports[0]!.findings[1]!.message, /has no "="/);
    assert.equal(reports[1]!.response!.body!.toString(), '(none)');
  });
});
