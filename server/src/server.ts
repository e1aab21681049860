import {
  CodeActionKind, CodeLensRefreshRequest, createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type CancellationToken, type Connection, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND } from './language/codeActions';
import { resolveCompletion } from './language/completion';
import { DocumentCache, kindOf } from './documentCache';
import type { DocumentParts } from './documentState';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './settings';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { SELECT_ENVIRONMENT } from './protocol';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const cache = new DocumentCache(DEFAULT_SETTINGS);
const pending = new Map<string, NodeJS.Timeout>();
let settings: ServerSettings = DEFAULT_SETTINGS;
let canReadConfiguration = false;
let canRefreshCodeLenses = false;
let canWatchFolders = false;
let folders: string[] = [];

/**
 * Runs a handler so that nothing escapes it: a cancelled request gets the empty answer, and an exception is
 * logged and answered with the empty answer too. Bad input must never take the server down.
 */
function guard<T>(name: string, empty: T, token: CancellationToken | undefined, run: () => T): T {
  if (token?.isCancellationRequested) return empty;
  try {
    return run();
  } catch (err) {
    connection.console.error(`${name} failed: ${(err as Error)?.stack ?? String(err)}`);
    return empty;
  }
}

connection.onInitialize((params): InitializeResult => {
  canReadConfiguration = params.capabilities.workspace?.configuration === true;
  canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  settings = readSettings(params.initializationOptions?.settings, params.initializationOptions?.restClient);
  cache.setSettings(settings);
  cache.setEnvironment(environmentName(params.initializationOptions?.environment));
  folders = (params.workspaceFolders ?? []).flatMap((f) => pathOf(f.uri));
  cache.setWorkspaceFolders(folders);
  canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [':', ' ', ',', '{'], resolveProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      codeLensProvider: { resolveProvider: false },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'http-lens', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (canReadConfiguration) void refreshSettings();
  // Env files are looked for up to the workspace folder: a folder added later must count too.
  if (canWatchFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.flatMap((f) => pathOf(f.uri)));
      folders = [...folders.filter((f) => !removed.has(f)), ...e.added.flatMap((f) => pathOf(f.uri))];
      cache.setWorkspaceFolders(folders);
      applySettings();
    });
  }
});

connection.onDidChangeConfiguration((change) => {
  if (canReadConfiguration) void refreshSettings();
  else {
    settings = readSettings((change.settings as { httpLens?: unknown } | undefined)?.httpLens);
    applySettings();
  }
});

async function refreshSettings(): Promise<void> {
  try {
    const [lens, restClient] = (await connection.workspace.getConfiguration([{ section: 'httpLens' }, { section: 'rest-client' }])) as unknown[];
    settings = readSettings(lens, restClient);
  } catch (err) {
    connection.console.warn(`could not read httpLens settings: ${String(err)}`);
  }
  applySettings();
}

