import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { followUp, locationOf, redirectMethod, resolveLocation } from '../../../client/src/runner/redirects';
import type { PreparedRequest, ResponseReport } from '../../../client/src/runner/types';

function request(over: Partial<PreparedRequest> = {}): PreparedRequest {
  const url = new URL(over.url ?? 'http://a.test:8080/login?x=1');
  return {
    line: 0,
    method: 'POST',
    version: 'HTTP/1.1',
    url,
    target: `${url.pathname}${url.search}`,
    headers: [['Host', url.host], ['Authorization', 'Bearer t'], ['Content-Type', 'application/json'], ['X-Keep', 'yes'], ['Content-Length', '2']],
    added: ['Host', 'Content-Length'],
    body: Buffer.from('{}'),
    ...over,
  };
}

function response(status: number, headers: [string, string][]): ResponseReport {
  return { status, reason: '', version: 'HTTP/1.1', headers, rawHead: '', interim: [], trailers: [], bodyBytes: 0 };
}

function follow(req: PreparedRequest, status: number, location: string) {
  const r = followUp(req, status, location);
  assert.ok(!('error' in r), JSON.stringify(r));
  return r;
}

describe('RFC 9110 §15.4: which method follows a redirect', () => {
  test('303: GET, except HEAD stays HEAD; the body goes', () => {
    for (const m of ['POST', 'PUT', 'DELETE', 'PATCH', 'GET']) assert.deepEqual(redirectMethod(m, 303), { method: 'GET', keepBody: false }, m);
    assert.deepEqual(redirectMethod('HEAD', 303), { method: 'HEAD', keepBody: true });
  });

  test('301 and 302: POST becomes GET as curl -L does; other methods are kept with their body', () => {
    for (const s of [301, 302]) {
      assert.deepEqual(redirectMethod('POST', s), { method: 'GET', keepBody: false });
      assert.deepEqual(redirectMethod('PUT', s), { method: 'PUT', keepBody: true });
      assert.deepEqual(redirectMethod('GET', s), { method: 'GET', keepBody: true });
    }
  });

  test('307 and 308 keep the method and the body', () => {
    for (const s of [307, 308]) for (const m of ['POST', 'PUT', 'DELETE']) assert.deepEqual(redirectMethod(m, s), { method: m, keepBody: true });
  });
});

describe('Location', () => {
  test('only 301, 302, 303, 307 and 308 with a Location are followed', () => {
    assert.equal(locationOf(response(302, [['Location', '/next']])), '/next');
    assert.equal(locationOf(response(308, [['location', 'http://b/']])), 'http://b/');
    for (const s of [200, 300, 304, 305, 306]) assert.equal(locationOf(response(s, [['Location', '/x']])), undefined, String(s));
    assert.equal(locationOf(response(302, [])), undefined, 'a 3xx without Location is the final response');
    assert.equal(locationOf(response(302, [['Location', '/a'], ['Location', '/a']])), '/a');
    assert.match((locationOf(response(302, [['Location', '/a'], ['Location', '/b']])) as { error: string }).error, /2 different Location fields/);
  });

  test('relative references resolve against the URL of the request', () => {
    const base = new URL('http://a.test/x/y?q=1');
    assert.equal((resolveLocation('z', base) as URL).href, 'http://a.test/x/z');
    assert.equal((resolveLocation('/z?k', base) as URL).href, 'http://a.test/z?k');
    assert.equal((resolveLocation('//b.test/p', base) as URL).href, 'http://b.test/p');
    assert.equal((resolveLocation('?only', base) as URL).href, 'http://a.test/x/y?only');
    assert.equal((resolveLocation('https://c.test', base) as URL).href, 'https://c.test/');
  });

  test('bad Locations are reported, not thrown', () => {
    const base = new URL('http://a.test/');
    assert.match((resolveLocation('http://[::1', base) as { error: string }).error, /is not a URI reference/);
    assert.match((resolveLocation('ftp://files/x', base) as { error: string }).error, /ftp: URL: only http and https are followed/);
    assert.match((resolveLocation('javascript:alert(1)', base) as { error: string }).error, /javascript: URL/);
    assert.match((resolveLocation('  ', base) as { error: string }).error, /empty/);
    assert.match((followUp(request(), 302, 'http://[bad') as { error: string }).error, /not a URI reference/);
  });
});

describe('the request that follows', () => {
  test('same origin, 307: everything kept but the target', () => {
    const r = follow(request(), 307, '/next');
    assert.equal(r.request.method, 'POST');
    assert.equal(r.request.target, '/next');
    assert.deepEqual(r.request.headers, request().headers);
    assert.equal(r.request.body?.toString(), '{}');
    assert.deepEqual(r.changes, []);
  });

  test('302 after POST: GET without the body and the fields that describe it', () => {
    const r = follow(request(), 302, '/home');
    assert.equal(r.request.method, 'GET');
    assert.equal(r.request.body, undefined);
    assert.deepEqual(r.request.headers.map(([n]) => n), ['Host', 'Authorization', 'X-Keep']);
    assert.deepEqual(r.request.added, ['Host']);
    assert.deepEqual(r.changes, ['POST became GET (RFC 9110 §15.4.3)', 'the body was dropped']);
  });

  test('another origin: Authorization and Cookie are not sent; an added Host names the new host', () => {
    const req = request({ headers: [...request().headers, ['Cookie', 'sid=1']] });
    const r = follow(req, 308, 'http://b.test/there');
    assert.deepEqual(r.request.headers.map(([n]) => n), ['Host', 'Content-Type', 'X-Keep', 'Content-Length']);
    assert.equal(r.request.headers[0]![1], 'b.test');
    assert.deepEqual(r.changes, ['Authorization and Cookie not sent to another origin']);
    // Scheme and port are part of the origin too (RFC 6454).
    assert.equal(follow(req, 308, 'https://a.test:8080/').request.headers.some(([n]) => n === 'Authorization'), false);
    assert.equal(follow(req, 308, 'http://a.test:8081/').request.headers.some(([n]) => n === 'Authorization'), false);
    assert.equal(follow(req, 308, 'http://A.TEST:8080/').request.headers.some(([n]) => n === 'Authorization'), true);
    const proxied = follow(request({ headers: [['Proxy-Authorization', 'Basic eA=='], ['X-Keep', 'yes']] }), 307, 'http://b.test/');
    assert.deepEqual(proxied.request.headers.map(([n]) => n), ['X-Keep']);
    assert.deepEqual(proxied.changes, ['Proxy-Authorization not sent to another origin']);
  });

  test('a written Host stays for the same origin and is replaced for another', () => {
    const written = request({ url: new URL('http://a.test/'), headers: [['host', 'a.test'], ['X', '1']], added: [], method: 'GET', body: undefined });
    assert.deepEqual(follow(written, 301, '/b').request.headers, [['host', 'a.test'], ['X', '1']]);
    assert.deepEqual(follow(written, 301, 'http://c.test:81/b').request.headers, [['host', 'c.test:81'], ['X', '1']]);
  });

  test('a Cookie the jar added is taken out, to be added again for the new URL', () => {
    const jarred = request({ headers: [['Host', 'a.test:8080'], ['Cookie', 'sid=1']], added: ['Host', 'Cookie'], jarCookies: ['sid'], method: 'GET', body: undefined });
    const r = follow(jarred, 302, '/next');
    assert.deepEqual(r.request.headers, [['Host', 'a.test:8080']]);
    assert.deepEqual(r.request.added, ['Host']);
    assert.equal(r.request.jarCookies, undefined);
    assert.deepEqual(r.changes, [], 'the jar\'s cookie is not a credential dropped');
  });
});
