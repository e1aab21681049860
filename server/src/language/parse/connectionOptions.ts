import { isToken } from './grammar';
import { splitList, type ListElement } from './lists';

/**
 * RFC 9110 §7.6.1:
 *   Connection        = #connection-option
 *   connection-option = token
 * Connection options are case-insensitive.
 */
export interface ConnectionOption extends ListElement {
  readonly lower: string;
  /** False when the element is not a token (and so not a connection option at all). */
  readonly valid: boolean;
  /** The element holds a `{{variable}}`: it cannot be judged before the variable is resolved. */
  readonly templated: boolean;
}

export function parseConnectionOptions(value: string, templates: boolean): ConnectionOption[] {
  // Built field by field: an object spread here was the costliest line of a whole lint.
  return splitList(value, templates).map(({ text, start, end }) => {
    const templated = templates && text.includes('{{');
    return { text, start, end, lower: text.toLowerCase(), valid: templated || isToken(text), templated };
  });
}
