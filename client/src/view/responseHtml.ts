// The response view's HTML, built on the extension side from escaped text only: the webview runs no code
// but a few lines that post button clicks back, under a Content-Security-Policy that allows nothing else.

import { RULES } from '../../../server/src/language/rules';
import type { LensDiagnostic } from '../../../server/src/language/rules/ruleTypes';
import { specTitle } from '../../../server/src/language/spec';
import { decodeBody, prettyBody } from '../runner/decode';
import { redactHead, redactValue } from '../redaction';
import { connectionLine } from '../runner/reuseReport';
import type { ExchangeReport, Timings } from '../runner/types';
import { bytes, escapeHtml, inlineCode, ms, ordinal } from './html';

export interface CompareResult {
  readonly url: string;
  readonly keepAlive: readonly number[];
  readonly fresh: readonly number[];
  readonly errors: readonly string[];
}

export interface ResponseViewModel {
  readonly title: string;
  /** The exchanges of the last run, in order; the last one is shown in full. */
  readonly exchanges: readonly ExchangeReport[];
  /** Findings on each exchange's response head, linted as a message. */
  readonly responseFindings: ReadonlyMap<number, readonly LensDiagnostic[]>;
  readonly maxBodyChars: number;
  /** Show secret field values (`Authorization`, `Set-Cookie`, ...) as `‹redacted›`: the `log.redactSecrets` setting. */
  readonly redactSecrets: boolean;
  readonly compare?: CompareResult;
  /** A request is running: show it. */
  readonly running?: string;
}

export interface PageSecurity {
  readonly nonce: string;
  readonly cspSource: string;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 24px; }
h1 { font-size: 1.3em; margin: 14px 0 4px; } h2 { font-size: 1.05em; margin: 18px 0 6px; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 3px; }
code, pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow: auto; white-space: pre-wrap; word-break: break-all; }
.ok { color: var(--vscode-testing-iconPassed); } .bad { color: var(--vscode-errorForeground); } .warn { color: var(--vscode-editorWarning-foreground); }
.muted { opacity: 0.75; } .panel { border-left: 3px solid var(--vscode-textLink-foreground); padding: 4px 10px; margin: 6px 0; }
.panel.reused { border-color: var(--vscode-testing-iconPassed); } .panel.new { border-color: var(--vscode-editorWarning-foreground); }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: 2px 8px 2px 0; vertical-align: top; }
th { font-weight: 600; } tr.finding td { padding-left: 16px; font-size: 0.92em; }
.lane { display: flex; align-items: center; gap: 4px; margin: 2px 0; } .lane .label { width: 110px; flex: none; }
.req { padding: 1px 6px; border-radius: 3px; color: #000; font-size: 0.9em; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 10px; cursor: pointer; }
svg text { fill: var(--vscode-foreground); font-size: 11px; }
`;

const LANE_COLOURS = ['#8ecae6', '#ffb703', '#90be6d', '#f28482', '#cdb4db', '#f6bd60', '#84a59d', '#bde0fe'];
const LANE_STYLE = LANE_COLOURS.map((c, i) => `.lane-${i} { background: ${c}; }`).join('\n');

export function renderResponseView(model: ResponseViewModel, security: PageSecurity): string {
  const body: string[] = [];
  if (model.running) body.push(`<p class="muted">${inlineCode(model.running)}</p>`);
  const last = model.exchanges[model.exchanges.length - 1];
  if (model.compare) body.push(renderCompare(model.compare));
  if (last) body.push(renderExchange(last, model));
  if (model.exchanges.length > 1) body.push(renderTimeline(model.exchanges));
  if (!last && !model.compare && !model.running) body.push('<p class="muted">No request sent yet. Use “Send Request” above a request.</p>');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${security.nonce}'; script-src 'nonce-${security.nonce}'; img-src ${security.cspSource} data:;">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style nonce="${security.nonce}">${STYLE}${LANE_STYLE}</style></head>
<body>${body.join('\n')}
<script nonce="${security.nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-command]');
  if (b) vscode.postMessage({ command: b.dataset.command, index: Number(b.dataset.index) });
});
</script></body></html>`;
}

