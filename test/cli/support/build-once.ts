/**
 * Global setup of the command-line tests: compiles src/ into dist/ once per test run (and not
 * again in a nested run), so the tests can run `node bin/canary-bot.js` as users do.
 *
 * Type errors do not stop the tests here: `tsc` still emits, and the typecheck step reports
 * them. Only a build that produced no executable fails the run.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths.js";

const GUARD = "CANARY_BOT_CLI_TEST_BUILD";

export default function setup(): void {
  if (process.env[GUARD] === "done") return;
  const tsc = join(REPO_ROOT, "node_modules", "typescript", "lib", "tsc.js");
  const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (result.error !== undefined) throw result.error;
  if (!existsSync(join(REPO_ROOT, "dist", "cli", "main.js"))) {
    throw new Error(`building dist/ failed (tsc exit ${String(result.status)}):\n${result.stdout}${result.stderr}`);
  }
  if (result.status !== 0) {
    process.stderr.write(`tsc reported errors (dist/ was still emitted; the typecheck step reports them):\n${result.stdout}\n`);
  }
  process.env[GUARD] = "done";
}
