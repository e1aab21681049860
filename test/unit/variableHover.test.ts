// Hover and completion on `{{variables}}`: values and where they come from, secrets masked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { doComplete } from '../../server/src/language/completion';
import { doHover } from '../../server/src/language/hover';
import type { HoverContext, VariableValue } from '../../server/src/language/variableHover';
import { cursor, lint, textAt } from '../support/lintHelpers';

function hover(marked: string, context?: HoverContext) {
  const { text, position } = cursor(marked);
  const h = doHover(lint(text, 'http'), position, context);
  return { text, hover: h, markdown: h ? (h.contents as MarkupContent).value : '' };
}

test('a file variable: its value, its line, and what it resolves to', () => {
  const { markdown, hover: h, text } = hover('@host = example.com\n@base = https://{{host}}/v1\nGET {{ba|se}}/users\n');
  assert.match(markdown, /^\*\*base\*\* = `https:\/\/\{\{host\}\}\/v1` — file variable, line 2/);
  assert.match(markdown, /Sends `https:\/\/example\.com\/v1`/);
  assert.equal(textAt(text, h!.range!), '{{base}}');
});

test('secret-looking names are masked, also where they are used inside other values', () => {
  const own = hover('@apiToken = s3cr3t-value\nGET http://a/\nAuthorization: Bearer {{api|Token}}\n');
  assert.doesNotMatch(own.markdown, /s3cr3t/);
  assert.match(own.markdown, /•+/);
  assert.match(own.markdown, /hidden because the name looks secret/);
  const used = hover('@password = hunter2\n@auth = user:{{password}}\nGET http://a/?a={{au|th}}\n');
  assert.doesNotMatch(used.markdown, /hunter2/);
  for (const name of ['client_secret', 'API_KEY', 'Authorization', 'sessionCookie', 'pwd']) {
    const h = hover(`@${name} = visible-or-not\nGET http://a/?x={{${name.slice(0, 2)}|${name.slice(2)}}}\n`);
    assert.doesNotMatch(h.markdown, /visible-or-not/, name);
  }
  const plain = hover('@region = eu-west-1\nGET http://a/?r={{reg|ion}}\n');
  assert.match(plain.markdown, /eu-west-1/);
});

test('secrets read by system variables, or kept in a private env file, are masked wherever they show', () => {
  const system = { env: { GITHUB_TOKEN: 'GHSECRET789', HOME: '/home/u' }, dotenv: new Map([['DB_PASS', 's3cr3t'], ['REGION', 'eu-1']]), shared: new Map([['apiToken', 'shared-secret'], ['host', 'h.example']]) };
  const shown = (marked: string, values = new Map<string, VariableValue>()) => hover(marked, { system, values: values.size ? values : undefined }).markdown;
  const bearer = shown('@gh = Bearer {{$processEnv GITHUB_TOKEN}}\nGET http://a/\nAuthorization: {{g|h}}\n');
  assert.doesNotMatch(bearer, /GHSECRET789/);
  assert.match(bearer, /Sends `Bearer •+`/);
  assert.match(shown('GET http://a/?h={{$processEnv HO|ME}}\n'), /Now: `\/home\/u`/);
  assert.doesNotMatch(shown('GET http://a/?p={{$dotenv DB_PA|SS}}\n'), /s3cr3t/);
  assert.doesNotMatch(shown('GET http://a/?r={{$dotenv REG|ION}}\n'), /eu-1/, '.env values are all masked');
  assert.doesNotMatch(shown('GET http://a/?t={{$shared apiTo|ken}}\n'), /shared-secret/);
  assert.match(shown('GET http://a/?t={{$shared ho|st}}\n'), /h\.example/);
  const privateValue = new Map<string, VariableValue>([['jwt2', { value: 'eyJhbGci', origin: 'environment dev (http-client.private.env.json)', secret: true }], ['who', { value: 'me', origin: 'environment dev (http-client.private.env.json)', secret: true }]]);
  const who = shown('GET http://a/?w={{w|ho}}\n', privateValue);
  assert.doesNotMatch(who, /`me`/);
  assert.match(who, /hidden because it comes from a private environment file/);
  const { text, position } = cursor('GET http://a/?w={{|\n');
  const list = doComplete(lint(text, 'http'), position, { environment: privateValue });
  for (const label of ['who', 'jwt2']) assert.equal(list.items.find((i) => i.label === label)?.detail, 'environment dev (http-client.private.env.json) (secret)');
});

test('environment values say which environment and file they come from; the file wins', () => {
  const values = new Map<string, VariableValue>([
    ['host', { value: 'dev.example', origin: 'environment dev (http-client.env.json)' }],
    ['token', { value: 'abc', origin: 'environment dev (http-client.private.env.json)' }],
  ]);
  const env = hover('GET http://{{ho|st}}/\n', { values });
  assert.match(env.markdown, /\*\*host\*\* = `dev\.example` — environment dev \(http-client\.env\.json\)/);
  const secret = hover('GET http://a/?t={{to|ken}}\n', { values });
  assert.doesNotMatch(secret.markdown, /abc/);
});

test('system variables: what they make, and the value now where it is stable', () => {
  const { markdown } = hover('GET http://a/?d={{$datetime "YYYY"|}}\n', { system: { now: () => new Date(Date.UTC(2031, 0, 1)) } });
  assert.match(markdown, /\*\*\$datetime\*\* — system variable: The time in UTC/);
  assert.match(markdown, /Now: `2031`/);
  const guid = hover('GET http://a/?d={{$gu|id}}\n');
  assert.match(guid.markdown, /random UUID/);
  assert.doesNotMatch(guid.markdown, /Now:/);
  const dotenv = hover('GET http://a/?k={{$dotenv API_K|EY}}\n', { system: { dotenv: new Map([['API_KEY', 'xyz']]) } });
  assert.doesNotMatch(dotenv.markdown, /xyz/);
  assert.match(dotenv.markdown, /Now: `•+`/);
});

test('request variables say what they read and when it is known', () => {
  const { markdown } = hover('# @name login\nPOST http://a/\n\n###\nGET http://a/?t={{login.response.bo|dy.$.token}}\n');
  assert.match(markdown, /`\$\.token` of the body of the response of the request named `login`: known once that request has run/);
  const header = hover('# @name login\nPOST http://a/\n\n###\nGET http://a/?t={{login.response.headers.Loc|ation}}\n');
  assert.match(header.markdown, /the `Location` field of the response/);
});

test('an undefined variable has only its finding in the hover', () => {
  const { markdown } = hover('GET http://{{nop|e}}/\n');
  assert.match(markdown, /Nothing defines this variable/);
  assert.doesNotMatch(markdown, /\*\*nope\*\* =/);
});

test('completion inside {{ offers file, environment and request names, then system variables', () => {
  const { text, position } = cursor('@host = a.example\n# @name login\nPOST http://{{host}}/login\n\n###\nGET http://{{|\n');
  const list = doComplete(lint(text, 'http'), position, {
    environment: new Map([['token', { value: 'abc', origin: 'environment dev' }], ['region', { value: 'eu', origin: 'environment dev' }]]),
  });
  const labels = list.items.sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
  assert.deepEqual(labels.slice(0, 5), ['host', 'region', 'token', 'login.response.body.$', 'login.response.headers.']);
  assert.ok(labels.includes('$datetime') && labels.includes('$dotenv') && labels.includes('$random.uuid'));
  const token = list.items.find((i) => i.label === 'token')!;
  assert.doesNotMatch(token.detail!, /abc/);
  assert.equal(list.items.find((i) => i.label === 'region')!.detail, 'eu — environment dev');
});
