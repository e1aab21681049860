// A parsed document keeps its fields and references as rows and makes objects when asked: what it gives back
// must be what the text says, whichever way it is asked for.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lintText, parseDocument } from '../../server/src/language/lint';
import { Role } from '../../server/src/language/fields/nameFacts';
import { analyzeMessage, MessageAnalyzer, withRole } from '../../server/src/language/analysis';

const span = (s: { line: number; start: number; end: number } | undefined) => s && [s.line, s.start, s.end];

describe('references ({{...}})', () => {
  const text = '@host = a\n\nGET http://{{host}}/{{ path }}?q={{$guid}}\nX-A: {{ token }}\n\n{"a": "{{x}}"}\n';
  const doc = parseDocument(text, 'http-file');

  test('each one read by index is the one the list holds: trimmed expression, span of the braces', () => {
    const expected = [['host', [2, 11, 19]], ['path', [2, 20, 30]], ['$guid', [2, 33, 42]], ['token', [3, 5, 16]], ['x', [5, 7, 12]]];
    assert.equal(doc.templateCount, expected.length);
    assert.deepEqual(doc.templates.map((t) => [t.expression, span(t.span)]), expected);
    for (let i = 0; i < doc.templateCount; i++) {
      assert.equal(doc.templateExpression(i), expected[i]![0]);
      assert.deepEqual(span(doc.template(i).span), expected[i]![1]);
    }
  });

  test('a dump has none', () => {
    const dump = parseDocument('GET /{{a}} HTTP/1.1\nHost: {{b}}\n\n', 'message');
    assert.equal(dump.templateCount, 0);
    assert.deepEqual(dump.templates, []);
  });
});

describe('start lines', () => {
  test('the version is shared by every line that writes it so, and each line gives its own span', () => {
    const doc = parseDocument('GET /a HTTP/1.1\nHost: a\n\nHTTP/1.1 200 OK\nContent-Length: 0\n\nGET  /b  HTTP/1.1\nHost: b\n\n', 'message');
    const [first, response, second] = doc.messages.map((m) => m.start!);
    assert.equal(first!.version, second!.version);
    assert.equal(first!.version, response!.version);
    assert.deepEqual(first!.version, { major: 1, minor: 1, text: 'HTTP/1.1' });
    assert.deepEqual(span(first!.versionSpan), [0, 7, 15]);
    assert.deepEqual(span(response!.versionSpan), [3, 0, 8]);
    assert.deepEqual(span(second!.versionSpan), [6, 9, 17]);
  });

  test('an .http request line without a version has no version span; HTTP/2 is read without a minor', () => {
    const doc = parseDocument('GET http://a/\n\n###\nGET http://b/ HTTP/2\n', 'http-file');
    assert.equal(doc.messages[0]!.start!.versionSpan, undefined);
    const h2 = doc.messages[1]!.start!;
    assert.deepEqual([h2.version!.major, h2.version!.minor, h2.version!.text], [2, 0, 'HTTP/2']);
    assert.deepEqual(span(h2.versionSpan), [3, 14, 20]);
  });
});

describe('fields by row', () => {
  test('a document gives back each field by its row', () => {
    const doc = parseDocument('GET / HTTP/1.1\nHost: a\nX-A:  1 \n  folded\n\nHTTP/1.1 200 OK\nContent-Length: 0\n\n', 'message');
    for (const message of doc.messages) {
      for (const field of message.headers) {
        const again = doc.field(field.row);
        assert.deepEqual([again.name, again.value, span(again.nameSpan), again.lastLine], [field.name, field.value, span(field.nameSpan), field.lastLine]);
      }
    }
  });

  test('a singleton name repeats whatever its case; a name repeated in another message does not count', () => {
    const doc = parseDocument('GET / HTTP/1.1\nHost: a\nHOST: b\n\nGET / HTTP/1.1\nHost: a\nAccept: x\n\n', 'message');
    assert.ok(doc.messages[0]!.roles & Role.repeatedSingleton);
    assert.equal(doc.messages[1]!.roles & Role.repeatedSingleton, 0);
  });
});

describe('findings', () => {
  test('as JSON, a finding is the plain LSP Diagnostic, its fixes made', () => {
    const d = lintText('GET / HTTP/1.0\nHost: a\nConnections: keep-alive\n\n', 'message').diagnostics.find((x) => x.code === 'misspelled-field-name')!;
    const range = { start: { line: 2, character: 0 }, end: { line: 2, character: 11 } };
    assert.deepEqual(JSON.parse(JSON.stringify(d)), {
      range,
      severity: 2,
      code: 'misspelled-field-name',
      codeDescription: { href: 'https://www.rfc-editor.org/rfc/rfc9110#section-5.1' },
      source: 'http-lens',
      message: d.message,
      data: { fixes: [{ title: 'Rename to `Connection`', edits: [{ range, newText: 'Connection' }], isPreferred: true }] },
    });
    assert.equal(d.range, d.range, 'the range is made once');
  });
});

