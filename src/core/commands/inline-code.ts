/**
 * Text a person wrote, shown back inside a markdown code span: mentions (`@team`) and markup in
 * it stay inert when the bot replies. Long text is cut, so a reply stays short.
 */
export function inlineCode(text: string, maxLength = 60): string {
  const flat = text.replace(/\s+/g, " ");
  const cut = flat.length > maxLength ? `${flat.slice(0, maxLength)}…` : flat;
  const longestRun = Math.max(0, ...[...cut.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longestRun + 1);
  const pad = cut.startsWith("`") || cut.endsWith("`") ? " " : "";
  return `${fence}${pad}${cut}${pad}${fence}`;
}
