import { later, replaceSpan, type Fix } from '../edits';
import { Role } from '../fields/nameFacts';
import type { FieldNameSuggestion, SpellingSlip } from '../fields/spelling';
import { FieldFlag } from '../parse/fieldStore';
import type { ParsedDocument } from '../parse/types';
import { ownCopy } from '../parse/valueCache';
import type { RuleInfo, RuleModule } from './ruleTypes';

export const misspelledFieldName: RuleInfo = {
  code: 'misspelled-field-name',
  severity: 'warning',
  title: 'Unknown field name that looks like a misspelling of a known one',
  explanation:
    'Recipients match field names exactly (ignoring case only), so a misspelled name is an unknown field: it is ' +
    'forwarded or ignored, never understood. `Connections: keep-alive` does not ask for a persistent connection; ' +
    'as far as every server is concerned, the message has no `Connection` field at all.',
  spec: 'rfc9110#5.1',
};

const SLIP_WORDS: Record<SpellingSlip, string> = {
  underscore: 'field names use `-`, not `_` (and many servers drop names with `_`)',
  hyphen: 'the hyphens differ',
  plural: 'field names are singular',
  typo: '',
};

/** Headers that .http tools read as instructions and never send (httpYac's client certificates). */
const TOOL_DIRECTIVES = new Set(['clientcert', 'x-clientcert']);

export const fieldNameRules: RuleModule = {
  rules: [misspelledFieldName],
  checkMessage({ doc, message, report, inHttpFile, analysis }) {
    if ((message.roles & Role.misspelled) === 0) return;
    for (let k = 0; k < message.fieldCount; k++) {
      const suggestion = message.fieldName(k).facts.suggestion;
      if (!suggestion || message.fieldFlags(k) & FieldFlag.templated) continue;
      const field = analysis.fieldAt(k);
      if (inHttpFile && TOOL_DIRECTIVES.has(field.lowerName)) continue;
      const { message: text, replacement } = wordingFor(field.name, suggestion);
      report(misspelledFieldName, field.nameSpan, text, later(rename, doc, field.row, replacement));
    }
  },
};

function rename(doc: ParsedDocument, row: number, replacement: string): Fix[] {
  return [{ title: `Rename to \`${replacement}\``, edits: [replaceSpan(doc.field(row).nameSpan, replacement)], isPreferred: true }];
}

/** The same misspelling recurs in request after request: its words are put together once. */
const wordings = new Map<string, { readonly message: string; readonly replacement: string }>();

function wordingFor(name: string, suggestion: FieldNameSuggestion): { readonly message: string; readonly replacement: string } {
  let wording = wordings.get(name);
  if (!wording) {
    const slip = SLIP_WORDS[suggestion.slip];
    // Keep the writer's case style: all lower case (as HTTP/2 dumps are) stays lower case.
    const replacement = name === name.toLowerCase() ? suggestion.name.toLowerCase() : suggestion.name;
    wording = { message: `Unknown header \`${name}\`: did you mean \`${suggestion.name}\`?` + (slip ? ` (${slip})` : ''), replacement };
    if (wordings.size >= 1000) wordings.clear();
    wordings.set(ownCopy(name), wording);
  }
  return wording;
}