function applySettings(): void {
  cache.setSettings(settings);
  // Env file problems once all documents have read their env files again: published after each one, a
  // problem in a folder not yet read would be cleared and then shown again.
  for (const doc of documents.all()) validate(doc.uri, false);
  guard('environment problems', undefined, undefined, publishEnvironmentProblems);
  // Lenses the editor asked for while the settings were on their way may be stale, or missing altogether.
  if (canRefreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
}

function pathOf(uri: string): string[] {
  try {
    return uri.startsWith('file:') ? [fileURLToPath(uri)] : [];
  } catch {
    return [];
  }
}

function environmentName(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.length > 0 ? raw : undefined;
}

/** The editor chose an environment: variables and findings change in every open file. */
connection.onNotification(SELECT_ENVIRONMENT, (params: { name?: unknown } | undefined) => {
  cache.setEnvironment(environmentName(params?.name));
  applySettings();
});

/** An env file or `.env` changed: the client watches them (see the client's file watcher). */
connection.onDidChangeWatchedFiles(() => {
  cache.environmentFilesChanged();
  applySettings();
});

/**
 * The parts each document's diagnostics were last published from: when the settings are read again unchanged,
 * the same parts have nothing new to say, and publishing a large document's findings again only costs.
 */
const publishedFrom = new Map<string, DocumentParts>();

/**
 * Lints the document as it is now and publishes; the result is cached, so handlers reuse it. With
 * `environmentProblems`, also publishes the problems of the env files the open documents read.
 */
function validate(uri: string, environmentProblems = true): void {
  pending.delete(uri);
  const document = documents.get(uri);
  if (!document) return;
  const parts = guard<DocumentParts | undefined>('validation', undefined, undefined, () => cache.get(document));
  if (parts && publishedFrom.get(uri) === parts) return;
  if (parts) publishedFrom.set(uri, parts);
  else publishedFrom.delete(uri);
  const diagnostics = guard('validation', [], undefined, () => parts?.diagnostics() ?? []);
  void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  if (environmentProblems) guard('environment problems', undefined, undefined, publishEnvironmentProblems);
}

/** What was last published for each env file with a problem, so that a file put right is cleared. */
let environmentDiagnostics = new Map<string, string>();

/**
 * An env file that cannot be read leaves every variable it defines undefined: its problem is shown on the file
 * itself (in the Problems view, even when it is not open), where it can be put right, for as long as an open
 * document reads it.
 */
function publishEnvironmentProblems(): void {
  const byUri = new Map<string, Diagnostic[]>();
  for (const p of cache.environmentProblems(documents.keys())) {
    if (!p.file) continue;
    const uri = pathToFileURL(p.file).href;
    const at = p.position ?? { line: 0, character: 0 };
    const list = byUri.get(uri) ?? [];
    list.push({
      range: { start: at, end: { line: at.line, character: at.character + 1 } },
      severity: p.position ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: 'http-lens',
      message: `HTTP Lens: ${p.message}`,
    });
    byUri.set(uri, list);
  }
  const published = new Map<string, string>();
  for (const [uri, diagnostics] of byUri) {
    const key = JSON.stringify(diagnostics);
    published.set(uri, key);
    if (environmentDiagnostics.get(uri) !== key) void connection.sendDiagnostics({ uri, diagnostics });
  }
  for (const uri of environmentDiagnostics.keys()) if (!published.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  environmentDiagnostics = published;
}

function scheduleValidation(uri: string): void {
  clearTimeout(pending.get(uri));
  pending.set(uri, setTimeout(() => validate(uri), settings.validationDelay));
}

/** didOpen also raises a content change right after it: that one was validated at once, not debounced. */
const justOpened = new Set<string>();
documents.onDidOpen((e) => {
  justOpened.add(e.document.uri);
  validate(e.document.uri);
  expectLenses(e.document);
});

/**
 * Documents opened whose lenses the editor has not asked for yet. When the first document opens as the client
 * is starting, the editor can ask before the client's lens provider has reached it, and then not again until
 * the text changes, leaving a file without its Send Request lens: if it has not asked a moment after the open,
 * it is told to ask again.
 */
const lensesAwaited = new Set<string>();
let lensTimer: NodeJS.Timeout | undefined;
const LENS_GRACE_MS = 1500;

/** One refresh serves every document waiting: the editor asks again for all it shows. */
function expectLenses(document: TextDocument): void {
  if (!canRefreshCodeLenses || kindOf(document) !== 'http-file') return;
  lensesAwaited.add(document.uri);
  clearTimeout(lensTimer);
  lensTimer = setTimeout(() => {
    lensTimer = undefined;
    if (lensesAwaited.size === 0) return;
    lensesAwaited.clear();
    void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }, LENS_GRACE_MS);
}

/** The editor asked for the document's lenses, or closed it. */
function lensesAsked(uri: string): void {
  lensesAwaited.delete(uri);
}

documents.onDidChangeContent((e) => {
  if (justOpened.delete(e.document.uri)) return;
  scheduleValidation(e.document.uri);
});
documents.onDidClose((e) => {
  justOpened.delete(e.document.uri);
  lensesAsked(e.document.uri);
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  cache.delete(e.document.uri);
  publishedFrom.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  guard('environment problems', undefined, undefined, publishEnvironmentProblems);
});

function withDocument<T>(uri: string, empty: T, name: string, token: CancellationToken, run: (doc: TextDocument) => T): T {
  const document = documents.get(uri);
  if (!document) return empty;
  return guard(name, empty, token, () => run(document));
}

connection.onHover((p, token) => withDocument(p.textDocument.uri, null, 'hover', token, (d) => cache.get(d).hover(p.position)));
connection.onCompletion((p, token) =>
  withDocument(p.textDocument.uri, { isIncomplete: false, items: [] }, 'completion', token, (d) => cache.get(d).complete(p.position)),
);
connection.onCompletionResolve((item, token) => guard('completionResolve', item, token, () => resolveCompletion(item)));
connection.onCodeAction((p, token) =>
  withDocument(p.textDocument.uri, [], 'codeAction', token, (d) => cache.get(d).codeActions(d.uri, p.range, p.context.only)),
);
connection.onCodeLens((p, token) => {
  lensesAsked(p.textDocument.uri);
  return withDocument(p.textDocument.uri, [], 'codeLens', token, (d) => cache.get(d).codeLenses(d.uri));
});
connection.onDocumentSymbol((p, token) => withDocument(p.textDocument.uri, [], 'documentSymbol', token, (d) => cache.get(d).symbols()));
connection.onFoldingRanges((p, token) => withDocument(p.textDocument.uri, [], 'foldingRange', token, (d) => cache.get(d).folding()));

documents.listen(connection);
connection.listen();
