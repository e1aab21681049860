import { tmpdir } from 'node:os';
import * as vscode from 'vscode';
import type { EnvironmentPicker } from './environmentPicker';
import { parseHttpFile } from '../../server/src/language/parse/httpFile';
import type { ParsedDocument, RequestBlock } from '../../server/src/language/parse/types';
import { looksSecret } from '../../server/src/language/secrets';
import { fileVariables, mapSource } from '../../server/src/language/variables';
import { dirname } from 'node:path';
import { prepareRequest } from './runner/prepare';
import { withRequestResults, type RequestResults } from './runner/requestResults';
import { readConfig } from './config';
import { logExchange } from './exchangeLog';
import { runFile, selectRequests, type Selection } from './runner/runFile';
import type { ExchangeReport } from './runner/types';
import type { RunSessions } from './runSessions';
import type { ResponsePanels } from './view/responsePanel';
import type { StatusBar } from './view/statusBar';

export interface Services {
  readonly output: vscode.LogOutputChannel;
  readonly sessions: RunSessions;
  readonly panels: ResponsePanels;
  readonly status: StatusBar;
  readonly environments: EnvironmentPicker;
}

/** Where `< ./file` bodies are read from: the file's folder, or for an untitled file the workspace or temp folder. */
export function pathFor(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'file') return document.uri.fsPath;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? tmpdir();
  return `${folder}/untitled.http`;
}

/**
 * In a workspace the user has not trusted, requests are not sent without asking: a file from elsewhere
 * could point at internal services. Linting needs no trust and always runs.
 */
export async function allowedToSend(what: string, destinations: readonly string[] = []): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const send = 'Send';
  // Where the request really goes, variables resolved: an environment file from elsewhere could point it anywhere.
  const shown = destinations.slice(0, 5).join('\n') + (destinations.length > 5 ? `\n… and ${destinations.length - 5} more` : '');
  const answer = await vscode.window.showWarningMessage(
    `This workspace is in Restricted Mode. Send ${what} anyway?`,
    {
      modal: true,
      detail: `${shown ? `It goes to:\n${shown}\n\n` : ''}HTTP Lens only sends requests from untrusted workspaces after you confirm. Trust the workspace to stop this question.`,
    },
    send,
  );
  return answer === send;
}

/** Answers `# @prompt name [description]`; a name that looks like a secret is typed without echo. */
export async function askInEditor(name: string, description: string | undefined): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `HTTP Lens: ${name}`,
    prompt: description ?? `Value for {{${name}}}`,
    password: looksSecret(name),
    ignoreFocusOut: true,
  });
}

/** `METHOD url` of each request as it would be sent, for the Restricted Mode question; the target as written when it cannot be resolved yet. */
function destinations(doc: ParsedDocument, chosen: readonly RequestBlock[], document: vscode.TextDocument, services: Services, results: RequestResults): string[] {
  const { environment, system } = services.environments.variablesFor(document);
  const variables = withRequestResults(mapSource(new Map([...environment, ...fileVariables(doc)]), system), results);
  return chosen.map((block) => {
    const prepared = prepareRequest(block, { variables, baseDir: dirname(pathFor(document)) });
    if (prepared.ok) return `${prepared.request.method} ${prepared.request.url.href}`;
    const start = block.message.start;
    return start?.kind === 'request' ? `${start.method} ${start.target} (not resolved: ${prepared.error.message})` : prepared.error.message;
  });
}

/**
 * Runs requests of an .http document over the file's session pool, showing progress (with Cancel) when it
 * takes more than a second, and reporting each exchange to the output channel, status bar and response view.
 */
export async function runInEditor(services: Services, document: vscode.TextDocument, select: Selection | undefined, title: string): Promise<ExchangeReport[]> {
  const doc: ParsedDocument = parseHttpFile(document.getText());
  const chosen = selectRequests(doc, select);
  if (typeof chosen === 'string' || chosen.length === 0) {
    void vscode.window.showWarningMessage(`HTTP Lens: ${typeof chosen === 'string' ? chosen : 'this file holds no requests'}.`);
    return [];
  }
  const where = chosen.length === 1 ? `${chosen[0]!.message.start?.kind === 'request' ? `${chosen[0]!.message.start.method} ${chosen[0]!.message.start.target}` : 'the request'}` : `${chosen.length} requests`;
  const session = services.sessions.get(document.uri.toString());
  if (!vscode.workspace.isTrusted && !(await allowedToSend(where, destinations(doc, chosen, document, services, session.results)))) return [];

  session.running?.abort();
  const controller = new AbortController();
  session.running = controller;
  const config = readConfig(document.uri);
  const variables = services.environments.variablesFor(document);
  const reports: ExchangeReport[] = [];
  const keepEarlier = select === undefined ? [] : session.reports;
  services.status.running(`${title}: ${where}`);
  services.panels.show(document.uri, { exchanges: keepEarlier, running: `Sending ${where}…` });

  // The notification appears only for a run that takes more than a second, and goes when the run ends.
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const progress = setTimeout(() => {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `HTTP Lens: ${where}`, cancellable: true }, (_p, token) => {
      token.onCancellationRequested(() => controller.abort());
      return finished;
    });
  }, 1000);

  try {
    const firstIndex = keepEarlier.length ? keepEarlier[keepEarlier.length - 1]!.index + 1 : 0;
    for await (const report of runFile(doc, {
      ...config.run,
      path: pathFor(document),
      select,
      pool: session.pool,
      cookies: session.cookies,
      results: session.results,
      environment: variables.environment,
      system: variables.system,
      prompt: askInEditor,
      signal: controller.signal,
      firstIndex,
    })) {
      reports.push(report);
      logExchange(services.output, report, config.redactSecrets);
      services.status.show(report);
      services.panels.show(document.uri, { exchanges: [...keepEarlier, ...reports].slice(-50) });
    }
  } catch (err) {
    services.output.error(`run failed: ${(err as Error).stack ?? String(err)}`);
    void vscode.window.showErrorMessage(`HTTP Lens: ${(err as Error).message}`);
  } finally {
    finish();
    clearTimeout(progress);
    if (session.running === controller) session.running = undefined;
  }
  session.reports = [...keepEarlier, ...reports].slice(-50);
  return reports;
}
