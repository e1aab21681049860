/**
 * Runs a real VS Code (code-server, VS Code 1.99) and a real browser for the
 * end-to-end tests.
 *
 * code-server is installed by scripts/e2e/install-code-server.sh into a cache
 * folder; `ensureCodeServer()` runs that script (a no-op once installed).
 * The UI helpers live in ./workbench and are re-exported here so a test needs
 * one import.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { installEvaluateShim } from './workbench';

// Listed by name rather than `export *`: Node's ES-module loader finds the
// named exports of a CommonJS module (which tsx makes of this file) only when
// they are spelled out, so an .mts test could not import them otherwise.
export {
  applyQuickFix,
  answerInputBox,
  chooseQuickPick,
  clickCodeLens,
  clickStatusBarItem,
  clickText,
  hoverText,
  installEvaluateShim,
  isRestrictedMode,
  listQuickFixes,
  locateText,
  openFile,
  openWorkbench,
  readCodeLenses,
  readEditorText,
  readNotifications,
  readProblems,
  readStatusBar,
  runCommand,
  screenshot,
  trustWorkspace,
  untrustWorkspace,
  waitFor,
  waitForEditorText,
  waitForProblems,
  waitForWorkbench,
} from './workbench';
export type { Problem, ScreenPoint, Severity, WaitOptions, WorkbenchWaitOptions } from './workbench';
export { labels, sel } from './selectors';

export const CODE_SERVER_VERSION = '4.99.4';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const INSTALL_SCRIPT = join(REPO_ROOT, 'scripts/e2e/install-code-server.sh');

/** Where the install script puts code-server; same default and override as the script. */
export function codeServerCacheDir(): string {
  return process.env.CODE_SERVER_CACHE ? resolve(process.env.CODE_SERVER_CACHE) : join(REPO_ROOT, '.cache/code-server');
}

function entryScript(): string {
  return join(codeServerCacheDir(), 'node_modules/code-server/out/node/entry.js');
}

let ensured: string | undefined;

/**
 * Installs code-server if needed and returns its entry script. The script
 * keeps a stamp, so this costs well under a second once installed; a cold
 * install takes a minute or two, so callers should allow for that in their
 * `before` timeout.
 */
