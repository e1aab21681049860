// References into the specifications, written compactly as `rfc9112#9.3` and expanded for links and titles.

/** `rfc9112#9.3` → https://www.rfc-editor.org/rfc/rfc9112#section-9.3; full URLs pass through. */
export function specUrl(spec: string): string {
  if (/^https?:/.test(spec)) return spec;
  const [doc, section] = spec.split('#') as [string, string | undefined];
  const base = `https://www.rfc-editor.org/rfc/${doc}`;
  if (!section) return base;
  return section.startsWith('appendix-') ? `${base}#${section}` : `${base}#section-${section}`;
}

/** `rfc9112#9.3` → "RFC 9112 §9.3"; `rfc9112#appendix-C.2.2` → "RFC 9112 Appendix C.2.2". */
export function specTitle(spec: string): string {
  const github = /^https:\/\/github\.com\/[^/]+\/([^/#]+)[^#]*(?:#(.+))?$/.exec(spec);
  if (github) return github[2] ? `${github[1]} (${github[2].replace(/-/g, ' ')})` : github[1]!;
  if (/^https?:/.test(spec)) {
    const host = /^https?:\/\/([^/]+)/.exec(spec)?.[1] ?? spec;
    return host.replace(/^www\./, '');
  }
  const [doc, section] = spec.split('#') as [string, string | undefined];
  const rfc = doc.replace(/^rfc/i, 'RFC ');
  if (!section) return rfc;
  return section.startsWith('appendix-') ? `${rfc} Appendix ${section.slice(9)}` : `${rfc} §${section}`;
}
