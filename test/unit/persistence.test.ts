// persistence.ts: will the connection stay open after this message or exchange, and why?
//
// Every expectation below is read off the RFCs, not off the implementation:
//   RFC 9112 §9.3   persistence: "close" → closes; else HTTP/1.1 → persists; else HTTP/1.0 with "keep-alive"
//                   → persists (for a response, or if the server honours it); else closes. "In order to remain
//                   persistent, all messages on a connection need to have a self-defined message length".
//   RFC 9112 §9.6   "close" in a request: the server closes after its response; in a response: the server closes.
//   RFC 9112 §6.1   Content-Length with Transfer-Encoding: the server MUST close after responding ("Regardless");
//                   an HTTP/1.0 message with Transfer-Encoding is faulty "even if a Content-Length is present".
//   RFC 9112 §6.3   body length: a response to HEAD, or a 1xx/204/304, ends at its header section "regardless of
//                   the header fields present"; a request without framing has no body; a response without framing
//                   ends when the server closes; both CL and TE "ought to be handled as an error"; a request whose
//                   last coding is not chunked gets 400 and a close; an invalid Content-Length is unrecoverable.
//   RFC 9113 §8.2.2 connection-specific fields make an HTTP/2 message malformed, which is a *stream* error
//                   (§8.1.1): HTTP/2 connections are multiplexed and Connection has no say over them.
//   RFC 9110 §15.2.2 after 101 (Switching Protocols) the connection speaks another protocol: no further HTTP/1.1.
//   RFC 9110 §5.1, §7.6.1 names and options match exactly, ignoring case: a misspelled field or option is ignored.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  lensText, predictExchange, predictMessage, type HeadView, type PersistenceReason, type Prediction,
} from '../../server/src/language/persistence';
import { lint } from '../support/lintHelpers';

type Version = 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2' | 'no version';
type Conn = 'no Connection' | 'close' | 'keep-alive' | 'misspelled';
type Field = { name: string; value: string };

const VERSION: Record<Version, { major: number; minor: number } | undefined> = {
  'HTTP/1.0': { major: 1, minor: 0 },
  'HTTP/1.1': { major: 1, minor: 1 },
  'HTTP/2': { major: 2, minor: 0 },
  'no version': undefined,
};

/** `misspelled` is the forum's `Connections: keep-alive`: not the Connection field at all (RFC 9110 §5.1). */
const CONNECTION: Record<Conn, Field[]> = {
  'no Connection': [],
  'close': [{ name: 'Connection', value: 'close' }],
  'keep-alive': [{ name: 'Connection', value: 'keep-alive' }],
  'misspelled': [{ name: 'Connections', value: 'keep-alive' }],
};
const CONNS: readonly Conn[] = ['no Connection', 'close', 'keep-alive', 'misspelled'];

const CL: Field = { name: 'Content-Length', value: '5' };
const TE: Field = { name: 'Transfer-Encoding', value: 'chunked' };

type RequestFraming = 'Content-Length' | 'chunked' | 'no framing' | 'CL and TE';
type ResponseFraming = RequestFraming | 'answer to HEAD' | '204' | '304' | '101';

const FRAMING_FIELDS: Record<RequestFraming, Field[]> = {
  'Content-Length': [CL],
  'chunked': [TE],
  'no framing': [],
  'CL and TE': [CL, TE],
};

function requestView(version: Version, conn: Conn, framing: RequestFraming, method = 'POST'): HeadView {
  return { kind: 'request', version: VERSION[version], method, fields: [{ name: 'Host', value: 'a' }, ...CONNECTION[conn], ...FRAMING_FIELDS[framing]] };
}

function responseView(version: Version, conn: Conn, framing: ResponseFraming): HeadView {
  const status = framing === '204' ? 204 : framing === '304' ? 304 : framing === '101' ? 101 : 200;
  const method = framing === 'answer to HEAD' ? 'HEAD' : 'GET';
  const framingFields = framing === 'answer to HEAD' || framing === '204' || framing === '304' ? []
    : framing === '101' ? [{ name: 'Upgrade', value: 'websocket' }]
    : FRAMING_FIELDS[framing];
  return { kind: 'response', version: VERSION[version], status, method, fields: [{ name: 'Server', value: 'x' }, ...CONNECTION[conn], ...framingFields] };
}

