// The extension's pure parts: curl export, redaction, body decoding, the response view's HTML.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { gzipSync, brotliCompressSync, deflateSync } from 'node:zlib';
import { shellQuote, toCurl } from '../../../client/src/curlCommand';
import { redactHead } from '../../../client/src/redaction';
import { decodeBody, prettyBody } from '../../../client/src/runner/decode';
import type { ExchangeReport, PreparedRequest, ResponseReport } from '../../../client/src/runner/types';
import { renderResponseView } from '../../../client/src/view/responseHtml';
import { lintText } from '../../../server/src/language/lint';
import { predictExchange } from '../../../server/src/language/persistence';

const request: PreparedRequest = {
  line: 0,
  method: 'POST',
  version: 'HTTP/1.0',
  url: new URL('http://127.0.0.1:8080/items?q=a b'),
  target: '/items?q=a%20b',
  headers: [['Host', '127.0.0.1:8080'], ['Content-Type', 'application/json'], ['X-Quote', "it's"], ['X-Empty', ''], ['Content-Length', '9']],
  added: ['Host', 'Content-Length'],
  body: Buffer.from('{"a":"b"}'),
};

test('shellQuote leaves plain words alone and quotes the rest so the shell reads them back unchanged', () => {
  assert.equal(shellQuote('http://a/b'), 'http://a/b');
  for (const s of ["it's", 'a b', '$HOME', '"x"', 'a\nb', '`id`']) {
    const echoed = spawnSync('sh', ['-c', `printf %s ${shellQuote(s)}`], { encoding: 'utf8' }).stdout;
    assert.equal(echoed, s);
  }
});

test('Copy as curl: the same version, method, fields and body; Host and Content-Length are left to curl', () => {
  const cmd = toCurl(request);
  assert.equal(cmd, `curl --http1.0 -X POST -H 'Content-Type: application/json' -H 'X-Quote: it'\\''s' -H 'X-Empty;' --data-raw '{"a":"b"}' 'http://127.0.0.1:8080/items?q=a%20b'`);
  const graphql = toCurl({ ...request, version: 'HTTP/1.1', headers: [['Host', 'h'], ['Content-Type', 'application/json'], ['Content-Length', '9']], added: ['Host', 'Content-Type', 'Content-Length'] });
  assert.equal(graphql, `curl --http1.1 -X POST -H 'Content-Type: application/json' --data-raw '{"a":"b"}' 'http://127.0.0.1:8080/items?q=a%20b'`, 'an added Content-Type is written out: curl would send its own');
  const untyped = toCurl({ ...request, headers: [], added: [] });
  assert.match(untyped, / -H Content-Type: --data-raw /, "curl's default form Content-Type is turned off");
  const get = toCurl({ ...request, method: 'GET', version: 'HTTP/1.1', headers: [['Host', 'h']], body: undefined, insecure: true });
  assert.equal(get, "curl --http1.1 --insecure 'http://127.0.0.1:8080/items?q=a%20b'");
});

test('secrets are redacted in logged heads, keeping the scheme', () => {
  const head = 'GET / HTTP/1.1\r\nAuthorization: Bearer abc.def\r\nCookie: sid=1\r\nproxy-authorization : Basic dXNlcg==\r\nX-Token: keep\r\n\r\n';
  const out = redactHead(head, true);
  assert.equal(out, 'GET / HTTP/1.1\r\nAuthorization: Bearer ‹redacted›\r\nCookie: ‹redacted›\r\nproxy-authorization : Basic ‹redacted›\r\nX-Token: keep\r\n\r\n');
  assert.equal(redactHead(head, false), head);
});

function response(headers: [string, string][], body: Buffer): ResponseReport {
  return { status: 200, reason: 'OK', version: 'HTTP/1.1', headers, rawHead: '', interim: [], trailers: [], bodyBytes: body.length, body };
}