export function ensureCodeServer(): string {
  // Once per test process: the script's own check still costs half a second.
  if (ensured && existsSync(ensured)) return ensured;
  const result = spawnSync('bash', [INSTALL_SCRIPT], {
    env: { ...process.env, CODE_SERVER_VERSION },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`install-code-server.sh failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  ensured = entryScript();
  return ensured;
}

/**
 * Environment for every code-server process.
 * - VSCODE_* variables are dropped: when the tests run inside a VS Code
 *   terminal, VSCODE_IPC_HOOK_CLI makes code-server hand the request to that
 *   editor instead of doing it.
 * - code-server keeps a heartbeat, logs and a default config (with a
 *   generated password) under XDG data/config folders; pointing those into
 *   `stateDir` keeps runs apart and the user's home clean.
 * - An empty gallery turns the Marketplace off: the default (Open VSX) is not
 *   reachable from a closed network, and a test must not depend on it anyway.
 */
function codeServerEnv(stateDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VSCODE_')) env[key] = value;
  }
  env.XDG_DATA_HOME = join(stateDir, 'xdg-data');
  env.XDG_CONFIG_HOME = join(stateDir, 'xdg-config');
  env.EXTENSIONS_GALLERY = '{}';
  return env;
}

function writeConfig(stateDir: string): string {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, 'code-server.yaml');
  // Passed with --config so code-server never writes its default one, which
  // would switch on password auth for the next run that forgets --auth.
  writeFileSync(file, 'auth: none\ncert: false\n');
  return file;
}

/** Installs a .vsix into `extensionsDir` with code-server's own CLI. */
export async function installExtension(vsixPath: string, extensionsDir: string): Promise<void> {
  const entry = ensureCodeServer();
  const vsix = resolve(vsixPath);
  if (!existsSync(vsix)) throw new Error(`installExtension: no such file ${vsix}`);
  mkdirSync(extensionsDir, { recursive: true });
  const stateDir = mkdtempSync(join(tmpdir(), 'cs-install-'));
  try {
    const args = [
      entry,
      '--config', writeConfig(stateDir),
      '--user-data-dir', join(stateDir, 'user-data'),
      '--extensions-dir', resolve(extensionsDir),
      '--install-extension', vsix,
      // Reinstalling the same version (a rebuilt vsix) must replace it.
      '--force',
    ];
    const { code, output } = await runToEnd(process.execPath, args, codeServerEnv(stateDir), 120_000);
    // The CLI exits 1 for a broken or incompatible vsix; the success line is
    // required as well so that a run which installed nothing cannot pass.
    if (code !== 0 || !/was successfully installed/.test(output)) {
      throw new Error(`installExtension(${vsix}) failed (exit ${code}):\n${output}`);
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function runToEnd(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} timed out after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

export interface StartOptions {
  /** Folder to open. */
  workspace: string;
  extensionsDir: string;
  /** Server-side user data (settings, logs, backups); use a fresh one per test. */
  userDataDir: string;
  /**
   * User settings, written to <userDataDir>/User/settings.json on top of
   * DEFAULT_SETTINGS.
   */
  settings?: Record<string, unknown>;
  /** Where code-server's stdout/stderr go; default <userDataDir>/code-server.log. */
  logFile?: string;
  /** How long to wait for the server to answer; default 60 s. */
  timeoutMs?: number;
}

export interface CodeServer {
  /** Opens the workspace: http://127.0.0.1:PORT/?folder=<workspace>. */
  url: string;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  port: number;
  /** code-server's pid, which is also its process group id. */
  pid: number;
  logFile: string;
  /** Server log so far (for failure messages). */
  log(): string;
  /** Ends code-server and everything it started (extension host, pty host, language servers). */
  stop(): Promise<void>;
}

/**
 * Settings that make the UI deterministic for a test; `settings` passed to
 * startCodeServer override them.
 */
export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  // The Welcome page would take the editor area and focus.
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  // VS Code for the Web defaults to afterDelay; a test that edits a fixture
  // would otherwise rewrite it on disk behind its back.
  'files.autoSave': 'off',
  // The modal trust prompt would block every test that is not about trust.
  // Tests of Restricted Mode set this to true.
  'security.workspace.trust.enabled': false,
  // Hides the Copilot button in the title bar: noise in every screenshot.
  'chat.commandCenter.enabled': false,
};

/**
 * Starts code-server on a free port and waits until it answers.
 * Port 0 lets the kernel pick the port at bind time, so two test processes
 * cannot race for the same one; the chosen port is read from the log.
 */
export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const entry = ensureCodeServer();
  const workspace = resolve(options.workspace);
  const userDataDir = resolve(options.userDataDir);
  const extensionsDir = resolve(options.extensionsDir);
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (!existsSync(workspace)) throw new Error(`startCodeServer: workspace ${workspace} does not exist`);

  // code-server listens on <userDataDir>/code-server-ipc.sock, and a Unix
  // socket path longer than 107 bytes fails with an unhelpful EINVAL later.
  const socketPath = join(userDataDir, 'code-server-ipc.sock');
  if (Buffer.byteLength(socketPath) > 107) {
    throw new Error(`startCodeServer: userDataDir is too long for a Unix socket path (${socketPath}); use a shorter one, e.g. mkdtemp under /tmp`);
  }

  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2));
  const stateDir = join(userDataDir, 'code-server-state');
  const config = writeConfig(stateDir);
  const logFile = resolve(options.logFile ?? join(userDataDir, 'code-server.log'));
  mkdirSync(dirname(logFile), { recursive: true });

  const args = [
    entry,
    '--config', config,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--ignore-last-opened',
    workspace,
  ];
  const logStream = createWriteStream(logFile);
  let logText = '';
  // detached puts code-server in its own process group, so stop() can end the
  // extension host and everything else it spawned with one signal.
  const child = spawn(process.execPath, args, {
    env: codeServerEnv(stateDir),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const onData = (d: Buffer) => {
    logStream.write(d);
    // Only the start of the log is needed for the port; keep a bounded tail
    // for error messages so a chatty server does not grow memory.
    logText = (logText + d.toString()).slice(-200_000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);

  const pgid = child.pid;
  if (pgid === undefined) throw new Error('startCodeServer: spawn failed');
  // If the test process dies without calling stop(), the server must not
  // outlive it (it would hold the CI job open).
  const killOnExit = () => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', killOnExit);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolveExit) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolveExit();
    });
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await killGroup(pgid, exitPromise);
    process.removeListener('exit', killOnExit);
    await new Promise<void>((r) => logStream.end(r));
  };

  try {
    const port = await waitForPort(() => logText, () => exited, timeoutMs);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(baseUrl, () => exited, timeoutMs);
    return {
      url: `${baseUrl}/?folder=${encodeURIComponent(workspace)}`,
      baseUrl,
      port,
      pid: pgid,
      logFile,
      log: () => logText,
      stop,
    };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- code-server log (${logFile}) ---\n${tail(logText)}`);
  }
}

