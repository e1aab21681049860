// Bodies built by the runner, read back by a real server on loopback: GraphQL as JSON, multipart with files.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseHttpFile } from '../../server/src/language/parse/httpFile';
import { runFile } from '../../client/src/runner/runFile';
import type { ExchangeReport } from '../../client/src/runner/types';
import { reply, startLoopback, type Loopback, type SeenRequest } from './loopback';

/** Runs `text` from a folder that also holds `files`, so `< ./name` bodies find them. */
async function runWithFiles(text: string, files: Record<string, string | Buffer>): Promise<ExchangeReport[]> {
  const dir = mkdtempSync(join(tmpdir(), 'http-lens-bodies-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const path = join(dir, 'requests.http');
  writeFileSync(path, text);
  const reports: ExchangeReport[] = [];
  for await (const r of runFile(parseHttpFile(text), { path })) reports.push(r);
  return reports;
}

/** The body as a Fetch implementation reads multipart/form-data: a strict check of boundaries and CRLFs. */
async function formData(seen: SeenRequest): Promise<FormData> {
  return new Response(seen.body, { headers: { 'content-type': String(seen.headers['content-type']) } }).formData();
}

describe('bodies on the wire', { timeout: 30_000 }, () => {
  let server: Loopback;
  before(async () => {
    server = await startLoopback((_req, res) => reply(res, 200, {}, 'ok'));
  });
  after(() => server?.stop());

  test('GraphQL: the query and variables go as one JSON object; the marker field does not go', async () => {
    const reports = await runWithFiles([
      '@id = 42', '',
      `POST ${server.url}/graphql`, 'X-Request-Type: GraphQL', '',
      'query GetUser($id: ID!) {', '  user(id: $id) {', '    name', '  }', '}', '',
      '{', '  "id": "{{id}}"', '}', '',
    ].join('\n'), {});
    assert.equal(reports[0]!.error, undefined, reports[0]!.error?.message);
    const seen = server.seen.at(-1)!;
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.equal(seen.headers['x-request-type'], undefined);
    assert.deepEqual(JSON.parse(seen.body.toString()), {
      query: 'query GetUser($id: ID!) {\n  user(id: $id) {\n    name\n  }\n}',
      variables: { id: '42' },
      operationName: 'GetUser',
    });
    assert.deepEqual(reports[0]!.sent!.added, ['Host', 'Content-Type', 'Content-Length']);
  });

  test('multipart/form-data with `< ./file` parts: a Fetch parser reads every field and file', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const reports = await runWithFiles([
      `POST ${server.url}/upload`,
      'Content-Type: multipart/form-data; boundary=----LensBoundary', '',
      '------LensBoundary',
      'Content-Disposition: form-data; name="title"', '',
      'Holiday {{$timestamp}}',
      '------LensBoundary',
      'Content-Disposition: form-data; name="notes"; filename="notes.txt"',
      'Content-Type: text/plain', '',
      '< ./notes.txt',
      '------LensBoundary',
      'Content-Disposition: form-data; name="image"; filename="tiny.png"',
      'Content-Type: image/png', '',
      '< ./tiny.png',
      '------LensBoundary--', '',
    ].join('\n'), { 'notes.txt': 'line one\nline two', 'tiny.png': png });
    assert.equal(reports[0]!.error, undefined, reports[0]!.error?.message);
    const form = await formData(server.seen.at(-1)!);
    assert.match(String(form.get('title')), /^Holiday \d+$/);
    const notes = form.get('notes') as File;
    assert.equal(notes.name, 'notes.txt');
    assert.equal(await notes.text(), 'line one\nline two', 'a file is sent byte for byte: its own line ends stay');
    const image = form.get('image') as File;
    assert.equal(image.type, 'image/png');
    assert.deepEqual(Buffer.from(await image.arrayBuffer()), png);
  });

  test('a missing body file is a prepare error naming it', async () => {
    const reports = await runWithFiles(`POST ${server.url}/upload\nContent-Type: multipart/form-data; boundary=b\n\n--b\nContent-Disposition: form-data; name="f"; filename="x"\n\n< ./missing.bin\n--b--\n`, {});
    assert.equal(reports[0]!.error!.phase, 'prepare');
    assert.match(reports[0]!.error!.message, /cannot read the body file \.\/missing\.bin: ENOENT/);
  });
});