function renderExchange(r: ExchangeReport, model: ResponseViewModel): string {
  const out: string[] = [];
  const name = r.request.name ? ` <span class="muted">(${escapeHtml(r.request.name)})</span>` : '';
  out.push(`<p class="muted">[${r.index + 1}] ${escapeHtml(`${r.request.method} ${r.request.url} ${r.request.version}`)}${name}</p>`);
  if (r.error) {
    out.push(`<h1 class="bad">${r.error.phase === 'prepare' ? 'Not sent' : `Failed (${escapeHtml(r.error.phase)})`}</h1><p>${inlineCode(r.error.message)}</p>`);
  }
  if (r.response) {
    const res = r.response;
    const cls = res.status < 400 ? 'ok' : 'bad';
    out.push(`<h1><span class="${cls}">${escapeHtml(`${res.version} ${res.status} ${res.reason}`)}</span> <span class="muted">· ${ms(r.timings?.total ?? 0)} · ${bytes(res.bodyBytes)}</span></h1>`);
  }
  const redirects = renderRedirect(r, model.exchanges);
  if (redirects) out.push(redirects);
  out.push(renderConnection(r));
  if (r.timings) out.push(renderWaterfall(r.timings));
  if (r.response) {
    out.push(renderHeaders(r, model.responseFindings.get(r.index) ?? [], model.redactSecrets));
    out.push(renderBody(r, model.maxBodyChars));
  }
  if (r.wireRequest) {
    out.push(`<details><summary>Request as sent${r.sent?.added.length ? ` (HTTP Lens added ${escapeHtml(r.sent.added.join(' and '))})` : ''}</summary><pre>${escapeHtml(redactHead(r.wireRequest, model.redactSecrets))}</pre></details>`);
  }
  return out.join('\n');
}

/** The redirect chain that led to this exchange, where it goes next, and the cookies the jar sent and kept. */
function renderRedirect(r: ExchangeReport, all: readonly ExchangeReport[]): string | undefined {
  const lines: string[] = [];
  if (r.redirect) {
    const chain = [r];
    for (let i = all.indexOf(r) - 1; i >= 0 && chain[0]!.redirect && all[i]!.followed; i--) chain.unshift(all[i]!);
    const steps = chain.map((x) => `[${x.index + 1}] ${x.response?.status ?? x.error?.phase ?? '?'} ${x.request.url}`);
    const changes = r.redirect.changes.length ? `; ${r.redirect.changes.join('; ')}` : '';
    lines.push(`Redirect hop ${r.redirect.hop}: ${steps.join(' → ')}${changes}`);
  }
  if (r.followed) lines.push(`→ ${r.followed.status} to ${r.followed.url}: followed as hop ${r.followed.hop}`);
  if (r.sent?.jarCookies?.length) lines.push(`Cookies from this run's jar: ${r.sent.jarCookies.join(', ')}`);
  if (r.storedCookies?.length) lines.push(`Cookies kept for later requests: ${r.storedCookies.join(', ')}`);
  if (r.expiredCookies?.length) lines.push(`Cookies deleted by the server: ${r.expiredCookies.join(', ')}`);
  if (lines.length === 0) return undefined;
  return `<ul class="redirects">${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
}

function renderConnection(r: ExchangeReport): string {
  const c = r.connection;
  const lines: string[] = [];
  if (c) {
    if (c.reused) {
      const saved = r.timings?.saved !== undefined ? `, saved ${ms(r.timings.saved)} of connect${c.tls ? ' + TLS' : ''}` : '';
      lines.push(`<strong class="ok">#${c.id} reused</strong>: ${ordinal(c.requestsOnConnection)} request on this connection${saved}`);
    } else {
      lines.push(`<strong>#${c.id} new connection</strong>${c.whyNew ? `: ${inlineCode(c.whyNew)}` : ' (the first to this origin)'}`);
    }
    lines.push(`<span class="muted">${escapeHtml(connectionLine(r) ?? '')}</span>`);
    if (c.retried) lines.push(`<span class="warn">${inlineCode(c.retried)}</span>`);
    if (c.tls) lines.push(`TLS ${escapeHtml(c.tls.version ?? '?')} · ${escapeHtml(c.tls.cipher ?? '?')} · ALPN ${escapeHtml(String(c.tls.alpn || 'none'))}${c.tls.authorized ? '' : ' · <span class="warn">certificate not verified</span>'}`);
  }
  const p = r.persistence;
  if (p) {
    lines.push(`Predicted: ${inlineCode(p.predicted.summary)} <span class="muted">(${escapeHtml(specTitle(p.predicted.spec))})</span>`);
    lines.push(`Observed: ${inlineCode(p.observedReason)}`);
    if (p.mismatch) lines.push(`<span class="warn">Predicted and observed differ: ${inlineCode(p.mismatch)}</span>`);
  }
  for (const note of r.notes ?? []) lines.push(`<span class="warn">${inlineCode(note)}</span>`);
  if (lines.length === 0) return '';
  return `<h2>Connection</h2><div class="panel ${c?.reused ? 'reused' : 'new'}">${lines.map((l) => `<div>${l}</div>`).join('')}</div>`;
}