/** One expected outcome, with the section of the RFC it follows. */
interface Outcome {
  readonly persists: boolean;
  readonly reason: PersistenceReason;
  readonly rfc: string;
  /** For a head with no version: the outcome under HTTP/1.0 and under HTTP/1.1. */
  readonly byVersion?: readonly [Outcome, Outcome];
}

const P = (reason: PersistenceReason, rfc: string): Outcome => ({ persists: true, reason, rfc });
const C = (reason: PersistenceReason, rfc: string): Outcome => ({ persists: false, reason, rfc });
/**
 * No version and the two versions disagree: `no-version`, with both outcomes. The headline follows HTTP/1.1, the
 * version every current client sends (and the one an .http request without a version is sent as).
 */
const NV = (v10: Outcome, v11: Outcome): Outcome => ({
  persists: v11.persists, reason: 'no-version', rfc: `1.0: ${v10.rfc}; 1.1: ${v11.rfc}`, byVersion: [v10, v11],
});

const S93 = 'RFC 9112 §9.3';
const S96 = 'RFC 9112 §9.6';
const S61 = 'RFC 9112 §6.1';
const S63 = 'RFC 9112 §6.3';
const H2 = 'RFC 9113 §8.2.2';
const SWITCH = 'RFC 9110 §15.2.2';

// Outcomes shared by several cells.
const H11 = P('http11-default', S93);
const REQ_CLOSE = C('close-in-request', S96);
const RES_CLOSE = C('close-in-response', S96);
const REQ10 = C('http10-request-without-keep-alive', S93);
const RES10 = C('http10-response-without-keep-alive', S93);
const KA10 = P('http10-keep-alive', S93);
const TE10 = C('transfer-encoding-in-http10', S61);
const BOTH = C('length-and-chunked', S61);
const UNFRAMED = C('close-delimited', S63);
const MUX = P('multiplexed', H2);

/** [version, framing, outcome for each of no Connection, close, keep-alive, misspelled] */
type Row<F> = [Version, F, [Outcome, Outcome, Outcome, Outcome]];

const REQUESTS: Row<RequestFraming>[] = [
  // HTTP/1.1 persists unless "close" (§9.3, §9.6); a request without framing has an empty body (§6.3).
  ['HTTP/1.1', 'Content-Length', [H11, REQ_CLOSE, H11, H11]],
  ['HTTP/1.1', 'chunked', [H11, REQ_CLOSE, H11, H11]],
  ['HTTP/1.1', 'no framing', [H11, REQ_CLOSE, H11, H11]],
  // "Regardless, the server MUST close the connection after responding to such a request" (§6.1).
  ['HTTP/1.1', 'CL and TE', [BOTH, BOTH, BOTH, BOTH]],
  // HTTP/1.0 closes unless keep-alive (§9.3); the misspelled field carries nothing.
  ['HTTP/1.0', 'Content-Length', [REQ10, REQ_CLOSE, KA10, REQ10]],
  ['HTTP/1.0', 'no framing', [REQ10, REQ_CLOSE, KA10, REQ10]],
  // HTTP/1.0 with Transfer-Encoding: faulty framing, close, "even if a Content-Length is present" (§6.1).
  ['HTTP/1.0', 'chunked', [TE10, TE10, TE10, TE10]],
  ['HTTP/1.0', 'CL and TE', [TE10, TE10, TE10, TE10]],
  // HTTP/2: Connection and Transfer-Encoding are malformed there, a stream error; the connection is multiplexed.
  ['HTTP/2', 'Content-Length', [MUX, MUX, MUX, MUX]],
  ['HTTP/2', 'chunked', [MUX, MUX, MUX, MUX]],
  ['HTTP/2', 'no framing', [MUX, MUX, MUX, MUX]],
  ['HTTP/2', 'CL and TE', [MUX, MUX, MUX, MUX]],
  // No version: both readings are given unless they agree.
  ['no version', 'Content-Length', [NV(REQ10, H11), REQ_CLOSE, NV(KA10, H11), NV(REQ10, H11)]],
  ['no version', 'no framing', [NV(REQ10, H11), REQ_CLOSE, NV(KA10, H11), NV(REQ10, H11)]],
  ['no version', 'chunked', [NV(TE10, H11), NV(TE10, REQ_CLOSE), NV(TE10, H11), NV(TE10, H11)]],
  ['no version', 'CL and TE', [NV(TE10, BOTH), NV(TE10, BOTH), NV(TE10, BOTH), NV(TE10, BOTH)]],
];

