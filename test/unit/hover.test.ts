import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { doHover } from '../../server/src/language/hover';
import { cursor, lint, textAt, type Kind } from '../support/lintHelpers';

function hover(marked: string, kind: Kind = 'message') {
  const { text, position } = cursor(marked);
  const h = doHover(lint(text, kind), position);
  return { text, hover: h, markdown: h ? (h.contents as MarkupContent).value : '' };
}

test('a field name: what it does, where it goes, hop-by-hop, IANA status and a link', () => {
  const { markdown, hover: h, text } = hover('GET / HTTP/1.1\r\nHost: a\r\nConn|ection: close\r\n\r\n');
  assert.match(markdown, /^\*\*Connection\*\* — Options for this connection only/);
  assert.match(markdown, /requests and responses · hop-by-hop \(for the next hop only\) · list \(may repeat\) · IANA: permanent/);
  assert.match(markdown, /\[RFC 9110 §7\.6\.1\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc9110#section-7\.6\.1\)/);
  assert.equal(textAt(text, h!.range!), 'Connection');
});

test('a field only the registry knows still gets its status and reference', () => {
  const { markdown } = hover('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nCDN-L|oop: x\r\n\r\n');
  assert.match(markdown, /\*\*CDN-Loop\*\*/);
  assert.match(markdown, /IANA: permanent/);
  assert.match(markdown, /RFC 8586/);
});

test('an unknown name far from every known one has no hover', () => {
  assert.equal(hover('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-My-Th|ing: 1\r\n\r\n').hover, null);
});

test('a Keep-Alive parameter is read in seconds or requests', () => {
  const t = hover('HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: time|out=5, max=100\r\nContent-Length: 0\r\n\r\n');
  assert.match(t.markdown, /^\*\*timeout\*\* = 5 seconds: how long the server keeps this connection open while it is idle/);
  assert.equal(textAt(t.text, t.hover!.range!), 'timeout=5');
  const m = hover('HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5, max=1|00\r\nContent-Length: 0\r\n\r\n');
  assert.match(m.markdown, /^\*\*max\*\* = 100 more requests/);
  const one = hover('HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=1|, max=1\r\nContent-Length: 0\r\n\r\n');
  assert.match(one.markdown, /= 1 second:/);
});

test('a Connection option explains itself', () => {
  assert.match(hover('GET / HTTP/1.1\r\nHost: a\r\nConnection: cl|ose\r\n\r\n').markdown, /^\*\*close\*\*: the connection closes after this exchange/);
  assert.match(hover('GET / HTTP/1.0\r\nConnection: keep-al|ive\r\n\r\n').markdown, /^\*\*keep-alive\*\*: asks for a persistent connection/);
  assert.match(hover('GET / HTTP/1.1\r\nHost: a\r\nTE: trailers\r\nConnection: T|E\r\n\r\n').markdown, /names the `TE` field as meant for the next hop only/);
});

test('the start line answers "is this connection persistent?"', () => {
  const r = hover('GET /|a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nHTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n');
  assert.match(r.markdown, /\*\*Is this connection persistent\?\*\* Persists\./);
  assert.match(r.markdown, /Judged on the whole exchange \(request on line 1, response on line 4\): the response decides/);
  const http = hover('GE|T http://h/ HTTP/1.0\n', 'http');
  assert.match(http.markdown, /Closes after the response/);
  const fragmentless = hover('HTTP/1.1 2|00 OK\r\nConnection: close\r\n\r\n');
  assert.match(fragmentless.markdown, /the server sends `Connection: close`/);
});

test('on a finding, the hover adds the rule\'s explanation, code and section (the editor shows the message itself)', () => {
  const { markdown } = hover('Keep-Alive: 3|00\n');
  assert.doesNotMatch(markdown, /is not a Keep-Alive parameter: parameters are/);
  assert.match(markdown, /old Firefox versions sent/);
  assert.match(markdown, /`keep-alive-not-a-parameter` · \[RFC 2068 §19\.7\.1\.1\]/);
});

test('a misspelled name hovers with the explanation of its finding', () => {
  const { markdown } = hover('Conne|ctions: keep-alive\n');
  assert.match(markdown, /a misspelled name is an unknown field/);
  assert.match(markdown, /`misspelled-field-name` · \[RFC 9110 §5\.1\]/);
});

test('nothing to say on a body line', () => {
  assert.equal(hover('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel|lo').hover, null);
});
