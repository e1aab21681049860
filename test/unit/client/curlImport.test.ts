// Paste curl as Request: curl command lines (devtools copies, docs, shell history) become .http requests that
// send what curl sends. Checked by reading the result back with the .http parser, against Copy as curl, and
// against the real curl talking to a local server.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { curlToHttp, textToInsert } from '../../../client/src/curlImport';
import { toCurl } from '../../../client/src/curlCommand';
import { runExchange } from '../../../client/src/runner/exchange';
import { ConnectionPool } from '../../../client/src/runner/pool';
import { prepareRequest } from '../../../client/src/runner/prepare';
import type { PreparedRequest } from '../../../client/src/runner/types';
import { parseHttpFile } from '../../../server/src/language/parse/httpFile';
import { mapSource } from '../../../server/src/language/variables';
import { findCurl } from '../../support/servers/curlTrace';

function converted(command: string): { text: string; notes: string[] } {
  const r = curlToHttp(command);
  if (!r.ok) assert.fail(`not converted: ${r.message} (offset ${r.offset})\n${command}`);
  return r;
}

function prepared(httpText: string, baseDir = '.'): PreparedRequest {
  const doc = parseHttpFile(httpText);
  assert.equal(doc.requests.length, 1, `one request expected in:\n${httpText}`);
  const p = prepareRequest(doc.requests[0]!, { variables: mapSource(new Map()), baseDir });
  if (!p.ok) assert.fail(`${p.error.message}\n${httpText}`);
  return p.request;
}

interface Sent {
  method: string;
  url: string;
  version: string;
  /** The fields as written: those HTTP Lens adds on its own (Host, Content-Length) left out. */
  headers: [string, string][];
  body: string | undefined;
  insecure: boolean;
}

function sentBy(request: PreparedRequest): Sent {
  const added = new Set(request.added);
  return {
    method: request.method,
    url: request.url.href,
    version: request.version,
    headers: request.headers.filter(([n]) => !added.has(n)).map(([n, v]) => [n, v]),
    body: request.body?.toString('utf8'),
    insecure: !!request.insecure,
  };
}

/** What HTTP Lens sends for the imported command. */
function imported(command: string): Sent {
  return sentBy(prepared(converted(command).text));
}

function failure(command: string): { message: string; offset?: number } {
  const r = curlToHttp(command);
  if (r.ok) assert.fail(`expected a refusal, got:\n${r.text}`);
  return r;
}

const hasNote = (notes: readonly string[], pattern: RegExp) => assert.ok(notes.some((n) => pattern.test(n)), `no note matching ${pattern} in ${JSON.stringify(notes)}`);

// ---------------------------------------------------------------------------------------------------------
// Devtools copies

test("Chrome's Copy as cURL (bash): headers in curl's order, cookie from -b, $'…' body pretty-printed", () => {
  const command = `curl 'https://shop.example.com/api/cart/items?currency=EUR' \\
  -H 'accept: application/json, text/plain, */*' \\
  -H 'accept-language: en-GB,en;q=0.9,de;q=0.8' \\
  -H 'content-type: application/json' \\
  -b 'session=9f8e7d; consent=true' \\
  -H 'origin: https://shop.example.com' \\
  -H 'referer: https://shop.example.com/product/42' \\
  -H 'sec-ch-ua: "Chromium";v="122", "Not(A:Brand";v="24", "Google Chrome";v="122"' \\
  -H 'sec-ch-ua-mobile: ?0' \\
  -H 'sec-fetch-mode: cors' \\
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36' \\
  --data-raw $'{"productId":42,"note":"it\\'s a gift\\u0021","qty":2}'`;
  const r = converted(command);
  assert.equal(r.text, `POST https://shop.example.com/api/cart/items?currency=EUR
Cookie: session=9f8e7d; consent=true
accept: application/json, text/plain, */*
accept-language: en-GB,en;q=0.9,de;q=0.8
content-type: application/json
origin: https://shop.example.com
referer: https://shop.example.com/product/42
sec-ch-ua: "Chromium";v="122", "Not(A:Brand";v="24", "Google Chrome";v="122"
sec-ch-ua-mobile: ?0
sec-fetch-mode: cors
user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36

{
  "productId": 42,
  "note": "it's a gift!",
  "qty": 2
}`);
  assert.deepEqual(r.notes, []);
});

test("Chrome's Copy as cURL (cmd): ^ escapes, ^\" quotes, ^ continuations and an escaped line break in the body", () => {
  const command = `curl ^"https://shop.example.com/api/search?q=caf^%^C3^%^A9^&page=2^" ^
  -H ^"accept: application/json^" ^
  -H ^"x-trace: a^|b^<c^>^" ^
  -H ^"content-type: application/json^" ^
  -b ^"session=9f8e7d; theme=dark^" ^
  --data-raw ^"^{^\\^"query^\\^":^\\^"50^% off^!^\\^",^\\^"lines^\\^":^\\^"one^

two^\\^"^}^" ^
  --compressed`;
  const r = converted(command);
  // A raw line break inside a JSON string is not JSON: the body stays exactly as curl would send it.
  assert.equal(r.text, `POST https://shop.example.com/api/search?q=caf%C3%A9&page=2
Accept-Encoding: deflate, gzip, br
Cookie: session=9f8e7d; theme=dark
accept: application/json
x-trace: a|b<c>
content-type: application/json

{"query":"50% off!","lines":"one
two"}`);
  hasNote(r.notes, /--compressed/);
  const bash = `curl 'https://shop.example.com/api/search?q=caf%C3%A9&page=2' \\
  -H 'accept: application/json' \\
  -H 'x-trace: a|b<c>' \\
  -H 'content-type: application/json' \\
  -b 'session=9f8e7d; theme=dark' \\
  --data-raw $'{"query":"50% off\\u0021","lines":"one\\ntwo"}' \\
  --compressed`;
  assert.equal(converted(bash).text, r.text, "the bash copy of the same request gives the same text");
});

