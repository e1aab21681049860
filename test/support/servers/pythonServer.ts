// Python's http.server as an independent HTTP/1.0 and HTTP/1.1 implementation.
// BaseHTTPRequestHandler answers HTTP/1.0 unless the handler class sets
// protocol_version = "HTTP/1.1"; only then does it keep connections open.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  childServer,
  DEFAULT_START_TIMEOUT_MS,
  describeExit,
  findExecutable,
  makeTempDir,
  removeDir,
  sleep,
  spawnManaged,
  FixtureTimeoutError,
  type LoopbackHost,
  type RunningServer,
} from './common';

export type PythonProtocol = 'HTTP/1.0' | 'HTTP/1.1';

export interface PythonLogEntry {
  remotePort: number;
  /** 1-based, in accept order (one handler instance per connection). */
  connection: number;
  requestsOnConnection: number;
  request: string;
}

export interface PythonServerOptions {
  protocol?: PythonProtocol;
  host?: LoopbackHost;
  /** Idle seconds before the handler drops a kept-alive connection. */
  idleTimeoutSeconds?: number;
  startTimeoutMs?: number;
  python?: string;
}

export type PythonServer = RunningServer<PythonLogEntry>;

export const PYTHON_BODY = 'ok\n';

// The handler logs before responding, so the entry exists by the time the
// client has its answer. Port 0: the kernel picks, and the script reports it.
const HANDLER_SCRIPT = String.raw`
import http.server, itertools, json, socket, sys, threading

host, protocol, log_path, idle = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
counter = itertools.count(1)
log_lock = threading.Lock()
log_file = open(log_path, "a", buffering=1)
BODY = b"ok\n"

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = protocol
    timeout = idle

    def setup(self):
        super().setup()
        self.lens_connection = next(counter)
        self.lens_requests = 0

    def lens_log(self):
        self.lens_requests += 1
        entry = {
            "remotePort": self.client_address[1],
            "connection": self.lens_connection,
            "requestsOnConnection": self.lens_requests,
            "request": self.requestline,
        }
        with log_lock:
            log_file.write(json.dumps(entry) + "\n")

    def do_GET(self):
        self.lens_log()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def do_HEAD(self):
        self.lens_log()
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()

    def log_message(self, format, *args):
        pass

class Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
    daemon_threads = True

server = Server((host, 0), Handler)
print("LISTENING %d" % server.server_address[1], flush=True)
server.serve_forever()
`;

export async function startPythonServer(options: PythonServerOptions = {}): Promise<PythonServer> {
  const protocol = options.protocol ?? 'HTTP/1.0';
  const host = options.host ?? '127.0.0.1';
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const python = options.python ?? findExecutable(['python3']);
  if (python === undefined) throw new Error('python3 not found on PATH');

  const dir = await makeTempDir('python');
  const script = path.join(dir, 'lens_server.py');
  const logFile = path.join(dir, 'requests.jsonl');
  await writeFile(script, HANDLER_SCRIPT);
  const child = spawnManaged(python, ['-u', script, host, protocol, logFile, String(options.idleTimeoutSeconds ?? 5)], {
    cwd: dir,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });

  let port: number | undefined;
  const deadline = Date.now() + timeoutMs;
  while (port === undefined) {
    const match = /LISTENING (\d+)/.exec(child.output());
    if (match) {
      port = Number(match[1]);
      break;
    }
    const failure = describeExit(child);
    const timedOut = Date.now() > deadline;
    if (failure !== undefined || timedOut) {
      await child.stop();
      await removeDir(dir);
      if (timedOut) throw new FixtureTimeoutError(`python ${protocol} server did not report its port within ${timeoutMs} ms; output:\n${child.output()}`);
      throw new Error(`python ${protocol} server failed to start: ${failure}`);
    }
    await sleep(25);
  }

  return childServer(`python-${protocol}`, host, port, dir, child, logFile, parsePythonLog);
}

export function parsePythonLog(text: string): PythonLogEntry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as PythonLogEntry);
}