const RESPONSES: Row<ResponseFraming>[] = [
  ['HTTP/1.1', 'Content-Length', [H11, RES_CLOSE, H11, H11]],
  ['HTTP/1.1', 'chunked', [H11, RES_CLOSE, H11, H11]],
  // No self-defined length: the body ends at the close (§6.3, §9.3); an explicit "close" is the server's own word.
  ['HTTP/1.1', 'no framing', [UNFRAMED, RES_CLOSE, UNFRAMED, UNFRAMED]],
  // Both: "ought to be handled as an error" (§6.3) — the client closes.
  ['HTTP/1.1', 'CL and TE', [BOTH, BOTH, BOTH, BOTH]],
  // Responses to HEAD and 204/304 end at the header section (§6.3): no framing needed to persist.
  ['HTTP/1.1', 'answer to HEAD', [H11, RES_CLOSE, H11, H11]],
  ['HTTP/1.1', '204', [H11, RES_CLOSE, H11, H11]],
  ['HTTP/1.1', '304', [H11, RES_CLOSE, H11, H11]],
  ['HTTP/1.1', '101', [C('protocol-switch', SWITCH), C('protocol-switch', SWITCH), C('protocol-switch', SWITCH), C('protocol-switch', SWITCH)]],
  // An HTTP/1.0 response persists only with keep-alive ("the message is a response", §9.3).
  ['HTTP/1.0', 'Content-Length', [RES10, RES_CLOSE, KA10, RES10]],
  ['HTTP/1.0', 'chunked', [TE10, TE10, TE10, TE10]],
  ['HTTP/1.0', 'no framing', [UNFRAMED, RES_CLOSE, UNFRAMED, UNFRAMED]],
  ['HTTP/1.0', 'CL and TE', [TE10, TE10, TE10, TE10]],
  ['HTTP/1.0', 'answer to HEAD', [RES10, RES_CLOSE, KA10, RES10]],
  ['HTTP/1.0', '204', [RES10, RES_CLOSE, KA10, RES10]],
  ['HTTP/1.0', '304', [RES10, RES_CLOSE, KA10, RES10]],
  ['HTTP/2', 'Content-Length', [MUX, MUX, MUX, MUX]],
  ['HTTP/2', 'chunked', [MUX, MUX, MUX, MUX]],
  // HTTP/2 frames every message (END_STREAM): there is no close-delimited body.
  ['HTTP/2', 'no framing', [MUX, MUX, MUX, MUX]],
  ['HTTP/2', 'CL and TE', [MUX, MUX, MUX, MUX]],
  ['HTTP/2', 'answer to HEAD', [MUX, MUX, MUX, MUX]],
  ['HTTP/2', '204', [MUX, MUX, MUX, MUX]],
  ['HTTP/2', '304', [MUX, MUX, MUX, MUX]],
  ['no version', 'Content-Length', [NV(RES10, H11), RES_CLOSE, NV(KA10, H11), NV(RES10, H11)]],
  ['no version', 'chunked', [NV(TE10, H11), NV(TE10, RES_CLOSE), NV(TE10, H11), NV(TE10, H11)]],
  ['no version', 'no framing', [UNFRAMED, RES_CLOSE, UNFRAMED, UNFRAMED]],
  ['no version', 'CL and TE', [NV(TE10, BOTH), NV(TE10, BOTH), NV(TE10, BOTH), NV(TE10, BOTH)]],
  ['no version', 'answer to HEAD', [NV(RES10, H11), RES_CLOSE, NV(KA10, H11), NV(RES10, H11)]],
  ['no version', '204', [NV(RES10, H11), RES_CLOSE, NV(KA10, H11), NV(RES10, H11)]],
  ['no version', '304', [NV(RES10, H11), RES_CLOSE, NV(KA10, H11), NV(RES10, H11)]],
  ['no version', '101', [C('protocol-switch', SWITCH), C('protocol-switch', SWITCH), C('protocol-switch', SWITCH), C('protocol-switch', SWITCH)]],
];

