import { specTitle, specUrl } from '../spec';
import { RULES } from './index';

/** The rule table as Markdown, for the README (a test keeps the README's copy current). */
export function rulesMarkdown(): string {
  const rows = [...RULES.values()].map((r) => `| \`${r.code}\` | ${r.severity} | ${r.title.replace(/\|/g, '\\|')} | [${specTitle(r.spec)}](${specUrl(r.spec)}) |`);
  return ['| Code | Default | What it finds | Spec |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
