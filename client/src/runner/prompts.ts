// `# @prompt name [description]`: a value the user gives when the request is sent (a one-time code, a
// password), as REST Client and httpYac ask for one.

import type { RequestBlock } from '../../../server/src/language/parse/types';

/** Asks for one value; undefined means the user cancelled. */
export type PromptFunction = (name: string, description: string | undefined) => Promise<string | undefined>;

export interface PromptVariable {
  readonly name: string;
  readonly description?: string;
}

/** `# @prompt name` and `# @prompt name description`, in the order written; a bad one is an error message. */
export function promptsOf(block: RequestBlock): PromptVariable[] | string {
  const prompts: PromptVariable[] = [];
  for (const m of block.metadata) {
    if (m.key.toLowerCase() !== 'prompt') continue;
    const match = /^([A-Za-z_$][\w.$-]*)(?:\s+(.*))?$/.exec(m.value.trim());
    if (!match) return m.value.trim() ? `# @prompt ${m.value.trim()}: ${JSON.stringify(m.value.trim().split(/\s/)[0])} is not a variable name` : '# @prompt needs a variable name';
    prompts.push({ name: match[1]!, description: match[2]?.trim() || undefined });
  }
  return prompts;
}

/** Asks for each prompt of the request, in order; an error message when one cannot be answered. */
export async function askPrompts(block: RequestBlock, prompt: PromptFunction | undefined): Promise<Map<string, string> | string> {
  const prompts = promptsOf(block);
  if (typeof prompts === 'string') return prompts;
  const answers = new Map<string, string>();
  for (const p of prompts) {
    let answer: string | undefined;
    try {
      answer = prompt ? await prompt(p.name, p.description) : undefined;
    } catch (err) {
      return `no value given for prompt ${p.name}: ${(err as Error).message}`;
    }
    if (answer === undefined) return `no value given for prompt ${p.name}`;
    answers.set(p.name, answer);
  }
  return answers;
}
