// Values that form a known set, offered by completion.

export interface KnownValue {
  readonly value: string;
  readonly detail: string;
}

const MEDIA_TYPES: readonly KnownValue[] = [
  { value: 'application/json', detail: 'JSON' },
  { value: 'application/x-www-form-urlencoded', detail: 'HTML form fields, URL-encoded' },
  { value: 'multipart/form-data; boundary=boundary', detail: 'form fields and files' },
  { value: 'text/plain; charset=utf-8', detail: 'plain text' },
  { value: 'text/html; charset=utf-8', detail: 'HTML' },
  { value: 'application/xml', detail: 'XML' },
  { value: 'application/octet-stream', detail: 'arbitrary bytes' },
  { value: 'application/problem+json', detail: 'RFC 9457 problem details' },
  { value: 'application/merge-patch+json', detail: 'RFC 7396 JSON merge patch' },
  { value: 'application/json-patch+json', detail: 'RFC 6902 JSON patch' },
  { value: 'application/graphql', detail: 'GraphQL query' },
  { value: 'application/x-ndjson', detail: 'newline-delimited JSON' },
  { value: 'text/csv', detail: 'comma-separated values' },
  { value: 'text/event-stream', detail: 'server-sent events' },
];

export const FIELD_VALUES: Readonly<Record<string, readonly KnownValue[]>> = {
  'connection': [
    { value: 'close', detail: 'close the connection after this exchange (RFC 9112 §9.6)' },
    { value: 'keep-alive', detail: 'ask an HTTP/1.0 peer to keep the connection open' },
    { value: 'Upgrade', detail: 'required with an Upgrade field' },
    { value: 'TE', detail: 'required with a TE field' },
  ],
  'keep-alive': [
    { value: 'timeout=5', detail: 'seconds an idle connection stays open' },
    { value: 'max=100', detail: 'requests still allowed on the connection' },
  ],
  'content-type': MEDIA_TYPES,
  'accept': [{ value: '*/*', detail: 'anything' }, ...MEDIA_TYPES],
  'accept-encoding': [
    { value: 'gzip, deflate, br', detail: 'the common codings' },
    { value: 'gzip', detail: 'gzip (RFC 1952)' },
    { value: 'br', detail: 'Brotli (RFC 7932)' },
    { value: 'zstd', detail: 'Zstandard (RFC 8878)' },
    { value: 'identity', detail: 'no coding' },
  ],
  'transfer-encoding': [{ value: 'chunked', detail: 'body sent in chunks, each with its length (RFC 9112 §7.1)' }],
  'te': [{ value: 'trailers', detail: 'the client accepts trailer fields' }],
  'expect': [{ value: '100-continue', detail: 'wait for 100 (Continue) before sending the body' }],
  'upgrade': [{ value: 'websocket', detail: 'WebSocket (RFC 6455)' }, { value: 'h2c', detail: 'HTTP/2 over cleartext (obsolete)' }],
  'cache-control': [
    { value: 'no-cache', detail: 'revalidate before using a stored response' },
    { value: 'no-store', detail: 'do not store at all' },
    { value: 'max-age=0', detail: 'stale at once' },
    { value: 'private', detail: 'only a browser cache may store it' },
    { value: 'public', detail: 'any cache may store it' },
  ],
  'authorization': [{ value: 'Bearer ', detail: 'a token (RFC 6750)' }, { value: 'Basic ', detail: 'base64 of user:password (RFC 7617)' }],
};

export const HTTP_VERSIONS: readonly KnownValue[] = [
  { value: 'HTTP/1.1', detail: 'persistent connections by default' },
  { value: 'HTTP/1.0', detail: 'closes after each response unless both sides send Connection: keep-alive' },
  { value: 'HTTP/2', detail: 'one multiplexed connection; Connection fields forbidden' },
];
