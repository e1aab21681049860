/** Terminal colours, used only when the stream is a terminal and NO_COLOR is not set. */
export interface Style {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
  dim(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function styleFor(stream: NodeJS.WriteStream): Style {
  const on = stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  if (!on) {
    const id = (s: string) => s;
    return { bold: id, red: id, yellow: id, blue: id, cyan: id, green: id, dim: id };
  }
  return { bold: wrap(1, 22), red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), cyan: wrap(36, 39), green: wrap(32, 39), dim: wrap(2, 22) };
}
