// Redirects against real servers on loopback: each hop is its own exchange, over the file's pool.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { exchangeJson, formatExchange, formatTimeline } from '../../client/src/runner/reuseReport';
import { runFile } from '../../client/src/runner/runFile';
import type { ExchangeReport } from '../../client/src/runner/types';
import { parseHttpFile } from '../../server/src/language/parse/httpFile';
import { runHttp, verdicts } from '../support/runHelpers';
import { reply, startLoopback, type Loopback } from './loopback';

describe('redirects', { timeout: 30_000 }, () => {
  let a: Loopback;
  let b: Loopback;
  before(async () => {
    // `a` redirects in every way the tests need; `b` is another origin that echoes what it got.
    a = await startLoopback((req, res) => {
      const url = new URL(req.url, 'http://x');
      const to = url.searchParams.get('to');
      const status = Number(url.searchParams.get('status') ?? 302);
      if (url.pathname === '/redirect') return reply(res, status, { Location: to ?? '/echo' });
      if (url.pathname === '/loop') return reply(res, 302, { Location: `/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}` });
      if (url.pathname === '/close-and-redirect') return reply(res, 302, { Location: '/echo', Connection: 'close' });
      reply(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify({ method: req.method, url: req.url, body: req.body.toString() }));
    });
    b = await startLoopback((req, res) => reply(res, 200, {}, JSON.stringify({ url: req.url, authorization: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null })));
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
  });

  test('a redirect to the same origin is followed over the same connection, and the reports say so', async () => {
    const before = a.seen.length;
    const reports = await runHttp(`GET ${a.url}/redirect?to=/echo%3Fx=1\n`);
    assert.deepEqual(verdicts(reports), ['new #0', 'reused #0']);
    assert.deepEqual(reports.map((r) => r.response?.status), [302, 200]);
    assert.deepEqual(reports[0]!.followed, { status: 302, location: '/echo?x=1', url: `${a.url}/echo?x=1`, hop: 1 });
    assert.deepEqual(reports[1]!.redirect, { hop: 1, from: `${a.url}/redirect?to=/echo%3Fx=1`, status: 302, location: '/echo?x=1', changes: [] });
    assert.equal(reports[1]!.index, 1, 'each hop is an exchange of its own');
    const seen = a.seen.slice(before);
    assert.deepEqual(seen.map((s) => s.url), ['/redirect?to=/echo%3Fx=1', '/echo?x=1']);
    assert.equal(seen[0]!.remotePort, seen[1]!.remotePort, 'the server saw both on one connection');
    assert.match(formatExchange(reports[0]!), /\n {2}→ 302 to \/echo\?x=1 \(hop 1\)\n/);
    assert.match(formatExchange(reports[1]!), /hop 1: following the 302 from /);
    assert.match(formatTimeline(reports), /GET \/redirect\?to=\/echo%3Fx=1 HTTP\/1\.1 → 302 +#0 new/);
    assert.match(formatTimeline(reports), /GET \/echo\?x=1 HTTP\/1\.1 \(hop 1\) +#0 reused/);
    const json = exchangeJson(reports[1]!);
    assert.equal((json.redirect as { hop: number }).hop, 1);
    assert.equal((exchangeJson(reports[0]!).followed as { url: string }).url, `${a.url}/echo?x=1`);
  });

  test('303 and 302 turn POST into GET without the body; 307 and 308 keep both', async () => {
    for (const [status, method, body] of [[303, 'GET', ''], [302, 'GET', ''], [301, 'GET', ''], [307, 'POST', 'payload'], [308, 'POST', 'payload']] as const) {
      const reports = await runHttp(`POST ${a.url}/redirect?status=${status}\nContent-Type: text/plain\n\npayload\n`);
      assert.equal(reports.length, 2, `${status}`);
      const echoed = JSON.parse(reports[1]!.response!.body!.toString()) as { method: string; body: string };
      assert.deepEqual([echoed.method, echoed.body], [method, body], `${status}`);
      const sent = reports[1]!.sent!;
      assert.equal(sent.headers.some(([n]) => /^content-(type|length)$/i.test(n)), method === 'POST', `${status}: content fields go with the body`);
    }
  });

  test('a relative Location without a slash resolves against the current path', async () => {
    const reports = await runHttp(`GET ${a.url}/redirect?to=echo\n`);
    assert.equal(reports[1]!.sent!.url.href, `${a.url}/echo`);
  });

  test('another origin: a new connection, and Authorization and a written Cookie are not sent there', async () => {
    const reports = await runHttp(`GET ${a.url}/redirect?to=${encodeURIComponent(`${b.url}/landing`)}\nAuthorization: Bearer secret\nCookie: sid=1\nX-Other: kept\n`);
    assert.deepEqual(verdicts(reports), ['new #0', 'new #1']);
    const got = JSON.parse(reports[1]!.response!.body!.toString()) as { authorization: string | null; cookie: string | null };
    assert.deepEqual(got, { url: '/landing', authorization: null, cookie: null });
    assert.equal(b.seen.at(-1)!.headers['x-other'], 'kept');
    assert.equal(b.seen.at(-1)!.headers.host, `127.0.0.1:${b.port}`);
    assert.deepEqual(reports[1]!.redirect!.changes, ['Authorization and Cookie not sent to another origin']);
  });

  test('the same origin keeps Authorization', async () => {
    const before = a.seen.length;
    await runHttp(`GET ${a.url}/redirect?to=/echo\nAuthorization: Bearer secret\n`);
    assert.deepEqual(a.seen.slice(before).map((s) => s.headers.authorization), ['Bearer secret', 'Bearer secret']);
  });

  test('a redirect that closes its connection: the next hop opens a new one and says why', async () => {
    const reports = await runHttp(`GET ${a.url}/close-and-redirect\n`);
    assert.deepEqual(verdicts(reports), ['new #0', 'new #1']);
    assert.match(reports[1]!.connection!.whyNew!, /Connection: close/);
  });

  test('more than 10 redirects: 11 exchanges, then an error in the response phase', async () => {
    const reports = await runHttp(`GET ${a.url}/loop\n`);
    assert.equal(reports.length, 11);
    assert.deepEqual(reports.map((r) => r.redirect?.hop ?? 0), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(reports.slice(0, 10).map((r) => r.error), Array(10).fill(undefined));
    assert.equal(reports[10]!.error!.phase, 'response');
    assert.match(reports[10]!.error!.message, /^more than 10 redirects: the 302 to \/loop\?n=11 was not followed/);
    assert.equal(reports[10]!.followed, undefined);
    assert.deepEqual(new Set(verdicts(reports)), new Set(['new #0', 'reused #0']), 'all over one connection');
  });

  test('# @no-redirect (any case, also @noredirect) and followRedirects: false stop at the 3xx', async () => {
    for (const meta of ['# @no-redirect', '// @NoRedirect', '# @noredirect']) {
      const reports = await runHttp(`${meta}\nGET ${a.url}/redirect\n\n###\nGET ${a.url}/redirect\n`);
      assert.deepEqual(reports.map((r) => r.response?.status), [302, 302, 200], meta);
      assert.equal(reports[0]!.error, undefined);
    }
    const off = await runHttp(`GET ${a.url}/redirect\n`, { followRedirects: false });
    assert.deepEqual(off.map((r) => r.response?.status), [302]);
  });

  test('a bad Location is an error that says why; the 3xx itself is reported', async () => {
    for (const [location, why] of [['http://[::1', /is not a URI reference/], ['ftp://x/y', /only http and https are followed/]] as const) {
      const reports = await runHttp(`GET ${a.url}/redirect?to=${encodeURIComponent(location)}\n`);
      assert.equal(reports.length, 1);
      assert.equal(reports[0]!.response!.status, 302);
      assert.equal(reports[0]!.error!.phase, 'response');
      assert.match(reports[0]!.error!.message, /^cannot follow the 302: /);
      assert.match(reports[0]!.error!.message, why);
    }
  });

  test('cancelling the run after a redirect stops the chain: no further hop, no cancelled report', async () => {
    const controller = new AbortController();
    const reports: ExchangeReport[] = [];
    const before = a.seen.length;
    for await (const r of runFile(parseHttpFile(`GET ${a.url}/loop\n`), { path: '/tmp/x.http', signal: controller.signal })) {
      reports.push(r);
      controller.abort();
    }
    assert.equal(reports.length, 1);
    assert.equal(reports[0]!.followed?.hop, 1);
    assert.equal(a.seen.length, before + 1);
  });
});
