import * as vscode from 'vscode';
import { parseHttpFile } from '../../server/src/language/parse/httpFile';
import { fileVariables, mapSource } from '../../server/src/language/variables';
import { readConfig } from './config';
import { toCurl } from './curlCommand';
import { allowedToSend, askInEditor, pathFor, runInEditor, type Services } from './editorRun';
import { DEMO_ENDPOINTS, startDemoServer, type DemoServer } from './runner/demoServer';
import { runExchange } from './runner/exchange';
import { ConnectionPool } from './runner/pool';
import { prepareRequest } from './runner/prepare';
import { askPrompts } from './runner/prompts';
import { withRequestResults } from './runner/requestResults';
import { selectRequests } from './runner/runFile';
import type { PreparedRequest } from './runner/types';
import { dirname } from 'node:path';

/** The document and line a command is about: the code lens's arguments, else the active editor's cursor. */
async function target(uri?: unknown, position?: unknown): Promise<{ document: vscode.TextDocument; line: number } | undefined> {
  if (typeof uri === 'string' || uri instanceof vscode.Uri) {
    const document = await vscode.workspace.openTextDocument(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
    const line = typeof (position as { line?: unknown })?.line === 'number' ? (position as { line: number }).line : 0;
    return { document, line };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'http') {
    void vscode.window.showInformationMessage('HTTP Lens: open an .http file and put the cursor in a request.');
    return undefined;
  }
  return { document: editor.document, line: editor.selection.active.line };
}

export async function sendRequest(services: Services, uri?: unknown, position?: unknown): Promise<void> {
  const t = await target(uri, position);
  if (t) await runInEditor(services, t.document, { line: t.line }, 'Send Request');
}

export async function sendAllRequests(services: Services, uri?: unknown): Promise<void> {
  const t = await target(uri);
  if (t) await runInEditor(services, t.document, undefined, 'Send All');
}

export function cancelRequest(services: Services): void {
  const running = services.sessions.running();
  if (running.length === 0) {
    void vscode.window.showInformationMessage('HTTP Lens: no request is running.');
    return;
  }
  for (const s of running) s.running?.abort();
}

/** Prepares the request under the cursor exactly as Send Request would (variables resolved). */
async function prepareAtCursor(services: Services, uri?: unknown, position?: unknown): Promise<{ document: vscode.TextDocument; request: PreparedRequest } | undefined> {
  const t = await target(uri, position);
  if (!t) return undefined;
  const doc = parseHttpFile(t.document.getText());
  const chosen = selectRequests(doc, { line: t.line });
  if (typeof chosen === 'string') {
    void vscode.window.showWarningMessage(`HTTP Lens: ${chosen}.`);
    return undefined;
  }
  // The request as it would be sent: its `# @prompt` answers over the file's own variables, over the selected
  // environment; request variables from requests already sent in this file's session resolve too.
  const answers = await askPrompts(chosen[0]!, askInEditor);
  if (typeof answers === 'string') {
    void vscode.window.showWarningMessage(`HTTP Lens: ${answers}.`);
    return undefined;
  }
  const { environment, system } = services.environments.variablesFor(t.document);
  const variables = withRequestResults(mapSource(new Map([...environment, ...fileVariables(doc), ...answers]), system), services.sessions.get(t.document.uri.toString()).results);
  const prepared = prepareRequest(chosen[0]!, { variables, baseDir: dirname(pathFor(t.document)), insecure: readConfig(t.document.uri).run.insecure });
  if (!prepared.ok) {
    void vscode.window.showWarningMessage(`HTTP Lens: ${prepared.error.message}`);
    return undefined;
  }
  return { document: t.document, request: prepared.request };
}

export async function copyAsCurl(services: Services): Promise<void> {
  const p = await prepareAtCursor(services);
  if (!p) return;
  await vscode.env.clipboard.writeText(toCurl(p.request));
  void vscode.window.showInformationMessage('HTTP Lens: the request is on the clipboard as a curl command.');
}

export async function inspectClipboard(): Promise<void> {
  const text = await vscode.env.clipboard.readText();
  if (!text.trim()) {
    void vscode.window.showInformationMessage('HTTP Lens: the clipboard is empty. Copy a header dump (curl -v, a browser, Wireshark) first.');
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'http-message', content: text });
  await vscode.window.showTextDocument(document);
}

