/**
 * A problem in a query template, at an offset of its source. Raised inside the template engine
 * only: `renderQueryTemplate` turns it into a value with line and column.
 */
export class TemplateError extends Error {
  readonly offset: number;
  /** Source of the action being executed (`{{ variables.direction }}`), when known. */
  readonly action: string | undefined;
  constructor(message: string, offset: number, action?: string) {
    super(message);
    this.name = "TemplateError";
    this.offset = offset;
    this.action = action;
  }
}

/** Line and column (1-based) of an offset, as editors count them. */
export function lineAndColumn(src: string, offset: number): { readonly line: number; readonly column: number } {
  const before = src.slice(0, Math.max(0, Math.min(offset, src.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
