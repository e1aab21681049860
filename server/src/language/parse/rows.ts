// Tables of numbers (fields, references, request blocks) grow as a document is read.

/**
 * `rows`, or a copy with room for at least `needed` numbers: twice the room, as more would mostly be zeroed memory
 * never used, and zeroing it costs more than copying.
 */
export function withRoom(rows: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= rows.length) return rows;
  const grown = new Int32Array(Math.max(needed, rows.length * 2));
  grown.set(rows);
  return grown;
}
