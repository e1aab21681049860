// The TextMate grammars (syntaxes/*.tmLanguage.json), loaded through vscode-textmate on the Oniguruma wasm as
// VS Code loads them. Most tests use a bare registry: the JSON, JavaScript and XML grammars the .http grammar
// embeds are then missing, as they are from node_modules, and the embedded blocks must still be scoped. Tests
// that need nesting inside an embedded block (an object left open, a script that never closes its brace) load
// small stand-in grammars from test/support/textmate.ts instead.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { INITIAL, type IGrammar, type StateStack } from 'vscode-textmate';
import { CORPUS, corpusFiles } from '../support/corpus';
import { commonScopes, describeLine, loadGrammar, locate, splitDocument, tokenize, tokensAt, tokensOf, type Token } from '../support/textmate';

type Scope = 'source.http' | 'source.http-message';
const cache = new Map<string, Promise<IGrammar>>();
function grammar(scope: Scope, stubs = false): Promise<IGrammar> {
  const key = `${scope}:${stubs}`;
  let g = cache.get(key);
  if (!g) cache.set(key, (g = loadGrammar(scope, { stubs })));
  return g;
}

/** Which occurrence of a needle: the `nth` in the document, or the first inside the `nth` occurrence of `inside`. */
type Where = number | { inside: string; nth?: number };

/** A tokenised document with assertions on the scopes of its substrings. */
class Doc {
  constructor(
    readonly text: string,
    readonly tokens: Token[],
  ) {}

  private covering(needle: string, where: Where): Token[] {
    if (typeof where === 'number') return tokensOf(this.tokens, this.text, needle, where);
    const outer = locate(this.text, where.inside, where.nth ?? 0);
    const offset = where.inside.indexOf(needle);
    if (offset < 0) throw new Error(`"${needle}" is not inside "${where.inside}"`);
    const start = outer.column + offset;
    return tokensAt(this.tokens, outer.line, start, start + needle.length);
  }

  private show(covering: Token[]): string {
    const line = covering[0]?.line ?? -1;
    return `\n--- tokens of line ${line}: ${JSON.stringify(splitDocument(this.text)[line])}\n${describeLine(this.tokens, line)}`;
  }

  /** `needle` (all of it) has `scope` or a scope below it (`variable.other` matches `variable.other.template.http`). */
  has(needle: string, scope: string, where: Where = 0): void {
    const covering = this.covering(needle, where);
    const scopes = commonScopes(covering);
    assert.ok(scopes.some((s) => matches(s, scope)), `"${needle}" should have ${scope}, has ${scopes.join(' ')}${this.show(covering)}`);
  }

  /** No part of `needle` has `scope`. */
  hasNot(needle: string, scope: string, where: Where = 0): void {
    const covering = this.covering(needle, where);
    for (const t of covering) {
      assert.ok(!t.scopes.some((s) => matches(s, scope)), `"${needle}" should not have ${scope}, has ${t.scopes.join(' ')}${this.show(covering)}`);
    }
  }
}

function matches(scope: string, selector: string): boolean {
  return scope === selector || scope.startsWith(`${selector}.`);
}

async function http(text: string, stubs = false): Promise<Doc> {
  return new Doc(text, tokenize(await grammar('source.http', stubs), text));
}
async function message(text: string, stubs = false): Promise<Doc> {
  return new Doc(text, tokenize(await grammar('source.http-message', stubs), text));
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'MKCOL', 'QUERY'];
const VERSIONS = ['HTTP/1.0', 'HTTP/1.1', 'HTTP/2', 'HTTP/2.0', 'HTTP/3'];

