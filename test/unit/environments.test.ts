// Environments: http-client.env.json and its private twin, the httpLens.environments setting, $shared, and
// .env files, found from the .http file's folder upwards.
import assert from 'node:assert/strict';
import dotenv from 'dotenv';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { dotenvEnvironmentName, foldersUp, loadEnvironmentContext } from '../../server/src/environmentFiles';
import {
  definedElsewhere, environmentNames, environmentValues, environmentVariables, mergeEnvironments, parseDotenv, parseEnvironmentText, problemPlace, settingEnvironments,
} from '../../server/src/language/environments';
import { readSettings } from '../../server/src/settings';
import { assertLinearTime } from '../support/linearTime';

describe('environments (pure)', () => {
  const envs = mergeEnvironments([
    { source: 'settings', value: { $shared: { version: 'v1', host: 'shared.example' }, dev: { host: 'localhost:8080' } } },
    { source: 'http-client.env.json', value: { dev: { token: 'dev-token', port: 8080, debug: true, SSLConfiguration: { verifyHostCertificate: false } }, prod: { host: 'api.example', token: 'p' } } },
    { source: 'http-client.private.env.json', value: { dev: { token: 'private-token' } } },
  ]);

  test('names leave $shared out and are sorted', () => {
    assert.deepEqual(environmentNames(envs), ['dev', 'prod']);
  });

  test('a later source wins per variable; $shared sits under the selection; objects are not variables', () => {
    assert.deepEqual(Object.fromEntries(environmentVariables(envs, 'dev')), { version: 'v1', host: 'localhost:8080', token: 'private-token', port: '8080', debug: 'true' });
    assert.deepEqual(Object.fromEntries(environmentVariables(envs, undefined)), { version: 'v1', host: 'shared.example' });
    assert.deepEqual(Object.fromEntries(environmentVariables(envs, 'nope')), { version: 'v1', host: 'shared.example' });
  });

  test('values know where they came from', () => {
    const values = environmentValues(envs, 'dev');
    assert.deepEqual(values.get('token'), { value: 'private-token', origin: 'environment dev (http-client.private.env.json)', secret: true });
    assert.deepEqual(values.get('version'), { value: 'v1', origin: 'environment $shared (settings)', secret: false });
  });

  test('what the selection lacks, with the environments that have it', () => {
    assert.deepEqual(Object.fromEntries(definedElsewhere(envs, undefined)), { token: ['dev', 'prod'], port: ['dev'], debug: ['dev'] });
    assert.deepEqual(Object.fromEntries(definedElsewhere(envs, 'prod')), { port: ['dev'], debug: ['dev'] });
  });

  test('bad shapes and bad JSON become problems, not exceptions', () => {
    const bad = parseEnvironmentText('{\n  "dev": {\n    "host": \n}', 'a.json', '/work/a.json');
    assert.ok('message' in bad);
    assert.equal(bad.message, 'not valid JSON (line 4, column 1): expected a value, found `}`');
    assert.deepEqual(bad.position, { line: 3, character: 0 });
    assert.equal(bad.file, '/work/a.json');
    assert.equal(problemPlace(bad), 'a.json:4:1');
    const merged = mergeEnvironments([bad, { source: 'b.json', value: [1] }, { source: 'c.json', value: { dev: 'x' } }]);
    assert.deepEqual(merged.problems.map((p) => p.source), ['a.json', 'b.json', 'c.json']);
    assert.deepEqual(environmentNames(merged), []);
    assert.deepEqual(parseEnvironmentText('\uFEFF{"a":{}}', 'bom.json'), { source: 'bom.json', value: { a: {} } });
    // The editor keeps a byte order mark outside the document's text: columns are counted without it.
    const afterBom = parseEnvironmentText('\uFEFF{"a" 1}', 'bom.json');
    assert.ok('message' in afterBom);
    assert.deepEqual(afterBom.position, { line: 0, character: 5 });
    assert.match(afterBom.message, /expected `:`, found `1`$/);
    const astral = parseEnvironmentText('{"dev": {}} 😀', 'emoji.json');
    assert.ok('message' in astral);
    assert.match(astral.message, /expected the end of the text, found U\+1F600$/);
    const nbsp = parseEnvironmentText('{"dev":\u00a0{}}', 'nbsp.json');
    assert.ok('message' in nbsp);
    assert.match(nbsp.message, /expected a value, found U\+00A0$/);
    const cut = parseEnvironmentText('{ "dev": ', 'cut.json');
    assert.ok('message' in cut);
    assert.match(cut.message, /expected a value, the text ends$/);
  });

  test("settings: REST Client's rest-client.environmentVariables, with httpLens.environments over it per variable", () => {
    const merged = settingEnvironments(
      { $shared: { version: 'v1' }, dev: { host: 'rest', token: 't' }, broken: 'x' },
      { dev: { host: 'lens' }, prod: { host: 'p' } },
    );
    assert.deepEqual(merged, { $shared: { version: 'v1' }, dev: { host: 'lens', token: 't' }, prod: { host: 'p' } });
    assert.equal(settingEnvironments(undefined, {}), undefined);
    assert.equal(settingEnvironments([1], 'x'), undefined);
    const viaServer = readSettings({ environments: { dev: { a: '1' } } }, { environmentVariables: { dev: { b: '2' } } });
    assert.deepEqual(viaServer.environments, { dev: { b: '2', a: '1' } });
    assert.deepEqual(readSettings(undefined, { environmentVariables: { dev: { b: '2' } } }).environments, { dev: { b: '2' } });
  });

  test('.env: export, quotes, comments, values over several lines, as the dotenv package reads them', () => {
    const vars = parseDotenv('# comment\nexport A=1\nB = "two words\\n"\nC=\'single # kept\'\nD=plain # comment\n\nnot a line\nE=\nF="secret" # prod\nG=\'x y\'   # c\nH="a \\"q\\" b"\n');
    assert.deepEqual(Object.fromEntries(vars), { A: '1', B: 'two words\n', C: 'single # kept', D: 'plain', E: '', F: 'secret', G: 'x y', H: 'a \\"q\\" b' });
    const more = parseDotenv('pw=abc#123\r\ncert="-----BEGIN\nline2\n-----END"\nhost: example.com\nq=`a b`\nr="x" y\n');
    assert.deepEqual(Object.fromEntries(more), { pw: 'abc', cert: '-----BEGIN\nline2\n-----END', host: 'example.com', q: 'a b', r: '"x" y' });
  });

  test('.env: the same values as the dotenv package that REST Client and httpYac read it with, for any text', () => {
    // Lines as people write them, with every kind of value and quote, broken or not, values over several lines,
    // and dotenv's way with whitespace that carries an entry over a line break (`KEY` on one line and `=value` on
    // the next, `KEY:` before a line of text, a quoted value on the line after `KEY=`).
    const chars = (alphabet: string[]) => fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((p) => p.join(''));
    const valueChar = ['a', 'B', '1', ' ', '\t', '#', '"', "'", '`', '\\', 'n', 'r', '=', ':', '.'];
    const quote = fc.constantFrom('"', "'", '`');
    const value = fc.oneof(
      chars(valueChar),
      fc.tuple(quote, chars(valueChar), fc.boolean(), chars([' ', '#', 'x'])).map(([q, body, closed, after]) => `${q}${body}${closed ? q : ''}${after}`),
      fc.tuple(quote, chars([...valueChar, '\n', '\r\n']), chars([' ', '\t'])).map(([q, body, after]) => `${q}${body.split(q).join('')}${q}${after}`),
    );
    const assignment = fc.tuple(fc.constantFrom('', ' ', '\t'), fc.constantFrom('', 'export '), fc.constantFrom('A', 'b_1', 'c.d-e'), fc.constantFrom('=', ' = ', '=\t', ': ', ':\t', ':', '', ' '), value)
      .map(([lead, exp, key, sep, v]) => `${lead}${exp}${key}${sep}${v}`);
    const other = fc.constantFrom('', '# comment', '  ', 'not a line', '#A=1', 'A', 'b_1:', '=x', '= "q"', ' : y', 'export');
    const text = fc.tuple(fc.array(fc.oneof(assignment, other), { maxLength: 8 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol));
    fc.assert(fc.property(text, (text) => {
      assert.deepEqual(Object.fromEntries(parseDotenv(text)), { ...dotenv.parse(text) }, JSON.stringify(text));
    }), { numRuns: 3000 });
  });

  test('.env: linear time on runs of blank lines, and of whitespace after a key', () => {
    const cases: [string, (n: number) => string][] = [
      ['blank lines', (n) => '\n'.repeat(n)],
      ['a key before each run', (n) => 'A\n\n\n\n'.repeat(n / 4)],
      ['`KEY:` before whitespace', (n) => `A:${' \n'.repeat(n / 2)}x`],
      ['`KEY=` before whitespace and a quote', (n) => `A=${' \n'.repeat(n / 2)}"x`],
    ];
    for (const [name, make] of cases) assertLinearTime(name, make, parseDotenv, 20_000);
  });
});

describe('environment files', () => {
  const root = mkdtempSync(join(tmpdir(), 'http-lens-env-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const repo = join(root, 'repo');
  const api = join(repo, 'api');
  const deep = join(api, 'v2');
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(root, 'http-client.env.json'), JSON.stringify({ outside: { x: '1' } }));
  writeFileSync(join(repo, 'http-client.env.json'), JSON.stringify({ $shared: { version: 'v1' }, dev: { host: 'repo-dev', token: 'public' } }));
  writeFileSync(join(api, 'http-client.env.json'), JSON.stringify({ dev: { host: 'api-dev' } }));
  writeFileSync(join(repo, 'http-client.private.env.json'), JSON.stringify({ dev: { token: 'secret' } }));
  writeFileSync(join(repo, '.env'), 'KEY=repo\n');
  writeFileSync(join(api, '.env'), 'KEY=api\n');

  test('folders are searched up to the repository root (the folder with .git)', () => {
    assert.deepEqual(foldersUp(deep), [deep, api, repo]);
    assert.deepEqual(foldersUp(deep, api), [deep, api]);
    // A stop folder that is not above the file: only the file's own folder.
    assert.deepEqual(foldersUp(deep, join(root, 'elsewhere')), [deep]);
  });

  test('a nearer public file wins over a farther private one', () => {
    const top = join(root, 'precedence');
    const inner = join(top, 'sub');
    mkdirSync(join(top, '.git'), { recursive: true });
    mkdirSync(inner);
    writeFileSync(join(top, 'http-client.private.env.json'), JSON.stringify({ dev: { who: 'root-private', other: 'root-private' } }));
    writeFileSync(join(inner, 'http-client.env.json'), JSON.stringify({ dev: { who: 'sub-public' } }));
    assert.deepEqual(Object.fromEntries(environmentVariables(loadEnvironmentContext(inner).environments, 'dev')), { who: 'sub-public', other: 'root-private' });
  });

  test('nearer files win, private files win over public ones, and the nearest .env is used', () => {
    const ctx = loadEnvironmentContext(deep);
    // .env is under every environment, as httpYac has it; the nearer one wins there too.
    assert.deepEqual(Object.fromEntries(environmentVariables(ctx.environments, 'dev')), { version: 'v1', KEY: 'api', host: 'api-dev', token: 'secret' });
    assert.equal(ctx.dotenv?.get('KEY'), 'api');
    assert.ok(!environmentNames(ctx.environments).includes('outside'), 'files above the repository are not read');
    assert.deepEqual(ctx.files, [
      join(repo, '.env'), join(api, '.env'), join(repo, 'http-client.env.json'), join(repo, 'http-client.private.env.json'), join(api, 'http-client.env.json'),
    ]);
  });

  test("httpYac's dotenv environments: dev.env and .env.dev name dev, in the folder or its env folder, secrets masked", () => {
    const project = join(root, 'yac');
    const requests = join(project, 'requests');
    mkdirSync(join(project, '.git'), { recursive: true });
    mkdirSync(join(project, 'env'));
    mkdirSync(requests);
    writeFileSync(join(project, '.env'), 'base=http://shared.example\nuser=everyone\n');
    writeFileSync(join(project, 'env', 'dev.env'), 'base=http://dev.example\napiKey=dev-key\n');
    writeFileSync(join(project, 'env', '.env.prod'), 'base=https://prod.example\n');
    writeFileSync(join(requests, '.env.dev'), 'user=dev-user\n');
    writeFileSync(join(requests, '.envrc'), 'not=an-environment\n');
    const ctx = loadEnvironmentContext(requests, { displayRoot: project });
    assert.deepEqual(environmentNames(ctx.environments), ['dev', 'prod']);
    assert.deepEqual(Object.fromEntries(environmentVariables(ctx.environments, 'dev')), { base: 'http://dev.example', user: 'dev-user', apiKey: 'dev-key' });
    assert.deepEqual(Object.fromEntries(environmentVariables(ctx.environments, 'prod')), { base: 'https://prod.example', user: 'everyone' });
    assert.deepEqual(Object.fromEntries(environmentVariables(ctx.environments, undefined)), { base: 'http://shared.example', user: 'everyone' });
    const values = environmentValues(ctx.environments, 'dev');
    assert.deepEqual(values.get('apiKey'), { value: 'dev-key', origin: `environment dev (${join('env', 'dev.env')})`, secret: true });
    assert.equal(values.get('user')?.origin, `environment dev (${join('requests', '.env.dev')})`);
    assert.equal(values.get('user')?.secret, true);
    assert.deepEqual(['dev.env', '.env.dev', '.env', '.env.', '.envrc', 'http-client.env.json'].map(dotenvEnvironmentName), ['dev', 'dev', undefined, undefined, undefined, undefined]);
    // Templates, backups and swap files are not environments.
    assert.deepEqual(['.env.example', '.env.sample', '.env.swp', 'dev.env.bak', '.env.template', '.env.local', '.env.dev.local'].map(dotenvEnvironmentName), [undefined, undefined, undefined, undefined, undefined, 'local', 'dev.local']);
  });

  test('dotenv precedence is httpYac\'s: .env.dev over dev.env, a nearer .env over a farther dev.env, env files over both', () => {
    const project = join(root, 'yac-order');
    const api = join(project, 'api');
    mkdirSync(join(project, '.git'), { recursive: true });
    mkdirSync(api);
    writeFileSync(join(project, 'dev.env'), 'a=far-dev.env\nb=far-dev.env\nc=far-dev.env\n');
    writeFileSync(join(api, 'dev.env'), 'a=dev.env\n');
    writeFileSync(join(api, '.env.dev'), 'a=.env.dev\n');
    writeFileSync(join(api, '.env'), 'b=near-.env\n');
    writeFileSync(join(api, 'http-client.env.json'), JSON.stringify({ dev: { c: 'env-json' } }));
    const ctx = loadEnvironmentContext(api);
    assert.deepEqual(Object.fromEntries(environmentVariables(ctx.environments, 'dev')), { b: 'near-.env', a: '.env.dev', c: 'env-json' });
    assert.deepEqual(Object.fromEntries(environmentVariables(ctx.environments, undefined)), { b: 'near-.env' });
  });

  test('the setting is the weakest source', () => {
    const ctx = loadEnvironmentContext(repo, { setting: { dev: { host: 'from-setting', extra: 'e' } }, displayRoot: repo });
    const values = environmentValues(ctx.environments, 'dev');
    assert.equal(values.get('host')?.value, 'repo-dev');
    assert.equal(values.get('host')?.origin, 'environment dev (http-client.env.json)');
    assert.equal(values.get('extra')?.origin, 'environment dev (settings)');
  });

  test('a broken env file is a problem and the others still load', () => {
    const broken = join(root, 'broken');
    mkdirSync(join(broken, '.git'), { recursive: true });
    writeFileSync(join(broken, 'http-client.env.json'), '{ "dev": ');
    writeFileSync(join(broken, 'http-client.private.env.json'), '{ "dev": { "token": "t" } }');
    const ctx = loadEnvironmentContext(broken);
    assert.equal(ctx.environments.problems.length, 1);
    assert.deepEqual(Object.fromEntries(environmentVariables(ctx.environments, 'dev')), { token: 't' });
  });
});
