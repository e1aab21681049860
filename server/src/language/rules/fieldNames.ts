import { replaceSpan } from '../edits';
import { suggestFieldName, type SpellingSlip } from '../fields/spelling';
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
  checkMessage({ message, report, inHttpFile }) {
    for (const field of message.headers) {
      if (field.templated || field.name.length === 0) continue;
      if (inHttpFile && TOOL_DIRECTIVES.has(field.lowerName)) continue;
      const suggestion = suggestFieldName(field.name);
      if (!suggestion) continue;
      const slip = SLIP_WORDS[suggestion.slip];
      // Keep the writer's case style: all lower case (as HTTP/2 dumps are) stays lower case.
      const replacement = field.name === field.name.toLowerCase() ? suggestion.name.toLowerCase() : suggestion.name;
      report(
        misspelledFieldName,
        field.nameSpan,
        `Unknown header \`${field.name}\`: did you mean \`${suggestion.name}\`?` + (slip ? ` (${slip})` : ''),
        [{ title: `Rename to \`${replacement}\``, edits: [replaceSpan(field.nameSpan, replacement)], isPreferred: true }],
      );
    }
  },
};
