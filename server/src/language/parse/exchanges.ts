import type { ConnectionEvent, Exchange, HttpMessage } from './types';

/** A note in a trace about the connection the next request goes over (curl's "Connected to", "Re-using"). */
export interface ConnectionMark {
  readonly line: number;
  readonly event: ConnectionEvent;
}

/**
 * Pairs requests with the responses that follow them, in document order. 1xx responses other than 101 are
 * interim (RFC 9110 §15.2): the final response still answers the same request.
 */
export function pairExchanges(messages: readonly HttpMessage[], marks: readonly ConnectionMark[]): Exchange[] {
  const exchanges: Exchange[] = [];
  let request: HttpMessage | undefined;
  let interim: HttpMessage[] = [];
  let markIndex = 0;
  let connection: ConnectionEvent | undefined;

  const flush = (response?: HttpMessage) => {
    if (!request && !response) return;
    exchanges.push({ request, response, interim, connection: request ? connection : undefined });
    request = undefined;
    interim = [];
    connection = undefined;
  };

  for (const m of messages) {
    if (m.kind === 'fragment') continue;
    if (m.kind === 'request') {
      flush();
      request = m;
      connection = undefined;
      while (markIndex < marks.length && marks[markIndex]!.line < m.firstLine) connection = marks[markIndex++]!.event;
      continue;
    }
    const status = m.start?.kind === 'status' ? m.start.status : 0;
    if (status >= 100 && status < 200 && status !== 101) {
      interim.push(m);
      continue;
    }
    flush(m);
  }
  flush();
  return exchanges;
}
