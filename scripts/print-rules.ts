// Prints the rule table in Markdown: `node --import tsx scripts/print-rules.ts`, then paste it into the README.
import { rulesMarkdown } from '../server/src/language/rules/docs';

console.log(rulesMarkdown());
