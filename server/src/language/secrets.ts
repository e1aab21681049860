// Which values are secrets: shown masked in hovers and completion, typed without echo when asked for.

/** Names whose values are not shown: tokens, keys, passwords. Showing a harmless value masked costs little. */
const SECRET = /token|secret|pass|pwd|key|auth|credential|cookie|session|jwt|bearer|otp|private|signature/i;

export function looksSecret(name: string): boolean {
  return SECRET.test(name);
}