/** A waterfall in SVG: geometry lives in attributes, which the page's policy allows, unlike style attributes. */
function renderWaterfall(t: Timings): string {
  const phases: [keyof Timings & string, string, string][] = [
    ['dns', 'DNS', '#6fa8dc'], ['connect', 'connect', '#f6b26b'], ['tls', 'TLS', '#c27ba0'],
    ['send', 'send', '#93c47d'], ['wait', 'wait', '#8e7cc3'], ['download', 'download', '#76a5af'],
  ];
  const total = Math.max(t.total, phases.reduce((n, [k]) => n + (t[k] ?? 0), 0), 0.001);
  const width = 360;
  const left = 70;
  let offset = 0;
  const rows = phases.map(([key, label, colour], i) => {
    const v = t[key] ?? 0;
    const x = left + (offset / total) * width;
    offset += v;
    const w = Math.max((v / total) * width, v > 0 ? 1 : 0);
    const y = 4 + i * 18;
    return `<text x="0" y="${y + 11}">${label}</text><rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="12" fill="${colour}"/><text x="${left + width + 8}" y="${y + 11}">${ms(v)}</text>`;
  });
  const saved = t.saved !== undefined ? `<p class="muted">Reusing the connection skipped DNS, connect and TLS: ${ms(t.saved)} saved.</p>` : '';
  const w = left + width + 80;
  const h = phases.length * 18 + 6;
  return `<h2>Timing <span class="muted">${ms(t.total)}</span></h2><svg viewBox="0 0 ${w} ${h}" width="100%" role="img" aria-label="timing waterfall">${rows.join('')}</svg>${saved}`;
}

function renderHeaders(r: ExchangeReport, findings: readonly LensDiagnostic[], redactSecrets: boolean): string {
  const res = r.response!;
  const rows: string[] = [];
  const byLine = new Map<number, LensDiagnostic[]>();
  for (const d of findings) byLine.set(d.range.start.line, [...(byLine.get(d.range.start.line) ?? []), d]);
  const finding = (d: LensDiagnostic) => {
    const rule = RULES.get(d.code);
    const cls = d.severity === 1 ? 'bad' : d.severity === 2 ? 'warn' : 'muted';
    return `<tr class="finding"><td colspan="2"><span class="${cls}">${inlineCode(d.message)}</span>${rule ? `<div class="muted">${inlineCode(rule.explanation)} <code>${escapeHtml(d.code)}</code> · ${escapeHtml(specTitle(rule.spec))}</div>` : ''}</td></tr>`;
  };
  for (const d of byLine.get(0) ?? []) rows.push(finding(d));
  res.headers.forEach(([name, value], i) => {
    rows.push(`<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(redactValue(name, value, redactSecrets))}</td></tr>`);
    // The head's first line is the status line, so field i sits on line i + 1 when no field is folded.
    for (const d of byLine.get(i + 1) ?? []) rows.push(finding(d));
  });
  const extra = findings.filter((d) => d.range.start.line > res.headers.length);
  for (const d of extra) rows.push(finding(d));
  for (const f of r.findings) rows.push(`<tr class="finding"><td colspan="2"><span class="warn">${inlineCode(f.message)}</span></td></tr>`);
  const interim = res.interim.map((i) => `<p class="muted">interim: ${i.status}</p>`).join('');
  const trailers = res.trailers.length ? `<h2>Trailers</h2><table>${res.trailers.map(([n, v]) => `<tr><th>${escapeHtml(n)}</th><td>${escapeHtml(redactValue(n, v, redactSecrets))}</td></tr>`).join('')}</table>` : '';
  return `<h2>Response headers <span class="muted">(${findings.length + r.findings.length} finding${findings.length + r.findings.length === 1 ? '' : 's'})</span></h2>${interim}<table>${rows.join('')}</table>${trailers}`;
}

