/** Escapes text for HTML element content and attribute values: response content never becomes markup. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Turns `code` spans of our own messages into <code>, escaping everything else. */
export function inlineCode(s: string): string {
  return escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

export { bytes, ms, ordinal } from '../runner/format';
