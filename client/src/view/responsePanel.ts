import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { lintText } from '../../../server/src/language/lint';
import type { LensDiagnostic } from '../../../server/src/language/rules/ruleTypes';
import { decodeBody, prettyBody } from '../runner/decode';
import type { ExchangeReport } from '../runner/types';
import { renderResponseView, type CompareResult } from './responseHtml';

export interface PanelState {
  readonly exchanges: readonly ExchangeReport[];
  readonly compare?: CompareResult;
  readonly running?: string;
}

/** One response view per .http file, reused for every run of that file. */
export class ResponsePanels implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; state: PanelState }>();
  /** The last HTML rendered per file: the end-to-end tests and the "Show Response" command read it. */
  readonly lastHtml = new Map<string, string>();

  constructor(private readonly settings: () => { maxBodyCharacters: number; redactSecrets: boolean; preserveFocus: boolean }) {}

  show(uri: vscode.Uri, state: PanelState): void {
    const key = uri.toString();
    let entry = this.panels.get(key);
    if (!entry) {
      const title = `Response: ${uri.path.split('/').pop() ?? 'request'}`;
      const panel = vscode.window.createWebviewPanel('httpLens.response', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: this.settings().preserveFocus }, {
        enableScripts: true,
        enableFindWidget: true,
        retainContextWhenHidden: false,
        localResourceRoots: [],
      });
      panel.onDidDispose(() => this.panels.delete(key));
      panel.webview.onDidReceiveMessage((m: { command?: string; index?: number }) => {
        if (m.command === 'openBody' && typeof m.index === 'number') void this.openBody(key, m.index);
      });
      entry = { panel, state };
      this.panels.set(key, entry);
    } else if (!entry.panel.visible) {
      entry.panel.reveal(undefined, this.settings().preserveFocus);
    }
    entry.state = state;
    entry.panel.webview.html = this.render(uri, state, entry.panel.webview);
  }

  private render(uri: vscode.Uri, state: PanelState, webview: vscode.Webview): string {
    const settings = this.settings();
    const responseFindings = new Map<number, readonly LensDiagnostic[]>();
    for (const r of state.exchanges) {
      if (r.response) responseFindings.set(r.index, lintText(r.response.rawHead, 'message').diagnostics);
    }
    const html = renderResponseView(
      {
        title: uri.path.split('/').pop() ?? 'response',
        exchanges: state.exchanges,
        responseFindings,
        maxBodyChars: settings.maxBodyCharacters,
        redactSecrets: settings.redactSecrets,
        compare: state.compare,
        running: state.running,
      },
      { nonce: randomBytes(16).toString('base64'), cspSource: webview.cspSource },
    );
    this.lastHtml.set(uri.toString(), html);
    return html;
  }

  /** Opens a response body in an editor, in full. */
  private async openBody(key: string, index: number): Promise<void> {
    const r = this.panels.get(key)?.state.exchanges.find((e) => e.index === index);
    if (!r?.response) return;
    const res = r.response;
    if (res.bodyFile) {
      await vscode.window.showTextDocument(vscode.Uri.file(res.bodyFile), { preview: true });
      return;
    }
    const pretty = prettyBody(decodeBody(res));
    const doc = await vscode.workspace.openTextDocument({ content: pretty.text, language: pretty.language === 'text' ? 'plaintext' : pretty.language });
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
    this.panels.clear();
  }
}