describe('.http grammar: structure', () => {
  test('### separators, with and without a title', async () => {
    const d = await http('### Login to the API\nGET /a\n\n###\nGET /b\n#### extra hashes\nGET /c\n');
    d.has('###', 'punctuation.separator.request.http');
    d.has('Login to the API', 'entity.name.section.request-title.http');
    d.has('###', 'meta.separator.request.http', 1);
    d.hasNot('###', 'comment', 1);
    d.has('extra hashes', 'entity.name.section.request-title.http');
    d.has('GET', 'keyword.control.http-method.http', 2);
  });

  test('# and // comments, between requests and among headers', async () => {
    const d = await http('# a hash comment\n// a slash comment\nGET /x\n# inside the head\nAccept: */*\n// also inside\n');
    d.has('# a hash comment', 'comment.line.number-sign.http');
    d.has('#', 'punctuation.definition.comment.http');
    d.has('// a slash comment', 'comment.line.double-slash.http');
    d.has('# inside the head', 'comment.line.number-sign.http');
    d.has('// also inside', 'comment.line.double-slash.http');
    d.has('Accept', 'support.type.property-name.header.http');
  });

  test('metadata: @name, @prompt, flags, with # or //', async () => {
    const d = await http(
      '# @name login\n# @prompt token Your token\n# @no-redirect\n# @no-cookie-jar\n// @no-log\n# @name=other\n# @timeout 30\nGET /x\n',
    );
    d.has('name', 'storage.type.annotation.metadata.http');
    d.has('@', 'punctuation.definition.annotation.http');
    d.has('login', 'entity.name.function.request-name.http');
    d.hasNot('login', 'comment');
    d.has('prompt', 'storage.type.annotation.metadata.http');
    d.has('token', 'variable.other.declaration.http');
    d.has('Your token', 'string.unquoted.prompt-description.http');
    for (const flag of ['no-redirect', 'no-cookie-jar', 'no-log']) {
      d.has(flag, 'storage.type.annotation.metadata.http');
      d.has(flag, 'meta.metadata.http');
      d.hasNot(flag, 'comment');
    }
    d.has('//', 'comment.line.double-slash.http');
    d.has('=', 'keyword.operator.assignment.http');
    d.has('other', 'entity.name.function.request-name.http');
    d.has('30', 'string.unquoted.metadata-value.http');
  });

  test('file variables, with variables in their values', async () => {
    const d = await http('@host = example.com\n@url = {{host}}/api\n@lazy := {{$guid}}\n\nGET {{url}}/users\n');
    d.has('@', 'punctuation.definition.variable.http');
    d.has('host', 'variable.other.declaration.http');
    d.has('=', 'keyword.operator.assignment.http');
    d.has('example.com', 'string.unquoted.variable-value.http');
    d.has('url', 'variable.other.declaration.http');
    d.has('host', 'variable.other.template.http', 1);
    d.has('{{host}}', 'meta.template.expression.http');
    d.has('/api', 'string.unquoted.variable-value.http');
    d.has(':=', 'keyword.operator.assignment.http');
    d.has('guid', 'variable.language.system.http');
  });

  test('a request ends at the next ### even inside an unclosed JSON body or script', async () => {
    for (const stubs of [false, true]) {
      const d = await http(
        'POST /a\nContent-Type: application/json\n\n{ "open": [1,\n  { "deeper": "\n### Next\nGET /b\nAccept: x\n\n' +
          '### Script\nGET /c\n\n> {%\n  if (x) {\n    client.test("a", function() {\n%}\n### After script\nGET /d HTTP/1.1\n',
        stubs,
      );
      d.has('###', 'meta.separator.request.http', 0);
      d.has('Next', 'entity.name.section.request-title.http');
      d.hasNot('Next', 'meta.embedded');
      d.has('GET', 'keyword.control.http-method.http', 0);
      d.has('Accept', 'support.type.property-name.header.http');
      d.hasNot('Accept', 'meta.embedded');
      d.has('After script', 'entity.name.section.request-title.http');
      d.hasNot('After script', 'meta.embedded.block.javascript');
      d.has('GET', 'keyword.control.http-method.http', 2);
      d.has('HTTP/1.1', 'constant.language.http-version.http');
      d.has('"deeper"', 'meta.embedded.block.json');
    }
    // With nesting grammars the JSON really is left open: the separator still wins.
    const nested = await http('POST /a\n\n{ "open": [1,\n### Next\nGET /b\n', true);
    nested.has('[1,', 'meta.structure.array.json');
    nested.hasNot('Next', 'meta.structure');
  });

  test('a request line without ### starts a new request (httpYac)', async () => {
    const d = await http('GET /first\n\n{"a": 1}\n\nPOST /second\nAccept: x\n');
    d.has('POST', 'keyword.control.http-method.http');
    d.hasNot('POST', 'meta.embedded.block.json');
    d.has('Accept', 'support.type.property-name.header.http');
  });
});

describe('.http grammar: request lines', () => {
  test('every method, with and without each HTTP version', async () => {
    for (const method of METHODS) {
      for (const version of ['', ...VERSIONS]) {
        const line = `${method} https://example.com/items?id=1${version ? ` ${version}` : ''}`;
        const d = await http(`${line}\nAccept: */*\n`);
        d.has(method, 'keyword.control.http-method.http');
        d.has('https://example.com/items', 'string.other.link.request-target.http');
        d.has('https://example.com/items', 'meta.request.http');
        if (version) d.has(version, 'constant.language.http-version.http');
        d.has('Accept', 'support.type.property-name.header.http');
      }
    }
  });

  test('a method written in lower case, and extension methods (gRPC, WebSocket)', async () => {
    const d = await http('get https://example.com/\n\n###\nGRPC localhost:50051/helloworld.Greeter/SayHello\n\n###\nWS wss://echo/\n');
    d.has('get', 'keyword.control.http-method.http');
    d.has('GRPC', 'keyword.control.http-method.http');
    d.has('localhost:50051/helloworld.Greeter/SayHello', 'string.other.link.request-target.http');
    d.has('WS', 'keyword.control.http-method.http');
  });

  test('a URL alone (GET is meant), with a version or not', async () => {
    for (const line of ['https://example.com/api', 'https://example.com/api HTTP/1.1', '/relative/path', '{{baseUrl}}/users']) {
      const d = await http(`${line}\nAccept: */*\n`);
      const target = line.split(' ')[0]!;
      d.has(target, 'string.other.link.request-target.http');
      d.hasNot(target, 'keyword.control');
      d.has('Accept', 'support.type.property-name.header.http');
    }
  });

  test('query parameters, also on indented ? and & continuation lines', async () => {
    const d = await http('GET https://example.com/search?q=http\n    &page={{page}}\n    &size=10 HTTP/1.1\nAccept: */*\n\n###\nGET /x\n  ?a=1\n');
    d.has('?', 'punctuation.separator.query.http');
    d.has('q', 'variable.parameter.query.http');
    d.has('http', 'string.unquoted.query-value.http', 1);
    d.has('&', 'punctuation.separator.query.http');
    d.has('&page=', 'string.other.link.request-target.http');
    d.has('page', 'variable.parameter.query.http');
    d.has('page', 'variable.other.template.http', 1);
    d.has('size', 'variable.parameter.query.http');
    d.has('HTTP/1.1', 'constant.language.http-version.http');
    d.has('Accept', 'support.type.property-name.header.http');
    d.has('?a=1', 'string.other.link.request-target.http');
    d.has('a', 'variable.parameter.query.http', { inside: '?a=1' });
  });
});

