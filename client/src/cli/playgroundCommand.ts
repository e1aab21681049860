import { DEMO_ENDPOINTS, startDemoServer } from '../runner/demoServer';
import type { Io } from './lintCommand';
import { UsageError, parseArgs } from './usage';

/** `http-lens playground [--port N] [--host H]`: runs the demo server until interrupted. */
export async function playgroundCommand(argv: readonly string[], io: Io, signal?: AbortSignal): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['--port', '--host'], []);
  if (positionals.length) throw new UsageError('playground takes no file');
  const port = options.has('--port') ? Number(options.get('--port')) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not ${options.get('--port')}`);
  const server = await startDemoServer({ port, host: options.get('--host') ?? '127.0.0.1' });
  io.stdout(`HTTP Lens playground on ${server.url}\n\n${DEMO_ENDPOINTS.map((e) => `  ${server.url}${e.path.padEnd(22)} ${e.what}`).join('\n')}\n\nCtrl+C stops it.\n`);
  await new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  return 0;
}