test('bodies are decoded for display: gzip, deflate, br, charsets; and pretty-printed', () => {
  const json = '{"b":[1,2],"a":"é"}';
  for (const [coding, bytes] of [['gzip', gzipSync(json)], ['deflate', deflateSync(json)], ['br', brotliCompressSync(json)]] as const) {
    const d = decodeBody(response([['Content-Type', 'application/json'], ['Content-Encoding', coding]], bytes));
    assert.equal(d.text, json, coding);
    assert.equal(d.how, `${coding}, UTF-8`);
  }
  assert.equal(prettyBody(decodeBody(response([['Content-Type', 'application/json']], Buffer.from(json)))).text, '{\n  "b": [\n    1,\n    2\n  ],\n  "a": "é"\n}');
  const latin = decodeBody(response([['Content-Type', 'text/plain; charset=ISO-8859-1']], Buffer.from([0x63, 0x61, 0x66, 0xe9])));
  assert.equal(latin.text, 'café');
  const xml = prettyBody(decodeBody(response([['Content-Type', 'application/xml']], Buffer.from('<a><b>1</b><c/></a>'))));
  assert.equal(xml.text, '<a>\n  <b>1</b>\n  <c/>\n</a>');
  const broken = decodeBody(response([['Content-Encoding', 'gzip']], Buffer.from('not gzip')));
  assert.match(broken.error ?? '', /could not decode/);
  assert.equal(broken.text, 'not gzip');
});

test('deeply nested XML is indented up to a depth, so the text grows with the body, not its square', () => {
  const depth = 40_000;
  const body = '<a>'.repeat(depth) + 'x' + '</a>'.repeat(depth);
  const xml = prettyBody(decodeBody(response([['Content-Type', 'application/xml']], Buffer.from(body))));
  const lines = xml.text.split('\n');
  assert.equal(lines[1], '  <a>');
  assert.equal(lines[40], ' '.repeat(64) + '<a>');
  assert.ok(xml.text.length < 80 * body.length, `${xml.text.length} characters for a ${body.length}-character body`);
});

test('JSON nested deeper than the indentation goes is shown as it came; up to there it is pretty-printed', () => {
  const deep = '['.repeat(2_000) + ']'.repeat(2_000);
  const shown = prettyBody(decodeBody(response([['Content-Type', 'application/json']], Buffer.from(deep))));
  assert.equal(shown.text, deep);
  const shallow = '['.repeat(32) + '"[[["' + ']'.repeat(32);
  const pretty = prettyBody(decodeBody(response([['Content-Type', 'application/json']], Buffer.from(shallow))));
  assert.equal(pretty.language, 'json');
  assert.equal(pretty.text.split('\n').length, 65);
});

function exchange(overrides: Partial<ExchangeReport> = {}): ExchangeReport {
  const rawHead = 'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Type: text/html\r\nConnections: x\r\nContent-Length: 31\r\n\r\n';
  const predicted = predictExchange({ kind: 'request', version: { major: 1, minor: 1 }, fields: [] }, { kind: 'response', version: { major: 1, minor: 1 }, status: 200, fields: [{ name: 'Content-Length', value: '31' }] });
  return {
    index: 1,
    request: { method: 'GET', url: 'http://127.0.0.1:8080/x', version: 'HTTP/1.1', line: 0 },
    wireRequest: 'GET /x HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer secret\r\n\r\n',
    response: { status: 200, reason: 'OK', version: 'HTTP/1.1', headers: [['Connection', 'keep-alive'], ['Content-Type', 'text/html'], ['Connections', 'x'], ['Content-Length', '31']], rawHead, interim: [], trailers: [], bodyBytes: 31, body: Buffer.from('<script>alert("x")</script> <b>') },
    connection: { id: 2, reused: true, requestsOnConnection: 3, localPort: 5000, remotePort: 8080, remoteAddress: '127.0.0.1' },
    timings: { dns: 0, connect: 0, tls: 0, send: 0.1, wait: 1.2, download: 0.3, total: 1.6, saved: 2.1 },
    persistence: { predicted, observed: 'kept-open', observedReason: 'the connection stayed open' },
    findings: [],
    ...overrides,
  };
}

function render(exchanges: ExchangeReport[], maxBodyChars = 1000, redactSecrets = true) {
  const findings = new Map(exchanges.filter((e) => e.response).map((e) => [e.index, lintText(e.response!.rawHead, 'message').diagnostics]));
  return renderResponseView(
    { title: 'api.http', exchanges, responseFindings: findings, maxBodyChars, redactSecrets },
    { nonce: 'N0NCE', cspSource: 'vscode-resource:' },
  );
}

