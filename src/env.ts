/**
 * The bot's own settings, parsed from the environment once at start-up. Nothing else reads
 * `process.env`; invalid values stop the process with a message naming the variable.
 */
import { z } from "zod";

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h)$/, "a duration such as 500ms, 30s, 5m or 1h")
  .transform((text) => {
    const match = /^(\d+)(ms|s|m|h)$/.exec(text);
    const value = Number(match?.[1] ?? 0);
    const unit = match?.[2] ?? "s";
    const factor = unit === "ms" ? 1 : unit === "s" ? 1_000 : unit === "m" ? 60_000 : 3_600_000;
    return value * factor;
  });

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const EnvSchema = z.object({
  /** Where rollout records and the delivery log live in the embedded (single-replica) mode. */
  CANARY_BOT_DATA_DIR: z.string().min(1).default(".canary-bot"),
  /** With Redis, several replicas share the queue, the rollout records and the rate-limit state. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** A directory of kubeconfig files, one per named cluster (`prod.yaml` → cluster `prod`). */
  CANARY_BOT_CLUSTERS_DIR: z.string().min(1).optional(),
  /** Use the pod's service account as the cluster named `in-cluster`. */
  CANARY_BOT_IN_CLUSTER: flag.default(false),
  /** Without cluster access: how long after a commit a step is assumed applied (not verified). */
  CANARY_BOT_APPLY_DELAY: duration.default(60_000),
  /** Prometheus for builtin metrics when a Canary sets no `metricsServer` (Flagger's default). */
  CANARY_BOT_METRICS_SERVER: z.url().default("http://prometheus:9090"),
  /** Shown in alerts as "Cluster". */
  CANARY_BOT_CLUSTER_NAME: z.string().optional(),
  /** How many Canaries are reconciled at the same time by one replica. */
  CANARY_BOT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Bearer token required by the status API (`canary-bot status`); unset = status API open on the port. */
  CANARY_BOT_STATUS_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Readonly<Record<string, string | undefined>>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new EnvError(`invalid environment:\n  ${lines.join("\n  ")}`);
}
