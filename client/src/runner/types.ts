import type { Prediction } from '../../../server/src/language/persistence';
import type { ParserFinding } from './responseParser';

/** A request ready for the wire: everything resolved, nothing left to guess. */
export interface PreparedRequest {
  /** `# @name`, when the request has one. */
  readonly name?: string;
  /** Line of the request line in its .http file (0-based), for editors. */
  readonly line: number;
  readonly method: string;
  /** `HTTP/1.0` or `HTTP/1.1`: sent exactly as written (HTTP/1.1 when none is written). */
  readonly version: 'HTTP/1.0' | 'HTTP/1.1';
  readonly url: URL;
  /** The request-target on the wire (origin-form: path and query). */
  readonly target: string;
  /** Field lines in the order sent, names as written. */
  readonly headers: readonly (readonly [string, string])[];
  /**
   * Names of the fields HTTP Lens added: because the message needed them (Host, Content-Length, the
   * Content-Type of a GraphQL body), or `Cookie` from the run's cookie jar.
   */
  readonly added: readonly string[];
  /** Names of the cookies the jar put in the added `Cookie` field (values stay out of reports). */
  readonly jarCookies?: readonly string[];
  readonly body?: Buffer;
  /** Certificate checks off for this request (`# @no-reject-unauthorized`, or the setting). */
  readonly insecure?: boolean;
}

export type Phase = 'prepare' | 'dns' | 'connect' | 'tls' | 'write' | 'response' | 'cancelled';

export interface ExchangeError {
  readonly phase: Phase;
  readonly message: string;
  readonly code?: string;
}

export interface Timings {
  /** Milliseconds; zero for phases a reused connection skipped. */
  readonly dns: number;
  readonly connect: number;
  readonly tls: number;
  /** Until the whole request was handed to the socket. */
  readonly send: number;
  /** From the request written to the first response byte. */
  readonly wait: number;
  readonly download: number;
  readonly total: number;
  /** On a reused connection: the DNS, connect and TLS time it took to set that connection up, saved here. */
  readonly saved?: number;
}

export interface ConnectionReport {
  /** Numbered from 0 in the order opened, as curl numbers them. */
  readonly id: number;
  readonly reused: boolean;
  readonly localAddress?: string;
  readonly localPort?: number;
  readonly remoteAddress?: string;
  readonly remotePort?: number;
  /** Including this one. */
  readonly requestsOnConnection: number;
  readonly tls?: { readonly version: string | null; readonly cipher?: string; readonly alpn: string | false | null; readonly authorized: boolean; readonly authorizationError?: string };
  /** Why a new connection was opened although the origin had one before. */
  readonly whyNew?: string;
  /** Set when a reused connection failed before any response byte and the request went out again on a new one. */
  readonly retried?: string;
}

export type Observed = 'kept-open' | 'closed-by-server' | 'closed-by-client' | 'unknown';

export interface PersistenceReport {
  readonly predicted: Prediction;
  /** What happened to the connection after this exchange, as far as the runner saw. */
  observed: Observed;
  observedReason: string;
  /** Set when what happened differs from what the messages announced. */
  mismatch?: string;
}

export interface ResponseReport {
  readonly status: number;
  readonly reason: string;
  readonly version: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The head exactly as received (Latin-1), ready to be linted as a message. */
  readonly rawHead: string;
  readonly interim: readonly { readonly status: number; readonly headers: readonly (readonly [string, string])[] }[];
  readonly trailers: readonly (readonly [string, string])[];
  readonly bodyBytes: number;
  /** The body as received, when it fits in memory. */
  readonly body?: Buffer;
  /** Where the body went when it did not fit in memory. */
  readonly bodyFile?: string;
}

/** Which request an exchange was for, even when it could not be prepared. */
export interface RequestSummary {
  readonly method: string;
  readonly url: string;
  readonly version: string;
  readonly line: number;
  readonly name?: string;
}

/** Set on an exchange that followed a redirect. */
export interface RedirectHop {
  /** 1 for the first request sent because of a redirect, 2 for the next, ... */
  readonly hop: number;
  /** The URL that answered with the redirect. */
  readonly from: string;
  readonly status: number;
  /** The Location field as the server wrote it. */
  readonly location: string;
  /** What changed besides the URL: the method, a dropped body, credentials not sent to another origin. */
  readonly changes: readonly string[];
}

/** Set on an exchange whose redirect was followed: where the next exchange went. */
export interface FollowedRedirect {
  readonly status: number;
  readonly location: string;
  /** The Location resolved against the request's URL. */
  readonly url: string;
  /** The hop number of the exchange that follows. */
  readonly hop: number;
}

export interface ExchangeReport {
  readonly index: number;
  /** This exchange was sent to follow a redirect. */
  readonly redirect?: RedirectHop;
  /** This exchange's response was a redirect, and the next exchange follows it. */
  readonly followed?: FollowedRedirect;
  /** Names of the cookies this response set that the jar stored. */
  readonly storedCookies?: readonly string[];
  /** Names of the cookies this response set already expired: the way a server deletes one, so the jar did. */
  readonly expiredCookies?: readonly string[];
  /** Wall-clock time the exchange began (ms since the epoch), for timelines. */
  readonly startedAt?: number;
  readonly request: RequestSummary;
  /** What was sent; absent when the request could not be prepared. */
  readonly sent?: PreparedRequest;
  /** The request head as written to the socket (Latin-1). */
  readonly wireRequest?: string;
  readonly response?: ResponseReport;
  readonly connection?: ConnectionReport;
  readonly timings?: Timings;
  readonly persistence?: PersistenceReport;
  readonly findings: readonly ParserFinding[];
  readonly error?: ExchangeError;
  /** What the runner learnt, by the time this exchange ended, about connections earlier exchanges left open. */
  notes?: string[];
}

export interface RunOptions {
  readonly connectTimeoutMs?: number;
  /** Longest silence while waiting for response bytes. */
  readonly idleTimeoutMs?: number;
  readonly totalTimeoutMs?: number;
  /** Bodies larger than this go to a temporary file instead of memory. */
  readonly maxBodyInMemory?: number;
  /** Skip certificate verification for every request. */
  readonly insecure?: boolean;
  readonly signal?: AbortSignal;
  /** How long to wait, after a response that ends the connection, for the server's own close. */
  readonly closeGraceMs?: number;
}