test('the response view: strict CSP, everything from the response escaped, no inline styles', () => {
  const html = render([exchange()]);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-N0NCE'; script-src 'nonce-N0NCE'; img-src vscode-resource: data:;">/);
  assert.ok(!html.includes('<script>alert'), 'the body never becomes markup');
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(!/ style="/.test(html), 'style attributes would be blocked by the policy');
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.deepEqual(scripts, ['<script nonce="N0NCE">']);
});

test('the connection panel says reused, the request count and what reuse saved', () => {
  const html = render([exchange()]);
  assert.match(html, /#2 reused<\/strong>: 3rd request on this connection, saved 2\.10 ms of connect/);
  assert.match(html, /Predicted: persists: HTTP\/1\.1 default/);
  const fresh = render([exchange({ connection: { id: 3, reused: false, requestsOnConnection: 1, whyNew: 'the previous connection (#2) could not be reused: the server sent `Connection: close`' } })]);
  assert.match(fresh, /#3 new connection<\/strong>: the previous connection \(#2\) could not be reused: the server sent <code>Connection: close<\/code>/);
});

test('the response head is shown with the same findings as the editor gives', () => {
  const html = render([exchange()]);
  assert.match(html, /Unknown header <code>Connections<\/code>: did you mean <code>Connection<\/code>\?/);
  assert.match(html, /misspelled-field-name/);
});

test('secrets in the request as sent and in the response headers are redacted; long bodies are cut with a way to open them', () => {
  const withCookie = (e: ExchangeReport): ExchangeReport => ({ ...e, response: { ...e.response!, headers: [...e.response!.headers, ['Set-Cookie', 'sid=s3cr3t; HttpOnly']] } });
  const html = render([withCookie(exchange())], 1000);
  assert.ok(html.includes('Bearer ‹redacted›') && !html.includes('secret'));
  assert.match(html, /<th>Set-Cookie<\/th><td>‹redacted›<\/td>/);
  assert.ok(!html.includes('s3cr3t'));
  const shown = render([withCookie(exchange())], 1000, false);
  assert.ok(shown.includes('Bearer secret') && shown.includes('sid=s3cr3t; HttpOnly'), 'with log.redactSecrets off, values are shown');
  const cut = render([exchange()], 10);
  assert.match(cut, /Showing 10 of 31 characters\. <button data-command="openBody" data-index="1">Open the full body<\/button>/);
});

test('Send All: a timeline of which requests shared which connection', () => {
  const html = render([
    exchange({ index: 0, connection: { id: 0, reused: false, requestsOnConnection: 1 } }),
    exchange({ index: 1, connection: { id: 0, reused: true, requestsOnConnection: 2 } }),
    exchange({ index: 2, connection: { id: 1, reused: false, requestsOnConnection: 1 } }),
  ]);
  assert.match(html, /<span class="label">connection #0<\/span><span class="req lane-0"[^>]*>\[1\] 200<\/span><span class="req lane-0"[^>]*>\[2\] 200<\/span>/);
  assert.match(html, /<span class="label">connection #1<\/span><span class="req lane-1"[^>]*>\[3\] 200<\/span>/);
});

test('a failed request says where it failed', () => {
  const html = render([exchange({ response: undefined, connection: undefined, persistence: undefined, timings: undefined, error: { phase: 'connect', message: 'cannot connect to 127.0.0.1:9: connection refused (ECONNREFUSED)' } })]);
  assert.match(html, /Failed \(connect\)<\/h1><p>cannot connect to 127\.0\.0\.1:9: connection refused \(ECONNREFUSED\)/);
});

test('redirect hops and the cookie jar are shown on each exchange, escaped', () => {
  const first = exchange({ index: 0, response: { ...exchange().response!, status: 302 }, followed: { status: 302, location: '/next', url: 'http://127.0.0.1:8080/next', hop: 1 } });
  const hop = { hop: 1, from: 'http://127.0.0.1:8080/x', status: 302, location: '/next', changes: ['POST became GET; the body was dropped'] };
  const html = render([
    first,
    exchange({ index: 1, request: { method: 'GET', url: 'http://127.0.0.1:8080/next', version: 'HTTP/1.1', line: 0 }, redirect: hop, storedCookies: ['sid<1>'], sent: { added: ['Cookie'], jarCookies: ['sid<1>'] } as unknown as ExchangeReport['sent'] }),
  ]);
  assert.match(html, /<li>Redirect hop 1: \[1\] 302 http:\/\/127\.0\.0\.1:8080\/x → \[2\] 200 http:\/\/127\.0\.0\.1:8080\/next; POST became GET; the body was dropped<\/li>/);
  assert.match(html, /<li>Cookies kept for later requests: sid&lt;1&gt;<\/li>/);
  assert.match(html, /<li>Cookies from this run&#39;s jar: sid&lt;1&gt;<\/li>/);
  assert.match(render([first]), /<li>→ 302 to http:\/\/127\.0\.0\.1:8080\/next: followed as hop 1<\/li>/);
  assert.doesNotMatch(render([exchange()]), /class="redirects"/);
});
