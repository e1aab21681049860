import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { cancelRequest, compareKeepAlive, copyAsCurl, inspectClipboard, Playground, sendAllRequests, sendRequest } from './commands';
import { readConfig } from './config';
import type { Services } from './editorRun';
import { SELECT_ENVIRONMENT, type SelectEnvironmentParams } from '../../server/src/protocol';
import { EnvironmentPicker } from './environmentPicker';
import { createLanguageClient } from './languageClient';
import { pasteCurlAsRequest } from './pasteCurl';
import { RunSessions } from './runSessions';
import { ResponsePanels } from './view/responsePanel';
import { StatusBar } from './view/statusBar';

/** What the extension returns from activate(): for tests and for other extensions. */
export interface HttpLensApi {
  /** The HTML of the response view last rendered for a file. */
  responseHtml(uri: string): string | undefined;
  playgroundUrl(): string | undefined;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): HttpLensApi {
  const output = vscode.window.createOutputChannel('HTTP Lens', { log: true });
  const sessions = new RunSessions();
  const panels = new ResponsePanels(() => readConfig());
  const status = new StatusBar();
  const playground = new Playground();
  const environments = new EnvironmentPicker(context.workspaceState);
  const services: Services = { output, sessions, panels, status, environments };
  context.subscriptions.push(output, sessions, panels, status, playground, environments);

  const command = (id: string, run: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await run(...args);
      } catch (err) {
        output.error(`${id} failed: ${(err as Error).stack ?? String(err)}`);
        void vscode.window.showErrorMessage(`HTTP Lens: ${(err as Error).message}`);
      }
    }));
  command('httpLens.sendRequest', (uri, position) => sendRequest(services, uri, position));
  command('httpLens.sendAllRequests', (uri) => sendAllRequests(services, uri));
  command('httpLens.cancelRequest', () => cancelRequest(services));
  command('httpLens.compareKeepAlive', () => compareKeepAlive(services));
  command('httpLens.inspectClipboard', () => inspectClipboard());
  command('httpLens.copyAsCurl', () => copyAsCurl(services));
  command('httpLens.startPlayground', () => playground.start());
  command('httpLens.showOutput', () => output.show(true));
  command('httpLens.selectEnvironment', () => environments.pick());
  command('httpLens.pasteCurlAsRequest', () => pasteCurlAsRequest());

  context.subscriptions.push(vscode.workspace.onDidCloseTextDocument((d) => {
    if (d.languageId === 'http' && d.isClosed) sessions.close(d.uri.toString());
  }));

  // Started, not awaited: activation stays fast, and the editor works while the server comes up.
  client = createLanguageClient(context, output, () => environments.selected);
  context.subscriptions.push(environments.onDidChange((name) => {
    sessions.forgetResults();
    void client?.sendNotification(SELECT_ENVIRONMENT, { name } satisfies SelectEnvironmentParams);
  }));
  client.start().catch((err: unknown) => {
    output.error(`the HTTP Lens language server did not start: ${String(err)}`);
    void vscode.window.showErrorMessage('HTTP Lens: the language server did not start, so files are not linted. See the HTTP Lens output.', 'Show Output').then((pick) => {
      if (pick) output.show();
    });
  });

  return { responseHtml: (uri) => panels.lastHtml.get(uri), playgroundUrl: () => playground.url };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
