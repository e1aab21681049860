// rules/variables.ts: `{{variables}}` that nothing defines, request variables naming no request, system
// variables that cannot be made, and scripts that are kept but not run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lint, none, only, textAt } from '../../support/lintHelpers';
import { all, applyTitled, expectOne, titles } from './ruleAssert';

describe('undefined-variable', () => {
  test('a name nothing defines is underlined (name only), with the nearest names as fixes', () => {
    const text = '@host = example.com\nGET http://{{hots}}/\n';
    const d = expectOne(text, 'http', 'undefined-variable', { severity: 'warning', at: 'hots', line: 1, message: 'did you mean {{host}}?' });
    assert.deepEqual(titles(d), ['Change to {{host}}']);
    assert.equal(applyTitled(text, d), '@host = example.com\nGET http://{{host}}/\n');
  });

  test('inside spaces, in a field value and in a body', () => {
    const text = 'POST http://a/\nAuthorization: Bearer {{ tokn }}\n\n{"user": "{{usr}}"}\n';
    assert.deepEqual(all(text, 'http', 'undefined-variable').map(([at]) => at), ['tokn', 'usr']);
  });

  test('far from every name: the defined ones are listed, and there is no fix', () => {
    const text = '@alpha = 1\n@beta = 2\nGET http://a/{{zzzzzz}}\n';
    const d = expectOne(text, 'http', 'undefined-variable', { severity: 'warning', at: 'zzzzzz', message: '(defined: alpha, beta)' });
    assert.deepEqual(titles(d), []);
  });

  test('defined anywhere in the file counts, before or after, and in a variable that uses another', () => {
    none(lint('GET http://{{host}}/\n\n###\n@host = a.example\n', 'http'), 'undefined-variable');
    const d = only(lint('@url = {{base}}/v1\nGET {{url}}\n', 'http'), 'undefined-variable');
    assert.equal(d.range.start.line, 0);
  });

  test('names from the environment and from the caller count', () => {
    none(lint('GET http://{{host}}/\n', 'http', { variables: new Set(['host']) }), 'undefined-variable');
  });

  test('a name another environment defines says which, and that none is selected', () => {
    const options = { environment: { elsewhere: new Map([['token', ['dev', 'prod']]]) } };
    const d = only(lint('GET http://a/\nAuthorization: {{token}}\n', 'http', options), 'undefined-variable');
    assert.match(d.message, /defined in the environments dev, prod, but no environment is selected/);
    const chosen = only(lint('GET http://a/?t={{token}}\n', 'http', { environment: { selected: 'test', elsewhere: new Map([['token', ['dev']]]) } }), 'undefined-variable');
    assert.match(chosen.message, /environment dev, but the selected environment test does not define it/);
  });

  test('prompts, script-set names and kulala metadata define names', () => {
    const text = [
      '# @prompt otp One-time password',
      'GET http://a/?otp={{otp}}&t={{token}}&u={{userId}}&j={{JWT}}',
      '',
      '> {% client.global.set("token", response.body.token); %}',
      '',
      '###',
      '< {% request.variables.set("userId", "7") %}',
      '# @env-stdin-cmd JWT jq -r .token',
      'GET http://a/',
      '',
    ].join('\n');
    none(lint(text, 'http'), 'undefined-variable');
  });

  test('a # @prompt name has a value in its own request only, as the runner asks it', () => {
    const text = '# @prompt otp\nGET http://a/?o={{otp}}\n\n###\nGET http://b/?o={{otp}}\n';
    const d = only(lint(text, 'http'), 'undefined-variable');
    assert.equal(d.range.start.line, 4);
  });

  test('httpYac script blocks: exports define names for the whole file', () => {
    const text = '{{\n  exports.signature = "x";\n}}\n\n###\nGET http://a/\nX-Sig: {{signature}}\n';
    none(lint(text, 'http'), 'undefined-variable');
  });

  test('httpYac $global assignments define names too, and a word that only looks like one defines nothing', () => {
    const text = '{{\n  $global.session = "x";\n}}\n\n###\nGET http://a/\nX-S: {{session}}\n';
    none(lint(text, 'http'), 'undefined-variable');
    // Pieces of the words scripts set names with, none of them the whole word: `xport`, `$glob`, `.set`.
    const near = '# export, $globe.\nGET http://a/\nX-S: {{session}}\nX-T: {{t}}\n\n{"set": "xports.t = 1"}\n';
    assert.equal(lint(near, 'http').diagnostics.filter((d) => d.code === 'undefined-variable').length, 2);
  });

  test('httpYac expressions and dotted paths on a request name are not variables to check', () => {
    const text = '# @name login\nPOST http://a/login\n\n###\nGET http://a/?t={{login.token}}&n={{ Date.now() }}&x={{a + b}}\n';
    none(lint(text, 'http'), 'undefined-variable');
  });

  test('nothing is reported in raw dumps, where {{ }} is just text', () => {
    none(lint('GET /{{x}} HTTP/1.1\nHost: a\n\n', 'message'), 'undefined-variable');
  });
});