function renderBody(r: ExchangeReport, maxChars: number): string {
  const res = r.response!;
  if (res.bodyFile) {
    return `<h2>Body <span class="muted">${bytes(res.bodyBytes)}, kept in a file</span></h2><p><button data-command="openBody" data-index="${r.index}">Open the full body</button></p>`;
  }
  if (res.bodyBytes === 0) return '<h2>Body</h2><p class="muted">(empty)</p>';
  const decoded = decodeBody(res);
  const pretty = prettyBody(decoded);
  const cut = pretty.text.length > maxChars;
  const shown = cut ? pretty.text.slice(0, maxChars) : pretty.text;
  const more = cut ? `<p class="muted">Showing ${maxChars.toLocaleString('en')} of ${pretty.text.length.toLocaleString('en')} characters. <button data-command="openBody" data-index="${r.index}">Open the full body</button></p>` : '';
  return `<h2>Body <span class="muted">${bytes(res.bodyBytes)} · ${escapeHtml(decoded.how)} · ${pretty.language}</span></h2>${decoded.error ? `<p class="warn">${escapeHtml(decoded.error)}</p>` : ''}<pre>${escapeHtml(shown)}</pre>${more}`;
}

function renderTimeline(exchanges: readonly ExchangeReport[]): string {
  const lanes = new Map<number, ExchangeReport[]>();
  for (const r of exchanges) if (r.connection) lanes.set(r.connection.id, [...(lanes.get(r.connection.id) ?? []), r]);
  const rows = [...lanes].map(([id, list]) => {
    const cells = list.map((r) => `<span class="req lane-${id % LANE_COLOURS.length}" title="${escapeHtml(`${r.request.method} ${r.request.url}`)}">[${r.index + 1}] ${r.response?.status ?? '✗'}</span>`).join('');
    return `<div class="lane"><span class="label">connection #${id}</span>${cells}</div>`;
  });
  const table = exchanges.map((r) => {
    const c = r.connection;
    return `<tr><td>[${r.index + 1}]</td><td>${escapeHtml(`${r.request.method} ${r.sent?.target ?? r.request.url}`)}</td><td>${c ? `#${c.id} ${c.reused ? '<span class="ok">reused</span>' : 'new'}` : '<span class="bad">none</span>'}</td><td>${r.persistence ? (r.persistence.predicted.persists ? 'keep open' : 'close') : ''}</td><td>${r.persistence ? escapeHtml(r.persistence.observed.replace(/-/g, ' ')) : r.error ? `<span class="bad">${escapeHtml(r.error.phase)}</span>` : ''}</td></tr>`;
  });
  return `<h2>Connections in this run</h2>${rows.join('')}<table><tr><th></th><th>request</th><th>connection</th><th>predicted</th><th>observed</th></tr>${table.join('')}</table>`;
}

function renderCompare(c: CompareResult): string {
  const med = (xs: readonly number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);
  const mk = med(c.keepAlive);
  const mf = med(c.fresh);
  const max = Math.max(...c.keepAlive, ...c.fresh, 0.001);
  const w = 560;
  const h = 160;
  const n = Math.max(c.keepAlive.length, c.fresh.length, 1);
  const x = (i: number) => 40 + (i * (w - 50)) / Math.max(n - 1, 1);
  const y = (v: number) => h - 20 - (v / max) * (h - 40);
  const series = (xs: readonly number[], colour: string) =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${xs.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>`;
  const svg = `<svg viewBox="0 0 ${w} ${h}" width="100%" role="img" aria-label="latency per request">
<line x1="40" y1="${h - 20}" x2="${w - 10}" y2="${h - 20}" stroke="currentColor" stroke-opacity="0.4"/>
<text x="0" y="${y(max) + 4}">${max.toFixed(1)}</text><text x="0" y="${h - 16}">0 ms</text>
${series(c.fresh, '#f6b26b')}${series(c.keepAlive, '#6aa84f')}
<circle cx="${w - 205}" cy="10" r="4" fill="#6aa84f"/><text x="${w - 196}" y="14">reusing one connection</text><circle cx="${w - 205}" cy="26" r="4" fill="#f6b26b"/><text x="${w - 196}" y="30">Connection: close each time</text></svg>`;
  const ratio = mf / mk;
  return `<h2>Keep-alive against new connections: ${escapeHtml(c.url)}</h2>
<p>${c.keepAlive.length} requests reusing one connection: median <strong>${ms(mk)}</strong>. ${c.fresh.length} requests each on a new connection (<code>Connection: close</code>): median <strong>${ms(mf)}</strong>.${Number.isFinite(ratio) ? ` Reuse is <strong>${ratio.toFixed(1)}×</strong> faster per request.` : ''}</p>
${svg}${c.errors.length ? `<p class="bad">${c.errors.map(escapeHtml).join('<br>')}</p>` : ''}`;
}