test("Firefox's Copy as cURL (POSIX): one line, -X POST, $'…' with Latin-1 \\x escapes", () => {
  const command = "curl 'https://forum.example.org/api/posts/17/reply' -X POST -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0' -H 'Accept: */*' -H 'Accept-Language: en-US,en;q=0.5' -H 'Accept-Encoding: gzip, deflate, br' -H 'Content-Type: text/plain;charset=UTF-8' -H 'Origin: https://forum.example.org' -H 'Connection: keep-alive' -H 'Cookie: sid=77aa; lang=fr' -H 'Sec-Fetch-Dest: empty' -H 'TE: trailers' --data-raw $'Caf\\xe9 cr\\xe8me, s\\'il vous pla\\xeet'";
  const r = converted(command);
  assert.equal(r.text, `POST https://forum.example.org/api/posts/17/reply
User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0
Accept: */*
Accept-Language: en-US,en;q=0.5
Accept-Encoding: gzip, deflate, br
Content-Type: text/plain;charset=UTF-8
Origin: https://forum.example.org
Connection: keep-alive
Cookie: sid=77aa; lang=fr
Sec-Fetch-Dest: empty
TE: trailers

Café crème, s'il vous plaît`);
  hasNote(r.notes, /Latin-1/);
  assert.deepEqual(imported(command).body, "Café crème, s'il vous plaît");
});

test("Firefox's Copy as cURL (Windows): double quotes, \"\" for a quote, \"%\" for a percent sign, ^ between lines", () => {
  const command = `curl "https://forum.example.org/search?q=caf"%"C3"%"A9&sort=new" ^
  -H "Accept: application/json" ^
  -H "Content-Type: application/json" ^
  --data-raw "{""q"":""100"%" sure"",""n"":1}"`;
  const r = converted(command);
  assert.equal(r.text, `POST https://forum.example.org/search?q=caf%C3%A9&sort=new
Accept: application/json
Content-Type: application/json

{
  "q": "100% sure",
  "n": 1
}`);
});

// ---------------------------------------------------------------------------------------------------------
// Shell words

const bash = spawnSync('bash', ['-c', 'true']).status === 0;

test('POSIX words: quotes, escapes and continuations are read as bash reads them', { skip: bash ? false : 'bash not installed' }, () => {
  const words = [
    `'single "quoted" \\ text'`,
    `"double \\"quoted\\" \\$HOME \\\\ \\z 'x'"`,
    `plain\\ with\\ spaces`,
    `mixed'one'"two"three`,
    `$'ansi \\t tab \\x41\\102 \\u00e9 \\U0001F600 \\'q\\' \\\\ \\cA end'`,
    `$'\\xc3\\xa9t\\xc3\\xa9'`,
    `"multi \\
line"`,
    `''`,
    `a\\
b`,
    `"a"'b'$'c'd`,
  ];
  for (const word of words) {
    const expected = spawnSync('bash', ['-c', `printf %s ${word}`], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } }).stdout;
    const r = converted(`curl http://h/ --data-binary ${word} -H 'Content-Type: text/plain'`);
    const body = r.text.split('\n\n').slice(1).join('\n\n');
    assert.equal(body, expected, `for ${word}`);
  }
});

test('a $ prompt, a history number, an assignment, curl.exe or a path to curl before the options', () => {
  for (const prefix of ['$ curl', '  42  curl', 'TOKEN=abc curl', 'curl.exe', '/usr/bin/curl']) {
    assert.equal(imported(`${prefix} -H 'X-A: 1' http://example.com/p`).url, 'http://example.com/p', prefix);
  }
  // A Windows path to curl.exe is a cmd line, where a backslash is an ordinary character.
  assert.deepEqual(imported('"C:\\Program Files\\curl\\bin\\curl.exe" -H "X-Dir: C:\\temp" http://example.com/p').headers, [['X-Dir', 'C:\\temp']]);
});

test('comment and blank lines before the command are skipped; a pipe, && or ; ends it, with a note', () => {
  const r = converted("# list the items\n\n$ curl -s 'http://api.example.com/items' | jq '.[0]'");
  assert.equal(r.text, 'GET http://api.example.com/items');
  hasNote(r.notes, /unquoted `\|`/);
  hasNote(converted('curl http://a.example/ && echo done').notes, /`&&`/);
  hasNote(converted('curl http://a.example/; echo done').notes, /`;`/);
  assert.deepEqual(converted('curl http://a.example/ # fetch it').notes, []);
  const after = converted("export TOKEN=abc\ncurl -H \"Authorization: Bearer $TOKEN\" http://a.example/");
  hasNote(after.notes, /before the curl command/);
  hasNote(after.notes, /`\$TOKEN`/);
  assert.match(after.text, /^Authorization: Bearer \$TOKEN$/m);
});

test('an unquoted & ends the command as a shell ends it: the URL is cut there, and a note says so', () => {
  const r = converted('curl http://a.example/search?q=1&page=2');
  assert.equal(r.text, 'GET http://a.example/search?q=1');
  hasNote(r.notes, /unquoted `&`/);
});

test('shell expansions ($VAR, ${VAR}, $(…), `…`) stay as written, with one note naming them', () => {
  const r = converted('curl -H "X-A: $A ${B} $(date +%s) `id -u`" "http://a.example/$PATH_PART"');
  assert.match(r.text, /^X-A: \$A \$\{B\} \$\(date \+%s\) `id -u`$/m);
  assert.match(r.text, /^GET http:\/\/a\.example\/\$PATH_PART$/m);
  assert.equal(r.notes.length, 1);
  hasNote(r.notes, /`\$A`, `\$\{B\}`, `\$\(date \+%s\)`, `` `id -u` ``, `\$PATH_PART`/);
});

test('redirections are left out, and their files are not taken for URLs', () => {
  const r = converted('curl -sS http://a.example/x > out.json 2>&1');
  assert.equal(r.text, 'GET http://a.example/x');
  hasNote(r.notes, /redirection/);
  assert.equal(converted('curl http://a.example/x -o out.json 2>nul ^\n  -H "A: 1"').text, 'GET http://a.example/x', 'cmd: 2>nul ends it');
});

test('cmd: backslashes count only before a quote, a lone ^ escapes the next character, %VAR% is noted', () => {
  const r = converted('curl ^\n  -H "X-Path: C:\\temp\\\\" -H "X-Q: say \\"hi\\"" -H "X-R: 50^% ^& more" http://a.example/%USERNAME%');
  assert.match(r.text, /^X-Path: C:\\temp\\$/m);
  assert.match(r.text, /^X-Q: say "hi"$/m);
  assert.match(r.text, /^X-R: 50\^% \^& more$/m, 'inside cmd quotes ^ is an ordinary character');
  hasNote(r.notes, /%USERNAME%/);
  assert.match(converted('curl ^\n http://a.example/a^&b=^"c^"').text, /^GET http:\/\/a\.example\/a&b=c$/m);
});

