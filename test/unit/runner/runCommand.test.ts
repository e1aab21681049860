// `http-lens run` with the new flags: --prompt, --no-redirect, and questions asked on a terminal.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { askLine, runCommand, type RunIo } from '../../../client/src/cli/runCommand';
import { UsageError } from '../../../client/src/cli/usage';
import { reply, startLoopback, type Loopback } from '../../runner/loopback';

const dir = mkdtempSync(join(tmpdir(), 'http-lens-run-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function fakeIo(ask?: RunIo['ask']): RunIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const id = (s: string) => s;
  return {
    out,
    err,
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    readStdin: () => '',
    style: { bold: id, red: id, yellow: id, blue: id, cyan: id, green: id, dim: id },
    ask,
  };
}

describe('http-lens run: prompts and redirects', { timeout: 30_000 }, () => {
  let server: Loopback;
  before(async () => {
    server = await startLoopback((req, res) => {
      if (req.url.split('?')[0] === '/old') return reply(res, 301, { Location: '/new' });
      reply(res, 200, {}, req.url);
    });
  });
  after(() => server?.stop());

  test('--prompt name=value answers # @prompt; the human report shows the hop', async () => {
    const path = file('prompt.http', `# @prompt code The code\nGET ${server.url}/old?code={{code}}\n`);
    const io = fakeIo(async () => assert.fail('a prompt answered by a flag is not asked'));
    const status = await runCommand([path, '--prompt', 'code=42'], io);
    assert.equal(status, 0, io.err.join('') + io.out.join(''));
    const text = io.out.join('');
    assert.match(text, /→ 301 to \/new \(hop 1\)/);
    assert.match(text, /\[2\] GET http:\/\/127\.0\.0\.1:\d+\/new HTTP\/1\.1\n {2}\* hop 1: following the 301 from .*\/old\?code=42/);
    assert.match(text, /2 requests: 1 connection opened, 1 reuse/);
  });

  test('without a flag, the question goes to the terminal, once per name for the run', async () => {
    const path = file('ask.http', `# @prompt code\nGET ${server.url}/a?c={{code}}\n\n###\n# @prompt code\nGET ${server.url}/b?c={{code}}\n`);
    const questions: string[] = [];
    const io = fakeIo(async (q) => {
      questions.push(q);
      return 'typed';
    });
    assert.equal(await runCommand([path, '--json'], io), 0, io.err.join(''));
    assert.deepEqual(questions, ['code: ']);
    const out = JSON.parse(io.out.join('')) as { exchanges: { request: { url: string } }[] };
    assert.deepEqual(out.exchanges.map((e) => new URL(e.request.url).search), ['?c=typed', '?c=typed']);
  });

  test('--no-redirect stops at the 3xx; --json carries redirect and followed', async () => {
    const path = file('redirect.http', `GET ${server.url}/old\n`);
    const stopped = fakeIo();
    assert.equal(await runCommand([path, '--json', '--no-redirect'], stopped), 0);
    const one = JSON.parse(stopped.out.join('')) as { exchanges: { response: { status: number } }[] };
    assert.deepEqual(one.exchanges.map((e) => e.response.status), [301]);
    const followed = fakeIo();
    assert.equal(await runCommand([path, '--json'], followed), 0);
    const two = JSON.parse(followed.out.join('')) as { exchanges: { followed?: { hop: number; location: string }; redirect?: { hop: number; status: number } }[] };
    assert.deepEqual(two.exchanges[0]!.followed, { status: 301, location: '/new', url: `${server.url}/new`, hop: 1 });
    assert.deepEqual([two.exchanges[1]!.redirect!.hop, two.exchanges[1]!.redirect!.status], [1, 301]);
  });

  test('--prompt without "=" is a usage error', async () => {
    const path = file('u.http', `GET ${server.url}/\n`);
    await assert.rejects(runCommand([path, '--prompt', 'code'], fakeIo()), (e: unknown) => e instanceof UsageError && /--prompt takes name=value, not code/.test(e.message));
  });

  test('standard input not a terminal: the request is not sent and the message names the flag', async () => {
    const path = file('pipe.http', `# @prompt code\nGET ${server.url}/never\n`);
    const before = server.seen.length;
    const cli = resolve(__dirname, '../../../client/src/cli.ts');
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cli, 'run', path], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (status) => {
        clearTimeout(timer);
        done({ status, stdout, stderr });
      });
      child.stdin.end();
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /asks for code \(# @prompt\) and standard input is not a terminal: give it with --prompt code=value/);
    assert.match(r.stdout, /✗ not sent: no value given for prompt code/);
    assert.equal(server.seen.length, before);
  });
});

describe('askLine', () => {
  test('writes the question and reads one line', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d) => (shown += d));
    const answer = askLine('code: ', input, output);
    input.write('123\nrest\n');
    assert.equal(await answer, '123');
    assert.equal(shown, 'code: ');
  });

  /** Streams that look like a terminal to readline, which then echoes what is typed itself. */
  function terminal() {
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
    const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
    let shown = '';
    output.on('data', (d) => (shown += d));
    return { input, output, shown: () => shown };
  }

  test('on a terminal, what is typed is echoed, except for a secret', async () => {
    const plain = terminal();
    const answer = askLine('user: ', plain.input, plain.output);
    plain.input.write('ada\r');
    assert.equal(await answer, 'ada');
    assert.match(plain.shown(), /ada/, 'an ordinary answer is echoed');
    const secret = terminal();
    const password = askLine('password: ', secret.input, secret.output, undefined, true);
    secret.input.write('hunter2\r');
    assert.equal(await password, 'hunter2');
    assert.equal(secret.shown(), 'password: \n');
  });

  test('input that ends, or a cancelled run, gives no answer', async () => {
    const ended = new PassThrough();
    const answer = askLine('q: ', ended, new PassThrough());
    ended.end();
    assert.equal(await answer, undefined);
    const controller = new AbortController();
    const waiting = askLine('q: ', new PassThrough(), new PassThrough(), controller.signal);
    controller.abort();
    assert.equal(await waiting, undefined);
  });
});