describe('.http grammar: variables', () => {
  /** Every form of `{{...}}`, with what its parts must be. */
  const TEMPLATES: [expression: string, parts: [needle: string, scope: string][]][] = [
    ['{{var}}', [['var', 'variable.other.template.http']]],
    ['{{ var }}', [['var', 'variable.other.template.http']]],
    ['{{$guid}}', [['guid', 'variable.language.system.http'], ['$', 'punctuation.definition.variable.http']]],
    ['{{$timestamp -1 d}}', [['timestamp', 'variable.language.system.http'], ['-1', 'constant.numeric.http'], [' d}}', 'meta.template.expression.http']]],
    ['{{$datetime rfc1123}}', [['datetime', 'variable.language.system.http'], ['rfc1123', 'constant.language.date-format.http']]],
    ['{{$datetime "DD-MM-YYYY" 1 y}}', [['"DD-MM-YYYY"', 'string.quoted.double.http'], ['1', 'constant.numeric.http']]],
    ['{{$localDatetime iso8601}}', [['localDatetime', 'variable.language.system.http'], ['iso8601', 'constant.language.date-format.http']]],
    ['{{$randomInt 1 100}}', [['randomInt', 'variable.language.system.http'], ['100', 'constant.numeric.http']]],
    ['{{$processEnv HOME}}', [['processEnv', 'variable.language.system.http'], ['HOME', 'variable.other.environment.http']]],
    ['{{$dotenv API_KEY}}', [['dotenv', 'variable.language.system.http'], ['API_KEY', 'variable.other.environment.http']]],
    [
      '{{login.response.body.$.token}}',
      [
        ['login.response.body.$.token', 'variable.other'],
        ['login', 'variable.other.object.request-name.http'],
        ['response', 'variable.other.property.http'],
        ['$.token', 'string.unquoted.path.http'],
      ],
    ],
    [
      '{{login.response.headers.Location}}',
      [
        ['login.response.headers.Location', 'variable.other'],
        ['headers', 'variable.other.property.http'],
        ['Location', 'support.type.property-name.header.http'],
      ],
    ],
  ];

  /** Where a variable can stand: the target, a header value, a text body, a JSON body. */
  const PLACES: [name: string, make: (expression: string) => string, container: string][] = [
    ['target', (e) => `GET https://example.com/${e}/x\n`, 'string.other.link.request-target.http'],
    ['header value', (e) => `GET /x\nX-Value: a ${e} b\n`, 'string.unquoted.header-value.http'],
    ['text body', (e) => `POST /x\nContent-Type: text/plain\n\nhello ${e} there\n`, 'meta.request.body.http'],
    ['JSON body', (e) => `POST /x\nContent-Type: application/json\n\n{\n  "v": ${e}\n}\n`, 'meta.embedded.block.json'],
  ];

  for (const [expression, parts] of TEMPLATES) {
    test(`${expression} in the target, a header value and bodies`, async () => {
      for (const [, make, container] of PLACES) {
        const d = await http(make(expression));
        d.has(expression, 'meta.template.expression.http');
        d.has(expression, container);
        d.has('{{', 'punctuation.definition.template-expression.begin.http');
        d.has('}}', 'punctuation.definition.template-expression.end.http');
        const inner = expression.slice(2, -2).trim();
        d.has(inner, 'variable.other.template.http');
        for (const [needle, scope] of parts) d.has(needle, scope, { inside: expression });
      }
    });
  }

  test('variables inside the strings of an embedded JSON or XML body', async () => {
    const d = await http('POST /x\nContent-Type: application/json\n\n{"token": "{{login.response.body.$.token}}"}\n\n###\nPOST /y\nContent-Type: application/xml\n\n<a href="{{url}}">{{text}}</a>\n', true);
    d.has('"token"', 'string.quoted.double.json');
    d.has('login', 'variable.other.object.request-name.http');
    d.has('login', 'string.quoted.double.json');
    d.has('url', 'variable.other.template.http');
    d.has('url', 'string.quoted.double.xml');
    d.has('text', 'variable.other.template.http');
  });

  test('variables in header names, file paths and redirects', async () => {
    const d = await http('POST /x\nX-{{name}}-Id: 1\n\n< ./{{dir}}/body.json\n>> ./{{out}}.json\n');
    d.has('name', 'variable.other.template.http');
    d.has('X-', 'support.type.property-name.header.http');
    d.has('dir', 'variable.other.template.http');
    d.has('dir', 'string.unquoted.file-path.http');
    d.has('out', 'variable.other.template.http');
  });
});

