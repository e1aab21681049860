import { readFileSync } from 'node:fs';
import type { Io } from './cli/lintCommand';
import { styleFor } from './cli/style';
import { USAGE, UsageError } from './cli/usage';

/**
 * The terminal client. Every command returns its exit status; nothing here calls process.exit early.
 * Each command's code is loaded when it is chosen: `run` does not pay for the linter's rules, nor `lint`
 * for the runner, and a short run is mostly start-up.
 */
export async function main(argv: readonly string[], io: Io, signal?: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return (await import('./cli/lintCommand')).lintCommand(rest, io);
      case 'run':
        return await (await import('./cli/runCommand')).runCommand(rest, io, signal);
      case 'playground':
        return await (await import('./cli/playgroundCommand')).playgroundCommand(rest, io, signal);
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

/**
 * Standard output as the commands write it. A terminal gets each piece at once; a file or a pipe gets them
 * gathered, at most 50 ms late: `run` writes a report per request, and a write per report came to about a
 * tenth of a run of small requests.
 */
function stdoutWriter(stream: NodeJS.WriteStream): { write(s: string): void; flush(): void } {
  if (stream.isTTY) return { write: (s) => void stream.write(s), flush: () => {} };
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    stream.write(pending.join(''));
    pending = [];
  };
  return {
    write(s) {
      pending.push(s);
      timer ??= setTimeout(flush, 50);
    },
    flush,
  };
}

if (require.main === module) {
  // `http-lens lint x | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const out = stdoutWriter(process.stdout);
  const io: Io = {
    stdout: out.write,
    // What went to standard output before stays before, when both go to the same place.
    stderr: (s) => {
      out.flush();
      process.stderr.write(s);
    },
    readStdin: () => readFileSync(0, 'utf8'),
    style: styleFor(process.stdout),
  };
  // Ctrl+C cancels what is running (a request, the playground) and lets it clean up; a second one quits.
  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    interrupt.abort();
    process.once('SIGINT', () => {
      out.flush();
      process.exit(130);
    });
  });
  main(process.argv.slice(2), io, interrupt.signal)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err: unknown) => {
        out.flush();
        process.stderr.write(`http-lens: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
        process.exitCode = 3;
      },
    )
    .finally(out.flush);
}