// ---------------------------------------------------------------------------------------------------------
// Options

test('URL: positional or --url, scheme added when missing, first of several kept with a note', () => {
  assert.equal(imported('curl --url https://a.example/x').url, 'https://a.example/x');
  assert.equal(converted('curl a.example/x').text, 'GET http://a.example/x');
  const two = converted('curl http://a.example/1 http://a.example/2');
  assert.equal(two.text, 'GET http://a.example/1');
  hasNote(two.notes, /only the first URL/);
  assert.equal(imported('curl -- -weird-but-a-url.example').url, 'http://-weird-but-a-url.example/');
});

test('URL: credentials become Basic authentication (as curl sends them), -u wins over them', () => {
  const s = imported('curl http://ann:p%40ss@a.example/x');
  assert.equal(s.url, 'http://a.example/x');
  assert.deepEqual(s.headers, [['Authorization', `Basic ${Buffer.from('ann:p@ss').toString('base64')}`]]);
  assert.deepEqual(imported('curl -u bob:pw http://ann:x@a.example/').headers, [['Authorization', `Basic ${Buffer.from('bob:pw').toString('base64')}`]]);
});

test('URL: glob escapes as Chrome writes them are undone; patterns are noted; -g keeps the text', () => {
  assert.equal(imported("curl 'http://a.example/q?ids\\[\\]=1'").url, 'http://a.example/q?ids[]=1');
  hasNote(converted("curl 'http://a.example/{one,two}'").notes, /patterns/);
  hasNote(converted("curl 'http://a.example/p[1-3]'").notes, /patterns/);
  assert.deepEqual(converted("curl 'http://[::1]:8080/x'").notes, []);
  assert.deepEqual(converted("curl -g 'http://a.example/{one,two}'").notes, []);
});

test('URL: white space is percent-encoded with a note; other schemes and non-URLs are refused', () => {
  const r = converted("curl 'http://a.example/a b'");
  assert.equal(r.text, 'GET http://a.example/a%20b');
  hasNote(r.notes, /white space/);
  assert.match(failure('curl ftp://files.example/x').message, /ftp:\/\/ URLs are not HTTP/);
  const bad = failure("curl -s 'http://exa mple.com:99999/'");
  assert.equal(bad.offset, 8);
});

test('-X / --request / -XPOST; a lower-case method is written upper case with a note; an impossible one is refused', () => {
  assert.equal(imported('curl -X DELETE http://a.example/1').method, 'DELETE');
  assert.equal(imported('curl --request PATCH http://a.example/1').method, 'PATCH');
  assert.equal(imported('curl -XPUT http://a.example/1').method, 'PUT');
  assert.equal(imported('curl -sXPROPFIND http://a.example/1').method, 'PROPFIND');
  const lower = converted('curl -X post http://a.example/');
  assert.equal(lower.text, 'POST http://a.example/');
  hasNote(lower.notes, /upper case/);
  const bad = failure("curl -X 'GET /x' http://a.example/");
  assert.equal(bad.offset, 5);
});

test('-H / --header / -HName:value: order kept, `Name;` is an empty field, `Name:` removes one curl adds', () => {
  const r = converted("curl -H 'X-B: 2' --header 'X-A:   1  ' -HAccept:text/html -H 'X-Empty;' -H 'Content-Type:' -d x http://a.example/");
  assert.equal(r.text, 'POST http://a.example/\nX-B: 2\nX-A: 1\nAccept: text/html\nX-Empty:\n\nx');
  hasNote(r.notes, /not to send its own Content-Type/);
  assert.deepEqual(imported("curl -H 'X-Empty;' http://a.example/").headers, [['X-Empty', '']]);
});

test('-H: what cannot be one field line is left out with a note', () => {
  const r = converted("curl -H ':authority: a.example' -H 'NoColon' -H @headers.txt -H $'X-A: 1\\r\\nX-B: 2' http://a.example/");
  assert.equal(r.text, 'GET http://a.example/');
  hasNote(r.notes, /not a field name/);
  hasNote(r.notes, /has no colon/);
  hasNote(r.notes, /read from a file/);
  hasNote(r.notes, /line break/);
});

test('-d / --data / --data-ascii / --data-raw / --data-binary: joined with &, POST, form Content-Type', () => {
  const s = imported("curl -d a=1 --data 'b=2 3' --data-ascii c=4 --data-raw @literal --data-binary 'e=5' --data=f=6 http://a.example/");
  assert.equal(s.method, 'POST');
  assert.deepEqual(s.headers, [['Content-Type', 'application/x-www-form-urlencoded']]);
  assert.equal(s.body, 'a=1&b=2 3&c=4&@literal&e=5&f=6');
  const own = imported("curl -H 'Content-Type: text/csv' -d 'a,b' http://a.example/");
  assert.deepEqual(own.headers, [['Content-Type', 'text/csv']]);
  const empty = converted("curl -d '' http://a.example/");
  assert.equal(empty.text, 'POST http://a.example/\nContent-Type: application/x-www-form-urlencoded');
});

test('-d @file and --data-binary @file become `< file` bodies; -d @- (standard input) is noted', () => {
  const r = converted('curl -d @form.txt http://a.example/');
  assert.equal(r.text, 'POST http://a.example/\nContent-Type: application/x-www-form-urlencoded\n\n< form.txt');
  hasNote(r.notes, /strips the line breaks/);
  hasNote(r.notes, /relative to the folder of the \.http file/);
  const binary = converted("curl --data-binary @./data/body.json -H 'Content-Type: application/json' http://a.example/");
  assert.equal(binary.text, 'POST http://a.example/\nContent-Type: application/json\n\n< ./data/body.json');
  assert.ok(!binary.notes.some((n) => /strips/.test(n)));
  const stdin = converted('curl -d @- http://a.example/');
  assert.equal(stdin.text, 'POST http://a.example/\nContent-Type: application/x-www-form-urlencoded');
  hasNote(stdin.notes, /standard input/);
  const mixed = converted('curl -d a=1 --data-binary @b.txt -d c=3 http://a.example/');
  assert.equal(mixed.text, 'POST http://a.example/\nContent-Type: application/x-www-form-urlencoded\n\na=1&\n< b.txt\n&c=3');
  hasNote(mixed.notes, /own line/);
});

