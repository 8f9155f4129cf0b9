/** ANSI styles that vanish when colour is off, so output stays plain in pipes and files. */
export interface Style {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
  readonly cyan: (text: string) => string;
}

function sgr(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${String(open)}m${text}\u001b[${String(close)}m`;
}

const identity = (text: string): string => text;

export function makeStyle(enabled: boolean): Style {
  if (!enabled) return { bold: identity, dim: identity, red: identity, yellow: identity, green: identity, cyan: identity };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), cyan: sgr(36, 39) };
}