function check(p: Prediction, want: Outcome): void {
  assert.equal(p.persists, want.persists, `persists (${want.rfc}): ${p.summary}`);
  assert.equal(p.reason, want.reason, `reason (${want.rfc}): ${p.summary}`);
  if (want.byVersion) {
    assert.ok(p.byVersion, 'byVersion');
    for (const [i, label] of (['HTTP/1.0', 'HTTP/1.1'] as const).entries()) {
      assert.equal(p.byVersion[label].persists, want.byVersion[i]!.persists, `${label} persists`);
      assert.equal(p.byVersion[label].reason, want.byVersion[i]!.reason, `${label} reason`);
    }
  } else {
    assert.equal(p.byVersion, undefined, 'no byVersion when the versions agree');
  }
}

describe('predictMessage: requests (version x Connection x framing)', () => {
  for (const [version, framing, outcomes] of REQUESTS) {
    CONNS.forEach((conn, i) => {
      const want = outcomes[i]!;
      test(`${version}, ${conn}, ${framing} → ${want.persists ? 'persists' : 'closes'}: ${want.reason} (${want.rfc})`, () => {
        const p = predictMessage(requestView(version, conn, framing));
        check(p, want);
        assert.equal(p.decidedBy, 'request');
      });
    });
  }
});

describe('predictMessage: responses (version x Connection x framing)', () => {
  for (const [version, framing, outcomes] of RESPONSES) {
    CONNS.forEach((conn, i) => {
      const want = outcomes[i]!;
      test(`${version}, ${conn}, ${framing} → ${want.persists ? 'persists' : 'closes'}: ${want.reason} (${want.rfc})`, () => {
        const p = predictMessage(responseView(version, conn, framing));
        check(p, want);
        assert.equal(p.decidedBy, 'response');
      });
    });
  }
});