test('--data-urlencode: content, =content, name=content encoded as curl encodes them; name@file noted', () => {
  const s = imported("curl --data-urlencode 'q=café & more' --data-urlencode '=a+b' --data-urlencode 'plain text~' --data-urlencode 'a@b=c d' http://a.example/");
  assert.equal(s.body, 'q=caf%C3%A9+%26+more&a%2Bb&plain+text~&a@b=c+d');
  const file = converted('curl --data-urlencode name@notes.txt http://a.example/');
  assert.equal(file.text, 'POST http://a.example/\nContent-Type: application/x-www-form-urlencoded\n\nname=\n< notes.txt');
  hasNote(file.notes, /URL-encodes/);
});

test('--json: POST, JSON Content-Type and Accept, pieces joined with nothing between them', () => {
  const r = converted(`curl --json '{"a":1,' --json '"b":[true,null]}' http://a.example/`);
  assert.equal(r.text, 'POST http://a.example/\nContent-Type: application/json\nAccept: application/json\n\n{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}');
  const own = imported(`curl --json '[]' -H 'Accept: */*' -H 'Content-Type: application/vnd.api+json' http://a.example/`);
  assert.deepEqual(own.headers, [['Accept', '*/*'], ['Content-Type', 'application/vnd.api+json']]);
  assert.equal(converted('curl --json @payload.json http://a.example/').text, 'POST http://a.example/\nContent-Type: application/json\nAccept: application/json\n\n< payload.json');
});

test('JSON bodies are pretty-printed only when that changes nothing but white space', () => {
  const body = (data: string, type = 'application/json') => converted(`curl -H 'Content-Type: ${type}' --data-raw '${data}' http://a.example/`).text.split('\n\n')[1];
  assert.equal(body('{"a":{"b":[1,2]},"c":"x y"}'), '{\n  "a": {\n    "b": [\n      1,\n      2\n    ]\n  },\n  "c": "x y"\n}');
  assert.equal(body('{ "spaced" : [ 1 , 2 ] }'), '{\n  "spaced": [\n    1,\n    2\n  ]\n}');
  for (const kept of ['{"big":12345678901234567890}', '{"a":1,"a":2}', '{"e":"\\u00e9"}', '{"n":1.0}', '{"a":1', '[1,2]x', '"just a string"', '42']) {
    assert.equal(body(kept), kept, kept);
  }
  assert.equal(body('{"a":1}', 'text/plain'), '{"a":1}', 'not JSON by its Content-Type');
  assert.equal(body('{"a":1}', 'application/problem+json; charset=utf-8'), '{\n  "a": 1\n}');
});

test('-F / --form: a multipart body with a boundary, `< file` for @file and <file parts, type and filename', () => {
  const r = converted(`curl -F 'title=Q3 report' -F 'file=@docs/notes.txt' -F 'meta=<meta.json;type=application/json' -F 'blob=@data.bin;filename="renamed;1.bin"' -F 'pic=@a.PNG;type=image/webp' -F 'q="a;type=b"' --form-string 'raw=@not-a-file;type=x' https://a.example/upload`);
  const b = '----HttpLensFormBoundary7MA4YWxkTrZu0gW';
  assert.equal(r.text, `POST https://a.example/upload
Content-Type: multipart/form-data; boundary=${b}

--${b}
Content-Disposition: form-data; name="title"

Q3 report
--${b}
Content-Disposition: form-data; name="file"; filename="notes.txt"
Content-Type: text/plain

< docs/notes.txt
--${b}
Content-Disposition: form-data; name="meta"
Content-Type: application/json

< meta.json
--${b}
Content-Disposition: form-data; name="blob"; filename="renamed;1.bin"
Content-Type: application/octet-stream

< data.bin
--${b}
Content-Disposition: form-data; name="pic"; filename="a.PNG"
Content-Type: image/webp

< a.PNG
--${b}
Content-Disposition: form-data; name="q"

a;type=b
--${b}
Content-Disposition: form-data; name="raw"

@not-a-file;type=x
--${b}--`);
});

test('-F: the body HTTP Lens sends is a well-formed multipart body; the boundary avoids the values', () => {
  const s = imported(`curl -F 'a=1' -F 'b=two words' -F 'c=HttpLensFormBoundary77 inside' http://a.example/`);
  const type = s.headers.find(([n]) => n === 'Content-Type')![1];
  const boundary = /boundary=(\S+)/.exec(type)![1]!;
  assert.ok(!'HttpLensFormBoundary77 inside'.includes(boundary));
  const parts = s.body!.split(`--${boundary}`);
  assert.deepEqual(parts, ['', '\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n', '\r\nContent-Disposition: form-data; name="b"\r\n\r\ntwo words\r\n', '\r\nContent-Disposition: form-data; name="c"\r\n\r\nHttpLensFormBoundary77 inside\r\n', '--']);
  const mixed = imported(`curl -H 'Content-Type: multipart/mixed' -F a=1 http://a.example/`);
  assert.match(mixed.headers[0]![1], /^multipart\/mixed; boundary=\S+$/, 'curl adds the boundary to a multipart type given with -H');
  hasNote(converted(`curl -F 'a=1;b' http://a.example/`).notes, /`;b` is not a form part parameter/);
  hasNote(converted(`curl -F novalue http://a.example/`).notes, /not name=content/);
});

test('-G / --get: the data goes to the query string, after what the URL has and before its fragment', () => {
  const r = converted("curl -G -d q=term --data-urlencode 'tag=a&b' http://a.example/search?lang=en#top");
  assert.equal(r.text, 'GET http://a.example/search?lang=en&q=term&tag=a%26b#top');
  assert.equal(imported('curl --get -d a=1 http://a.example/').url, 'http://a.example/?a=1');
  assert.equal(imported('curl -G -I -d a=1 http://a.example/').method, 'HEAD');
  hasNote(converted('curl -G -d @ids.txt http://a.example/').notes, /into the URL/);
});

