// Messages between the extension and the language server beyond LSP itself.

/** Client → server notification: `{ name }` of the environment to use; no name for none (only `$shared`). */
export const SELECT_ENVIRONMENT = 'httpLens/selectEnvironment';

export interface SelectEnvironmentParams {
  readonly name?: string;
}
