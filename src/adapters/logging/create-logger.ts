/**
 * The bot's structured logger: pino, JSON lines by default, secrets redacted twice over (by key
 * anywhere in a logged object, and by pattern inside every string). The pino logger satisfies the
 * engine's `EngineLog` (`info(meta, message)`), the App's message-only log and Octokit's `log`.
 */
import { createRequire } from "node:module";
import type PinoPretty from "pino-pretty";
import { pino, stdSerializers, stdTimeFunctions, type DestinationStream, type Logger } from "pino";
import { MASK, scrubSecrets, scrubValue } from "./scrub-secrets.js";
import { redactPaths } from "./redact-paths.js";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Human-readable lines (pino-pretty) for a terminal; JSON otherwise. */
  readonly pretty?: boolean;
  /** Where lines go; default standard output. */
  readonly destination?: DestinationStream;
  /** The `name` field; default `canary-bot`. */
  readonly name?: string;
}

export class LoggerSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LoggerSetupError";
  }
}

/** pino's serialized errors are class instances; copy them (causes too) into plain objects so their text can be scrubbed. */
function plain(serialized: unknown): unknown {
  if (typeof serialized !== "object" || serialized === null) return serialized;
  const copy: Record<string, unknown> = { ...serialized };
  if ("cause" in copy) copy.cause = plain(copy.cause);
  if (Array.isArray(copy.aggregateErrors)) copy.aggregateErrors = copy.aggregateErrors.map(plain);
  return copy;
}

function serializeError(error: unknown): unknown {
  return scrubValue(error instanceof Error ? plain(stdSerializers.err(error)) : error);
}

function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  let pretty: typeof PinoPretty;
  try {
    pretty = createRequire(import.meta.url)("pino-pretty") as typeof PinoPretty;
  } catch (error: unknown) {
    throw new LoggerSetupError("pretty logs need the pino-pretty package; install it or log JSON", { cause: error });
  }
  return pretty({
    colorize: destination === undefined && process.stdout.isTTY,
    translateTime: "SYS:standard",
    ignore: "pid,hostname",
    destination: destination ?? 1,
  });
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.pretty === true ? prettyStream(options.destination) : options.destination;
  return pino(
    {
      name: options.name ?? "canary-bot",
      level: options.level,
      timestamp: stdTimeFunctions.isoTime,
      redact: { paths: redactPaths(), censor: MASK },
      serializers: { err: serializeError, error: serializeError },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubValue(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === "string" ? scrubSecrets(arg) : arg)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
    },
    // Synchronous writes: the last lines before a crash are the ones that matter.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
