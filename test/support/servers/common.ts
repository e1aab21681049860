// Shared plumbing for the real-server fixtures: temp dirs, ports, readiness,
// child-process lifetime. Node built-ins only.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type LoopbackHost = '127.0.0.1' | '::1';

/** What every fixture hands back. `E` is the server's own parsed log entry. */
export interface RunningServer<E> {
  readonly name: string;
  readonly host: LoopbackHost;
  readonly port: number;
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The fixture's private temporary directory (configs, logs, pid files). */
  readonly dir: string;
  /** For servers run as a child process: its pid, which is also its process group id. */
  readonly pid?: number;
  /** Idempotent: closes every connection, kills a child server's whole process group, removes `dir`. */
  stop(): Promise<void>;
  /**
   * The server's own record of the requests it served. Servers write their
   * log line after the response has gone out, so a client can be faster than
   * the log: `atLeast` polls until that many entries exist (or `timeoutMs`).
   */
  readLog(options?: ReadLogOptions): Promise<E[]>;
}

export interface ReadLogOptions {
  atLeast?: number;
  timeoutMs?: number;
}

export const DEFAULT_START_TIMEOUT_MS = 10_000;
export const DEFAULT_STOP_TIMEOUT_MS = 5_000;

export function hostForUrl(host: LoopbackHost): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function originOf(scheme: 'http' | 'https', host: LoopbackHost, port: number): string {
  return `${scheme}://${hostForUrl(host)}:${port}`;
}

export class FixtureTimeoutError extends Error {
  override readonly name = 'FixtureTimeoutError';
}