/**
 * Sends the request under the cursor N times reusing one connection, then N times each on a new connection
 * (`Connection: close`), and charts the latencies: what keep-alive is worth for this server.
 */
export async function compareKeepAlive(services: Services): Promise<void> {
  const p = await prepareAtCursor(services);
  if (!p || !(await allowedToSend(`${p.request.method} ${p.request.url.href} ${readConfig(p.document.uri).compareRequests * 2} times`))) return;
  const config = readConfig(p.document.uri);
  const n = config.compareRequests;
  const withOption = (option: string): PreparedRequest => ({
    ...p.request,
    headers: [...p.request.headers.filter(([name]) => name.toLowerCase() !== 'connection'), ['Connection', option]],
  });
  const keep = p.request.version === 'HTTP/1.0' ? withOption('keep-alive') : p.request;
  const close = withOption('close');
  const result = { url: p.request.url.href, keepAlive: [] as number[], fresh: [] as number[], errors: [] as string[] };
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `HTTP Lens: comparing keep-alive with new connections (${n} + ${n} requests)`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const options = { ...config.run, signal: controller.signal };
    const pool = new ConnectionPool();
    try {
      for (let i = 0; i < n && !token.isCancellationRequested; i++) {
        const r = await runExchange(pool, keep, i, options);
        if (r.error) result.errors.push(`keep-alive #${i + 1}: ${r.error.message}`);
        else result.keepAlive.push(r.timings!.total);
        progress.report({ increment: 50 / n });
      }
    } finally {
      pool.closeAll();
    }
    for (let i = 0; i < n && !token.isCancellationRequested; i++) {
      const fresh = new ConnectionPool();
      try {
        const r = await runExchange(fresh, close, i, options);
        if (r.error) result.errors.push(`new connection #${i + 1}: ${r.error.message}`);
        else result.fresh.push(r.timings!.total);
      } finally {
        fresh.closeAll();
      }
      progress.report({ increment: 50 / n });
    }
  });
  services.output.info(`compare ${result.url}: keep-alive ${result.keepAlive.map((v) => v.toFixed(2)).join(' ')} ms; new connections ${result.fresh.map((v) => v.toFixed(2)).join(' ')} ms`);
  services.panels.show(p.document.uri, { exchanges: [], compare: result });
}

/** The embedded demo server: one per window, stopped with the extension. */
export class Playground implements vscode.Disposable {
  private server: DemoServer | undefined;

  async start(): Promise<void> {
    this.server ??= await startDemoServer();
    const url = this.server.url;
    const content = [
      `# The HTTP Lens playground is running at ${url} (it stops when the window closes).`,
      '# Click "Send Request" above each request and watch the connection panel: new, or reused, and why.',
      '',
      `@base = ${url}`,
      '',
      ...DEMO_ENDPOINTS.flatMap((e) => [`### ${e.what}`, `GET {{base}}${e.path}`, '']),
      '### HTTP/1.0 with keep-alive, twice: the second one reuses the connection',
      'GET {{base}}/http10-keep-alive HTTP/1.0',
      'Connection: keep-alive',
      '',
      '###',
      'GET {{base}}/http10-keep-alive HTTP/1.0',
      'Connection: keep-alive',
      '',
    ].join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'http', content });
    await vscode.window.showTextDocument(document);
    void vscode.window.showInformationMessage(`HTTP Lens playground: ${url}`);
  }

  get url(): string | undefined {
    return this.server?.url;
  }

  dispose(): void {
    void this.server?.close();
    this.server = undefined;
  }
}
