// Request variables, environments and prompts, end to end against a real server on loopback.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { newRequestResults } from '../../client/src/runner/requestResults';
import { runHttp } from '../support/runHelpers';
import { reply, startLoopback, type Loopback } from './loopback';

describe('request variables, environments and prompts', { timeout: 30_000 }, () => {
  let server: Loopback;
  before(async () => {
    server = await startLoopback((req, res) => {
      if (req.url === '/login') {
        return reply(res, 200, { 'Content-Type': 'application/json', 'X-Session': 'one', 'x-session': 'two' }, JSON.stringify({ token: 'tok-1', user: { id: 7 } }));
      }
      if (req.url === '/gzip') {
        const body = gzipSync(JSON.stringify({ zipped: 'yes' }));
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
        return res.end(body);
      }
      if (req.url === '/start') return reply(res, 302, { Location: '/login' });
      if (req.url === '/braces') return reply(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify({ text: 'literally {{secret}} and {{$guid}}' }));
      reply(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify({ url: req.url, headers: req.headers, body: req.body.toString() }));
    });
  });
  after(() => server?.stop());

  const echoed = (body: Buffer | undefined) => JSON.parse(body!.toString()) as { url: string; headers: Record<string, string>; body: string };

  test('a later request uses the response body, response headers and request of a named one', async () => {
    const reports = await runHttp([
      '# @name login', `POST ${server.url}/login`, 'Content-Type: application/json', 'X-Id: abc', '', '{"user": "ada"}', '', '###',
      `GET ${server.url}/echo?user={{login.response.body.$.user.id}}`,
      'Authorization: Bearer {{login.response.body.$.token}}',
      'X-Session: {{login.response.headers.X-SESSION}}',
      'X-Id: {{login.request.headers.x-id}}',
      'X-User: {{login.request.body.$.user}}',
      'X-Whole: {{login.response.body.*}}', '',
    ].join('\n'));
    assert.equal(reports[1]!.error, undefined, reports[1]!.error?.message);
    const got = echoed(reports[1]!.response!.body);
    assert.equal(got.url, '/echo?user=7');
    assert.equal(got.headers.authorization, 'Bearer tok-1');
    assert.equal(got.headers['x-session'], 'one, two');
    assert.equal(got.headers['x-id'], 'abc');
    assert.equal(got.headers['x-user'], 'ada');
    assert.equal(got.headers['x-whole'], '{"token":"tok-1","user":{"id":7}}');
  });

  test("httpYac's short form: {{login.token}} reads the named request's JSON body", async () => {
    const reports = await runHttp(`# @name login\nPOST ${server.url}/login\n\n###\nGET ${server.url}/echo?id={{login.user.id}}\nAuthorization: {{login.token}}\n`);
    assert.equal(reports[1]!.error, undefined, reports[1]!.error?.message);
    const got = echoed(reports[1]!.response!.body);
    assert.equal(got.url, '/echo?id=7');
    assert.equal(got.headers.authorization, 'tok-1');
    const early = await runHttp(`GET ${server.url}/echo?t={{login.token}}\n\n###\n# @name login\nPOST ${server.url}/login\n`);
    assert.equal(early[0]!.error!.message, '{{login.token}} needs the request login to run first');
  });

  test('a file variable may hold a request reference, as REST Client files often do', async () => {
    const reports = await runHttp(`@token = {{login.response.body.$.token}}\n\n### login\nGET ${server.url}/login\n\n###\nGET ${server.url}/echo\nAuthorization: {{token}}\n`);
    assert.equal(echoed(reports[1]!.response!.body).headers.authorization, 'tok-1', 'a one-word ### title names the request too');
  });

  test('a value read from a response is sent as it came: braces in it are not variables', async () => {
    const reports = await runHttp(`@secret = must-not-appear\n\n# @name b\nGET ${server.url}/braces\n\n###\nGET ${server.url}/echo\nX-Text: {{b.response.body.$.text}}\n`);
    assert.equal(echoed(reports[1]!.response!.body).headers['x-text'], 'literally {{secret}} and {{$guid}}');
  });

  test('a request that has not run yet: the prepare error says which one it needs', async () => {
    const reports = await runHttp(`GET ${server.url}/echo\nAuthorization: {{login.response.body.$.token}}\n\n###\n# @name login\nGET ${server.url}/login\n`);
    assert.equal(reports[0]!.error!.phase, 'prepare');
    assert.equal(reports[0]!.error!.message, '{{login.response.body.$.token}} needs the request login to run first');
    assert.equal(reports[1]!.response!.status, 200, 'the run goes on');
  });

  test('a reference that finds nothing says why; a name no request has says so', async () => {
    const reports = await runHttp(`# @name login\nGET ${server.url}/login\n\n###\nGET ${server.url}/echo\nX: {{login.response.body.$.nope}}\n\n###\nGET ${server.url}/echo\nX: {{logon.response.body.$.token}}\n`);
    assert.match(reports[1]!.error!.message, /^\{\{login\.response\.body\.\$\.nope\}\} finds no value: login's response body has nothing at \$\.nope$/);
    assert.match(reports[2]!.error!.message, /^\{\{logon\.response\.body\.\$\.token\}\} refers to a request named logon, and no request has that name$/);
  });

  test('the results store carries over between runs when passed, as the editor keeps it per file', async () => {
    const results = newRequestResults();
    const text = `# @name login\nGET ${server.url}/login\n\n###\nGET ${server.url}/echo\nX: {{login.response.body.$.token}}\n`;
    const alone = await runHttp(text, { select: { index: 2 } });
    assert.match(alone[0]!.error!.message, /needs the request login to run first/);
    await runHttp(text, { select: { index: 1 }, results });
    const later = await runHttp(text, { select: { index: 2 }, results });
    assert.equal(echoed(later[0]!.response!.body).headers.x, 'tok-1');
  });

  test('after redirects, the response recorded is the last one; gzip bodies are read decoded', async () => {
    const reports = await runHttp(`# @name s\nGET ${server.url}/start\n\n###\n# @name z\nGET ${server.url}/gzip\n\n###\nGET ${server.url}/echo\nX: {{s.response.body.$.token}}\nY: {{z.response.body.$.zipped}}\n`);
    const got = echoed(reports.at(-1)!.response!.body);
    assert.deepEqual([got.headers.x, got.headers.y], ['tok-1', 'yes']);
  });

  test('environment < file variables < --var', async () => {
    const text = `@b = from-file\n\nGET ${server.url}/echo\nA: {{a}}\nB: {{b}}\nC: {{c}}\n`;
    const [r] = await runHttp(text, {
      environment: new Map([['a', 'env'], ['b', 'env'], ['c', 'env']]),
      variables: new Map([['c', 'from-var']]),
    });
    const got = echoed(r!.response!.body).headers;
    assert.deepEqual([got.a, got.b, got.c], ['env', 'from-file', 'from-var']);
  });

  test('# @prompt asks before sending; the answer is used; no answer means not sent', async () => {
    const asked: [string, string | undefined][] = [];
    const text = `# @prompt otp One-time code\n# @prompt user\nGET ${server.url}/echo?otp={{otp}}\nX-User: {{user}}\n`;
    const [r] = await runHttp(text, {
      variables: new Map([['otp', 'shadowed']]),
      prompt: async (name, description) => {
        asked.push([name, description]);
        return name === 'otp' ? '123456' : 'ada';
      },
    });
    assert.deepEqual(asked, [['otp', 'One-time code'], ['user', undefined]]);
    assert.equal(echoed(r!.response!.body).url, '/echo?otp=123456', 'the answer wins over other definitions');
    const before = server.seen.length;
    const [cancelled] = await runHttp(text, { prompt: async () => undefined });
    assert.deepEqual(cancelled!.error, { phase: 'prepare', message: 'no value given for prompt otp' });
    const [unanswerable] = await runHttp(text);
    assert.equal(unanswerable!.error!.message, 'no value given for prompt otp');
    assert.equal(server.seen.length, before, 'nothing was sent');
  });
});
