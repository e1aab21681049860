// GraphQL requests as REST Client writes them: `X-Request-Type: GraphQL`, then a body holding the query and,
// after a blank line, a JSON object of variables. They go out as the JSON body GraphQL over HTTP expects:
// {"query": "...", "variables": {...}, "operationName": "..."}.

/** The field that marks a request as GraphQL; it is for HTTP Lens, not the server, so it is not sent. */
export function isGraphqlMarker(name: string, value: string): boolean {
  return name.toLowerCase() === 'x-request-type' && value.trim().toLowerCase() === 'graphql';
}

/**
 * Splits the body at the first blank line after which a JSON object starts (`{` then `"` or `}`): a GraphQL
 * selection set starts with `{` and a name, so a query with blank lines inside stays whole.
 */
function splitVariables(text: string): { query: string; variables?: string } {
  const blank = /\r?\n[ \t]*\r?\n/g;
  const space = /\s*/y;
  const object = /\{\s*("|\})/y;
  // Where the text after a blank line starts: consecutive blank lines share it, so it is looked for once per
  // run of whitespace, not once per blank line (which would take quadratic time on many blank lines).
  let runEnd = -1;
  for (let m = blank.exec(text); m; m = blank.exec(text)) {
    const after = m.index + m[0].length;
    if (after > runEnd) {
      space.lastIndex = after;
      space.exec(text);
      runEnd = space.lastIndex;
      object.lastIndex = runEnd;
      if (object.test(text)) return { query: text.slice(0, m.index), variables: text.slice(after) };
    }
  }
  return { query: text };
}

/**
 * The name of the document's operation when it defines exactly one named operation (`query Name`,
 * `mutation Name`, `subscription Name` at the top level): with several, which one to run is the user's to
 * say, and a wrong guess makes the server answer "Unknown operation". Comments, strings and selection sets are
 * skipped, where `query` may be just a field name (`{ search { query total } }`).
 */
export function operationName(query: string): string | undefined {
  const names: string[] = [];
  let depth = 0;
  let expectName = false;
  // The tokens that matter here (GraphQL, October 2021, §2.1): comments, block and plain strings, brackets, names.
  const token = /#[^\n\r]*|"""(?:\\"""|[^])*?"""|"(?:\\.|[^"\\\n])*"|[{}()]|[_A-Za-z][_0-9A-Za-z]*/g;
  for (let m = token.exec(query); m; m = token.exec(query)) {
    const t = m[0];
    if (t.startsWith('#') || t.startsWith('"')) continue;
    if (t === '{' || t === '(') depth++;
    else if (t === '}' || t === ')') depth = Math.max(0, depth - 1);
    else if (expectName) names.push(t);
    expectName = depth === 0 && !expectName && (t === 'query' || t === 'mutation' || t === 'subscription');
  }
  return names.length === 1 ? names[0] : undefined;
}

/** The JSON body for a GraphQL request body, or why it cannot be built. */
export function graphqlBody(text: string): string | { readonly error: string } {
  const { query, variables } = splitVariables(text);
  const payload: { query: string; variables?: unknown; operationName?: string } = { query: query.trim() };
  if (variables !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(variables);
    } catch (err) {
      return { error: `the GraphQL variables after the blank line are not JSON: ${(err as Error).message}` };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: 'the GraphQL variables must be a JSON object' };
    payload.variables = parsed;
  }
  const name = operationName(payload.query);
  if (name) payload.operationName = name;
  return JSON.stringify(payload);
}