describe('.http grammar: headers', () => {
  test('name, colon and value; misspelled names are header names too', async () => {
    const d = await http('GET /x\nContent-Type: application/json; charset="utf-8"\nContnet-Tpye: text/plain\nx-custom_header.v2 : spaced\n');
    d.has('Content-Type', 'support.type.property-name.header.http');
    d.has(':', 'punctuation.separator.key-value.http');
    d.has('application/json', 'string.unquoted.header-value.http');
    d.has(';', 'punctuation.separator.parameter.http');
    d.has('charset', 'variable.parameter.field-parameter.http');
    d.has('"utf-8"', 'string.quoted.double.http');
    d.has('Contnet-Tpye', 'support.type.property-name.header.http');
    d.has('text/plain', 'string.unquoted.header-value.http');
    d.has('x-custom_header.v2', 'support.type.property-name.header.http');
    d.has('spaced', 'string.unquoted.header-value.http');
  });

  test('Connection options and Keep-Alive parameters', async () => {
    const d = await http('GET /x\nConnection: keep-alive, Upgrade\nKeep-Alive: timeout=5, max=100\nTransfer-Encoding: chunked\nReferer: https://a/close\n');
    d.has('keep-alive', 'constant.language.connection-option.http');
    d.has('Upgrade', 'constant.language.connection-option.http');
    d.has('timeout', 'variable.parameter.keep-alive.http');
    d.has('5', 'constant.numeric.integer.http');
    d.has('max', 'variable.parameter.keep-alive.http');
    d.has('100', 'constant.numeric.integer.http');
    d.has('timeout=5, max=100', 'meta.keep-alive.parameters.http');
    d.has('chunked', 'constant.language.transfer-coding.http');
    d.hasNot('close', 'constant.language');
  });

  test('a blank line ends the headers: a header-shaped body line is body', async () => {
    const d = await http('POST /x\nContent-Type: text/plain\n\nNot: a header\n');
    d.hasNot('Not', 'support.type.property-name');
    d.has('Not: a header', 'meta.request.body.http');
  });
});

describe('.http grammar: bodies', () => {
  test('JSON by content type, even when the body does not start with { or [', async () => {
    for (const type of ['application/json', 'application/vnd.api+json', 'application/problem+json; charset=utf-8', 'text/json']) {
      const d = await http(`POST /x\nContent-Type: ${type}\n\n"just a string"\n`);
      d.has('"just a string"', 'meta.embedded.block.json');
    }
  });

  test('JSON without a content type when the body starts with { or [', async () => {
    const d = await http('POST /a\n\n{"a": 1}\n\n###\nPOST /b\n\n  [1, 2]\n\n###\nPOST /c\n\nplain text {not json}\n');
    d.has('{"a": 1}', 'meta.embedded.block.json');
    d.has('[1, 2]', 'meta.embedded.block.json');
    d.has('plain text', 'meta.request.body.http');
    d.hasNot('plain text', 'meta.embedded');
  });

  test('a JSON body is coloured by the JSON grammar when there is one', async () => {
    const d = await http('POST /x\nContent-Type: application/json\n\n{\n  "n": 1\n}\n', true);
    d.has('"n"', 'string.quoted.double.json');
    d.has('1', 'constant.numeric.json');
    d.has('1', 'meta.embedded.block.json');
  });

  test('XML, by content type or by its first character', async () => {
    const d = await http('POST /a\nContent-Type: application/xml\n\n<?xml version="1.0"?>\n<a/>\n\n###\nPOST /b\n\n<note>hi</note>\n');
    d.has('<?xml', 'meta.embedded.block.xml');
    d.has('<note>', 'meta.embedded.block.xml');
    d.hasNot('<note>', 'keyword.operator.file-reference');
  });

  test('form data', async () => {
    const d = await http('POST /x\nContent-Type: application/x-www-form-urlencoded\n\nuser=alice&pass={{secret}}\n&remember=true\n');
    d.has('user', 'variable.parameter.form.http');
    d.has('=', 'keyword.operator.assignment.http', 1);
    d.has('alice', 'string.unquoted.form-value.http');
    d.has('&', 'punctuation.separator.parameter.http');
    d.has('secret', 'variable.other.template.http');
    d.has('remember', 'variable.parameter.form.http');
  });

  test('GraphQL (X-Request-Type: GraphQL): the query, then JSON variables', async () => {
    const d = await http(
      'POST /graphql\nContent-Type: application/json\nX-Request-Type: GraphQL\n\n{\n  user(id: $id) { name }\n}\n\n{"id": "{{id}}"}\n',
    );
    d.has('user', 'meta.embedded.block.graphql');
    d.hasNot('user', 'meta.embedded.block.json');
    d.has('{', 'meta.embedded.block.graphql', 0);
    d.hasNot('{', 'meta.embedded.block.json', 0);
    d.has('$id', 'variable.other.graphql');
    d.has('{"id": ', 'meta.embedded.block.json');
    d.has('id', 'variable.other.template.http', { inside: '{{id}}' });
  });

  test('GraphQL recognised by its first word, and by a GRAPHQL method', async () => {
    const d = await http(
      'POST /graphql\nContent-Type: application/json\n\nquery Q($n: Int) {\n  items(first: $n) { id }\n}\n\n{"n": 3}\n\n###\nGRAPHQL /gql\n\n{ viewer { login } }\n',
    );
    d.has('query', 'keyword.other.graphql');
    d.hasNot('query', 'meta.embedded.block.json');
    d.has('Int', 'entity.name.type.graphql');
    d.has('{"n": 3}', 'meta.embedded.block.json');
    d.has('viewer', 'meta.embedded.block.graphql');
    d.hasNot('viewer', 'meta.embedded.block.json');
  });

  test('multipart: boundaries, part headers, file references in a part', async () => {
    const d = await http(
      'POST /upload\nContent-Type: multipart/form-data; boundary=----Boundary7MA4\n\n------Boundary7MA4\n' +
        'Content-Disposition: form-data; name="file"; filename="a.txt"\nContent-Type: text/plain\n\n< ./a.txt\n' +
        '------Boundary7MA4\nContent-Disposition: form-data; name="meta"\n\n{"k": 1}\n------Boundary7MA4--\n',
    );
    d.has('------Boundary7MA4', 'meta.separator.multipart-boundary.http');
    d.has('--', 'punctuation.definition.boundary.http', { inside: '------Boundary7MA4' });
    d.has('----Boundary7MA4', 'constant.other.boundary.http', { inside: '------Boundary7MA4' });
    d.has('--', 'punctuation.definition.boundary.http', { inside: 'Boundary7MA4--' });
    d.has('Content-Disposition', 'support.type.property-name.header.http');
    d.has('name', 'variable.parameter.field-parameter.http');
    d.has('"file"', 'string.quoted.double.http');
    d.has('filename', 'variable.parameter.field-parameter.http');
    d.has('"a.txt"', 'string.quoted.double.http');
    d.has('<', 'keyword.operator.file-reference.http', 0);
    d.has('./a.txt', 'string.unquoted.file-path.http');
    d.has('{"k": 1}', 'meta.embedded.block.json');
    d.has('------Boundary7MA4--', 'meta.separator.multipart-boundary.http');
  });

  test('file references: < ./file, <@ ./file, <@latin1 ./file', async () => {
    const d = await http('POST /a\n\n< ./body.json\n\n###\nPOST /b\n\n<@ ./body.json\n\n###\nPOST /c\n\n<@latin1 ./b.txt\n');
    d.has('<', 'keyword.operator.file-reference.http', 0);
    d.has('./body.json', 'string.unquoted.file-path.http');
    d.has('<@', 'keyword.operator.file-reference.http');
    d.has('./body.json', 'string.unquoted.file-path.http', 1);
    d.has('latin1', 'constant.other.encoding.http');
    d.has('./b.txt', 'string.unquoted.file-path.http');
  });

  test('a body without a blank line before it (httpYac)', async () => {
    const d = await http('POST /x\nContent-Type: application/json\n{"a": 1}\n');
    d.has('{"a": 1}', 'meta.embedded.block.json');
  });
});

