import { isToken } from './grammar';
import { splitList, type ListElement } from './lists';
import { ValueCache } from './valueCache';

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

const plain = new ValueCache<readonly ConnectionOption[]>();
const withTemplates = new ValueCache<readonly ConnectionOption[]>();

/** The options of one Connection value. Shared by every field with the same value: never to be changed. */
export function parseConnectionOptions(value: string, templates: boolean): readonly ConnectionOption[] {
  return (templates ? withTemplates : plain).get(value, (v) => Object.freeze(parse(v, templates)));
}

function parse(value: string, templates: boolean): ConnectionOption[] {
  return splitList(value, templates).map(({ text, start, end }) => {
    const templated = templates && text.includes('{{');
    return { text, start, end, lower: text.toLowerCase(), valid: templated || isToken(text), templated };
  });
}