describe('one analyzer for a document’s messages in turn', () => {
  test('each analysis says what its own message holds, and nothing of the message before', () => {
    const text = [
      'GET /a HTTP/1.1', 'Host: a', 'Connection: close', 'Keep-Alive: timeout=5', 'Content-Length: 1', 'Content-Length: 2', 'X-A: 1', 'X-B: 2', '',
      'GET /b HTTP/1.1', 'Host: b', '',
      'GET /c HTTP/1.0', 'Connection: keep-alive', '', '',
    ].join('\n');
    const doc = parseDocument(text, 'message');
    const analyzer = new MessageAnalyzer(doc);
    const seen = doc.messages.map((m) => {
      const a = analyzer.analyze(m);
      return {
        version: a.version?.label,
        host: a.named(Role.host).map((f) => f.value),
        lengths: withRole(a, Role.contentLength).map((f) => f.value),
        options: a.connectionOptions.map((o) => o.option.lower),
        bits: a.optionBits,
        view: a.view.fields.map((f) => f.name),
        fields: Array.from({ length: m.fieldCount }, (_, k) => a.fieldAt(k).name),
      };
    });
    // Each as a fresh analysis of its message alone says it.
    const alone = doc.messages.map((m) => {
      const a = analyzeMessage(doc, m);
      return {
        version: a.version?.label, host: a.named(Role.host).map((f) => f.value), lengths: withRole(a, Role.contentLength).map((f) => f.value),
        options: a.connectionOptions.map((o) => o.option.lower), bits: a.optionBits, view: a.view.fields.map((f) => f.name),
        fields: Array.from({ length: m.fieldCount }, (_, k) => a.fieldAt(k).name),
      };
    });
    assert.deepEqual(seen, alone);
    assert.deepEqual(seen[1], { version: 'HTTP/1.1', host: ['b'], lengths: [], options: [], bits: 0, view: [], fields: ['Host'] });
    assert.deepEqual(seen[0]!.lengths, ['1', '2']);
    assert.deepEqual(seen[2]!.options, ['keep-alive']);
  });
});

describe('request blocks (kept as rows, made when asked for)', () => {
  const text = [
    '# @name lost', // a block with no request: its metadata are no block's
    '###  First title  ',
    '# @name login',
    '// @no-redirect',
    'POST http://a/login',
    '',
    '###',
    '# @env-json-key  token ',
    'GET http://a/me',
    '> {% client.global.set("x", 1) %}',
    '',
  ].join('\n');
  const doc = parseDocument('###\n' + text, 'http-file');

  test('each block gives back its title, name, metadata and lines as the text has them', () => {
    const seen = doc.requests.map((b) => ({
      title: b.title, name: b.name, nameSpan: span(b.nameSpan), first: b.firstLine, last: b.lastLine, message: b.message.index,
      metadata: b.metadata.map((m) => [m.key, m.value, span(m.keySpan), span(m.span)]), scripts: b.scripts.map((s) => [s.kind, s.firstLine, s.lastLine]),
    }));
    assert.deepEqual(seen, [
      {
        title: 'First title', name: 'login', nameSpan: [3, 8, 13], first: 2, last: 5, message: 0,
        metadata: [['name', 'login', [3, 3, 7], [3, 0, 13]], ['no-redirect', '', [4, 4, 15], [4, 0, 15]]], scripts: [],
      },
      {
        title: undefined, name: undefined, nameSpan: undefined, first: 7, last: 10, message: 1,
        metadata: [['env-json-key', 'token', [8, 3, 15], [8, 0, 22]]], scripts: [['response-handler', 10, 10]],
      },
    ]);
    assert.equal(doc.requests, doc.requests, 'made once');
  });

  test('the metadata lines read without the blocks are those of the blocks, in order', () => {
    const all = Array.from({ length: doc.metadataCount }, (_, i) => [doc.metadataKey(i), doc.metadataValue(i)]);
    assert.deepEqual(all, doc.requests.flatMap((b) => b.metadata.map((m) => [m.key, m.value])));
    assert.equal(doc.hasScripts, true);
    assert.equal(parseDocument('GET http://a/\n', 'http-file').hasScripts, false);
    assert.equal(parseDocument('GET / HTTP/1.1\n', 'message').metadataCount, 0);
  });

  test('a file of many blocks keeps them all (the table grows)', () => {
    const many = Array.from({ length: 300 }, (_, i) => `### t${i}\n# @name r${i}\n# @tag a${i}\nGET http://a/${i}\n`).join('\n');
    const blocks = parseDocument(many, 'http-file').requests;
    assert.equal(blocks.length, 300);
    assert.deepEqual([blocks[0]!.title, blocks[299]!.title, blocks[299]!.name, blocks[299]!.metadata[1]!.value], ['t0', 't299', 'r299', 'a299']);
  });
});

describe('field names found again by their shape', () => {
  test('names of the same first, middle and last letters and length are told apart', () => {
    // X-Aab-B and X-Aaa-B share their shape: each must be read as itself however they alternate.
    const names = ['X-Aab-B', 'X-Aaa-B', 'X-Aaa-B', 'X-Aab-B', 'Date', 'Content-Length', 'Date'];
    const http = parseDocument(`GET http://a/\n${names.map((n, i) => `${n}: ${i}`).join('\n')}\n`, 'http-file');
    assert.deepEqual(http.messages[0]!.headers.map((f) => [f.name, f.value]), names.map((n, i) => [n, String(i)]));
    const dump = parseDocument(`> GET / HTTP/1.1\n${names.map((n, i) => `> ${n}: ${i}`).join('\n')}\n>\n< HTTP/1.1 204 No Content\n<\n`, 'message');
    assert.deepEqual(dump.messages[0]!.headers.map((f) => [f.name, f.value]), names.map((n, i) => [n, String(i)]));
  });

  test('a name that only starts like a known one is not taken for it', () => {
    const doc = parseDocument('GET http://a/\nHost: a\nHostX: b\nHost : c\nHos: d\n', 'http-file');
    assert.deepEqual(doc.messages[0]!.headers.map((f) => [f.name, f.value, f.spaceBeforeColon !== undefined]), [['Host', 'a', false], ['HostX', 'b', false], ['Host', 'c', true], ['Hos', 'd', false]]);
  });
});
