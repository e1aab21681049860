import { readFileSync } from 'node:fs';
import { lintCommand, type Io } from './cli/lintCommand';
import { playgroundCommand } from './cli/playgroundCommand';
import { runCommand } from './cli/runCommand';
import { styleFor } from './cli/style';
import { USAGE, UsageError } from './cli/usage';

/** The terminal client. Every command returns its exit status; nothing here calls process.exit early. */
export async function main(argv: readonly string[], io: Io, signal?: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return lintCommand(rest, io);
      case 'run':
        return await runCommand(rest, io, signal);
      case 'playground':
        return await playgroundCommand(rest, io, signal);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`http-lens: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  // `http-lens lint x | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const io: Io = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin: () => readFileSync(0, 'utf8'),
    style: styleFor(process.stdout),
  };
  // Ctrl+C cancels what is running (a request, the playground) and lets it clean up; a second one quits.
  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    interrupt.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  main(process.argv.slice(2), io, interrupt.signal).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`http-lens: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 3;
    },
  );
}