test('--url-query adds to the query, URL-encoded unless it starts with +', () => {
  assert.equal(imported("curl --url-query 'q=a b' --url-query '+raw=%41' http://a.example/x?k=1").url, 'http://a.example/x?k=1&q=a+b&raw=%41');
});

test('-I / --head: HEAD; with a body curl refuses, and so does the import', () => {
  assert.equal(converted('curl -I http://a.example/').text, 'HEAD http://a.example/');
  assert.equal(converted('curl --head http://a.example/').text, 'HEAD http://a.example/');
  const bad = failure('curl -I -d a=1 http://a.example/');
  assert.match(bad.message, /HEAD/);
  assert.equal(bad.offset, 8);
  assert.match(failure('curl -d a=1 -F b=2 http://a.example/').message, /-d\/--data and -F\/--form/);
});

test('-u / --user: Basic with base64 of UTF-8; no password noted; --digest and the like write nothing', () => {
  assert.deepEqual(imported("curl -u 'zoë:s3cr:et' http://a.example/").headers, [['Authorization', `Basic ${Buffer.from('zoë:s3cr:et', 'utf8').toString('base64')}`]]);
  const noPassword = converted('curl --user ann http://a.example/');
  assert.equal(noPassword.text, `GET http://a.example/\nAuthorization: Basic ${Buffer.from('ann:').toString('base64')}`);
  hasNote(noPassword.notes, /no password/);
  const digest = converted('curl --digest -u ann:pw http://a.example/');
  assert.equal(digest.text, 'GET http://a.example/');
  hasNote(digest.notes, /--digest: only Basic/);
  assert.deepEqual(imported("curl -H 'Authorization: Bearer t' -u ann:pw http://a.example/").headers, [['Authorization', 'Bearer t']]);
  assert.deepEqual(imported('curl --oauth2-bearer tok123 http://a.example/').headers, [['Authorization', 'Bearer tok123']]);
});

test('-A, -e (with ;auto), -b (strings joined with ;, a file noted), -r; a -H of the same name wins', () => {
  const s = imported("curl -A 'probe/1.0' -e 'http://ref.example/;auto' -b 'a=1' --cookie 'b=2' -r 0-99 http://a.example/");
  assert.deepEqual(s.headers, [['Range', 'bytes=0-99'], ['User-Agent', 'probe/1.0'], ['Referer', 'http://ref.example/'], ['Cookie', 'a=1;b=2']]);
  assert.deepEqual(imported("curl -A theirs -H 'User-Agent: mine' -b c=1 -H 'Cookie: z=1' http://a.example/").headers, [['User-Agent', 'mine'], ['Cookie', 'z=1']]);
  const jar = converted('curl -b cookies.txt -c cookies.txt http://a.example/');
  assert.equal(jar.text, 'GET http://a.example/');
  hasNote(jar.notes, /reads cookies from a file/);
});

test('--compressed asks for compressed responses, unless -H already does', () => {
  const r = converted('curl --compressed http://a.example/');
  assert.equal(r.text, 'GET http://a.example/\nAccept-Encoding: deflate, gzip, br');
  hasNote(r.notes, /--compressed/);
  const own = converted("curl --compressed -H 'Accept-Encoding: gzip' http://a.example/");
  assert.equal(own.text, 'GET http://a.example/\nAccept-Encoding: gzip');
  assert.deepEqual(own.notes, []);
});

test('a version is written only when curl was told one: -0, --http1.0, --http1.1; --http2 is noted', () => {
  assert.equal(converted('curl -0 http://a.example/').text, 'GET http://a.example/ HTTP/1.0');
  assert.equal(converted('curl --http1.0 http://a.example/').text, 'GET http://a.example/ HTTP/1.0');
  assert.equal(converted('curl --http1.1 http://a.example/').text, 'GET http://a.example/ HTTP/1.1');
  assert.equal(converted('curl -0 --http1.1 http://a.example/').text, 'GET http://a.example/ HTTP/1.1', 'the last one wins');
  assert.equal(imported('curl -0 http://a.example/').version, 'HTTP/1.0');
  const h2 = converted('curl --http2 http://a.example/');
  assert.equal(h2.text, 'GET http://a.example/');
  hasNote(h2.notes, /HTTP\/1\.1/);
});

test('-k / --insecure: `# @no-reject-unauthorized` above the request; --no-insecure undoes it', () => {
  const r = converted('curl -k https://self-signed.example/');
  assert.equal(r.text, '# @no-reject-unauthorized\nGET https://self-signed.example/');
  assert.equal(imported('curl --insecure https://self-signed.example/').insecure, true);
  assert.equal(converted('curl -k --no-insecure https://a.example/').text, 'GET https://a.example/');
});

test('output, progress, redirect, timeout and retry options change nothing and say nothing', () => {
  const r = converted("curl -sSL -v -i -o out.json -w '%{http_code}' --max-time 5 --connect-timeout 2 --retry 3 -f --location --compressed-ssh -N -# http://a.example/");
  assert.equal(r.text, 'GET http://a.example/');
  assert.deepEqual(r.notes, []);
});

test('options HTTP Lens does not reproduce, and unknown ones, are noted and their values not taken for URLs', () => {
  const r = converted('curl -x http://proxy:3128 --resolve a.example:443:127.0.0.1 --cacert ca.pem -E cert.pem --frobnicate -! -Q SITE https://a.example/');
  assert.equal(r.text, 'GET https://a.example/');
  hasNote(r.notes, /^-x: .*proxy/);
  hasNote(r.notes, /^--resolve: /);
  hasNote(r.notes, /^--cacert: /);
  hasNote(r.notes, /^-E: client certificates/);
  hasNote(r.notes, /`--frobnicate`: not an option/);
  hasNote(r.notes, /`-!`: not an option/);
});

test('-T / --upload-file: PUT of the file, named after it when the URL ends with /', () => {
  assert.equal(converted('curl -T report.pdf http://a.example/files/').text, 'PUT http://a.example/files/report.pdf\n\n< report.pdf');
  assert.equal(converted('curl -T dir/report.pdf http://a.example').text, 'PUT http://a.example/report.pdf\n\n< dir/report.pdf');
  assert.equal(converted('curl -T report.pdf http://a.example/f?v=1').text, 'PUT http://a.example/f?v=1\n\n< report.pdf');
  assert.equal(converted('curl -X POST --upload-file x.bin http://a.example/up').text, 'POST http://a.example/up\n\n< x.bin');
});