function tail(text: string, lines = 60): string {
  return text.split('\n').slice(-lines).join('\n');
}

async function waitForPort(
  log: () => string,
  exited: () => { code: number | null; signal: NodeJS.Signals | null } | undefined,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log());
    if (match) return Number(match[1]);
    const gone = exited();
    if (gone) throw new Error(`code-server exited before listening (code ${gone.code}, signal ${gone.signal})`);
    if (Date.now() > deadline) throw new Error(`code-server did not report a port within ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function waitForHealth(
  baseUrl: string,
  exited: () => { code: number | null; signal: NodeJS.Signals | null } | undefined,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const gone = exited();
    if (gone) throw new Error(`code-server exited while starting (code ${gone.code}, signal ${gone.signal})`);
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`code-server at ${baseUrl} did not answer /healthz within ${timeoutMs} ms (last: ${last})`);
    await sleep(200);
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM to the whole group lets code-server shut its extension host down
 * cleanly; whatever is still there after a grace period gets SIGKILL. Waits
 * until the group is empty, so a following test starts from a quiet machine.
 */
async function killGroup(pgid: number, exitPromise: Promise<void>): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      /* group already empty */
    }
  };
  // Sent even when code-server itself is gone: its children may not be.
  signal('SIGTERM');
  const graceEnd = Date.now() + 5_000;
  await Promise.race([exitPromise, sleep(5_000)]);
  while (groupAlive(pgid) && Date.now() < graceEnd) await sleep(100);
  if (groupAlive(pgid)) signal('SIGKILL');
  const killEnd = Date.now() + 5_000;
  while (groupAlive(pgid) && Date.now() < killEnd) await sleep(50);
  await Promise.race([exitPromise, sleep(1_000)]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for Debian's Chromium on a machine without a GPU or outside network:
 * --no-sandbox because the tests run as root, --disable-gpu because there is
 * none. The background-networking, component-update, sync and first-run
 * switches stop Chromium's own calls home, which this network refuses.
 * playwright-core 1.65 adds those four by default as well; they are listed
 * so the launch keeps them should that default change.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

export interface BrowserSession {
  page: Page;
  context: BrowserContext;
  browser: Browser;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** Default 1400x900: wide enough that the editor, side bar and panel all show. */
  viewport?: { width: number; height: number };
  /** Default true; set false (with a DISPLAY) to watch a test. */
  headless?: boolean;
}

/**
 * Launches Debian's Chromium through playwright-core (never a downloaded
 * browser) with a fresh profile, so browser-side state such as workspace
 * trust decisions and recently opened files does not leak between tests.
 */
export async function openBrowser(options: BrowserOptions = {}): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`openBrowser: ${CHROMIUM_PATH} not found (apt-get install chromium)`);
  // Chromium's crash handler writes under $XDG_CONFIG_HOME/chromium even with
  // a temporary profile; keep that out of the user's home.
  const home = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: options.headless ?? true,
    env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') },
    timeout: 60_000,
  });
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    await installEvaluateShim(context);
    const page = await context.newPage();
    let closed = false;
    return {
      page,
      context,
      browser,
      async close() {
        if (closed) return;
        closed = true;
        await browser.close();
        rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser.close();
    rmSync(home, { recursive: true, force: true });
    throw err;
  }
}

/** A short temp folder (Unix socket paths are limited) for one test's dirs. */
export function makeTempDir(prefix = 'e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Reads a file as UTF-8; convenient for asserting what a test saved. */
export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
