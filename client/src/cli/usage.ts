/** A mistake in how the CLI was called: reported with the usage and exit status 2. */
export class UsageError extends Error {}

export const USAGE = `Usage:
  http-lens lint <file|-> ... [--json] [--as http|message] [--hints] [--env NAME]
  http-lens run <file.http> [--json] [--request N | --name X] [--repeat N] [--env NAME]
                [--var name=value]... [--prompt name=value]... [--no-redirect] [--insecure] [--timeout S]
  http-lens playground [--port N] [--host H] [--run <file.http>...]

lint   finds what is wrong in .http request files and raw HTTP dumps, and predicts
       whether each connection persists. "-" reads standard input. Files ending in
       .http or .rest are request files; anything else is a message dump, unless
       --as says otherwise. Exit status: 1 when there is an error, else 0.
run    sends the requests of an .http file in order over one connection pool and
       reports, for each, whether the connection was new or reused, and why.
       Redirects are followed (up to 10; --no-redirect, or # @no-redirect on a
       request, stops at the 3xx), each hop reported as an exchange of its own.
       Cookies the responses set are sent back for the rest of the run. --env picks
       an environment of http-client.env.json (the file's @variables and --var win).
       --prompt answers a request's # @prompt; without it, the question is asked
       when standard input is a terminal. Exit status: 1 when a request failed, else 0.
playground  starts the demo server on 127.0.0.1 (an ephemeral port unless --port). With
       --run, runs the given files against it (their {{base}} set to its URL), then stops.

Exit status 2 means the command line or a file could not be used.`;

/** Splits argv into positionals and `--flag [value]` options; flags listed in `withValue` take one. */
export function parseArgs(argv: readonly string[], withValue: readonly string[], flags: readonly string[]): {
  positionals: string[];
  options: Map<string, string>;
  /** Every value of options given more than once (`--var a=1 --var b=2`). */
  repeated: Map<string, string[]>;
} {
  const positionals: string[] = [];
  const options = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (withValue.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      options.set(name, value);
      repeated.set(name, [...(repeated.get(name) ?? []), value]);
    } else if (flags.includes(name) && eq < 0) {
      options.set(name, 'true');
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { positionals, options, repeated };
}

/** Why a file could not be read, in words: the common causes named, anything else as Node says it. */
export function readFailure(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'it is a directory';
    case 'EACCES': return 'permission denied';
    default: return (err as Error).message;
  }
}