describe('predictExchange: the request speaks first, the response decides (RFC 9112 §9.3, §9.6)', () => {
  type X = [name: string, request: HeadView | undefined, response: HeadView | undefined, want: Outcome, decidedBy: 'request' | 'response'];
  const rows: X[] = [
    ['1.1 request, 1.1 response with a length: persists (§9.3)',
      requestView('HTTP/1.1', 'no Connection', 'no framing', 'GET'), responseView('HTTP/1.1', 'no Connection', 'Content-Length'), H11, 'response'],
    ['close in the request: the server closes after its response, whatever it says (§9.6)',
      requestView('HTTP/1.1', 'close', 'no framing', 'GET'), responseView('HTTP/1.1', 'keep-alive', 'Content-Length'), REQ_CLOSE, 'request'],
    ['close in the response (§9.6)',
      requestView('HTTP/1.1', 'no Connection', 'no framing', 'GET'), responseView('HTTP/1.1', 'close', 'Content-Length'), RES_CLOSE, 'response'],
    ['1.0 request without keep-alive: closes even if the server answers in 1.1 (§9.3)',
      requestView('HTTP/1.0', 'no Connection', 'no framing', 'GET'), responseView('HTTP/1.1', 'no Connection', 'Content-Length'), REQ10, 'request'],
    ['1.0 request with the field misspelled: the server never saw keep-alive (§9.3, RFC 9110 §5.1)',
      requestView('HTTP/1.0', 'misspelled', 'no framing', 'GET'), responseView('HTTP/1.0', 'no Connection', 'Content-Length'), REQ10, 'request'],
    ['1.0 keep-alive, and the 1.0 server agrees (§9.3)',
      requestView('HTTP/1.0', 'keep-alive', 'no framing', 'GET'), responseView('HTTP/1.0', 'keep-alive', 'Content-Length'), KA10, 'response'],
    ['1.0 keep-alive, and the 1.0 server does not answer keep-alive (§9.3: "receives an HTTP/1.0 response without a keep-alive")',
      requestView('HTTP/1.0', 'keep-alive', 'no framing', 'GET'), responseView('HTTP/1.0', 'no Connection', 'Content-Length'), RES10, 'response'],
    ['1.0 keep-alive answered in 1.1: the most recent message is 1.1 (§9.3)',
      requestView('HTTP/1.0', 'keep-alive', 'no framing', 'GET'), responseView('HTTP/1.1', 'no Connection', 'Content-Length'), H11, 'response'],
    ['1.1 request answered by a 1.0 server without keep-alive (§9.3)',
      requestView('HTTP/1.1', 'no Connection', 'no framing', 'GET'), responseView('HTTP/1.0', 'no Connection', 'Content-Length'), RES10, 'response'],
    ['a 200 with no length closes (§6.3)',
      requestView('HTTP/1.1', 'no Connection', 'no framing', 'GET'), { ...responseView('HTTP/1.1', 'no Connection', 'no framing'), method: undefined }, UNFRAMED, 'response'],
    ['the same 200 answering HEAD has no body and persists (§6.3): the method comes from the request',
      requestView('HTTP/1.1', 'no Connection', 'no framing', 'HEAD'), { ...responseView('HTTP/1.1', 'no Connection', 'no framing'), method: undefined }, H11, 'response'],
    ['an answer to HEAD with both CL and TE still has no body (§6.3, first rule)',
      requestView('HTTP/1.1', 'no Connection', 'no framing', 'HEAD'), { ...responseView('HTTP/1.1', 'no Connection', 'CL and TE'), method: undefined }, H11, 'response'],
    ['304 with no length persists (§6.3)',
      requestView('HTTP/1.1', 'no Connection', 'no framing', 'GET'), responseView('HTTP/1.1', 'no Connection', '304'), H11, 'response'],
    ['204 with no length persists (§6.3)',
      requestView('HTTP/1.1', 'no Connection', 'no framing', 'GET'), responseView('HTTP/1.1', 'no Connection', '204'), H11, 'response'],
    ['101 hands the connection to another protocol (RFC 9110 §15.2.2)',
      { ...requestView('HTTP/1.1', 'no Connection', 'no framing', 'GET'), fields: [{ name: 'Host', value: 'a' }, { name: 'Connection', value: 'Upgrade' }, { name: 'Upgrade', value: 'websocket' }] },
      { ...responseView('HTTP/1.1', 'no Connection', '101'), fields: [{ name: 'Connection', value: 'Upgrade' }, { name: 'Upgrade', value: 'websocket' }] },
      C('protocol-switch', SWITCH), 'response'],
    ['a request with both CL and TE: the server must close after responding (§6.1)',
      requestView('HTTP/1.1', 'no Connection', 'CL and TE'), responseView('HTTP/1.1', 'no Connection', 'Content-Length'), BOTH, 'request'],
    ['a chunked request answered with a length persists (§6.3, §9.3)',
      requestView('HTTP/1.1', 'no Connection', 'chunked'), responseView('HTTP/1.1', 'no Connection', 'Content-Length'), H11, 'response'],
    ['a request whose last coding is not chunked: 400 and close (§6.3)',
      { ...requestView('HTTP/1.1', 'no Connection', 'no framing'), fields: [{ name: 'Host', value: 'a' }, { name: 'Transfer-Encoding', value: 'gzip' }] },
      responseView('HTTP/1.1', 'no Connection', 'Content-Length'), C('chunked-not-final', S63), 'request'],
    ['HTTP/2 on both sides, even with connection: close (RFC 9113 §8.2.2)',
      requestView('HTTP/2', 'close', 'no framing', 'GET'), responseView('HTTP/2', 'close', 'Content-Length'), MUX, 'response'],
    ['a request alone persists in 1.1 (§9.3), conditionally on the server',
      requestView('HTTP/1.1', 'no Connection', 'no framing', 'GET'), undefined, H11, 'request'],
    ['a response alone is judged on its own (§9.3)',
      undefined, responseView('HTTP/1.0', 'keep-alive', 'Content-Length'), KA10, 'response'],
  ];
  for (const [name, request, response, want, decidedBy] of rows) {
    test(`${name} → ${want.reason}`, () => {
      const p = predictExchange(request, response);
      check(p, want);
      assert.equal(p.decidedBy, decidedBy);
    });
  }
});