describe('.http grammar: scripts, handlers, asserts, redirects', () => {
  test('response handler scripts, one line and several', async () => {
    const d = await http(
      'GET /x\n\n> {% client.global.set("t", response.body.token); %}\n\n###\nGET /y\n\n> {%\n  client.test("ok", function() {\n    client.assert(response.status === 200);\n  });\n%}\nGET /z\n',
    );
    d.has('>', 'keyword.operator.script.http', 0);
    d.has('{%', 'punctuation.section.embedded.begin.http');
    d.has(' client.global.set("t", response.body.token); ', 'meta.embedded.block.javascript');
    d.has('%}', 'punctuation.section.embedded.end.http');
    d.hasNot('%}', 'meta.embedded.block.javascript');
    d.has('client.assert(response.status === 200);', 'meta.embedded.block.javascript');
    d.has('%}', 'punctuation.section.embedded.end.http', 1);
    d.has('GET', 'keyword.control.http-method.http', 2);
    d.hasNot('GET', 'meta.embedded', 2);
  });

  test('embedded JavaScript is coloured by the JavaScript grammar when there is one', async () => {
    const d = await http('GET /x\n\n> {% client.global.set("t", 1); %}\n', true);
    d.has('"t"', 'string.quoted.double.js');
    d.has('"t"', 'meta.embedded.block.javascript');
  });

  test('pre-request scripts, inline and from a file', async () => {
    const d = await http('< {%\n  request.variables.set("id", "3");\n%}\n< ./pre.js\nGET /posts/{{id}}\n');
    d.has('<', 'keyword.operator.script.http', 0);
    d.has('request.variables.set("id", "3");', 'meta.embedded.block.javascript');
    d.has('./pre.js', 'string.unquoted.file-path.http');
    d.has('GET', 'keyword.control.http-method.http');
  });

  test('response handler files and response references', async () => {
    const d = await http('GET /x\n\n> ./handler.js\n<> ./previous-response.json\n');
    d.has('>', 'keyword.operator.response-handler.http');
    d.has('./handler.js', 'string.unquoted.file-path.http');
    d.has('<>', 'keyword.operator.response-reference.http');
    d.has('./previous-response.json', 'string.unquoted.file-path.http');
  });

  test('httpYac asserts', async () => {
    const d = await http('GET /x\n\n?? status == 200\n?? body token exists\n?? header content-type includes json\n?? duration < 500\n');
    d.has('??', 'keyword.operator.assert.http');
    d.has('status', 'support.variable.assert-subject.http');
    d.has('==', 'keyword.operator.comparison.http');
    d.has('200', 'constant.numeric.http');
    d.has('body', 'support.variable.assert-subject.http');
    d.has('token', 'variable.other.property.http');
    d.has('exists', 'keyword.operator.word.http');
    d.has('content-type', 'variable.other.property.http');
    d.has('includes', 'keyword.operator.word.http');
    d.has('<', 'keyword.operator.comparison.http');
    d.has('500', 'constant.numeric.http');
  });

  test('asserts straight after a JSON body are not JSON', async () => {
    const d = await http('POST /x\nContent-Type: application/json\n\n{"a": 1}\n?? status == 201\n>> ./out.json\n');
    d.has('??', 'keyword.operator.assert.http');
    d.hasNot('??', 'meta.embedded');
    d.has('>>', 'keyword.operator.redirect.http');
  });

  test('output redirects >> and >>!', async () => {
    const d = await http('GET /x\n\n>> ./out.json\n\n###\nGET /y\n\n>>! ./out.json\n');
    d.has('>>', 'keyword.operator.redirect.http');
    d.has('./out.json', 'string.unquoted.file-path.http');
    d.has('>>!', 'keyword.operator.redirect.http');
    d.has('./out.json', 'string.unquoted.file-path.http', 1);
  });

  test('httpYac {{ }} script blocks, before a request and after one', async () => {
    for (const stubs of [false, true]) {
      const d = await http('{{\n  const when = Date.now();\n  if (when) {\n}}\nGET /x\nAccept: */*\n\n{{@response\n  console.info(response);\n}}\n\n###\nGET /y\n', stubs);
      d.has('{{', 'punctuation.section.embedded.begin.http');
      d.has('const when = Date.now();', 'meta.embedded.block.javascript');
      d.has('}}', 'punctuation.section.embedded.end.http');
      d.hasNot('}}', 'meta.embedded.block.javascript');
      d.has('GET', 'keyword.control.http-method.http');
      d.has('Accept', 'support.type.property-name.header.http');
      d.has('@response', 'keyword.other.script-event.http');
      d.has('console.info(response);', 'meta.embedded.block.javascript');
      d.has('GET', 'keyword.control.http-method.http', 1);
    }
  });

  test('kulala and httpYac directives', async () => {
    const d = await http('import ./shared.http\nrun #login\nrun ./setup.http\nproto < ./grpc.proto\nkeepCase: true\n\nGET /x\n');
    d.has('import', 'keyword.control.directive.http');
    d.has('./shared.http', 'string.unquoted.file-path.http');
    d.has('login', 'entity.name.function.request-name.http');
    d.has('proto', 'keyword.control.directive.http');
    d.has('keepCase', 'support.type.property-name.header.http');
    d.has('GET', 'keyword.control.http-method.http');
  });
});

