// A self-signed certificate made at test time, and a Node https server that
// records requests exactly like nodeServer.ts. The certificate comes from the
// openssl CLI when it is installed; otherwise it is built here with Node's
// crypto, which can sign but has no API to create an X.509 certificate.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { DEFAULT_START_TIMEOUT_MS, findExecutable, makeTempDir, onceStop, originOf, pollLog, removeDir, type ReadLogOptions, type RunningServer } from './common';
import { applyKeepAliveOptions, closeServer, listenOnLoopback, recordRequests, type NodeLogEntry, type NodeServerOptions } from './nodeServer';

export interface SelfSignedCert {
  certPem: string;
  keyPem: string;
  certPath: string;
  keyPath: string;
  /** Which tool made it. */
  via: 'openssl' | 'node';
}

export type CertMaker = 'auto' | 'openssl' | 'node';

/** Names the certificate is valid for: what the tests connect to. */
export const CERT_DNS_NAMES = ['localhost'] as const;
export const CERT_IPS = ['127.0.0.1', '::1'] as const;
const COMMON_NAME = 'HTTP Lens test';

export async function makeSelfSignedCert(dir: string, maker: CertMaker = 'auto'): Promise<SelfSignedCert> {
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  const openssl = maker === 'node' ? undefined : findExecutable(['openssl']);
  if (maker === 'openssl' && openssl === undefined) throw new Error('openssl CLI not found on PATH');
  if (openssl !== undefined) {
    const san = [...CERT_DNS_NAMES.map((n) => `DNS:${n}`), ...CERT_IPS.map((ip) => `IP:${ip}`)].join(',');
    // -addext needs OpenSSL >= 1.1.1; EC keeps generation instant.
    const result = spawnSync(
      openssl,
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', `/CN=${COMMON_NAME}`, '-addext', `subjectAltName=${san}`],
      { encoding: 'utf8', timeout: 10_000 },
    );
    if (result.status !== 0) throw new Error(`openssl req failed (${result.status ?? result.signal}): ${result.stderr}${result.error?.message ?? ''}`);
    return { certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8'), certPath, keyPath, via: 'openssl' };
  }
  const { certPem, keyPem } = nodeSelfSignedCert();
  await writeFile(certPath, certPem);
  await writeFile(keyPath, keyPem, { mode: 0o600 });
  return { certPem, keyPem, certPath, keyPath, via: 'node' };
}

// ---------------------------------------------------------------------------
// Minimal DER, just enough for one ECDSA P-256 self-signed v3 certificate.

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

const seq = (...content: Buffer[]): Buffer => der(0x30, ...content);

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let n = part >> 7; n > 0; n >>= 7) chunk.unshift((n & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  // UTCTime is valid for 1950–2049, which covers a test run.
  const iso = date.toISOString();
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return der(0x17, Buffer.from(text, 'ascii'));
}

function ipBytes(ip: string): Buffer {
  if (!ip.includes(':')) return Buffer.from(ip.split('.').map(Number));
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  const out = Buffer.alloc(16);
  groups.forEach((group, i) => out.writeUInt16BE(parseInt(group, 16), i * 2));
  return out;
}

export function nodeSelfSignedCert(now = new Date()): { certPem: string; keyPem: string } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(der(0x31, seq(oid('2.5.4.3'), der(0x0c, Buffer.from(COMMON_NAME, 'utf8')))));
  const serial = crypto.randomBytes(16);
  // A positive INTEGER whose first byte is not 0: DER forbids a leading 0 byte before one under 0x80.
  serial[0] = 0x40 | (serial[0]! & 0x3f);
  const altNames = seq(
    ...CERT_DNS_NAMES.map((n) => der(0x82, Buffer.from(n, 'ascii'))),
    ...CERT_IPS.map((ip) => der(0x87, ipBytes(ip))),
  );
  const extensions = der(
    0xa3,
    seq(
      seq(oid('2.5.29.19'), der(0x01, Buffer.from([0xff])), der(0x04, seq(der(0x01, Buffer.from([0xff]))))), // basicConstraints critical CA:TRUE
      seq(oid('2.5.29.17'), der(0x04, altNames)),
    ),
  );
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))), // v3
    der(0x02, serial),
    ecdsaWithSha256,
    name,
    seq(utcTime(new Date(now.getTime() - 3_600_000)), utcTime(new Date(now.getTime() + 2 * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = crypto.sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const certificate = seq(tbs, ecdsaWithSha256, der(0x03, Buffer.from([0]), signature));
  const base64 = certificate.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

// ---------------------------------------------------------------------------

export interface TlsServerOptions extends NodeServerOptions {
  certMaker?: CertMaker;
}

export interface TlsServer extends RunningServer<NodeLogEntry> {
  readonly cert: SelfSignedCert;
  /** Pass to `curl --cacert` or to Node's `ca` option. */
  readonly caPath: string;
}

export async function startTlsServer(options: TlsServerOptions = {}): Promise<TlsServer> {
  const mode = options.mode ?? 'keep-alive';
  const host = options.host ?? '127.0.0.1';
  const dir = await makeTempDir('tls');
  let cert: SelfSignedCert;
  let server: https.Server;
  let port: number;
  try {
    cert = await makeSelfSignedCert(dir, options.certMaker ?? 'auto');
    server = https.createServer({ key: cert.keyPem, cert: cert.certPem });
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
  applyKeepAliveOptions(server, options);
  const entries = recordRequests(server, mode, options.respond);
  try {
    port = await listenOnLoopback(server, host, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, `https server (${mode})`);
  } catch (error) {
    server.close();
    await removeDir(dir);
    throw error;
  }
  return {
    name: `tls-${mode}`,
    host,
    port,
    url: originOf('https', host, port),
    dir,
    cert,
    caPath: cert.certPath,
    stop: onceStop(async () => {
      try {
        await closeServer(server, 5_000);
      } finally {
        await removeDir(dir);
      }
    }),
    readLog: (opts?: ReadLogOptions) => pollLog(async () => entries.slice(), opts, 'https server log'),
  };
}