test('--next: only the first request is imported', () => {
  const r = converted('curl http://a.example/1 --next -X POST http://a.example/2');
  assert.equal(r.text, 'GET http://a.example/1');
  hasNote(r.notes, /--next/);
});

test('bodies an .http file cannot hold as written are noted: a trailing line break, CR, `###` and `< ` lines, {{…}}', () => {
  const trailing = converted("curl -H 'Content-Type: text/plain' --data-binary $'one\\ntwo\\n' http://a.example/");
  assert.equal(trailing.text, 'POST http://a.example/\nContent-Type: text/plain\n\none\ntwo');
  hasNote(trailing.notes, /line breaks at the end/);
  hasNote(converted("curl --data-binary $'a\\r\\nb' http://a.example/").notes, /carriage returns/);
  hasNote(converted("curl --data-binary $'a\\n### b' http://a.example/").notes, /reads as something else/);
  hasNote(converted("curl --data-binary $'x\\n< ./secret' http://a.example/").notes, /reads as something else/);
  hasNote(converted("curl -H 'X-T: {{token}}' http://a.example/").notes, /HTTP Lens variable/);
  const blank = converted("curl --data-binary '   ' -H 'Content-Type: text/plain' http://a.example/");
  assert.equal(blank.text, 'POST http://a.example/\nContent-Type: text/plain');
  hasNote(blank.notes, /only white space/);
});

// ---------------------------------------------------------------------------------------------------------
// Refusals

test('refusals say why and point at the place', () => {
  assert.deepEqual(failure(''), { ok: false, message: 'the text holds no curl command' });
  assert.deepEqual(failure('  \n# just a comment\n'), { ok: false, message: 'the text holds no curl command' });
  const wget = failure('  wget http://a.example/');
  assert.match(wget.message, /not a curl command: it starts with `wget`/);
  assert.equal(wget.offset, 2);
  const single = failure("curl -H 'X: 1 http://a.example/");
  assert.match(single.message, /unclosed ' quote/);
  assert.equal(single.offset, 8);
  const double = failure('curl http://a.example/ -d "a=1');
  assert.match(double.message, /unclosed " quote/);
  assert.equal(double.offset, 26);
  assert.equal(failure("curl -d $'abc http://a").offset, 8);
  assert.equal(failure('curl -H "$(date" http://a').offset, 9);
  const cmd = failure('curl ^\n  -d "a=1 http://a.example/');
  assert.match(cmd.message, /unclosed " quote/);
  assert.equal(cmd.offset, 12);
  assert.match(failure('curl -s -H "A: b"').message, /no URL/);
  const missing = failure('curl http://a.example/ -H');
  assert.match(missing.message, /-H needs a value/);
  assert.equal(missing.offset, 23);
  assert.equal(failure('curl http://a.example/ --header').offset, 23);
});

// ---------------------------------------------------------------------------------------------------------
// Round trip with Copy as curl

const roundTripRequests = [
  `POST http://127.0.0.1:8080/items?q=a%20b HTTP/1.0
Content-Type: application/json
X-Quote: it's
X-Empty:

{
  "a": "b",
  "list": [
    1,
    2
  ]
}`,
  `# @no-reject-unauthorized
GET https://example.com/search?q=caf%C3%A9&x=1
Accept: application/json
Authorization: Bearer abc.def
Cookie: a=1; b=2`,
  `PUT http://example.com/doc/7
Content-Type: text/plain; charset=utf-8

first line with 'quotes', "double", $HOME, \`ticks\`, a \\ backslash
  indented second line: é ü 😀
last & line; | > <`,
  `DELETE http://example.com/items/7 HTTP/1.1
If-Match: "v3"`,
  `POST http://example.com/form
Content-Type: application/x-www-form-urlencoded

a=1&b=%20x&c=`,
  `GET /relative/path?x=1
Host: example.com:8080
X-Forwarded-For: 10.0.0.1`,
  `HEAD http://example.com/`,
];

test('round trip: Copy as curl, pasted back, sends the same method, URL, version, fields and body', () => {
  for (const original of roundTripRequests) {
    const before = prepared(original);
    const command = toCurl(before);
    const after = prepared(converted(command).text);
    assert.deepEqual(sentBy(after), sentBy(before), `${original}\n--- via ---\n${command}`);
  }
});

test('round trip: a compact JSON body comes back indented, with the same JSON', () => {
  const before = prepared('PATCH http://example.com/x\nContent-Type: application/json\n\n{"a":[1,{"b":null}],"c":"d"}');
  const after = sentBy(prepared(converted(toCurl(before)).text));
  assert.equal(after.body, '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n  "c": "d"\n}');
  assert.deepEqual(JSON.parse(after.body!), JSON.parse(before.body!.toString()));
  assert.deepEqual({ ...after, body: undefined }, { ...sentBy(before), body: undefined });
});

/** Text an .http line can hold as it is: no line breaks, no `{{`, nothing the parser reads specially at its start. */
const lineChar = fc.constantFrom(...'abcXYZ019 -_.,;:=&?/\\\'"`$!%*()[]@+~^|<>é€😀'.split(/(?=[\s\S])/u));
const safeLine = fc.string({ unit: lineChar, maxLength: 30 })
  .filter((s) => !s.includes('{{') && !/^[#<>?{ ]/.test(s) && !/^\s*$/.test(s) && s.trim() === s);
const fieldName = fc.stringMatching(/^X-[A-Za-z0-9-]{1,12}$/);

test('round trip, any request: Copy as curl then Paste curl as Request sends what the request sent', () => {
  fc.assert(fc.property(
    fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
      url: fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }),
      version: fc.constantFrom('', ' HTTP/1.0', ' HTTP/1.1'),
      headers: fc.array(fc.tuple(fieldName, fc.oneof(safeLine, fc.constant(''))), { maxLength: 5 }),
      body: fc.option(fc.array(safeLine, { minLength: 1, maxLength: 4 }), { nil: undefined }),
      typed: fc.boolean(),
      insecure: fc.boolean(),
    }),
    (g) => {
      const lines = [`${g.insecure ? '# @no-reject-unauthorized\n' : ''}${g.method} ${g.url}${g.version}`];
      for (const [n, v] of g.headers) lines.push(v === '' ? `${n}:` : `${n}: ${v}`);
      if (g.body) lines.push(...(g.typed ? ['Content-Type: text/plain'] : []), '', ...g.body);
      const before = prepared(lines.join('\n'));
      const after = prepared(converted(toCurl(before)).text);
      assert.deepEqual(sentBy(after), sentBy(before));
    },
  ), { numRuns: 300 });
});

// What the round trip shows about Copy as curl (client/src/curlCommand.ts): curl does not send these as HTTP Lens does.
test('Copy as curl: a body starting with @ is sent as the body, not read by curl as a file name', () => {
  const before = prepared('POST http://example.com/\nContent-Type: text/plain\n\n@mention me');
  assert.equal(sentBy(prepared(converted(toCurl(before)).text)).body, '@mention me');
});

test('Copy as curl: a body without Content-Type gets none from curl either', () => {
  const before = prepared('POST http://example.com/\n\nplain');
  assert.deepEqual(sentBy(prepared(converted(toCurl(before)).text)).headers, []);
});

// ---------------------------------------------------------------------------------------------------------
// The real curl

const REQUIRE_SERVERS = process.env.HTTP_LENS_REQUIRE_SERVERS === '1';
const curlPath = findCurl();

interface Received {
  method: string;
  target: string;
  headers: [string, string][];
  body: Buffer;
}

async function captureServer(): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      received.push({ method: req.method!, target: req.url!, headers, body: Buffer.concat(chunks) });
      res.writeHead(204, { Connection: 'close' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Runs the command line in bash, with curl kept from reading ~/.curlrc or using a proxy from the environment. */
function runCurl(command: string, cwd: string): Promise<void> {
  const wrapper = 'curl() { command "$CURL_BIN" -q --noproxy "*" -sS -o /dev/null "$@"; }\n';
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', wrapper + command], { cwd, env: { ...process.env, CURL_BIN: curlPath! }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`curl exited with ${code}: ${stderr}\n${command}`))));
  });
}

/**
 * What a server can compare: curl's own defaults (its User-Agent, `Accept: *\/*`, `Expect: 100-continue` for
 * uploads) left out, multipart boundaries made equal, Content-Length checked against the body it came with.
 */
function comparable(r: Received): { method: string; target: string; headers: string[]; body: string } {
  const type = r.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  const boundary = /boundary=(\S+)/.exec(type)?.[1];
  let body = r.body.toString('latin1');
  const length = r.headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1];
  if (length !== undefined) assert.equal(Number(length), r.body.length, 'Content-Length is the length of the body sent');
  if (boundary) body = body.split(boundary).join('BOUNDARY').replace(/--BOUNDARY--\r\n$/, '--BOUNDARY--');
  if (/json/i.test(type) && body) body = JSON.stringify(JSON.parse(r.body.toString('utf8')));
  const headers = r.headers
    .filter(([n, v]) => {
      const lower = n.toLowerCase();
      if (lower === 'user-agent' && v.startsWith('curl/')) return false;
      if (lower === 'accept' && v === '*/*') return false;
      return lower !== 'expect' && lower !== 'content-length';
    })
    .map(([n, v]) => `${n}: ${boundary ? v.split(boundary).join('BOUNDARY') : v}`)
    .sort();
  return { method: r.method, target: r.target, headers, body };
}