describe('http-message grammar', () => {
  test('status lines of every version', async () => {
    for (const version of VERSIONS) {
      const d = await message(`${version} 200 OK\nContent-Type: text/plain\n`);
      d.has(version, 'constant.language.http-version.http-message');
      d.has('200', 'constant.numeric.status-code.http-message');
      d.has('OK', 'string.unquoted.reason-phrase.http-message');
      d.has('Content-Type', 'support.type.property-name.header.http-message');
    }
    const d = await message('HTTP/2 204\n');
    d.has('204', 'constant.numeric.status-code.http-message');
  });

  test('request lines of every version', async () => {
    for (const version of VERSIONS) {
      const d = await message(`DELETE /items/7 ${version}\nHost: example.com\n`);
      d.has('DELETE', 'keyword.control.http-method.http-message');
      d.has('/items/7', 'string.other.link.request-target.http-message');
      d.has(version, 'constant.language.http-version.http-message');
      d.has('Host', 'support.type.property-name.header.http-message');
      d.has('example.com', 'string.unquoted.header-value.http-message');
    }
  });

  test('Connection and Keep-Alive fields', async () => {
    const d = await message('HTTP/1.1 200 OK\nConnection: Keep-Alive\nKeep-Alive: timeout=5, max=100\nProxy-Connection: close\n');
    d.has('Keep-Alive', 'constant.language.connection-option.http-message');
    d.has('timeout', 'variable.parameter.keep-alive.http-message');
    d.has('5', 'constant.numeric.integer.http-message');
    d.has('max', 'variable.parameter.keep-alive.http-message');
    d.has('100', 'constant.numeric.integer.http-message');
    d.has(',', 'punctuation.separator.comma.http-message');
    d.has('timeout=5, max=100', 'meta.keep-alive.parameters.http-message');
    d.has('close', 'constant.language.connection-option.http-message');
  });

  test('a curl -v trace', async () => {
    const d = await message(
      '$ curl -v http://example.com/\n*   Trying 93.184.216.34:80...\n* Connected to example.com (93.184.216.34) port 80\n> GET / HTTP/1.1\n> Host: example.com\n> Accept: */*\n>\n' +
        '< HTTP/1.1 200 OK\n< Keep-Alive: timeout=5, max=100\n< Content-Type: application/json\n<\n{"ok": true}\n* Connection #0 to host example.com left intact\n',
    );
    d.has('$ curl -v http://example.com/', 'comment.line.shell-command.http-message');
    d.has('Trying 93.184.216.34:80...', 'comment.line.curl-info.http-message');
    d.has('Connected to', 'keyword.other.connection-event.http-message');
    d.has('>', 'punctuation.definition.curl-direction.http-message', 0);
    d.has('GET', 'keyword.control.http-method.http-message');
    d.has('HTTP/1.1', 'constant.language.http-version.http-message', 0);
    d.has('Host', 'support.type.property-name.header.http-message');
    d.has('<', 'punctuation.definition.curl-direction.http-message', 0);
    d.has('200', 'constant.numeric.status-code.http-message');
    d.has('timeout', 'variable.parameter.keep-alive.http-message');
    d.has('{"ok": true}', 'meta.embedded.block.json');
    d.has('left intact', 'keyword.other.connection-event.http-message');
    d.hasNot('left intact', 'meta.embedded');
  });

  test('bare header lines with no start line; a URL is not one', async () => {
    const d = await message('Connection: keep-alive\nKeep-Alive: timeout=15\n\nhttps://example.com/path\n');
    d.has('Connection', 'support.type.property-name.header.http-message');
    d.has('keep-alive', 'constant.language.connection-option.http-message');
    d.has('timeout', 'variable.parameter.keep-alive.http-message');
    d.hasNot('https', 'support.type.property-name');
  });

  test('a raw body, then the next message', async () => {
    const d = await message('POST /a HTTP/1.1\nContent-Type: application/json\n\n{"n": 1}\nNot: a header\nHTTP/1.1 201 Created\nLocation: /a/1\n');
    d.has('{"n": 1}', 'meta.embedded.block.json');
    d.hasNot('Not', 'support.type.property-name');
    d.has('201', 'constant.numeric.status-code.http-message');
    d.hasNot('201', 'meta.message.body');
    d.has('Location', 'support.type.property-name.header.http-message');
  });
});

