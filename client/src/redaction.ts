/** Fields whose values are secrets: written to logs as `‹redacted›` unless the user asks otherwise. */
export const SECRET_FIELDS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** A field's value as logs and views show it: a secret one as `‹redacted›`, keeping a credential's scheme. */
export function redactValue(name: string, value: string, redact: boolean): string {
  if (!redact || !SECRET_FIELDS.has(name.toLowerCase())) return value;
  // Keep the scheme of credentials (`Bearer`, `Basic`): it helps debugging and reveals nothing.
  const scheme = /^(Bearer|Basic|Digest|Negotiate|AWS4-HMAC-SHA256)\s/i.exec(value)?.[1];
  return `${scheme ? `${scheme} ` : ''}‹redacted›`;
}

/** Redacts secret field values in a raw message head (request or response). */
export function redactHead(head: string, redact: boolean): string {
  if (!redact) return head;
  return head.replace(/^([A-Za-z0-9!#$%&'*+.^_`|~-]+)([ \t]*:[ \t]*)(.*)$/gm, (_line, name: string, sep: string, value: string) => `${name}${sep}${redactValue(name, value, true)}`);
}
