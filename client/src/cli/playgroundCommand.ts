import { DEMO_ENDPOINTS, startDemoServer } from '../runner/demoServer';
import type { Io } from './lintCommand';
import { runCommand } from './runCommand';
import { UsageError, parseArgs } from './usage';

/**
 * `http-lens playground [--port N] [--host H] [--run <file.http>...]`: runs the demo server until
 * interrupted, or runs the given files against it and stops.
 */
export async function playgroundCommand(argv: readonly string[], io: Io, signal?: AbortSignal): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['--port', '--host'], ['--run']);
  if (positionals.length && !options.has('--run')) throw new UsageError('playground takes files only with --run');
  const port = options.has('--port') ? Number(options.get('--port')) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not ${options.get('--port')}`);
  const server = await startDemoServer({ port, host: options.get('--host') ?? '127.0.0.1' });
  if (options.has('--run')) {
    let status = 0;
    try {
      for (const file of positionals) {
        io.stdout(io.style.bold(`\n${file} against the playground at ${server.url}\n\n`));
        status = Math.max(status, await runCommand([file, '--var', `base=${server.url}`], io, signal));
      }
    } finally {
      await server.close();
    }
    return status;
  }
  io.stdout(`HTTP Lens playground on ${server.url}\n\n${DEMO_ENDPOINTS.map((e) => `  ${server.url}${e.path.padEnd(22)} ${e.what}`).join('\n')}\n\nCtrl+C stops it.\n`);
  await new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  return 0;
}
