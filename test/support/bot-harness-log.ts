/**
 * The bot's log kept in memory (pino writes JSON lines to it), so a test that times out can
 * show what the bot was doing instead of a bare timeout. Set `BOT_HARNESS_LOG=1` to also copy
 * every line to stderr while a test runs.
 */
import { pino, type Logger } from "pino";

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly line: string;
}

export interface MemoryLog {
  readonly logger: Logger;
  readonly lines: readonly LogLine[];
  /** The last `count` lines at `minLevel` or above (pino levels: 30 info, 40 warn, 50 error). */
  tail(count?: number, minLevel?: number): string;
  /** Lines at warn or above whose message matches. */
  problems(pattern?: RegExp): readonly LogLine[];
}

const KEEP = 2_000;

export function memoryLog(name: string): MemoryLog {
  const lines: LogLine[] = [];
  const echo = process.env.BOT_HARNESS_LOG === "1";
  const stream = {
    write(text: string): void {
      for (const raw of text.split("\n")) {
        if (raw.trim() === "") continue;
        let level = 30;
        let msg = raw;
        try {
          const parsed = JSON.parse(raw) as { level?: unknown; msg?: unknown };
          if (typeof parsed.level === "number") level = parsed.level;
          if (typeof parsed.msg === "string") msg = parsed.msg;
        } catch {
          // Not JSON: kept as it is.
        }
        lines.push({ level, msg, line: raw });
        if (lines.length > KEEP) lines.splice(0, lines.length - KEEP);
        if (echo) process.stderr.write(`[${name}] ${raw}\n`);
      }
    },
  };
  const logger = pino({ level: "debug", base: { bot: name } }, stream);
  return {
    logger,
    lines,
    tail(count = 40, minLevel = 30) {
      return lines
        .filter((l) => l.level >= minLevel)
        .slice(-count)
        .map((l) => l.line)
        .join("\n");
    },
    problems(pattern) {
      return lines.filter((l) => l.level >= 40 && (pattern === undefined || pattern.test(l.line)));
    },
  };
}
