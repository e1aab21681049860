import assert from 'node:assert/strict';
import { test } from 'node:test';
import { doComplete } from '../../server/src/language/completion';
import { applyEdits, cursor, lint, type Kind } from '../support/lintHelpers';

function complete(marked: string, kind: Kind = 'http') {
  const { text, position } = cursor(marked);
  const list = doComplete(lint(text, kind), position);
  return { text, items: list.items };
}

function accept(marked: string, label: string, kind: Kind = 'http'): string {
  const { text, items } = complete(marked, kind);
  const item = items.find((i) => i.label === label);
  assert.ok(item, `${label} is not offered; offered: ${items.slice(0, 10).map((i) => i.label).join(', ')}`);
  const edit = item.textEdit as { range: never; newText: string };
  return applyEdits(text, [edit]);
}

test('field names complete to `Name: ` in an .http request, common names first', () => {
  assert.equal(accept('GET http://a/\nConn|\n', 'Connection'), 'GET http://a/\nConnection: \n');
  const { items } = complete('GET http://a/\nAccept: */*\n|\n');
  const sorted = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
  assert.equal(sorted[0]!.sortText![0], '0');
  assert.ok(items.length > 250, 'every registered field is offered');
});

test('an existing colon is kept when completing a name before it', () => {
  assert.equal(accept('GET http://a/\nCon|: close\n', 'Connection'), 'GET http://a/\nConnection: close\n');
});

test('field names complete in a raw dump, after a curl prefix too', () => {
  assert.equal(accept('GET / HTTP/1.1\r\nHo|\r\n', 'Host', 'message'), 'GET / HTTP/1.1\r\nHost: \r\n');
  assert.equal(accept('> GET / HTTP/1.1\n> Ho|\n', 'Host', 'message'), '> GET / HTTP/1.1\n> Host: \n');
});

test('known values: Connection options, Keep-Alive parameters, media types', () => {
  assert.equal(accept('GET http://a/ HTTP/1.0\nConnection: |\n', 'keep-alive'), 'GET http://a/ HTTP/1.0\nConnection: keep-alive\n');
  assert.equal(accept('GET http://a/\nTE: trailers\nConnection: close, |\n', 'TE'), 'GET http://a/\nTE: trailers\nConnection: close, TE\n');
  assert.equal(accept('HTTP/1.1 200 OK\nKeep-Alive: timeout=5, m|\n', 'max=100', 'message'), 'HTTP/1.1 200 OK\nKeep-Alive: timeout=5, max=100\n');
  assert.equal(accept('POST http://a/\nContent-Type: app|\n', 'application/json'), 'POST http://a/\nContent-Type: application/json\n');
});

test('no value completion for fields without a known set', () => {
  assert.deepEqual(complete('GET http://a/\nX-Thing: |\n').items, []);
});

test('methods at the start of a request, versions after the target', () => {
  assert.equal(accept('P|', 'POST'), 'POST ');
  assert.equal(accept('GET http://a/ HTTP/1|\n', 'HTTP/1.0'), 'GET http://a/ HTTP/1.0\n');
});

test('variables defined in the file complete inside {{ }}', () => {
  const { items } = complete('@host = http://127.0.0.1:8080\n@token = abc\n\nGET {{h|\n');
  assert.deepEqual(items.filter((i) => i.sortText!.startsWith('0')).map((i) => i.label), ['host', 'token']);
  assert.ok(items.some((i) => i.label === '$guid'));
});

test('no header completion in a body', () => {
  assert.deepEqual(complete('POST http://a/\nContent-Type: text/plain\n\nConn|\n').items, []);
});

test('once a word is typed, only names holding its letters in order are sent, and the list is incomplete', () => {
  const { text, position } = cursor('GET http://a/\nctyp|\n');
  const list = doComplete(lint(text, 'http'), position);
  assert.equal(list.isIncomplete, true);
  assert.ok(list.items.some((i) => i.label === 'Content-Type'));
  assert.ok(!list.items.some((i) => i.label === 'Accept'));
  assert.ok(list.items.length < 40);
  const empty = doComplete(lint('GET http://a/\n\n', 'http'), { line: 1, character: 0 });
  assert.equal(empty.isIncomplete, false);
});
