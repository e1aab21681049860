// Inputs for the benchmarks: realistic, and the same every run.

const FIELDS = [
  'Accept: application/json', 'Accept-Encoding: gzip, deflate, br', 'User-Agent: http-lens-bench/1.0', 'Authorization: Bearer {{token}}',
  'Content-Type: application/json', 'Cache-Control: no-cache', 'X-Request-ID: {{$guid}}', 'Connection: keep-alive',
  'Keep-Alive: timeout=5, max=100', 'Accept-Language: en-GB,en;q=0.8', 'Connections: keep-alive', 'If-None-Match: "abc"',
];

/** An .http file of `n` requests, about ten header lines each, with a few mistakes among them. */
export function httpFile(n: number): string {
  const out: string[] = ['@token = abc', '@base = http://127.0.0.1:8080', ''];
  for (let i = 0; i < n; i++) {
    out.push(`### request ${i}`, `# @name r${i}`, `${i % 3 === 0 ? 'POST' : 'GET'} {{base}}/items/${i}?page=${i % 7} HTTP/1.${i % 5 === 0 ? 0 : 1}`);
    for (let f = 0; f < 10; f++) out.push(FIELDS[(i + f) % FIELDS.length]!);
    if (i % 3 === 0) out.push('', `{"id": ${i}, "name": "item ${i}"}`);
    out.push('');
  }
  return out.join('\n');
}

/** A raw dump of request/response pairs as curl -v prints them, about `bytes` long. */
export function dump(bytes: number): string {
  const pair = [
    '> GET /api/items HTTP/1.1', '> Host: example.com', '> User-Agent: curl/8.6.0', '> Accept: */*', '>',
    '< HTTP/1.1 200 OK', '< Date: Wed, 12 Jun 2024 07:11:59 GMT', '< Content-Type: application/json', '< Content-Length: 27',
    '< Connection: keep-alive', '< Keep-Alive: timeout=5, max=100', '<', '{"items": [1, 2, 3], "n": 3}',
  ].join('\r\n') + '\r\n';
  return pair.repeat(Math.ceil(bytes / pair.length));
}
