import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV } from '../../server/src/launch';

export const LANGUAGES = ['http', 'http-message'] as const;

/** The language client for `dist/server.js`, spoken to over IPC. */
/** `environment` is asked each time the server starts, so a restarted server gets the environment chosen since. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, environment: () => string | undefined): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019', ...SERVER_EXEC_ARGV] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [{ language, scheme: 'file' }, { language, scheme: 'untitled' }]),
    synchronize: {
      configurationSection: ['httpLens', 'rest-client'],
      // Variables come from these files too: the server reads them again when one changes.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{http-client.env.json,http-client.private.env.json,.env,.env.*,*.env}'),
    },
    outputChannel: output,
    initializationOptions: () => ({
      settings: vscode.workspace.getConfiguration('httpLens'),
      restClient: { environmentVariables: vscode.workspace.getConfiguration('rest-client').get('environmentVariables') },
      environment: environment(),
    }),
  };
  return new LanguageClient('httpLens', 'HTTP Lens', serverOptions, clientOptions);
}
