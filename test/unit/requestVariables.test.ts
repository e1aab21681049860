import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  evaluateRequestReference, parseJsonPath, parseRequestReference, parseShortReference, selectJsonPath, type RecordedExchange, type RequestReference,
} from '../../server/src/language/requestVariables';

const login: RecordedExchange = {
  request: {
    headers: [['Host', 'api'], ['X-Id', '7'], ['Content-Type', 'application/json']],
    body: JSON.stringify({ user: 'ada', roles: ['admin', 'dev'] }),
  },
  response: {
    headers: [['Content-Type', 'application/json'], ['Set-Cookie', 'a=1'], ['set-cookie', 'b=2'], ['Location', '/home']],
    body: JSON.stringify({ token: 'abc', 'odd key': { "it's": 1 }, items: [{ id: 1 }, { id: 2 }], n: 0, ok: true, nothing: null, nested: { a: [1, 2] } }),
  },
};

function value(expression: string, recorded: RecordedExchange | undefined = login): string {
  const ref = parseRequestReference(expression);
  assert.ok(ref, `${expression} reads as a reference`);
  const r = evaluateRequestReference(ref, recorded);
  assert.ok(r.ok, `${expression}: ${r.ok ? '' : r.problem}`);
  return r.value;
}

/** Why `expression` has no value in `recorded` (`login` when not given; pass undefined for a request not yet run). */
function problem(expression: string, ...recorded: [RecordedExchange | undefined] | []): string {
  const r = evaluateRequestReference(parseRequestReference(expression)!, recorded.length ? recorded[0] : login);
  assert.equal(r.ok, false, `${expression} should have no value`);
  return r.ok ? '' : r.problem;
}

describe('parseRequestReference', () => {
  test('reads name, part, section and path', () => {
    assert.deepEqual(parseRequestReference('login.response.body.$.token'), { name: 'login', part: 'response', section: 'body', path: '$.token' } satisfies RequestReference);
    assert.deepEqual(parseRequestReference('get-user.request.headers.X-Id'), { name: 'get-user', part: 'request', section: 'headers', path: 'X-Id' });
    assert.deepEqual(parseRequestReference(' login.response.body.* '), { name: 'login', part: 'response', section: 'body', path: '*' });
    assert.equal(parseRequestReference('login.response.body')!.path, '*', 'a body without a path is the whole body');
  });

  test('anything else is not a reference', () => {
    for (const e of ['host', '$guid', 'login.result.body.$.x', 'login.response.cookies.a', 'login.response.headers', 'login.response.headers.', 'a b.response.body.*', '.response.body.*']) {
      assert.equal(parseRequestReference(e), undefined, e);
    }
  });
});

describe('evaluateRequestReference', () => {
  test('JSONPath: keys, quoted keys, indexes (negative from the end), wildcards', () => {
    assert.equal(value('login.response.body.$.token'), 'abc');
    assert.equal(value("login.response.body.$['token']"), 'abc');
    assert.equal(value(`login.response.body.$["odd key"]['it\\'s']`), '1');
    assert.equal(value('login.response.body.$.items[1].id'), '2');
    assert.equal(value('login.response.body.$.items[-1].id'), '2');
    assert.equal(value('login.response.body.$.items[*].id'), '[1,2]', 'several values read as a JSON array');
    assert.equal(value('login.response.body.$.items.*.id'), '[1,2]');
    assert.equal(value('login.response.body.$.nested'), '{"a":[1,2]}', 'an object reads as its JSON');
    assert.equal(value('login.response.body.$.n'), '0');
    assert.equal(value('login.response.body.$.ok'), 'true');
    assert.equal(value('login.response.body.$.nothing'), 'null');
    assert.equal(value('login.request.body.$.user'), 'ada');
    assert.equal(value('login.request.body.$.roles[0]'), 'admin');
  });

  test('the whole body, and $ alone', () => {
    assert.equal(value('login.response.body.*'), login.response!.body);
    assert.equal(value('login.response.body.$'), JSON.stringify(JSON.parse(login.response!.body!)));
  });

  test('headers: case-insensitive names; several lines joined with ", "', () => {
    assert.equal(value('login.response.headers.location'), '/home');
    assert.equal(value('login.response.headers.SET-COOKIE'), 'a=1, b=2');
    assert.equal(value('login.request.headers.x-id'), '7');
    assert.match(problem('login.response.headers.X-Missing'), /login's response has no X-Missing field/);
  });

  test('a request that has not run, or got no response', () => {
    assert.equal(problem('login.response.body.$.token', undefined), 'needs the request login to run first');
    assert.match(problem('login.response.body.$.token', { request: { headers: [] }, error: 'connection refused' }), /got no response \(connection refused\)/);
  });

  test('bad input gives a message, never an exception', () => {
    const html: RecordedExchange = { request: { headers: [] }, response: { headers: [], body: '<html>' } };
    assert.match(problem('login.response.body.$.token', html), /login's response body is not JSON/);
    assert.equal(value('login.response.body.*', html), '<html>');
    assert.match(problem('login.response.body.$.missing'), /has nothing at \$\.missing/);
    assert.match(problem('login.response.body.$.token.deeper'), /has nothing at/);
    assert.match(problem('login.response.body.$.items[9]'), /has nothing at/);
    assert.match(problem('login.response.body.token'), /not a JSONPath: write it from the root, as \$\.token/);
    assert.match(problem('login.response.body.$..id'), /recursive descent/);
    assert.match(problem('login.response.body.$[?(@.id)]'), /cannot read the JSONPath/);
    assert.match(problem('login.request.body.$.x', { request: { headers: [] } }), /request body was empty/);
    const big: RecordedExchange = { request: { headers: [] }, response: { headers: [], bodyUnavailable: 'was too large to keep in memory (99 bytes)' } };
    assert.match(problem('login.response.body.*', big), /too large to keep in memory/);
  });

  test('an own property only: JSONPath does not reach into the prototype', () => {
    assert.deepEqual(selectJsonPath({}, parseJsonPath('$.constructor') as never), []);
    assert.deepEqual(selectJsonPath([1, 2], parseJsonPath('$.length') as never), []);
  });

  test("httpYac's short form, only on a request's name", () => {
    const isRequest = (n: string) => n === 'login';
    assert.deepEqual(parseShortReference('login.token', isRequest), { name: 'login', part: 'response', section: 'body', path: '$.token' });
    assert.deepEqual(parseShortReference('login.items[0].id', isRequest), { name: 'login', part: 'response', section: 'body', path: '$.items[0].id' });
    assert.equal(parseShortReference('config.host', isRequest), undefined);
    assert.equal(parseShortReference('login', isRequest), undefined);
  });
});