// ---- properties and the corpus

/** Lines that look like what the grammars read, so that random documents reach deep into their rules. */
const httpish = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(
    'GET / HTTP/1.1', 'POST {{host}}/x?a=1&b={{$randomInt 1 9}} HTTP/2', 'HTTP/1.1 200 OK', 'Content-Type: application/json',
    'Content-Type: multipart/form-data; boundary=X', 'X-Request-Type: GraphQL', 'Content-Type: application/x-www-form-urlencoded',
    'Keep-Alive: timeout=5, max=100', 'Connection: close', '###', '### title', '# @name x', '// @no-log', '@v = {{w}}',
    '< ./f.json', '<@latin1 ./f', '> {%', '> {% a(); %}', '< {%', '%}', '{{', '{{@request', '}}', '/*', '*/', '?? status == 200',
    '>> ./o.json', '>>! ./o', '> GET / HTTP/1.1', '< HTTP/1.1 200 OK', '< ', '<', '* Connected to a', '{ [5 bytes data]',
    '', ' ', '\t', '  &x=1', '?y=2', '{', '}', '[', ']', '"a": "{{b}}",', '--X', '--X--', 'query {', 'fragment F on T {',
    '<a x="{{y}}">', '$ curl -v x', '```', 'proto < ./p', 'gql q < ./q', 'import ./a.http', 'run #a', '...{{h}}', '{{$datetime "x" 1 y}}',
    '`', '"', '(', 'function() {', 'a=1&b=2',
  ) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);
