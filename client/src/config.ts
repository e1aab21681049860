import * as vscode from 'vscode';
import type { RunOptions } from './runner/types';

/** The `httpLens` settings the extension itself reads (the language server reads its own). */
export interface LensConfig {
  readonly run: RunOptions;
  readonly redactSecrets: boolean;
  readonly maxBodyCharacters: number;
  readonly preserveFocus: boolean;
  readonly compareRequests: number;
}

function num(section: vscode.WorkspaceConfiguration, key: string, fallback: number, min: number, max: number): number {
  const v = section.get<number>(key);
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(Math.max(v, min), max) : fallback;
}

export function readConfig(scope?: vscode.Uri): LensConfig {
  const c = vscode.workspace.getConfiguration('httpLens', scope);
  return {
    run: {
      connectTimeoutMs: num(c, 'request.connectTimeout', 10, 0.1, 600) * 1000,
      idleTimeoutMs: num(c, 'request.idleTimeout', 30, 0.1, 3600) * 1000,
      totalTimeoutMs: num(c, 'request.timeout', 120, 0.1, 86_400) * 1000,
      maxBodyInMemory: num(c, 'request.maxBodyInMemory', 16, 0.001, 1024) * 1024 * 1024,
      insecure: c.get<boolean>('request.rejectUnauthorized', true) === false,
    },
    redactSecrets: c.get<boolean>('log.redactSecrets', true),
    maxBodyCharacters: num(c, 'response.maxBodyCharacters', 100_000, 1000, 10_000_000),
    preserveFocus: c.get<boolean>('response.preserveFocus', true),
    compareRequests: Math.round(num(c, 'compare.requests', 10, 1, 200)),
  };
}
