import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const LANGUAGES = ['http', 'http-message'] as const;

/** The language client for `dist/server.js`, spoken to over IPC. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [{ language, scheme: 'file' }, { language, scheme: 'untitled' }]),
    synchronize: { configurationSection: 'httpLens' },
    outputChannel: output,
    initializationOptions: { settings: vscode.workspace.getConfiguration('httpLens') },
  };
  return new LanguageClient('httpLens', 'HTTP Lens', serverOptions, clientOptions);
}
