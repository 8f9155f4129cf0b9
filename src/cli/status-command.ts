/** `canary-bot status`: the rollouts a running canary-bot knows, from its status API. */
import type { CliCommand } from "./command.js";
import { EXIT } from "./exit-codes.js";
import { colourEnabled } from "./io.js";
import { choice, parseFlags, stringFlag } from "./parse-flags.js";
import { fetchRollouts, statusBaseUrl, STATUS_TIMEOUT_MS } from "./status-client.js";
import { statusTable } from "./status-table.js";
import { makeStyle } from "./style.js";

export const STATUS_SCHEMA_VERSION = 1;
export const DEFAULT_STATUS_URL = "http://localhost:3000";

const HELP = `Usage: canary-bot status [--url http://host:port] [--token T] [--format text|json]

Lists the rollouts of a running canary-bot, like kubectl get canaries: repository, Canary,
phase, canary weight, failed checks and the time of the last phase change. Asks the status
API at <url>/api/rollouts.

Options:
  --url URL            where canary-bot listens (default: CANARY_BOT_STATUS_URL, else ${DEFAULT_STATUS_URL})
  --token T            bearer token of the status API (default: CANARY_BOT_STATUS_TOKEN)
  --format text|json   output format (default text); json is described in docs/cli.md
  -h, --help           show this help

Exit codes: 0 listed, 2 usage error, 3 canary-bot could not be reached or refused the request
(no answer within ${String(STATUS_TIMEOUT_MS / 1000)}s counts as unreachable).
`;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

export const statusCommand: CliCommand = {
  name: "status",
  summary: "list the rollouts of a running canary-bot (like kubectl get canaries)",
  help: HELP,
  run: async (args, io) => {
    const flags = parseFlags(args, { url: { type: "string" }, token: { type: "string" }, format: { type: "string" } }, 0);
    const format = choice(flags, "format", ["text", "json"], "text");
    const base = statusBaseUrl(nonEmpty(stringFlag(flags, "url")) ?? nonEmpty(io.env.CANARY_BOT_STATUS_URL) ?? DEFAULT_STATUS_URL);
    const token = nonEmpty(stringFlag(flags, "token")) ?? nonEmpty(io.env.CANARY_BOT_STATUS_TOKEN);
    const rollouts = await fetchRollouts(base, token);
    if (format === "json") {
      io.stdout(`${JSON.stringify({ schemaVersion: STATUS_SCHEMA_VERSION, url: base.href, rollouts }, null, 2)}\n`);
    } else {
      io.stdout(`${statusTable(rollouts, makeStyle(colourEnabled(io.stdoutIsTTY, io.env))).join("\n")}\n`);
    }
    return EXIT.ok;
  },
};
