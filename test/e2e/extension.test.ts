/**
 * HTTP Lens in a real VS Code (code-server 4.99.4, VS Code 1.99), driven as a user drives it: the packaged .vsix
 * is installed, a workspace with .http files is opened in Chromium, and every step is checked on screen, with
 * the server's own log as the truth about connections.
 *
 * Needs code-server in its cache (scripts/e2e/install-code-server.sh) and /usr/bin/chromium. Without them the
 * test is skipped, unless HTTP_LENS_REQUIRE_E2E=1 (CI), when it fails. Screenshots of each step go to
 * $HTTP_LENS_E2E_SCREENSHOTS (default test-results/e2e).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startNodeServer, type NodeServer } from '../support/servers/nodeServer';
import {
  answerInputBox, applyQuickFix, chooseQuickPick, clickCodeLens, clickStatusBarItem, clickText, codeServerCacheDir, hoverText, installExtension, isRestrictedMode, makeTempDir, openBrowser,
  openFile, openWorkbench, readCodeLenses, readNotifications, readStatusBar, runCommand, screenshot, sel, startCodeServer, untrustWorkspace, waitFor, waitForEditorText, waitForProblems,
  type BrowserSession, type CodeServer,
} from './support/codeServer';

const ROOT = resolve(__dirname, '../..');
const REQUIRE = process.env.HTTP_LENS_REQUIRE_E2E === '1';
const installed = existsSync(join(codeServerCacheDir(), 'node_modules/code-server/out/node/entry.js')) && existsSync('/usr/bin/chromium');
const skip = !installed && !REQUIRE ? 'code-server or Chromium is not installed (scripts/e2e/install-code-server.sh; HTTP_LENS_REQUIRE_E2E=1 makes this a failure)' : false;
const shots = process.env.HTTP_LENS_E2E_SCREENSHOTS ?? join(ROOT, 'test-results/e2e');

const QUESTION = [
  '### The question from the Wireshark forum: is this connection persistent?',
  'GET http://127.0.0.1:9/ HTTP/1.0',
  'Keep-Alive: 300',
  'Connections:keep-alive',
  'Keep-Alive: timeout=max=100',
  '',
].join('\n');

/** A request whose host only the dev environment knows. */
const ENV_FILE = ['### Sent to the host of the selected environment', 'GET {{base}}/from-env', 'X-Env: {{name}}', ''].join('\n');

function sendFile(base: string): string {
  return [
    '### Twice over one keep-alive connection',
    `GET ${base}/keep HTTP/1.1`,
    '',
    '### HTTP/1.0 without keep-alive: the server closes',
    `GET ${base}/old HTTP/1.0`,
    '',
  ].join('\n');
}

