/** The package version, read from package.json next to `src/` and `dist/`. */
import { readFileSync } from "node:fs";

export function packageVersion(): string {
  try {
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    const parsed: unknown = JSON.parse(text);
    const version = typeof parsed === "object" && parsed !== null && "version" in parsed ? parsed.version : undefined;
    return typeof version === "string" ? version : "unknown";
  } catch {
    return "unknown";
  }
}