export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FixtureTimeoutError(`${what}: timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fresh directory under the OS temp dir. mkdtemp makes it 0700; servers that
 * drop privileges (Apache's workers run as www-data) must be able to traverse
 * and read it, so `worldReadable` opens it to 0755 — and, should TMPDIR sit
 * somewhere others cannot enter (say under /root), falls back to /tmp.
 */
export async function makeTempDir(prefix: string, worldReadable = false): Promise<string> {
  let base = os.tmpdir();
  if (worldReadable && !traversableByAll(base)) base = '/tmp';
  const dir = await mkdtemp(path.join(base, `http-lens-${prefix}-`));
  liveDirs.add(dir);
  installExitHook();
  if (worldReadable) await chmod(dir, 0o755);
  return dir;
}

function traversableByAll(dir: string): boolean {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (current === path.dirname(current)) return true;
  }
}

/** HTTP_LENS_KEEP_SERVER_DIRS=1 keeps them, configs and logs, for a post-mortem. */
export async function removeDir(dir: string): Promise<void> {
  liveDirs.delete(dir);
  if (process.env.HTTP_LENS_KEEP_SERVER_DIRS === '1') return;
  await rm(dir, { recursive: true, force: true });
}

/**
 * A port that was free a moment ago. External servers (nginx, Apache) cannot
 * report a kernel-chosen port back to us, so there is a window in which
 * something else may take it; callers retry on "address in use".
 */
export function pickFreePort(host: LoopbackHost): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen({ host, port: 0, exclusive: true }, () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error(`could not read the probe port on ${host}`));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}

/**
 * Whether something is listening on host:port, read from /proc/net/tcp{,6}.
 * Readiness is checked this way rather than by connecting, because a probe
 * connection would count as a connection in the server's own numbering
 * (nginx's `$connection`) and could show up in its logs.
 */
export function isListening(host: LoopbackHost, port: number): boolean | undefined {
  const file = host.includes(':') ? '/proc/net/tcp6' : '/proc/net/tcp';
  if (!existsSync(file)) return undefined;
  const wantPort = port.toString(16).toUpperCase().padStart(4, '0');
  const lines = readFileSync(file, 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4) continue;
    const [, local, , state] = cols;
    // 0A is TCP_LISTEN.
    if (state === '0A' && local!.endsWith(`:${wantPort}`)) return true;
  }
  return false;
}

function connectOnce(host: LoopbackHost, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Waits until the port listens. `failed` is polled too, so a server that dies
 * at startup (bad config, port taken) is reported at once instead of after the
 * whole timeout. `pidFile`, when given, must exist as well: nginx and Apache
 * write it only after binding, which tells their own socket apart from a
 * stranger that grabbed the port between pickFreePort() and the bind.
 */
export async function waitForListening(
  host: LoopbackHost,
  port: number,
  timeoutMs: number,
  what: string,
  failed: () => string | undefined,
  pidFile?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = failed();
    if (failure !== undefined) throw new Error(`${what} failed to start: ${failure}`);
    const bound = pidFile === undefined || existsSync(pidFile);
    const listening = bound && (isListening(host, port) ?? (await connectOnce(host, port)));
    if (listening) return;
    if (Date.now() > deadline) {
      throw new FixtureTimeoutError(`${what} did not listen on ${hostForUrl(host)}:${port} within ${timeoutMs} ms`);
    }
    await sleep(50);
  }
}

/** The first candidate that is an executable file (bare names are looked up on PATH), or undefined. */
export function findExecutable(candidates: readonly string[]): string | undefined {
  const isExecutable = (file: string): boolean => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  const searchPath = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  for (const candidate of candidates) {
    if (candidate.includes('/')) {
      if (isExecutable(candidate)) return candidate;
      continue;
    }
    for (const dir of searchPath) {
      const file = path.join(dir, candidate);
      if (isExecutable(file)) return file;
    }
  }
  return undefined;
}

/**
 * Whether any process of the group still runs. Zombies don't count: a master
 * whose parent died is reparented to PID 1, which may take a moment to reap
 * it, and a zombie holds no port and does no work.
 */
export function processGroupAlive(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces, so split after ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
  }
  return false;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

// ---------------------------------------------------------------------------
// Child processes

/**
 * Children are started in their own process group so that stop() can take the
 * master and all its workers down together. Whatever is still alive when this
 * Node process exits (a crashed test, a forgotten stop) is killed here, since
 * detached groups would otherwise outlive the test run; their directories go
 * with them.
 */
const liveGroups = new Set<number>();
const liveDirs = new Set<string>();
let exitHookInstalled = false;

function killLiveGroups(): void {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  liveGroups.clear();
  if (process.env.HTTP_LENS_KEEP_SERVER_DIRS === '1') return;
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
  liveDirs.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killLiveGroups);
  // 'exit' does not run when a signal ends the process (Ctrl-C, the test
  // runner's SIGTERM on timeout). Clean up, then let the signal do what it
  // would have done had nobody listened.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killLiveGroups();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

export interface ManagedChild {
  readonly process: ChildProcess;
  readonly pid: number;
  /** stdout + stderr as received so far (capped). */
  output(): string;
  /** Set once the process has exited. */
  exitInfo(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Idempotent: SIGTERM to the group, SIGKILL after `graceMs`, waits for exit. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_CAP = 64 * 1024;

export function spawnManaged(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): ManagedChild {
  installExitHook();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    if (output.length < OUTPUT_CAP) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once('error', (error) => {
      spawnError = error;
      exited ??= { code: null, signal: null };
      resolve();
    });
  });
  const pid = child.pid;
  // Stays registered after the leader exits: a worker could outlive it, and
  // only stop() sweeps the group.
  if (pid !== undefined) liveGroups.add(pid);

  let stopping: Promise<void> | undefined;
  const killGroup = (signal: NodeJS.Signals): void => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the whole group is gone.
    }
  };

  return {
    process: child,
    pid: pid ?? -1,
    output: () => (spawnError ? `${output}\n${spawnError.message}` : output),
    exitInfo: () => exited,
    stop(graceMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
      stopping ??= (async () => {
        if (exited === undefined) killGroup('SIGTERM');
        const graceful = await Promise.race([exitPromise.then(() => true), sleep(graceMs).then(() => false)]);
        if (!graceful) {
          killGroup('SIGKILL');
          await withTimeout(exitPromise, graceMs, `${command} did not exit after SIGKILL`);
        }
        // Workers that outlived their master (they should not) go now too.
        killGroup('SIGKILL');
        if (pid !== undefined) liveGroups.delete(pid);
      })();
      return stopping;
    },
  };
}

export function describeExit(child: ManagedChild): string | undefined {
  const info = child.exitInfo();
  if (info === undefined) return undefined;
  const how = info.signal !== null ? `signal ${info.signal}` : `exit code ${info.code}`;
  const output = child.output().trim();
  return `${how}${output ? `; output:\n${output}` : ''}`;
}

/** Reads a text file, or '' if it does not exist yet. */
export async function readTextIfExists(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Shared polling for `readLog({ atLeast })`. */
export async function pollLog<E>(read: () => Promise<E[]>, options: ReadLogOptions | undefined, what: string): Promise<E[]> {
  const atLeast = options?.atLeast ?? 0;
  const deadline = Date.now() + (options?.timeoutMs ?? 3_000);
  for (;;) {
    const entries = await read();
    if (entries.length >= atLeast) return entries;
    if (Date.now() > deadline) {
      throw new FixtureTimeoutError(`${what}: expected at least ${atLeast} log entries, found ${entries.length}: ${JSON.stringify(entries)}`);
    }
    await sleep(25);
  }
}

/**
 * Retries a start on "address in use" — the window left open by
 * pickFreePort(). Other failures are reported at once.
 */
export async function startWithPortRetry<T>(
  attempt: (port: number) => Promise<T>,
  host: LoopbackHost,
  what: string,
  attempts = 3,
  pick: (host: LoopbackHost) => Promise<number> = pickFreePort,
): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    const port = await pick(host);
    try {
      return await attempt(port);
    } catch (error) {
      lastError = error;
      if (!/address already in use|EADDRINUSE/i.test(String((error as Error).message))) throw error;
    }
  }
  throw new Error(`${what}: address in use on each of ${attempts} attempt(s): ${(lastError as Error).message}`);
}

/** Makes a fixture's stop() idempotent, including under concurrent calls. */
export function onceStop(work: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= work();
    return stopping;
  };
}

/**
 * A server run as a child process that logs one line per request to `logFile`: stopping it kills its group,
 * keeps the last log for later readLog() calls, and removes its folder.
 */
export function childServer<E>(
  name: string, host: LoopbackHost, port: number, dir: string, child: ManagedChild, logFile: string, parse: (text: string) => E[],
): RunningServer<E> {
  let finalLog: string | undefined;
  const read = async (): Promise<E[]> => parse(finalLog ?? (await readTextIfExists(logFile)));
  return {
    name,
    host,
    port,
    url: originOf('http', host, port),
    dir,
    pid: child.pid,
    stop: onceStop(async () => {
      try {
        await child.stop();
        finalLog = await readTextIfExists(logFile);
      } finally {
        await removeDir(dir);
      }
    }),
    readLog: (opts?: ReadLogOptions) => pollLog(read, opts, `${name} log`),
  };
}