/** Packages the extension as a user would get it. */
function packageVsix(out: string): void {
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const vsce = spawnSync(join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(vsce.status, 0, `${vsce.stdout}\n${vsce.stderr}`);
}

/** The text of the HTTP Lens response view: the webview is a frame inside a frame. */
async function responseView(page: Page, expect: RegExp, what: string): Promise<string> {
  let last = '';
  try {
    return await waitFor(async () => {
      for (const frame of page.frames()) {
        // Runs in the page: `document` there is the webview's.
        const text = await frame.evaluate('document.querySelector("body h2") ? document.body.innerText : ""').catch(() => '') as string;
        if (!text) continue;
        last = text;
        if (expect.test(text)) return text;
      }
      return undefined;
    }, what, { timeoutMs: 30_000 });
  } catch (err) {
    throw new Error(`${(err as Error).message}; the response view said: ${JSON.stringify(last.slice(0, 1500))}`);
  }
}

/**
 * Waits for the Send Request lens, with no edit to prompt it: when the editor asks for lenses before the
 * language client is ready, the server asks it again.
 */
async function lensesShown(page: Page): Promise<void> {
  await waitFor(async () => ((await readCodeLenses(page)).includes('Send Request') ? true : undefined), 'the Send Request lens', { timeoutMs: 15_000 });
}

async function modalDialog(page: Page): Promise<string> {
  const box = page.locator(sel.dialog).first();
  await box.waitFor({ state: 'visible', timeout: 15_000 });
  return (await box.innerText()).trim();
}

describe('HTTP Lens in a real VS Code (code-server)', { skip, timeout: 600_000 }, () => {
  let root = '';
  let workspace = '';
  let vsix = '';
  let target: NodeServer | undefined;
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  const page = () => browser!.page;

  async function open(trust: boolean): Promise<void> {
    await browser?.close();
    await server?.stop();
    const run = trust ? 'trusted' : 'restricted';
    server = await startCodeServer({
      workspace,
      extensionsDir: join(root, 'ext'),
      userDataDir: join(root, `ud-${run}`),
      settings: { 'security.workspace.trust.enabled': !trust, 'editor.codeLens': true, 'httpLens.response.preserveFocus': true },
    });
    browser = await openBrowser();
    await openWorkbench(page(), server.url);
  }

  before(async () => {
    assert.ok(installed, 'HTTP_LENS_REQUIRE_E2E=1 but code-server or Chromium is missing: run scripts/e2e/install-code-server.sh');
    mkdirSync(shots, { recursive: true });
    root = makeTempDir('e2e-lens-');
    workspace = join(root, 'ws');
    mkdirSync(workspace);
    target = await startNodeServer({ mode: 'keep-alive' });
    writeFileSync(join(workspace, 'question.http'), QUESTION);
    writeFileSync(join(workspace, 'send.http'), sendFile(target.url));
    mkdirSync(join(workspace, 'env'));
    writeFileSync(join(workspace, 'env', 'env.http'), ENV_FILE);
    writeFileSync(join(workspace, 'prompt.http'), ['### Asks for a one-time code', '# @prompt code The code from the app', `GET ${target.url}/with-code`, 'X-Code: {{code}}', ''].join('\n'));
    writeFileSync(join(workspace, 'env', 'http-client.env.json'), JSON.stringify({ dev: { base: target.url, name: 'dev' }, prod: { base: 'http://127.0.0.1:9', name: 'prod' } }, null, 2));
    vsix = join(root, 'http-lens.vsix');
    packageVsix(vsix);
    await installExtension(vsix, join(root, 'ext'));
    await open(true);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await target?.stop();
    // code-server's and the extension host's logs (the HTTP Lens output channel among them) go with the screenshots.
    for (const run of ['trusted', 'restricted']) {
      const logs = join(root, `ud-${run}`);
      if (existsSync(logs)) cpSync(logs, join(shots, `logs-${run}`), { recursive: true, filter: (src) => !src.includes('CachedData') && !src.endsWith('.sock') });
    }
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('1. the forum question: the Problems panel lists its findings', async () => {
    await openFile(page(), 'question.http');
    const problems = await waitForProblems(page(), (p) => p.some((x) => x.code === 'keep-alive-syntax'));
    const codes = problems.map((p) => `${p.code} ${p.line}:${p.column}`);
    for (const expected of ['keep-alive-not-a-parameter 3:13', 'misspelled-field-name 4:1', 'keep-alive-syntax 5:24']) {
      assert.ok(codes.includes(expected), `${expected} in ${JSON.stringify(codes)}`);
    }
    assert.ok(problems.every((p) => p.source === 'http-lens'));
    await screenshot(page(), join(shots, '1-problems.png'));
  });

  test('2. hover `Connections` reads the did-you-mean; the quick fix renames it', async () => {
    // The code lens line pushes the text down when it appears: hover only once the layout has settled.
    await lensesShown(page());
    const text = await hoverText(page(), 'Connections', { expect: 'did you mean' });
    assert.match(text, /Unknown header `?Connections`?: did you mean `?Connection`?\?/);
    assert.match(text, /a misspelled name is an unknown field/);
    await new Promise((r) => setTimeout(r, 500)); // let the hover finish fading in before the picture
    await screenshot(page(), join(shots, '2-hover.png'));
    await applyQuickFix(page(), 'Connections', 'Rename to `Connection`');
    await waitForEditorText(page(), (t) => t.includes('Connection:keep-alive') && !t.includes('Connections'));
    await screenshot(page(), join(shots, '2-fixed.png'));
  });

  test('3. Send Request twice: a new connection, then the same one reused, as the server saw it', async () => {
    await openFile(page(), 'send.http');
    await lensesShown(page());
    // A lens without a command is plain text beside the links: read the whole lens line.
    const lensLine = await page().locator('.codelens-decoration').first().innerText();
    assert.match(lensLine, /Send Request\s*\|\s*keeps connection open \(HTTP\/1\.1 default\)/);
    await clickCodeLens(page(), 'Send Request');
    const first = await responseView(page(), /#0 new connection/, 'the first response');
    assert.match(first, /HTTP\/1\.1 200 OK/);
    await clickCodeLens(page(), 'Send Request');
    const second = await responseView(page(), /#0 reused: 2nd request on this connection, saved [\d.]+ ms of connect/, 'the second response');
    await screenshot(page(), join(shots, '3-reused.png'));
    const log = (await target!.readLog({ atLeast: 2 })).filter((e) => e.request.startsWith('GET /keep'));
    assert.deepEqual(log.map((e) => e.requestsOnConnection), [1, 2], 'the server saw one connection carry both');
    assert.equal(log[0]!.remotePort, log[1]!.remotePort);
    const port = /from local port (\d+)/.exec(first)?.[1];
    assert.equal(Number(port), log[0]!.remotePort, 'the view names the port the server saw');
    assert.match(second, /Connections in this run/);
  });

  test('4. HTTP/1.0 without keep-alive (Ctrl+Alt+R): the server closed the connection, and the view says why', async () => {
    await clickText(page(), '/old');
    await page().keyboard.press('Control+Alt+R');
    const view = await responseView(page(), /the server closed the connection/, 'the HTTP/1.0 response');
    assert.match(view, /Predicted: closes after the response: HTTP\/1\.0 request without Connection: keep-alive/);
    assert.match(view, /Observed: the server closed the connection/);
    await screenshot(page(), join(shots, '4-http10-closed.png'));
    const log = await target!.readLog({ atLeast: 3 });
    assert.equal(log.filter((e) => e.request === 'GET /old HTTP/1.0').length, 1);
  });

  test('5. Start Playground Server and Send All: which requests shared which connection', async () => {
    await runCommand(page(), 'HTTP Lens: Start Playground Server');
    const text = await waitForEditorText(page(), (t) => t.includes('The HTTP Lens playground is running at'));
    const base = /@base = (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    assert.ok(base, text.slice(0, 300));
    await runCommand(page(), 'HTTP Lens: Send All Requests in File');
    const view = await responseView(page(), /Connections in this run[\s\S]*connection #3/, 'the Send All timeline');
    assert.match(view, /connection #0/);
    assert.match(view, /#0 reused|reused/);
    const status = (await readStatusBar(page())).join(' | ');
    assert.match(status, /\d{3} · [\d.]+ ms · (new|reused) #\d+/);
    await screenshot(page(), join(shots, '5-send-all-timeline.png'));
  });

  test('6. Compare Keep-Alive vs New Connections charts the latencies', async () => {
    await clickText(page(), '/keep-alive');
    await runCommand(page(), 'HTTP Lens: Compare Keep-Alive vs New Connections');
    const view = await responseView(page(), /Keep-alive against new connections/, 'the comparison');
    assert.match(view, /10 requests reusing one connection: median [\d.]+ ms\. 10 requests each on a new connection \(Connection: close\): median [\d.]+ ms/);
    await screenshot(page(), join(shots, '6-compare.png'));
  });

  test('7. A slow request shows a progress notification; Cancel Request stops it', async () => {
    await clickText(page(), '/keep-alive');
    await page().keyboard.press('Control+End');
    await page().keyboard.type('\n###\nGET {{base}}/delay?ms=15000\n');
    await page().keyboard.press('ArrowUp');
    await page().keyboard.press('Control+Alt+R');
    await waitFor(async () => ((await readNotifications(page())).some((n) => n.includes('HTTP Lens: GET {{base}}/delay?ms=15000')) ? true : undefined), 'the progress notification');
    await screenshot(page(), join(shots, '7-progress.png'));
    await runCommand(page(), 'HTTP Lens: Cancel Request');
    await responseView(page(), /Failed \(cancelled\)/, 'the cancelled request');
  });

  test('8. Copy Request as curl, and Inspect Headers from Clipboard', async () => {
    await browser!.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server!.baseUrl });
    await clickText(page(), '/delay?ms=15000');
    await page().keyboard.press('Control+Home'); // the request at the top is back in view
    await clickText(page(), '/keep-alive');
    await runCommand(page(), 'HTTP Lens: Copy Request as curl');
    const curl = await waitFor(async () => {
      const text = (await page().evaluate('navigator.clipboard.readText()')) as string;
      return text.startsWith('curl ') ? text : undefined;
    }, 'the curl command on the clipboard');
    assert.match(curl, /^curl --http1\.1 http:\/\/127\.0\.0\.1:\d+\/keep-alive$/);
    await page().evaluate(`navigator.clipboard.writeText(${JSON.stringify(QUESTION.split('\n').slice(2, 5).join('\n'))})`);
    await runCommand(page(), 'HTTP Lens: Inspect Headers from Clipboard');
    try {
      await waitForEditorText(page(), (t) => t.startsWith('Keep-Alive: 300'));
      await waitFor(async () => ((await readStatusBar(page())).some((t) => t.includes('HTTP Message')) ? true : undefined), 'the HTTP Message language');
      await waitForProblems(page(), (p) => p.filter((x) => x.code === 'keep-alive-not-a-parameter').length === 2);
    } finally {
      await screenshot(page(), join(shots, '8-clipboard-dump.png'));
    }
  });

  test('9. Environments from the status bar, Paste curl as Request, and Copy as curl asking a # @prompt', async () => {
    await openFile(page(), 'env/env.http');
    await waitForProblems(page(), (p) => p.filter((x) => x.code === 'undefined-variable' && /no environment is selected/.test(x.message)).length === 2);
    await clickStatusBarItem(page(), 'No Environment');
    await chooseQuickPick(page(), 'dev');
    await waitForProblems(page(), (p) => !p.some((x) => x.code === 'undefined-variable'));
    await screenshot(page(), join(shots, '9-environment.png'));
    const before = (await target!.readLog()).length;
    await lensesShown(page());
    await clickCodeLens(page(), 'Send Request');
    await responseView(page(), /GET http:\/\/127\.0\.0\.1:\d+\/from-env HTTP\/1\.1[\s\S]*200/, 'the response from the dev host');
    const log = await target!.readLog({ atLeast: before + 1 });
    assert.equal(log.filter((e) => e.request === 'GET /from-env HTTP/1.1').length, 1, 'the dev host got the request');

    await page().evaluate(`navigator.clipboard.writeText(${JSON.stringify(`curl -H 'X-From: curl' --json '{"a":1}' ${target!.url}/pasted`)})`);
    await page().keyboard.press('Control+End');
    await runCommand(page(), 'HTTP Lens: Paste curl as Request');
    const text = await waitForEditorText(page(), (t) => t.includes('/pasted'));
    assert.ok(text.includes(`###\nPOST ${target!.url}/pasted\nContent-Type: application/json\nAccept: application/json\nX-From: curl\n\n{\n  "a": 1\n}`), text);
    await screenshot(page(), join(shots, '9-pasted-curl.png'));

    // Copy as curl asks a request's # @prompt, as sending it would.
    await openFile(page(), 'prompt.http');
    await clickText(page(), '/with-code');
    await runCommand(page(), 'HTTP Lens: Copy Request as curl', { opensInput: true });
    await answerInputBox(page(), 'HTTP Lens: code', '481516');
    const curl = await waitFor(async () => {
      const clip = (await page().evaluate('navigator.clipboard.readText()')) as string;
      return clip.includes('/with-code') ? clip : undefined;
    }, 'the prompted request on the clipboard as curl');
    assert.match(curl, /^curl --http1\.1 -H 'X-Code: 481516' http:\/\/127\.0\.0\.1:\d+\/with-code$/);
  });

  test('10. Restricted Mode: linting works, and sending asks first', async () => {
    await open(false);
    // The trust prompt comes a moment after the workbench: answer it when it is there.
    await page().locator(sel.dialog).first().waitFor({ state: 'visible', timeout: 20_000 }).catch(() => undefined);
    await untrustWorkspace(page());
    assert.equal(await isRestrictedMode(page()), true);
    await openFile(page(), 'question.http');
    await waitForProblems(page(), (p) => p.some((x) => x.code === 'keep-alive-syntax'));
    await openFile(page(), 'send.http');
    const before = (await target!.readLog()).length;
    await clickCodeLens(page(), 'Send Request');
    const dialog = await modalDialog(page());
    assert.match(dialog, /This workspace is in Restricted Mode\. Send GET .*\/keep anyway\?/);
    assert.match(dialog, /It goes to:\s*GET http:\/\/127\.0\.0\.1:\d+\/keep/);
    await screenshot(page(), join(shots, '10-restricted-confirm.png'));
    await page().keyboard.press('Escape');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await target!.readLog()).length, before, 'nothing was sent without confirmation');
  });
});