describe('unknown-request-reference', () => {
  test('a request variable naming no request, with a fix to the nearest name', () => {
    const text = '# @name login\nPOST http://a/login\n\n###\nGET http://a/\nAuthorization: Bearer {{logn.response.body.$.token}}\n';
    const d = expectOne(text, 'http', 'unknown-request-reference', { severity: 'warning', at: 'logn', message: 'No request is named logn: did you mean login?' });
    assert.match(applyTitled(text, d), /\{\{login\.response\.body\.\$\.token\}\}/);
  });

  test('a file with no named requests says how to name one', () => {
    expectOne('GET http://a/?l={{first.response.headers.Location}}\n', 'http', 'unknown-request-reference', { severity: 'warning', at: 'first', message: '# @name login' });
  });

  test('# @name, a one-word ### title, and names from the rest of the file count', () => {
    none(lint('# @name login\nGET http://a/\n\n###\nGET http://a/{{login.response.headers.Location}}\n', 'http'), 'unknown-request-reference');
    none(lint('### first\nGET http://a/\n\n###\nGET http://a/{{first.response.body.$.id}}\n', 'http'), 'unknown-request-reference');
    none(lint('GET http://a/{{far.request.body.*}}\n', 'http', { requestNames: new Set(['far']) }), 'unknown-request-reference');
  });

  test("httpYac's short form {{logn.token}}: a near miss of a request name is one, with its fix", () => {
    const text = '# @name login\nPOST http://a/login\n\n###\nGET http://a/?t={{logn.token}}\n';
    const d = expectOne(text, 'http', 'unknown-request-reference', { severity: 'warning', at: 'logn', message: 'No request is named logn: did you mean login?' });
    assert.match(applyTitled(text, d), /\{\{login\.token\}\}/);
  });

  test('a dotted name far from every request name, or one of httpYac\'s script objects, is left alone', () => {
    const text = '# @name login\nPOST http://a/login\n\n###\nGET http://a/{{session.id}}/{{response.parsedBody.id}}/{{Date.now}}/{{logins.x}}\n';
    // `logins` is one letter from `login`: a near miss; the others are far, or script objects.
    assert.deepEqual(all(text, 'http', 'unknown-request-reference').map(([at]) => at), ['logins']);
    none(lint('GET http://a/{{responses.x}}\n', 'http'), 'unknown-request-reference');
  });
});

describe('system-variable', () => {
  test('an unknown name is underlined with the nearest known ones', () => {
    const text = 'GET http://a/?id={{$gui}}\n';
    const d = expectOne(text, 'http', 'system-variable', { severity: 'warning', at: '$gui', message: 'did you mean $guid' });
    assert.equal(applyTitled(text, d, 'Change to $guid'), 'GET http://a/?id={{$guid}}\n');
  });

  test('wrong arguments are reported with what is expected', () => {
    const cases: [string, RegExp][] = [
      ['{{$datetime}}', /needs a format/],
      ['{{$timestamp -1 q}}', /q is not a time unit/],
      ['{{$timestamp one d}}', /not a whole number/],
      ['{{$randomInt 10 1}}', /min < max/],
      ['{{$random.alphabetic(x)}}', /length x/],
    ];
    for (const [template, message] of cases) {
      const text = `GET http://a/?v=${template}\n`;
      const d = only(lint(text, 'http'), 'system-variable');
      assert.match(d.message, message, template);
      assert.equal(textAt(text, d.range), template);
    }
  });

  test('tools\' variables HTTP Lens does not make say what to do instead', () => {
    expectOne('GET http://a/\nAuthorization: {{$aadToken}}\n', 'http', 'system-variable', { severity: 'warning', at: '$aadToken', message: 'environment or a `# @prompt` variable' });
    expectOne('GET http://a/?q={{$input Name?}}\n', 'http', 'system-variable', { severity: 'warning', at: '$input', message: '# @prompt name' });
  });

  test('every documented form is accepted', () => {
    const forms = [
      '$guid', '$uuid', '$random.uuid', '$timestamp', '$timestamp -1 d', '$timestamp 2 h', '$isoTimestamp', '$datetime rfc1123',
      '$datetime iso8601 1 y', '$datetime "DD-MM-YYYY" -3 M', "$localDatetime 'YYYY-MM-DD HH:mm'", '$randomInt 1 100', '$random.integer(1, 9)',
      '$random.float(0, 1)', '$random.alphanumeric(8)', '$random.hexadecimal(4)', '$random.email', '$processEnv HOME', '$processEnv %envKey',
      '$env.HOME', '$dotenv API_KEY', '$shared host',
    ];
    const text = `@envKey = HOME\nGET http://a/\n${forms.map((f, i) => `X-${i}: {{${f}}}`).join('\n')}\n`;
    assert.deepEqual(lint(text, 'http').diagnostics.map((d) => d.message), []);
  });

  test('with the .env file known, a name it lacks is reported', () => {
    const environment = { elsewhere: new Map(), dotenv: new Map([['API_KEY', 'k']]) };
    none(lint('GET http://a/?k={{$dotenv API_KEY}}\n', 'http', { environment }), 'system-variable');
    const d = only(lint('GET http://a/?k={{$dotenv SECRET}}\n', 'http', { environment }), 'system-variable');
    assert.match(d.message, /the \.env file does not define SECRET/);
  });

  test('a file variable whose name starts with $ is not a system variable', () => {
    none(lint('@$custom = 1\nGET http://a/{{$custom}}\n', 'http'), 'system-variable');
  });
});

describe('script-not-run', () => {
  test('each kind of script gets a hint on its first line', () => {
    const text = [
      '< {% request.variables.set("a", "1") %}',
      'GET http://a/',
      '',
      '> {%',
      '  client.test("ok", () => {});',
      '%}',
      '?? status == 200',
      '>> ./out.json',
      '',
    ].join('\n');
    const found = lint(text, 'http').diagnostics.filter((d) => d.code === 'script-not-run');
    assert.deepEqual(found.map((d) => [d.range.start.line, d.severity, d.message.split(' kept')[0]]), [
      [0, 4, 'Pre-request script'],
      [3, 4, 'Response handler'],
      [6, 4, 'Assert'],
      [7, 4, 'Output redirect'],
    ]);
  });

  test('a request with no scripts gets none', () => {
    none(lint('GET http://a/\n# a comment\n', 'http'), 'script-not-run');
  });
});
