/**
 * Proves the e2e helpers in ./support against a real code-server and a real
 * Chromium, using a tiny extension that is not part of this repository.
 *
 * Run:
 *   HTTP_LENS_E2E_PROOF_VSIX=/path/to/proof.vsix \
 *     node --import tsx --test test/e2e/infrastructure.test.ts
 *
 * Without that variable every test here is skipped. The proof extension has
 * to contribute, for files with the extension `.foo` (language id `foo`):
 * - activation `onLanguage:foo`, and `capabilities.untrustedWorkspaces.supported: false`;
 * - a command titled "Proof: Say Hello" that appends the line
 *   "hello from command" to the active editor and shows the notification
 *   "Proof says hello";
 * - a Warning diagnostic "Proof: BAD is not allowed" (source "proof", code
 *   "no-bad") on every "BAD", with a preferred quick fix "Replace BAD with GOOD";
 * - a hover "**Proof hover** for `hello`" on the word "hello";
 * - a code lens "Proof lens: append line" on line 1 that appends
 *   "lens was clicked".
 *
 * Screenshots and the code-server log go to $HTTP_LENS_E2E_SCREENSHOTS
 * (default <tmpdir>/http-lens-e2e-proof) and are kept.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  applyQuickFix,
  clickCodeLens,
  ensureCodeServer,
  hoverText,
  installExtension,
  isRestrictedMode,
  listQuickFixes,
  makeTempDir,
  openBrowser,
  openFile,
  openWorkbench,
  readCodeLenses,
  readEditorText,
  readNotifications,
  readProblems,
  readStatusBar,
  runCommand,
  sel,
  screenshot,
  startCodeServer,
  trustWorkspace,
  untrustWorkspace,
  waitFor,
  waitForEditorText,
  waitForProblems,
  type BrowserSession,
  type CodeServer,
} from './support/codeServer';

const vsix = process.env.HTTP_LENS_E2E_PROOF_VSIX;
const skip = vsix ? false : 'HTTP_LENS_E2E_PROOF_VSIX is not set: it must point at a .vsix of the proof extension described at the top of this file';
// A skipped suite counts as no test at all in the runner's summary; one
// skipped test makes the skip and its reason show up as such.
if (skip) test('e2e infrastructure proof', { skip }, () => undefined);
const shots = process.env.HTTP_LENS_E2E_SCREENSHOTS ?? join(tmpdir(), 'http-lens-e2e-proof');

const SAMPLE = 'hello world\nthis is BAD\n';
const LONG_LINES = Array.from({ length: 150 }, (_, i) => `line ${i + 1} ${'x'.repeat(i % 7)}`);

function timing(label: string, startedAt: number): void {
  console.log(`[timing] ${label}: ${((Date.now() - startedAt) / 1000).toFixed(2)} s`);
}

describe('e2e infrastructure: failures are loud', { skip }, () => {
  test('installExtension rejects a file that is not a vsix', async () => {
    const dir = makeTempDir('e2e-bad-');
    try {
      writeFileSync(join(dir, 'broken.vsix'), 'not a zip');
      await assert.rejects(installExtension(join(dir, 'broken.vsix'), join(dir, 'ext')), /installExtension\(.*broken\.vsix\) failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('startCodeServer rejects a missing workspace', async () => {
    const dir = makeTempDir('e2e-bad-');
    try {
      await assert.rejects(
        startCodeServer({ workspace: join(dir, 'missing'), extensionsDir: join(dir, 'ext'), userDataDir: join(dir, 'ud') }),
        /workspace .* does not exist/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('e2e infrastructure (code-server + Chromium)', { skip }, () => {
  let root = '';
  let workspace = '';
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  const page = () => browser!.page;

  before(async () => {
    assert.ok(vsix && vsix.endsWith('.vsix') && existsSync(vsix), `HTTP_LENS_E2E_PROOF_VSIX=${vsix} is not an existing .vsix`);
    ensureCodeServer();

    root = makeTempDir('e2e-proof-');
    workspace = join(root, 'ws');
    mkdirSync(workspace);
    writeFileSync(join(workspace, 'sample.foo'), SAMPLE);
    writeFileSync(join(workspace, 'long.foo'), LONG_LINES.join('\n') + '\n');
    mkdirSync(shots, { recursive: true });

    let t = Date.now();
    await installExtension(vsix, join(root, 'ext'));
    timing('installExtension', t);

    t = Date.now();
    browser = await openBrowser();
    timing('openBrowser', t);

    t = Date.now();
    server = await startCodeServer({
      workspace,
      extensionsDir: join(root, 'ext'),
      userDataDir: join(root, 'ud'),
      settings: { 'security.workspace.trust.enabled': true },
    });
    timing('startCodeServer (spawn to /healthz answering)', t);
    const serverStarted = t;

    t = Date.now();
    await openWorkbench(page(), server.url);
    timing('page load to workbench ready', t);
    timing('code-server start to workbench ready', serverStarted);
  });

  after(async () => {
    await browser?.close();
    const pid = server?.pid;
    await server?.stop();
    // Kept with the screenshots: the temp folder goes, and a failure needs it.
    if (server) copyFileSync(server.logFile, join(shots, 'code-server.log'));
    if (pid !== undefined) {
      let alive = true;
      try {
        process.kill(-pid, 0);
      } catch {
        alive = false;
      }
      assert.equal(alive, false, 'code-server process group still alive after stop()');
    }
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('the workspace opens untrusted: the trust prompt is answered No and Restricted Mode shows', async () => {
    await screenshot(page(), join(shots, '01-trust-prompt.png'));
    await untrustWorkspace(page());
    assert.equal(await isRestrictedMode(page()), true);
  });

  test('in Restricted Mode the proof extension stays off', async () => {
    await openFile(page(), 'sample.foo');
    assert.equal(await readEditorText(page()), SAMPLE);
    await assert.rejects(runCommand(page(), 'Proof: Say Hello', { timeoutMs: 3_000 }), /no command titled "Proof: Say Hello"/);
    assert.deepEqual(await readProblems(page()), []);
    assert.deepEqual(await readCodeLenses(page()), []);
    // The extension's language is not contributed either.
    assert.ok((await readStatusBar(page())).includes('Plain Text'));
    await screenshot(page(), join(shots, '02-restricted.png'));
  });

  test('trusting the workspace starts the extension without a reload', async () => {
    await trustWorkspace(page());
    assert.equal(await isRestrictedMode(page()), false);
    await openFile(page(), 'sample.foo');
    await waitFor(async () => ((await readStatusBar(page())).includes('Foo') ? true : undefined), 'the language mode Foo');
    const problems = await waitForProblems(page(), (p) => p.length === 1);
    assert.deepEqual(problems, [
      {
        file: join(workspace, 'sample.foo'),
        severity: 'warning',
        message: 'Proof: BAD is not allowed',
        source: 'proof',
        code: 'no-bad',
        line: 2,
        column: 9,
      },
    ]);
    await screenshot(page(), join(shots, '03-trusted-problems.png'));
  });

  test('hover shows the provider text', async () => {
    const text = await hoverText(page(), 'hello', { expect: 'Proof hover' });
    assert.equal(text, 'Proof hover for hello');
    await screenshot(page(), join(shots, '04-hover.png'));
  });

  test('quick fix is offered and applied with Ctrl+.', async () => {
    assert.deepEqual(await listQuickFixes(page(), 'BAD'), ['Replace BAD with GOOD']);
    await applyQuickFix(page(), 'BAD', 'Replace BAD with GOOD');
    assert.equal(await waitForEditorText(page(), (t) => t.includes('GOOD')), 'hello world\nthis is GOOD\n');
    await waitForProblems(page(), (p) => p.length === 0);
    await screenshot(page(), join(shots, '05-quick-fix-applied.png'));
  });

  test('a command runs from the Command Palette by its title', async () => {
    await openFile(page(), 'sample.foo');
    await runCommand(page(), 'Proof: Say Hello');
    await waitForEditorText(page(), (t) => t.endsWith('hello from command\n'));
    await waitFor(async () => ((await readNotifications(page())).includes('Proof says hello') ? true : undefined), 'the notification');
    await assert.rejects(runCommand(page(), 'Proof: No Such Command', { timeoutMs: 2_000 }), /no command titled/);
    await screenshot(page(), join(shots, '06-command.png'));
  });

  test('a code lens is clicked by its text', async () => {
    await openFile(page(), 'sample.foo');
    assert.deepEqual(await readCodeLenses(page()), ['Proof lens: append line']);
    await clickCodeLens(page(), 'Proof lens: append line');
    await waitForEditorText(page(), (t) => t.endsWith('lens was clicked\n'));
    await screenshot(page(), join(shots, '07-code-lens.png'));
  });

  test('the editor text of a document longer than the window is read whole', async () => {
    await openFile(page(), 'long.foo');
    assert.equal(await readEditorText(page()), LONG_LINES.join('\n') + '\n');
    // Also when the view was scrolled away from the top.
    const editorBox = await page().locator(sel.activeEditor).first().boundingBox();
    assert.ok(editorBox);
    await page().mouse.move(editorBox.x + editorBox.width / 2, editorBox.y + editorBox.height / 2);
    for (let i = 0; i < 8; i++) await page().mouse.wheel(0, 200);
    assert.equal(await readEditorText(page()), LONG_LINES.join('\n') + '\n');
    await screenshot(page(), join(shots, '08-long-file.png'));
  });

  test('untrusting the workspace reloads into Restricted Mode and turns the extension off', async () => {
    await untrustWorkspace(page());
    assert.equal(await isRestrictedMode(page()), true);
    await openFile(page(), 'sample.foo');
    await assert.rejects(runCommand(page(), 'Proof: Say Hello', { timeoutMs: 3_000 }), /no command titled/);
    await screenshot(page(), join(shots, '09-untrusted-again.png'));
  });
});
