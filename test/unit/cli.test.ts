// The built CLI, run as a user runs it: exit statuses, output formats, standard input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDemoServer, type DemoServer } from '../../client/src/runner/demoServer';
import { CLI, cliAsync } from '../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'http-lens-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}


const QUESTION = 'Keep-Alive: 300\nConnections:keep-alive\n\nKeep-Alive: timeout=max=100\n';

describe('http-lens lint', () => {
  test('compiler-style output with the source line, a caret under the range, the fix, and the prediction', () => {
    const path = file('question.txt', QUESTION);
    const r = cli(['lint', path]);
    assert.equal(r.status, 1, 'errors give exit status 1');
    assert.ok(r.stdout.includes(`${path}:2:1: warning[misspelled-field-name] Unknown header \`Connections\`: did you mean \`Connection\`?`));
    assert.ok(r.stdout.includes(' 2 | Connections:keep-alive\n   | ^^^^^^^^^^^\n   = help: Rename to `Connection`\n'));
    assert.ok(r.stdout.includes(`${path}:4:24: error[keep-alive-syntax]`));
    assert.ok(r.stdout.includes(' 4 | Keep-Alive: timeout=max=100\n   |                        ^\n'));
    assert.match(r.stdout, /persistence depends on the version, which is not given: HTTP\/1\.0 closes/);
    assert.match(r.stdout, /2 errors, 1 warning, 0 notes in 1 file\n$/);
  });

  test('a clean file exits 0', () => {
    const r = cli(['lint', file('clean.http', 'GET http://127.0.0.1/ HTTP/1.1\nAccept: */*\n')]);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /0 errors, 0 warnings/);
  });

  test('- reads standard input; --as chooses how to read it', () => {
    const dump = cli(['lint', '-'], QUESTION);
    assert.equal(dump.status, 1);
    assert.match(dump.stdout, /<stdin>:2:1: warning\[misspelled-field-name\]/);
    const asHttp = cli(['lint', '--as', 'http', '-'], 'GET http://a/ HTTP/1.1\nConnection: close, keep-alive\n');
    assert.match(asHttp.stdout, /connection-close-and-keep-alive/);
  });

  test('--json: one object with LSP diagnostics, their fixes, and each message\'s persistence', () => {
    const r = cli(['lint', '--json', file('q.txt', QUESTION)]);
    const out = JSON.parse(r.stdout) as { files: { file: string; diagnostics: any[]; messages: any[] }[] };
    assert.equal(out.files.length, 1);
    const [f] = out.files;
    assert.deepEqual(f!.diagnostics.map((d) => d.code), ['keep-alive-not-a-parameter', 'misspelled-field-name', 'keep-alive-syntax']);
    assert.deepEqual(f!.diagnostics[1].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } });
    assert.deepEqual(f!.diagnostics[1].data.fixes[0].edits, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } }, newText: 'Connection' }]);
    assert.deepEqual(f!.messages.map((m) => [m.line, m.kind, m.version]), [[0, 'fragment', null], [3, 'fragment', null]]);
    assert.equal(f!.messages[0].persistence.byVersion['HTTP/1.0'].persists, false);
    const http = JSON.parse(cli(['lint', '--json', file('r.http', 'GET http://a/ HTTP/1.0\n')]).stdout);
    assert.deepEqual(http.files[0].messages[0].persistence.persists, false);
    assert.equal(http.files[0].messages[0].version, 'HTTP/1.0');
  });

  test('usage errors and unreadable files exit 2 with a clear message', () => {
    const missing = cli(['lint', join(dir, 'nope.http')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*nope\.http: no such file/);
    const folder = cli(['lint', dir]);
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /cannot read .*: it is a directory\n/);
    assert.match(cli(['run', dir]).stderr, /cannot read .*: it is a directory\n/);
    assert.equal(cli(['lint']).status, 2);
    assert.match(cli(['lint', '--as', 'xml', 'x']).stderr, /--as takes http or message, not xml/);
    assert.match(cli(['lint', '--bogus', 'x']).stderr, /unknown option --bogus/);
    assert.equal(cli(['frobnicate']).status, 2);
    assert.equal(cli(['--help']).status, 0);
  });
});

describe('http-lens run', { timeout: 60_000 }, () => {
  let server: DemoServer;
  before(async () => {
    server = await startDemoServer();
  });
  after(() => server?.close());

  test('reports in curl\'s voice: new connection, re-using, and why', async () => {
    const path = file('run.http', '@base = http://127.0.0.1:1\n\nGET {{base}}/keep-alive\n\n###\nGET {{base}}/keep-alive\n\n###\nGET {{base}}/close\n\n###\nGET {{base}}/keep-alive\n');
    const r = await cliAsync(['run', path, '--var', `base=${server.url}`]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, new RegExp(`#0 new connection to 127\\.0\\.0\\.1:${server.port} from local port \\d+`));
    assert.match(r.stdout, /re-using connection #0 to .* \(2nd request on it, saved [\d.]+ ms of connection setup\)/);
    assert.match(r.stdout, /#1 new connection to .*: the previous connection \(#0\) could not be reused: the server sent `Connection: close`/);
    assert.match(r.stdout, /4 requests: 2 connections opened, 2 reuses/);
  });

  test('--json, --request and --repeat', async () => {
    const path = file('json.http', `GET ${server.url}/keep-alive\n\n###\nGET ${server.url}/http10 HTTP/1.0\n`);
    const r = await cliAsync(['run', path, '--json', '--request', '2', '--repeat', '2']);
    const out = JSON.parse(r.stdout) as { exchanges: any[] };
    assert.equal(out.exchanges.length, 2);
    const [first, second] = out.exchanges;
    assert.deepEqual(first.request, { method: 'GET', url: `${server.url}/http10`, version: 'HTTP/1.0', added: ['Host'] });
    assert.equal(first.response.status, 200);
    assert.equal(first.response.version, 'HTTP/1.0');
    assert.ok(Array.isArray(first.response.headers[0]));
    assert.deepEqual([first.connection.id, first.connection.reused, second.connection.id, second.connection.reused], [0, false, 1, false]);
    assert.match(second.connection.whyNew, /HTTP\/1\.0 request without `Connection: keep-alive`/);
    assert.equal(first.persistence.predicted, false);
    assert.equal(first.persistence.observed, 'closed-by-server');
    for (const k of ['dns', 'connect', 'tls', 'send', 'wait', 'download', 'total']) assert.equal(typeof first.timings[k], 'number');
    assert.equal(first.error, null);
  });

  test('a failed request makes the exit status 1; a bad selection 2', async () => {
    const path = file('fail.http', 'GET http://127.0.0.1:9/\n');
    const failed = await cliAsync(['run', path]);
    assert.equal(failed.status, 1);
    assert.match(failed.stdout, /✗ failed \(connect\): cannot connect to 127\.0\.0\.1:9: connection refused/);
    const bad = await cliAsync(['run', path, '--request', '5']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /there is no request 5: the file has 1/);
    assert.equal((await cliAsync(['run', path, '--name', 'x', '--request', '1'])).status, 2);
  });
});
