import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { graphqlBody, operationName } from '../../../client/src/runner/graphql';
import { prepareRequest } from '../../../client/src/runner/prepare';
import type { PreparedRequest } from '../../../client/src/runner/types';
import { parseHttpFile } from '../../../server/src/language/parse/httpFile';
import { mapSource } from '../../../server/src/language/variables';
import { assertLinearTime } from '../../support/linearTime';

function prepare(text: string, vars: Record<string, string> = {}): PreparedRequest {
  const block = parseHttpFile(text).requests[0]!;
  const r = prepareRequest(block, { variables: mapSource(new Map(Object.entries(vars))), baseDir: '/' });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.request;
}

describe('GraphQL bodies', () => {
  test('a query, a blank line, then variables: sent as {query, variables, operationName}', () => {
    const body = graphqlBody('query User($id: ID!) {\n  user(id: $id) { name }\n}\n\n{\n  "id": "7"\n}');
    assert.deepEqual(JSON.parse(body as string), { query: 'query User($id: ID!) {\n  user(id: $id) { name }\n}', variables: { id: '7' }, operationName: 'User' });
  });

  test('blank lines inside the query stay in it; a selection set is not taken for variables', () => {
    const text = '{\n  a\n\n  b\n}\n\n{\n  c\n}';
    assert.deepEqual(JSON.parse(graphqlBody(text) as string), { query: text });
    const withVars = 'mutation M {\n  x\n\n  y\n}\n\n{"v": 1}';
    assert.deepEqual(JSON.parse(graphqlBody(withVars) as string), { query: 'mutation M {\n  x\n\n  y\n}', variables: { v: 1 }, operationName: 'M' });
    assert.deepEqual(JSON.parse(graphqlBody('{ me }\n\n{}') as string), { query: '{ me }', variables: {} });
  });

  test('variables that are not a JSON object are an error with a reason', () => {
    assert.match((graphqlBody('{ me }\n\n{"a": }') as { error: string }).error, /GraphQL variables after the blank line are not JSON/);
    assert.match((graphqlBody('{ me }\n\n{}\n') as string), /"variables":\{\}/);
  });

  test('operationName: the one named operation at the top level; none when there are several', () => {
    assert.equal(operationName('subscription OnEvent { e }'), 'OnEvent');
    assert.equal(operationName('# fetch query results\nquery GetUser { user { id } }'), 'GetUser');
    assert.equal(operationName('query A { a } query B { b }'), undefined, 'with two, the server must be told which: a guess could be wrong');
    assert.equal(operationName('query { a }'), undefined);
    assert.equal(operationName('{ queryField }'), undefined);
    assert.equal(operationName('{ search { query total } }'), undefined, 'a field named query is not an operation');
    assert.equal(operationName('query Q($s: String = "mutation X") { a(s: $s) }'), 'Q');
    assert.equal(operationName('query Q($query: String) { a(q: $query) }'), 'Q', 'a variable named query is not an operation');
    assert.equal(operationName('query Q { a(doc: """\nquery Inner\n""") }'), 'Q');
  });

  test('prepareRequest: X-Request-Type is not sent, Content-Type is added and listed, variables are resolved first', () => {
    const r = prepare('POST http://h/graphql\nX-REQUEST-TYPE: graphql\nAuthorization: t\n\nquery Q($id: ID!) { u(id: $id) { n } }\n\n{"id": "{{id}}"}\n', { id: '42' });
    assert.deepEqual(r.headers.map(([n]) => n), ['Host', 'Authorization', 'Content-Type', 'Content-Length']);
    assert.deepEqual(r.added, ['Host', 'Content-Type', 'Content-Length']);
    assert.deepEqual(JSON.parse(r.body!.toString()), { query: 'query Q($id: ID!) { u(id: $id) { n } }', variables: { id: '42' }, operationName: 'Q' });
    assert.equal(r.headers.find(([n]) => n === 'Content-Length')![1], String(r.body!.length));
  });

  test('a written Content-Type is kept; without the marker the body goes as written', () => {
    const r = prepare('POST http://h/graphql\nX-Request-Type: GraphQL\nContent-Type: application/graphql+json\n\n{ me }\n');
    assert.deepEqual(r.added, ['Host', 'Content-Length']);
    assert.equal(r.headers.find(([n]) => n === 'Content-Type')![1], 'application/graphql+json');
    assert.equal(r.body!.toString(), '{"query":"{ me }"}');
    const plain = prepare('POST http://h/graphql\nX-Request-Type: REST\n\n{ me }\n');
    assert.equal(plain.body!.toString(), '{ me }');
    assert.ok(plain.headers.some(([n]) => n === 'X-Request-Type'));
  });

  test('many blank lines are split in linear time, and the variables after them are still found', () => {
    assertLinearTime('blank lines in a GraphQL body', (n) => `{ me }${'\n'.repeat(n)}x`, graphqlBody, 10_000);
    assert.equal(graphqlBody(`query Q { me }\n\n\n  \n\n{"id": 1}`), '{"query":"query Q { me }","variables":{"id":1},"operationName":"Q"}');
    assert.equal(graphqlBody(`{ me }\n\n{ you }\n\n {\n "id": 2}`), '{"query":"{ me }\\n\\n{ you }","variables":{"id":2}}');
  });

  test('bad variables make a prepare error', () => {
    const block = parseHttpFile('POST http://h/graphql\nX-Request-Type: GraphQL\n\n{ me }\n\n{"id": nope}\n').requests[0]!;
    const r = prepareRequest(block, { variables: mapSource(new Map()), baseDir: '/' });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error.message, /GraphQL variables after the blank line are not JSON/);
  });
});