const randomDocument = fc.tuple(fc.array(httpish, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => lines.join(eol));

/** Tokenises without the helper's tidying, checking that each line's tokens cover it exactly. */
function assertCoverage(g: IGrammar, text: string): void {
  let stack: StateStack = INITIAL;
  for (const line of splitDocument(text)) {
    const { tokens, ruleStack } = g.tokenizeLine(line, stack);
    assert.ok(tokens.length > 0, `no tokens for ${JSON.stringify(line)}`);
    assert.equal(tokens[0]!.startIndex, 0, `first token of ${JSON.stringify(line)} starts at ${tokens[0]!.startIndex}`);
    for (let i = 1; i < tokens.length; i++) {
      assert.equal(tokens[i]!.startIndex, tokens[i - 1]!.endIndex, `gap or overlap in ${JSON.stringify(line)} at token ${i}`);
      assert.ok(tokens[i]!.endIndex > tokens[i]!.startIndex, `empty token in ${JSON.stringify(line)}`);
    }
    // vscode-textmate lets the last token run over the "\n" it appends to the line.
    const end = tokens[tokens.length - 1]!.endIndex;
    assert.ok(end === line.length || end === line.length + 1, `tokens of ${JSON.stringify(line)} end at ${end}, line length ${line.length}`);
    stack = ruleStack;
  }
}

describe('properties', () => {
  test('random .http-like text: tokenising never throws and tokens cover every line exactly', async () => {
    const grammars = await Promise.all([grammar('source.http'), grammar('source.http', true), grammar('source.http-message'), grammar('source.http-message', true)]);
    fc.assert(fc.property(randomDocument, fc.constantFrom(0, 1, 2, 3), (text, which) => assertCoverage(grammars[which]!, text)), { numRuns: 600 });
  });

  test('random .http-like text: every ### line is a request separator, whatever came before', async () => {
    const grammars = await Promise.all([grammar('source.http'), grammar('source.http', true)]);
    fc.assert(
      fc.property(randomDocument, fc.boolean(), (text, stubs) => {
        const tokens = tokenize(grammars[stubs ? 1 : 0]!, text);
        splitDocument(text).forEach((line, i) => {
          if (!line.startsWith('###')) return;
          const first = tokens.find((t) => t.line === i && t.start === 0);
          assert.ok(first && first.scopes.includes('punctuation.separator.request.http'), `line ${i} ${JSON.stringify(line)}: ${first?.scopes.join(' ')}`);
          assert.equal(first.scopes.length, 3, `a separator is at the top level: ${first.scopes.join(' ')}`);
        });
      }),
      { numRuns: 400 },
    );
  });
});

describe('time', () => {
  /** Median milliseconds to tokenise `text`, over a few runs. */
  function timeOf(g: IGrammar, text: string): number {
    const runs = [0, 1, 2, 3, 4].map(() => {
      const started = performance.now();
      tokenize(g, text);
      return performance.now() - started;
    });
    return runs.sort((a, b) => a - b)[2]!;
  }

  // Lines a user can paste that make a backtracking pattern blow up: 8× the input must cost well under 64×
  // the time (a quadratic pattern would cost 64×, a cubic one 512×).
  const cases: [string, (n: number) => string][] = [
    ['an unclosed {{ before a long run of spaces, in a field value', (n) => `GET http://a/\nX-A: {{${' '.repeat(n)}x\n`],
    ['an unclosed {{ before a long run of spaces, in a body', (n) => `POST http://a/\n\n{{${' '.repeat(n)}x\n`],
    ['many {{ in a JSON body line', (n) => `POST http://a/\nContent-Type: application/json\n\n{"a": "${'{{'.repeat(n)}"}\n`],
    ['a metadata value with inner runs of spaces', (n) => `# @name a${' '.repeat(n)}b${' '.repeat(n)}\nGET http://a/\n`],
    ['a request variable with a long path of spaces', (n) => `GET http://a/\nX: {{login.response.body.${' '.repeat(n)}x\n`],
  ];
  for (const [what, make] of cases) {
    test(`grows about linearly: ${what}`, async () => {
      const g = await grammar('source.http', true);
      tokenize(g, make(50));
      const small = Math.max(timeOf(g, make(250)), 0.5);
      const large = timeOf(g, make(2000));
      assert.ok(large < small * 40, `${what}: ${small.toFixed(1)} ms for 250, ${large.toFixed(1)} ms for 2000`);
    });
  }
});

describe('corpus', () => {
  /** Generous: a file takes a few milliseconds; this only catches runaway backtracking. */
  const MAX_MS_PER_FILE = 2000;

  test('every corpus file tokenises without throwing, in a sane time, covering every line', async () => {
    const files = [...corpusFiles('http'), ...corpusFiles('dumps')];
    assert.ok(files.length >= 200, `found ${files.length} corpus files`);
    for (const stubs of [false, true]) {
      const httpGrammar = await grammar('source.http', stubs);
      const messageGrammar = await grammar('source.http-message', stubs);
      for (const file of files) {
        const text = readFileSync(join(CORPUS, file), 'utf8');
        const g = file.startsWith('http') ? httpGrammar : messageGrammar;
        const started = performance.now();
        assertCoverage(g, text);
        const ms = performance.now() - started;
        assert.ok(ms < MAX_MS_PER_FILE, `${file} took ${ms.toFixed(0)} ms`);
      }
    }
  });

  test('in every corpus .http file, each ### line is a separator and each request line outside a body has a method', async () => {
    const g = await grammar('source.http', true);
    let separators = 0;
    for (const file of corpusFiles('http')) {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const tokens = tokenize(g, text);
      splitDocument(text).forEach((line, i) => {
        if (!line.startsWith('###')) return;
        separators++;
        const first = tokens.find((t) => t.line === i && t.start === 0);
        assert.ok(first?.scopes.includes('punctuation.separator.request.http'), `${file}:${i + 1}: ${first?.scopes.join(' ')}`);
      });
      // A line right after a separator that reads `METHOD URL` is a request line.
      splitDocument(text).forEach((line, i, lines) => {
        if (i === 0 || !lines[i - 1]!.startsWith('###') || !/^(GET|POST|PUT|PATCH|DELETE) \S+( HTTP\/[\d.]+)?$/.test(line)) return;
        const first = tokens.find((t) => t.line === i && t.start === 0);
        assert.ok(first?.scopes.includes('keyword.control.http-method.http'), `${file}:${i + 1}: ${first?.scopes.join(' ')}`);
      });
    }
    assert.ok(separators > 100, `only ${separators} separators in the corpus`);
  });

  test('in every corpus dump, curl status lines and header lines are tokenised as such', async () => {
    const g = await grammar('source.http-message');
    let checked = 0;
    for (const file of corpusFiles('dumps')) {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const tokens = tokenize(g, text);
      splitDocument(text).forEach((line, i) => {
        const status = /^< (HTTP\/[\d.]+) (\d{3})/.exec(line);
        if (!status) return;
        checked++;
        const code = tokens.find((t) => t.line === i && t.text === status[2]);
        assert.ok(code?.scopes.includes('constant.numeric.status-code.http-message'), `${file}:${i + 1}: ${code?.scopes.join(' ')}`);
      });
      splitDocument(text).forEach((line, i) => {
        const header = /^< ([A-Za-z][\w-]*):/.exec(line);
        if (!header) return;
        checked++;
        const name = tokens.find((t) => t.line === i && t.start === 2);
        assert.ok(name?.scopes.includes('support.type.property-name.header.http-message'), `${file}:${i + 1}: ${name?.scopes.join(' ')}`);
      });
    }
    assert.ok(checked > 50, `only ${checked} curl lines checked`);
  });
});
