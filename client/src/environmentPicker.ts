import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { loadEnvironmentContext, settingContext, type EnvironmentContext } from '../../server/src/environmentFiles';
import { environmentNames, environmentVariables, problemPlace, settingEnvironments, SHARED } from '../../server/src/language/environments';
import type { SystemContext } from '../../server/src/language/systemVariables';

const STATE_KEY = 'httpLens.environment';

/** What a run of a document resolves `{{variables}}` with, besides the file's own lines. */
export interface RunVariables {
  readonly environment: ReadonlyMap<string, string>;
  readonly system: SystemContext;
}

/**
 * The environment chosen for the workspace: shown in the status bar while an .http file is open, chosen with
 * a quick pick, remembered in the workspace state and told to the language server.
 */
export class EnvironmentPicker implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('httpLens.environment', vscode.StatusBarAlignment.Left, 11);
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fires with the new selection. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    this.item.name = 'HTTP Lens: environment';
    this.item.command = 'httpLens.selectEnvironment';
    this.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => this.refresh()));
    this.refresh();
  }

  get selected(): string | undefined {
    return this.state.get<string>(STATE_KEY) || undefined;
  }

  /** The environments a document sees: the setting, then env files from its workspace folder down to its folder. */
  contextFor(document: vscode.TextDocument): EnvironmentContext {
    const usable = settingEnvironments(
      vscode.workspace.getConfiguration('rest-client', document.uri).get<unknown>('environmentVariables'),
      vscode.workspace.getConfiguration('httpLens', document.uri).get<unknown>('environments'),
    );
    // An untitled file sees the first workspace folder's env files, as the language server reads them for it.
    const folder = document.uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (document.uri.scheme !== 'file' && !folder) return settingContext(usable);
    const dir = document.uri.scheme === 'file' ? dirname(document.uri.fsPath) : folder!;
    return loadEnvironmentContext(dir, { stopAt: folder, setting: usable, displayRoot: folder });
  }

  variablesFor(document: vscode.TextDocument): RunVariables {
    const ctx = this.contextFor(document);
    return {
      environment: environmentVariables(ctx.environments, this.selected),
      system: { env: process.env, dotenv: ctx.dotenv, shared: ctx.environments.byName.get(SHARED) },
    };
  }

  async pick(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const document = editor?.document.languageId === 'http' ? editor.document : vscode.workspace.textDocuments.find((d) => d.languageId === 'http');
    const ctx = document ? this.contextFor(document) : undefined;
    const names = ctx ? environmentNames(ctx.environments) : [];
    for (const p of ctx?.environments.problems ?? []) void vscode.window.showWarningMessage(`HTTP Lens: ${problemPlace(p)}: ${p.message}`);
    if (names.length === 0) {
      void vscode.window.showInformationMessage(
        'HTTP Lens: no environments found. Add an http-client.env.json next to your .http files ({ "dev": { "host": "localhost:8080" } }), a dev.env file as httpYac reads them, or the httpLens.environments setting.',
      );
      return;
    }
    const none: vscode.QuickPickItem = { label: 'No Environment', description: 'only $shared variables' };
    const items: vscode.QuickPickItem[] = [none, ...names.map((n) => ({
      label: n,
      description: n === this.selected ? 'selected' : undefined,
      detail: [...(ctx!.environments.byName.get(n)?.keys() ?? [])].join(', '),
    }))];
    const chosen = await vscode.window.showQuickPick(items, { placeHolder: `Environment for .http files (now: ${this.selected ?? 'none'})` });
    if (!chosen) return;
    await this.select(chosen === none ? undefined : chosen.label);
  }

  async select(name: string | undefined): Promise<void> {
    await this.state.update(STATE_KEY, name);
    this.refresh();
    this.changed.fire(name);
  }

  private refresh(): void {
    const active = vscode.window.activeTextEditor?.document.languageId === 'http';
    this.item.text = `$(server-environment) ${this.selected ?? 'No Environment'}`;
    this.item.tooltip = 'HTTP Lens: the environment {{variables}} come from (click to change)';
    if (active) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
