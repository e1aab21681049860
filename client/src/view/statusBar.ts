import * as vscode from 'vscode';
import { ms } from '../runner/format';
import type { ExchangeReport } from '../runner/types';

/** The last request's status, time, and whether its connection was new or reused. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('httpLens.lastResponse', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'HTTP Lens: last response';
    this.item.command = 'httpLens.showOutput';
  }

  running(text: string): void {
    this.item.text = `$(sync~spin) ${text}`;
    this.item.tooltip = 'HTTP Lens: request in progress (HTTP Lens: Cancel Request stops it)';
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  show(r: ExchangeReport): void {
    if (r.error) {
      this.item.text = `$(error) ${r.error.phase === 'prepare' ? 'not sent' : `failed (${r.error.phase})`}`;
      this.item.tooltip = r.error.message;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else {
      const c = r.connection!;
      const conn = c.reused ? `reused #${c.id}` : `new #${c.id}`;
      this.item.text = `$(${r.response!.status < 400 ? 'check' : 'warning'}) ${r.response!.status} · ${ms(r.timings?.total ?? 0)} · ${conn}`;
      this.item.tooltip = `${r.request.method} ${r.request.url}\n${c.reused ? `Connection #${c.id} reused (${c.requestsOnConnection} requests on it)` : `New connection #${c.id}${c.whyNew ? `: ${c.whyNew}` : ''}`}`;
      this.item.backgroundColor = undefined;
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
