// The CLI with environments: `--env` for lint and run, env files found next to the .http file or above it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, cliAsync } from '../support/cli';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';


function cli(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}


describe('CLI environments', { timeout: 60_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'http-lens-cli-env-'));
  const sub = join(root, 'requests');
  mkdirSync(join(root, '.git'), { recursive: true });
  mkdirSync(sub);
  after(() => rmSync(root, { recursive: true, force: true }));

  const file = join(sub, 'api.http');
  writeFileSync(file, 'GET {{base}}/echo\nX-Token: {{token}}\nX-Key: {{$dotenv KEY}}\nX-Proc: {{$processEnv HTTP_LENS_TEST_VALUE}}\n');
  writeFileSync(join(sub, '.env'), 'KEY=dot-value\n');

  // A loopback server that keeps the fields of what it was sent.
  const received: IncomingHttpHeaders[] = [];
  let server: Server;
  before(async () => {
    server = createServer((req, res) => {
      received.push(req.headers);
      res.end('ok');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    writeFileSync(join(root, 'http-client.env.json'), JSON.stringify({ $shared: { base }, dev: { token: 'dev-token' }, prod: { token: 'prod-token' } }));
  });
  after(() => server?.close());

  test('lint without --env says which environments define a variable', () => {
    const r = cli(['lint', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /warning\[undefined-variable\] \{\{token\}\} is defined in the environments dev, prod, but no environment is selected/);
  });

  test('lint --env dev is clean', () => {
    const r = cli(['lint', '--env', 'dev', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /undefined-variable|system-variable/);
  });

  test('an unknown environment is a usage error naming the known ones', () => {
    const r = cli(['lint', '--env', 'staging', file]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /has no environment named staging \(environments: dev, prod\)/);
  });

  test('a broken env file is reported and linting goes on', () => {
    const other = join(root, 'broken');
    mkdirSync(join(other, '.git'), { recursive: true });
    writeFileSync(join(other, 'http-client.env.json'), '{ "dev": ');
    writeFileSync(join(other, 'a.http'), 'GET http://127.0.0.1:1/\n');
    const r = cli(['lint', join(other, 'a.http')]);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /http-client\.env\.json:1:10: not valid JSON \(line 1, column 10\): expected a value, the text ends/);
  });

  test('run --env sends the environment, .env and process values', async () => {
    const r = await cliAsync(['run', '--env', 'prod', '--json', file], { HTTP_LENS_TEST_VALUE: 'from-process' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.equal(JSON.parse(r.stdout).exchanges[0].response.status, 200);
    assert.equal(received.length, 1);
    const headers = received[0]!;
    assert.equal(headers['x-token'], 'prod-token');
    assert.equal(headers['x-key'], 'dot-value');
    assert.equal(headers['x-proc'], 'from-process');
  });

  test('run without the environment a request needs fails before sending, naming the variable', async () => {
    const r = await cliAsync(['run', file]);
    assert.equal(r.status, 1);
    assert.equal(received.length, 1, 'nothing more was sent');
    assert.match(r.stdout, /\{\{token\}\}/);
  });

  test("run --env takes httpYac's dotenv environments (env/stage.env) and sends their values", async () => {
    const yac = join(root, 'yac');
    mkdirSync(join(yac, 'env'), { recursive: true });
    writeFileSync(join(yac, 'env', 'stage.env'), 'token=stage-token\n');
    const yacFile = join(yac, 'stage.http');
    writeFileSync(yacFile, 'GET {{base}}/echo\nX-Token: {{token}}\n');
    assert.match(cli(['lint', yacFile]).stdout, /\{\{token\}\} is defined in the environments dev, prod, stage, but no environment is selected/);
    const before = received.length;
    const r = await cliAsync(['run', '--env', 'stage', '--json', yacFile]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.equal(received.length, before + 1);
    assert.equal(received[before]!['x-token'], 'stage-token');
  });
});
