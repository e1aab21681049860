// Environments over LSP: the server reads http-client.env.json files next to the document, takes the
// selection from the editor, and reads the files again when the editor says they changed.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CompletionRequest, DiagnosticSeverity, DidChangeWatchedFilesNotification, DidChangeWorkspaceFoldersNotification, FileChangeType, HoverRequest, type MarkupContent, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { SELECT_ENVIRONMENT } from '../../server/src/protocol';
import { LspClient } from '../support/lspClient';

const REQUEST = 'GET http://{{host}}/users\nAuthorization: Bearer {{token}}\nX-Key: {{$dotenv API_KEY}}\n';

describe('environments over LSP', { timeout: 30_000 }, () => {
  const workspace = mkdtempSync(join(tmpdir(), 'http-lens-lsp-env-'));
  const folder = join(workspace, 'api');
  mkdirSync(folder);
  const envFile = join(workspace, 'http-client.env.json');
  writeFileSync(envFile, JSON.stringify({ $shared: { host: 'shared.example' }, dev: { token: 'dev-secret-token' }, prod: { token: 'p' } }));
  writeFileSync(join(folder, '.env'), 'API_KEY=abc\n');
  const uri = pathToFileURL(join(folder, 'requests.http')).href;
  let client: LspClient;

  before(async () => {
    client = (await LspClient.start({ settings: {}, environment: undefined }, [workspace])).client;
  });
  after(() => {
    client?.kill();
    rmSync(workspace, { recursive: true, force: true });
  });

  const undefinedOnes = (p: PublishDiagnosticsParams) =>
    p.diagnostics.filter((d) => d.code === 'undefined-variable' || d.code === 'system-variable').map((d) => String(d.message));

  /** A folder of the workspace with an env file holding `envText`, and .http documents in it, opened. */
  async function folderWithEnvFile(name: string, envText: string, documents = ['a.http']): Promise<{ envFile: string; envUri: string; docs: string[] }> {
    const dir = join(workspace, name);
    mkdirSync(dir);
    const envFile = join(dir, 'http-client.env.json');
    writeFileSync(envFile, envText);
    const docs = documents.map((f) => pathToFileURL(join(dir, f)).href);
    for (const doc of docs) await client.open(doc, 'http', 'GET http://{{host}}/\n');
    return { envFile, envUri: pathToFileURL(envFile).href, docs };
  }

  test('with no environment selected, a variable of dev and prod says so; $shared and .env count', async () => {
    await client.open(uri, 'http', REQUEST);
    const published = await client.waitForDiagnostics(uri);
    assert.deepEqual(undefinedOnes(published), ['{{token}} is defined in the environments dev, prod, but no environment is selected']);
  });

  test('selecting dev clears it, and the hover shows where values come from, the token masked', async () => {
    const before = client.diagnostics.length;
    await client.connection.sendNotification(SELECT_ENVIRONMENT, { name: 'dev' });
    const published = await client.waitForDiagnostics(uri, (p) => client.diagnostics.indexOf(p) >= before && undefinedOnes(p).length === 0);
    assert.deepEqual(undefinedOnes(published), []);
    const host = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 14 } });
    assert.match((host!.contents as MarkupContent).value, /\*\*host\*\* = `shared\.example` — environment \$shared \(http-client\.env\.json\)/);
    const token = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 26 } });
    const markdown = (token!.contents as MarkupContent).value;
    assert.match(markdown, /environment dev/);
    assert.doesNotMatch(markdown, /dev-secret-token/);
  });

  test('completion after {{ offers the environment\'s variables, secrets without their values', async () => {
    const list = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 24 } });
    const items = Array.isArray(list) ? list : list!.items;
    const token = items.find((i) => i.label === 'token');
    const host = items.find((i) => i.label === 'host');
    assert.ok(token && host, JSON.stringify(items.map((i) => i.label)));
    assert.equal(host.detail, 'shared.example — environment $shared (http-client.env.json)');
    assert.doesNotMatch(token.detail ?? '', /dev-secret-token/);
  });

  test('an env file that changes is read again when the editor reports it', async () => {
    writeFileSync(envFile, JSON.stringify({ dev: { host: 'dev.example' } }));
    const before = client.diagnostics.length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(envFile).href, type: FileChangeType.Changed }] });
    // The folder's .env is under every environment too, as httpYac has it.
    const want = ['{{token}} is not defined (defined: host, API_KEY)'];
    const published = await client.waitForDiagnostics(uri, (p) => client.diagnostics.indexOf(p) >= before && undefinedOnes(p).join() === want.join());
    assert.deepEqual(undefinedOnes(published), want);
  });

  test("REST Client's rest-client.environmentVariables setting is read as well", async () => {
    client.otherSections.set('rest-client', { environmentVariables: { dev: { token: 'from-rest-client' } } });
    const before = client.diagnostics.length;
    await client.changeSettings({});
    const published = await client.waitForDiagnostics(uri, (p) => client.diagnostics.indexOf(p) >= before && undefinedOnes(p).length === 0);
    assert.deepEqual(undefinedOnes(published), []);
    client.otherSections.delete('rest-client');
    await client.changeSettings({});
  });

  test('choosing no environment again', async () => {
    const before = client.diagnostics.length;
    await client.connection.sendNotification(SELECT_ENVIRONMENT, {});
    const want = ['{{host}} is defined in the environment dev, but no environment is selected', '{{token}} is not defined (defined: API_KEY)'];
    const published = await client.waitForDiagnostics(uri, (p) => client.diagnostics.indexOf(p) >= before && undefinedOnes(p).join() === want.join());
    assert.deepEqual(undefinedOnes(published), want);
  });

  test('a workspace folder added later bounds the search for env files', async () => {
    const outer = join(workspace, 'outer');
    const inner = join(outer, 'inner');
    mkdirSync(inner, { recursive: true });
    writeFileSync(join(outer, 'http-client.env.json'), JSON.stringify({ $shared: { far: 'x' } }));
    const innerUri = pathToFileURL(join(inner, 'a.http')).href;
    await client.open(innerUri, 'http', 'GET http://a.example/?v={{far}}\n');
    // Inside the workspace folder, the search climbs to it and finds the outer file.
    await client.waitForDiagnostics(innerUri, (p) => undefinedOnes(p).length === 0);
    const before = client.diagnostics.length;
    await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: [{ uri: pathToFileURL(inner).href, name: 'inner' }], removed: [] },
    });
    const published = await client.waitForDiagnostics(innerUri, (p) => client.diagnostics.indexOf(p) >= before && undefinedOnes(p).length === 1);
    assert.deepEqual(undefinedOnes(published), ['{{far}} is not defined']);
  });

  test('an env file that is not valid JSON gets its problem at its place, cleared once put right', async () => {
    const { envFile: broken, envUri } = await folderWithEnvFile('broken', '{\n  "dev": {\n    "host": "a",\n  }\n}\n');
    const published = await client.waitForDiagnostics(envUri);
    assert.equal(published.diagnostics.length, 1);
    const [problem] = published.diagnostics;
    assert.deepEqual(problem!.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 3 } });
    assert.equal(problem!.severity, DiagnosticSeverity.Error);
    assert.equal(problem!.message, 'HTTP Lens: not valid JSON (line 4, column 3): expected a property name in double quotes, found `}`');

    writeFileSync(broken, JSON.stringify({ dev: { host: 'a' } }));
    const before = client.diagnostics.length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: envUri, type: FileChangeType.Changed }] });
    const cleared = await client.waitForDiagnostics(envUri, (p) => client.diagnostics.indexOf(p) >= before);
    assert.deepEqual(cleared.diagnostics, []);
  });

  test('an env file problem goes when the last document that reads the file is closed', async () => {
    const { envUri, docs } = await folderWithEnvFile('closed', '{ "dev": ', ['one.http', 'two.http']);
    await client.waitForDiagnostics(envUri, (p) => p.diagnostics.length === 1);
    const before = client.diagnostics.length;
    await client.close(docs[0]!);
    await client.close(docs[1]!);
    const cleared = await client.waitForDiagnostics(envUri, (p) => client.diagnostics.indexOf(p) >= before);
    assert.deepEqual(cleared.diagnostics, []);
    // One close left a document that still reads the file: the problem stayed until the second.
    assert.equal(client.diagnostics.slice(before).filter((p) => p.uri === envUri).length, 1);
  });

  test('when env files are read again, a broken one stays reported throughout, never cleared and shown again', async () => {
    const { envFile: broken, envUri } = await folderWithEnvFile('still-broken', '{ "dev": ', ['b.http']);
    await client.waitForDiagnostics(envUri, (p) => p.diagnostics.length === 1);
    writeFileSync(broken, '{ "dev": {');
    const before = client.diagnostics.length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: envUri, type: FileChangeType.Changed }] });
    // Documents opened earlier, in other folders, are linted again first.
    await client.waitForDiagnostics(envUri, (p) => client.diagnostics.indexOf(p) >= before && /the text ends/.test(String(p.diagnostics[0]?.message)));
    const meanwhile = client.diagnostics.slice(before).filter((p) => p.uri === envUri);
    assert.deepEqual(meanwhile.map((p) => p.diagnostics.length), [1]);
  });

  test('{{$shared NAME}} from a .env stays masked in a hover, though the selected environment has a public value of that name', async () => {
    const dir = join(workspace, 'shared-secret');
    mkdirSync(dir);
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { dburl: 'postgres://dev-host' } }));
    writeFileSync(join(dir, '.env'), 'dburl=postgres://admin:hunter2@db\n');
    const doc = pathToFileURL(join(dir, 'c.http')).href;
    await client.open(doc, 'http', 'GET http://a.example/?u={{$shared dburl}}&v={{dburl}}\n');
    await client.connection.sendNotification(SELECT_ENVIRONMENT, { name: 'dev' });
    await client.waitForDiagnostics(doc);
    const hover = async (character: number) =>
      ((await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: doc }, position: { line: 0, character } }))!.contents as MarkupContent).value;
    const shared = await hover(28);
    assert.doesNotMatch(shared, /hunter2/);
    assert.match(shared, /••••/);
    assert.match(await hover(50), /postgres:\/\/dev-host/, 'the environment\'s own value is public');
  });
});
