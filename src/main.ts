/**
 * The process entry of the GitHub App (`node dist/main.js`, the container's entrypoint): reads
 * the environment once, starts the App, and stops cleanly on SIGTERM/SIGINT.
 */
import { readFileSync } from "node:fs";
import { createLogger } from "./adapters/logging/create-logger.js";
import { EnvError, parseEnv } from "./env.js";
import { startBot } from "./wiring/start-bot.js";

const USAGE = `canary-bot needs GitHub App credentials to run as an App:
  APP_ID            the App's id
  PRIVATE_KEY       its private key (PEM), or PRIVATE_KEY_PATH to a file holding it
  WEBHOOK_SECRET    the webhook secret set on the App
  PORT              HTTP port for webhooks and /healthz, /readyz, /metrics, /api/rollouts (default 3000)
  GITHUB_API_URL    GitHub Enterprise Server API, e.g. https://ghe.example.com/api/v3 (default github.com)
See README "Install the GitHub App". To see canary-bot work without an App, run: npm run demo`;

function credentials(source: NodeJS.ProcessEnv): { appId: string; privateKey: string; webhookSecret: string; baseUrl?: string } | undefined {
  const appId = source.APP_ID;
  const keyPath = source.PRIVATE_KEY_PATH;
  const privateKey = source.PRIVATE_KEY ?? (keyPath !== undefined ? readFileSync(keyPath, "utf8") : undefined);
  const webhookSecret = source.WEBHOOK_SECRET;
  if (!appId || !privateKey || !webhookSecret) return undefined;
  const baseUrl = source.GITHUB_API_URL ?? (source.GHE_HOST ? `${source.GHE_PROTOCOL ?? "https"}://${source.GHE_HOST}/api/v3` : undefined);
  return { appId, privateKey: privateKey.replace(/\\n/g, "\n"), webhookSecret, ...(baseUrl ? { baseUrl } : {}) };
}

async function main(): Promise<void> {
  let env;
  try {
    env = parseEnv(process.env);
  } catch (error: unknown) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const creds = credentials(process.env);
  if (!creds) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const log = createLogger({ level: env.LOG_LEVEL, name: "canary-bot" });
  const port = Number(process.env.PORT ?? 3000);
  const bot = await startBot({ credentials: creds, env, log, port, ...(process.env.HOST ? { host: process.env.HOST } : {}) });
  const stop = (signal: string) => {
    log.info({ signal }, "stopping");
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "stop failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => {
    stop("SIGTERM");
  });
  process.once("SIGINT", () => {
    stop("SIGINT");
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`canary-bot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
