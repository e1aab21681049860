// `npm run bench lsp`: a real LSP client over stdio against dist/server.js.
import { readFileSync } from 'node:fs';
import { CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { SERVER_EXEC_ARGV } from '../server/src/launch';
import { LspClient } from '../test/support/lspClient';
import { httpFile } from './generate';
import { fmt, median, percentile } from './stats';

/**
 * A server started as the extension starts it: with its V8 flags. The test client spawns `node dist/server.js`
 * itself, so they go through NODE_OPTIONS, for that spawn only.
 */
async function startServer(initializationOptions?: unknown): ReturnType<typeof LspClient.start> {
  const before = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = [before, ...SERVER_EXEC_ARGV].filter(Boolean).join(' ');
  try {
    return await LspClient.start(initializationOptions);
  } finally {
    if (before === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = before;
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Positions of header names in the generated file, to hover and complete at. */
function headerPositions(text: string, count: number): { line: number; character: number }[] {
  const lines = text.split('\n');
  const out: { line: number; character: number }[] = [];
  for (let i = 0; i < lines.length && out.length < count * 50; i++) if (/^[A-Z][\w-]+:/.test(lines[i]!)) out.push({ line: i, character: 3 });
  return Array.from({ length: count }, (_, i) => out[(i * 7919) % out.length]!);
}

async function editToDiagnostics(delay: number, text: string, rounds: number): Promise<number[]> {
  const { client } = await startServer({ settings: { validationDelay: delay } });
  // The server reads its settings through workspace/configuration after initializing: answer the same.
  client.settings = { validationDelay: delay };
  try {
    const uri = `file:///bench/edits-${delay}.http`;
    await client.open(uri, 'http', text);
    await client.waitForDiagnostics(uri, () => true, 60_000);
    const samples: number[] = [];
    const line = text.split('\n').findIndex((l) => l.startsWith('Accept: '));
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      const version = await client.change(uri, [{ range: { start: { line, character: 8 }, end: { line, character: i % 2 ? 9 : 8 } }, text: i % 2 ? '' : 'x' }]);
      await client.waitForDiagnostics(uri, (p) => p.version === version, 60_000);
      samples.push(performance.now() - t0);
    }
    return samples;
  } finally {
    await client.stop();
  }
}

export async function lspBench(): Promise<void> {
  console.log(`Language server over stdio (a real LSP client; dist/server.js, with the extension's flags: ${SERVER_EXEC_ARGV.join(' ')})\n`);
  const text = httpFile(1000);
  const raw = await editToDiagnostics(0, text, 40);
  const debounced = await editToDiagnostics(150, text, 20);
  console.log(`  1,000-request document (${text.split('\n').length.toLocaleString('en')} lines)`);
  console.log(`    one-character edit -> diagnostics, no debounce:  median ${fmt(median(raw))}, p95 ${fmt(percentile(raw, 95))}`);
  console.log(`    the same with the default 150 ms debounce:       median ${fmt(median(debounced))}, p95 ${fmt(percentile(debounced, 95))}`);

  const { client } = await startServer();
  try {
    const uri = 'file:///bench/queries.http';
    await client.open(uri, 'http', text);
    await client.waitForDiagnostics(uri, () => true, 60_000);
    const positions = headerPositions(text, 300);
    const hover: number[] = [];
    const completion: number[] = [];
    for (const position of positions) {
      let t0 = performance.now();
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      hover.push(performance.now() - t0);
      t0 = performance.now();
      await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
      completion.push(performance.now() - t0);
    }
    console.log(`    hover (${hover.length} requests):       median ${fmt(median(hover))}, p95 ${fmt(percentile(hover, 95))}`);
    console.log(`    completion (${completion.length} requests):  median ${fmt(median(completion))}, p95 ${fmt(percentile(completion, 95))}`);

  } finally {
    await client.stop();
  }

  // Memory in a server of its own, so that nothing else it holds is counted.
  const fresh = await startServer();
  try {
    const big = httpFile(10_000);
    const bigUri = 'file:///bench/big.http';
    const before = rssMb(fresh.client.process.pid!);
    await fresh.client.open(bigUri, 'http', big);
    await fresh.client.waitForDiagnostics(bigUri, () => true, 120_000);
    const after = rssMb(fresh.client.process.pid!);
    console.log(`\n  10,000-request document (${(big.length / 1024 / 1024).toFixed(1)} MiB): server RSS ${after.toFixed(0)} MB with it open (${before.toFixed(0)} MB when idle)\n`);
  } finally {
    await fresh.client.stop();
  }
}