describe('details the table does not show', () => {
  test('an HTTP/1.0 keep-alive request alone persists only if the server agrees (§9.3: "the recipient wishes to honor")', () => {
    const p = predictMessage(requestView('HTTP/1.0', 'keep-alive', 'no framing', 'GET'));
    assert.equal(p.conditional, true);
    assert.match(p.summary, /^persists if the server agrees: /);
    const agreed = predictExchange(requestView('HTTP/1.0', 'keep-alive', 'no framing', 'GET'), responseView('HTTP/1.0', 'keep-alive', 'Content-Length'));
    assert.match(agreed.detail ?? '', /agreed/);
  });

  test('a misspelled Connection is named in the detail of the HTTP/1.0 prediction', () => {
    const p = predictMessage(requestView('HTTP/1.0', 'misspelled', 'no framing', 'GET'));
    assert.equal(p.detail, '`Connections` is not `Connection`, so its `keep-alive` is ignored.');
  });

  test('Proxy-Connection: keep-alive is not Connection (RFC 9112 Appendix C.2.2)', () => {
    const p = predictMessage({ kind: 'request', version: VERSION['HTTP/1.0'], method: 'GET', fields: [{ name: 'Proxy-Connection', value: 'keep-alive' }] });
    assert.equal(p.persists, false);
    assert.equal(p.reason, 'http10-request-without-keep-alive');
    assert.match(p.detail ?? '', /Proxy-Connection: keep-alive` is non-standard/);
  });

  test('misspelled options are not options: clsoe does not close, keep-alvie does not keep (RFC 9110 §7.6.1)', () => {
    const v11 = predictMessage({ kind: 'request', version: VERSION['HTTP/1.1'], method: 'GET', fields: [{ name: 'Connection', value: 'clsoe' }] });
    assert.deepEqual([v11.persists, v11.reason], [true, 'http11-default']);
    const v10 = predictMessage({ kind: 'response', version: VERSION['HTTP/1.0'], status: 200, fields: [{ name: 'Connection', value: 'keep-alvie' }, CL] });
    assert.deepEqual([v10.persists, v10.reason], [false, 'http10-response-without-keep-alive']);
    // A quoted "close" is not the token close (connection-option = token).
    const quoted = predictMessage({ kind: 'response', version: VERSION['HTTP/1.1'], status: 200, fields: [{ name: 'Connection', value: '"close"' }, CL] });
    assert.deepEqual([quoted.persists, quoted.reason], [true, 'http11-default']);
  });

  test('names and options ignore case; close wins over keep-alive; Connection fields combine (RFC 9110 §5.1, §5.3; RFC 9112 §9.3)', () => {
    const upper = predictMessage({ kind: 'response', version: VERSION['HTTP/1.1'], status: 200, fields: [{ name: 'CONNECTION', value: 'CLOSE' }, CL] });
    assert.deepEqual([upper.persists, upper.reason], [false, 'close-in-response']);
    const both = predictMessage({ kind: 'request', version: VERSION['HTTP/1.0'], method: 'GET', fields: [{ name: 'Connection', value: 'keep-alive, close' }] });
    assert.deepEqual([both.persists, both.reason], [false, 'close-in-request']);
    const split = predictMessage({ kind: 'request', version: VERSION['HTTP/1.1'], method: 'GET', fields: [{ name: 'Connection', value: 'Upgrade' }, { name: 'connection', value: 'close' }] });
    assert.deepEqual([split.persists, split.reason], [false, 'close-in-request']);
    const ka = predictMessage({ kind: 'response', version: VERSION['HTTP/1.0'], status: 200, fields: [{ name: 'connection', value: 'Keep-Alive' }, CL] });
    assert.deepEqual([ka.persists, ka.reason], [true, 'http10-keep-alive']);
  });

  test('Content-Length: a list of one value is valid; different or bad values are unrecoverable (§6.3)', () => {
    const res = (...values: string[]) => predictMessage({ kind: 'response', version: VERSION['HTTP/1.1'], status: 200, fields: values.map((value) => ({ name: 'Content-Length', value })) });
    assert.deepEqual([res('42, 42').persists, res('42, 42').reason], [true, 'http11-default']);
    assert.deepEqual([res('42', '42').persists, res('42', '42').reason], [true, 'http11-default']);
    assert.deepEqual([res('42, 43').persists, res('42, 43').reason], [false, 'invalid-content-length']);
    assert.deepEqual([res('4 2').persists, res('4 2').reason], [false, 'invalid-content-length']);
    assert.deepEqual([res('').persists, res('').reason], [false, 'invalid-content-length']);
    const req = predictMessage({ kind: 'request', version: VERSION['HTTP/1.1'], method: 'POST', fields: [{ name: 'Content-Length', value: '-1' }] });
    assert.deepEqual([req.persists, req.reason, req.decidedBy], [false, 'invalid-content-length', 'request']);
  });

  test('a response whose last coding is not chunked runs to the close (§6.3)', () => {
    const p = predictMessage({ kind: 'response', version: VERSION['HTTP/1.1'], status: 200, fields: [{ name: 'Transfer-Encoding', value: 'chunked, gzip' }] });
    assert.deepEqual([p.persists, p.reason], [false, 'close-delimited']);
    const split = predictMessage({ kind: 'response', version: VERSION['HTTP/1.1'], status: 200, fields: [{ name: 'Transfer-Encoding', value: 'gzip' }, { name: 'Transfer-Encoding', value: 'Chunked' }] });
    assert.deepEqual([split.persists, split.reason], [true, 'http11-default']);
  });

  test('no body, whatever the framing fields say: HEAD, 304, 204 (§6.3, first rule)', () => {
    const head = predictMessage({ kind: 'response', version: VERSION['HTTP/1.1'], status: 200, method: 'HEAD', fields: [{ name: 'Content-Length', value: 'abc' }] });
    assert.deepEqual([head.persists, head.reason], [true, 'http11-default']);
    // §6.1: Transfer-Encoding MAY be sent in a 304 "to indicate that the origin server would have applied" it.
    const notModified = predictMessage({ kind: 'response', version: VERSION['HTTP/1.1'], status: 304, fields: [{ name: 'Transfer-Encoding', value: 'gzip' }] });
    assert.deepEqual([notModified.persists, notModified.reason], [true, 'http11-default']);
    // But an HTTP/1.0 message with Transfer-Encoding is faulty, body or not (§6.1).
    const old = predictMessage({ kind: 'response', version: VERSION['HTTP/1.0'], status: 304, fields: [{ name: 'Connection', value: 'keep-alive' }, TE] });
    assert.deepEqual([old.persists, old.reason], [false, 'transfer-encoding-in-http10']);
  });

  test('a fragment is read as a request when it carries request fields, and predicted under both versions', () => {
    const p = predictMessage({ kind: 'fragment', fields: [{ name: 'Host', value: 'a' }] });
    assert.equal(p.decidedBy, 'request');
    assert.equal(p.reason, 'no-version');
    assert.deepEqual([p.byVersion?.['HTTP/1.0'].reason, p.byVersion?.['HTTP/1.1'].reason], ['http10-request-without-keep-alive', 'http11-default']);
    assert.match(lensText(p), /^persistence depends on the version: /);
  });

  test('lens texts', () => {
    assert.equal(lensText(predictMessage(responseView('HTTP/1.1', 'close', 'Content-Length'))), 'closes after response: the server sends Connection: close');
    assert.equal(lensText(predictMessage(responseView('HTTP/1.1', 'no Connection', 'Content-Length'))), 'keeps connection open (HTTP/1.1 default)');
  });
});

describe('predictions attached by lint to the messages of a document', () => {
  for (const eol of ['\n', '\r\n']) {
    test(`a raw exchange shares one prediction (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
      const text = ['HEAD / HTTP/1.1', 'Host: a', '', 'HTTP/1.1 200 OK', 'Server: x', '', ''].join(eol);
      const { predictions } = lint(text);
      assert.equal(predictions.length, 2);
      assert.equal(predictions[0]!.prediction, predictions[1]!.prediction);
      assert.deepEqual([predictions[0]!.prediction.persists, predictions[0]!.prediction.reason], [true, 'http11-default']);
    });
  }

  test('an .http request with no version is sent as HTTP/1.1; with HTTP/1.0 it closes', () => {
    const { predictions } = lint('GET http://a/\n\n###\nGET http://a/ HTTP/1.0\n\n###\nGET http://a/ HTTP/1.0\nConnection: keep-alive\n', 'http');
    assert.deepEqual(predictions.map((p) => [p.prediction.persists, p.prediction.reason]), [
      [true, 'http11-default'],
      [false, 'http10-request-without-keep-alive'],
      [true, 'http10-keep-alive'],
    ]);
  });

  test('a curl trace whose request lines go on after the response began: each message keeps its own fields', () => {
    const text = '> GET / HTTP/1.1\n> Host: a\n< HTTP/1.1 200 OK\n> Connection: close\n< Content-Length: 0\n< Keep-Alive: timeout=5\n>\n<\n';
    const { doc, predictions } = lint(text);
    assert.deepEqual(doc.messages.map((m) => m.headers.map((f) => `${f.name}: ${f.value}`)), [['Host: a', 'Connection: close'], ['Content-Length: 0', 'Keep-Alive: timeout=5']]);
    assert.deepEqual(doc.messages.map((m) => Array.from({ length: m.fieldCount }, (_, k) => m.field(k).nameSpan.line)), [[1, 3], [4, 5]]);
    assert.deepEqual(predictions.map((p) => p.prediction.reason), ['close-in-request', 'close-in-request']);
  });

  test('a response to HEAD in a curl trace knows its method', () => {
    const { predictions } = lint('> HEAD / HTTP/1.1\n> Host: a\n>\n< HTTP/1.1 200 OK\n< Content-Type: text/html\n<\n');
    assert.deepEqual([predictions[1]!.prediction.persists, predictions[1]!.prediction.reason], [true, 'http11-default']);
  });
});

test('repeated Content-Length values with the same decimal value count as one (RFC 9110 §8.6)', () => {
  const p = predictMessage({ kind: 'response', version: { major: 1, minor: 1 }, status: 200, fields: [{ name: 'Content-Length', value: '05' }, { name: 'Content-Length', value: '5' }] });
  assert.deepEqual([p.persists, p.reason], [true, 'http11-default']);
});

test('no version, same verdict either way: the summary does not pretend it depends on the version', () => {
  // Persists under both, for different reasons (§9.3: keep-alive in HTTP/1.0, the default in HTTP/1.1).
  const p = predictMessage({ kind: 'fragment', fields: [{ name: 'Connection', value: 'keep-alive' }] });
  assert.equal(p.reason, 'no-version');
  assert.equal(p.persists, true);
  assert.doesNotMatch(p.summary, /depends on the version/);
  assert.match(p.summary, /^persists under either version \(none is given\)/);
  assert.match(lensText(p), /^keeps connection open under HTTP\/1\.0 and HTTP\/1\.1/);
});