const curlCommands = [
  `curl 'http://127.0.0.1:PORT/api/items?page=2' \\
  -H 'accept: application/json' \\
  -H 'content-type: application/json' \\
  -b 'sid=abc; theme=dark' \\
  -H 'x-empty;' \\
  --data-raw $'{"name":"it\\'s","tags":["a","b"],"n":1}' \\
  --http1.1`,
  `curl --http1.1 -u 'ann:s3cr:et' -A 'probe/1.0' -e 'http://ref.example/;auto' -d 'a=1' -d 'b=two' --data-urlencode 'q=ü & more' -H 'X-Trace: 7' 'http://127.0.0.1:PORT/form'`,
  `curl --http1.1 -F 'title=Quarterly report' -F 'file=@notes.txt' -F 'meta=<meta.json;type=application/json' -F 'blob=@data.bin;filename=renamed.bin' http://127.0.0.1:PORT/upload`,
  `curl --http1.1 -G -d q=term --data-urlencode 'tag=a&b c' -H 'Accept-Language: de' http://127.0.0.1:PORT/search`,
  `curl --http1.1 -X PUT --data-binary @body.txt -H 'Content-Type: text/plain' http://127.0.0.1:PORT/doc/1`,
  `curl --http1.1 -T notes.txt http://127.0.0.1:PORT/files/`,
  `curl --http1.1 -I -H 'X-Probe: 1' --url-query 'v=a b' http://127.0.0.1:PORT/head`,
  `curl --http1.1 --json '{"a":[1,2]}' -H 'X-Empty;' http://ann:p%40ss@127.0.0.1:PORT/json`,
];

test('the real curl and HTTP Lens send the same request for the imported command', {
  skip: !curlPath && !REQUIRE_SERVERS ? 'curl not installed (HTTP_LENS_REQUIRE_SERVERS=1 makes this a failure)' : false,
  timeout: 30_000,
}, async () => {
  if (!curlPath) assert.fail('HTTP_LENS_REQUIRE_SERVERS=1 but curl is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'http-lens-curl-'));
  writeFileSync(join(dir, 'notes.txt'), 'first line\nsecond line\n');
  writeFileSync(join(dir, 'meta.json'), '{"kind":"report"}\n');
  writeFileSync(join(dir, 'data.bin'), Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x7f]));
  writeFileSync(join(dir, 'body.txt'), 'plain body\r\nwith a CRLF and a trailing LF\n');
  const server = await captureServer();
  const pool = new ConnectionPool();
  try {
    for (const template of curlCommands) {
      const command = template.replace('PORT', String(server.port));
      server.received.length = 0;
      await runCurl(command, dir);
      const request = prepared(converted(command).text, dir);
      const report = await runExchange(pool, request, 0);
      assert.equal(report.error, undefined, `${command}\n${report.error?.message}`);
      assert.equal(server.received.length, 2, command);
      const [byCurl, byLens] = server.received as [Received, Received];
      assert.deepEqual(comparable(byLens), comparable(byCurl), command);
    }
  } finally {
    pool.closeAll();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Any input

const shellish = fc.constantFrom(...`curl curl.exe -H -d -F -X -G -I -u -b -k -0 --json --data-urlencode --url -sSL -XPOST -HA:b --data= -- ' " $' $( \` \\ ^ ^" \n \r\n \t ; & && | > < 2>&1 # @ = : ; { } [ ] %X% $X http://a/ https://b.example/x?y=1 a=1 name@f x=<f @- ;type= `.split(' '));
const commandLike = fc.array(fc.oneof(shellish, fc.string({ maxLength: 6 }), fc.constant(' ')), { maxLength: 40 }).map((parts) => parts.join(''));

test('any text: never throws, never hits an internal error, and an offset lies inside the text', () => {
  fc.assert(fc.property(fc.oneof(commandLike, commandLike.map((s) => `curl ${s}`), fc.string(), fc.string({ unit: 'binary' })), (text) => {
    const r = curlToHttp(text);
    if (r.ok) {
      assert.equal(typeof r.text, 'string');
      assert.ok(r.notes.every((n) => typeof n === 'string'));
    } else {
      assert.doesNotMatch(r.message, /could not read the curl command/);
      if (r.offset !== undefined) assert.ok(r.offset >= 0 && r.offset < Math.max(text.length, 1), `offset ${r.offset} outside the text`);
    }
  }), { numRuns: 3000 });
});

test('any text that converts gives one request the .http parser reads back', () => {
  fc.assert(fc.property(commandLike.map((s) => `curl http://a.example/ ${s}`), (text) => {
    const r = curlToHttp(text);
    if (!r.ok) return;
    const doc = parseHttpFile(r.text);
    assert.equal(doc.requests.length, 1, r.text);
    assert.equal(doc.requests[0]!.message.start?.kind, 'request', r.text);
  }), { numRuns: 1000 });
});

function medianTime(make: (n: number) => string, n: number): number {
  const text = make(n);
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    curlToHttp(text);
    samples.push(Number(process.hrtime.bigint() - t0));
  }
  return samples.sort((a, b) => a - b)[1]!;
}

const pathological: [string, (n: number) => string][] = [
  ['many words', (n) => `curl http://a/ ${'-H "X: y" '.repeat(n / 10)}`],
  ['many data pieces', (n) => `curl http://a/ ${'-d a=1 '.repeat(n / 7)}`],
  ['many form parts', (n) => `curl http://a/ ${"-F 'a=HttpLensFormBoundary1' ".repeat(n / 30)}`],
  ['a long $\'…\' of escapes', (n) => `curl http://a/ -d $'${'\\xe9\\u00e9\\n'.repeat(n / 12)}'`],
  ['unclosed quotes', (n) => `curl ${"'\"".repeat(n / 2)}`],
  ['nested $(', (n) => `curl "${'$('.repeat(n / 2)}`],
  ['caret runs', (n) => `curl ^\n ${'^^^"'.repeat(n / 4)}`],
  ['backslash runs for Windows', (n) => `curl ^\n "${'\\'.repeat(n)}"`],
  ['long URL with braces and commas', (n) => `curl 'http://a/{${','.repeat(n)}'`],
  ['many short options', (n) => `curl http://a/ -${'sSvi'.repeat(n / 4)}`],
  ['many lines', (n) => `${'# comment\n'.repeat(n / 10)}curl http://a/`],
  ['a long body with many lines', (n) => `curl http://a/ --data-binary $'${'< x\\n### \\n{{a}}'.repeat(n / 14)}'`],
];

for (const [name, make] of pathological) {
  test(`linear time: ${name}`, () => {
    const n = 20_000;
    medianTime(make, n);
    const small = medianTime(make, n);
    const large = medianTime(make, n * 8);
    const ratio = large / Math.max(small, 1);
    assert.ok(ratio < 24, `${name}: 8x the input took ${ratio.toFixed(1)}x the time (${(small / 1e6).toFixed(1)} ms -> ${(large / 1e6).toFixed(1)} ms)`);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Where the request goes

test('insertion: no separator at the start of a file, after ###, or after metadata of the same block', () => {
  assert.equal(textToInsert('', '', 'GET http://a/'), 'GET http://a/\n\n');
  assert.equal(textToInsert('\n\n', '', 'GET http://a/'), 'GET http://a/\n\n');
  assert.equal(textToInsert('GET http://x/\n\n###\n', '', 'GET http://a/'), 'GET http://a/\n\n');
  assert.equal(textToInsert('GET http://x/\n\n### Login', '', 'GET http://a/'), '\nGET http://a/\n\n');
  assert.equal(textToInsert('@host = a\n\n### Login\n# @name login\n', '', 'GET http://a/'), 'GET http://a/\n\n');
  assert.equal(textToInsert('@host = a.example\n', '', 'GET http://a/'), 'GET http://a/\n\n');
});

test('insertion: a ### separator when a request comes before it in the same block', () => {
  assert.equal(textToInsert('GET http://x/\n', '', 'GET http://a/'), '\n###\nGET http://a/\n\n');
  assert.equal(textToInsert('GET http://x/\n\n', '', 'GET http://a/'), '###\nGET http://a/\n\n');
  assert.equal(textToInsert('GET http://x/', '', 'GET http://a/'), '\n\n###\nGET http://a/\n\n');
});

test('insertion: a blank line after, and a separator when a request follows without one', () => {
  assert.equal(textToInsert('', '\n###\nGET http://b/', 'GET http://a/'), 'GET http://a/\n');
  assert.equal(textToInsert('', '###\nGET http://b/', 'GET http://a/'), 'GET http://a/\n\n');
  assert.equal(textToInsert('', 'GET http://b/\n', 'GET http://a/'), 'GET http://a/\n\n###\n');
  const doc = `GET http://x/\n${textToInsert('GET http://x/\n', 'GET http://y/\n', 'POST http://a/\n\nbody')}GET http://y/\n`;
  assert.deepEqual(parseHttpFile(doc).requests.map((r) => r.message.start?.kind === 'request' && r.message.start.target), ['http://x/', 'http://a/', 'http://y/']);
  assert.equal(parseHttpFile(doc).requests[1]!.message.body?.parts.length, 1);
});
