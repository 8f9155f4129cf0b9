/** `canary-bot simulate`: the real engine on a local git repository, with simulated time. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { git } from "../../adapters/local-git/git.js";
import { SpecError } from "../../core/errors.js";
import type { RolloutRecord, StepRecord } from "../../core/machine/types.js";
import { outlineOf } from "../../core/outline/outline-of.js";
import { progressBar, utcTime, formatValue, formatDuration } from "../../core/render/format.js";
import { headline } from "../../core/render/rollout-status.js";
import { parseScenario } from "../../core/scenario/parse-scenario.js";
import type { Scenario } from "../../core/scenario/types.js";
import { RuntimeError, UsageError } from "../cli-errors.js";
import type { CliCommand } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { colourEnabled } from "../io.js";
import type { CliIo } from "../io.js";
import { issueText } from "../issue-report.js";
import { choice, parseFlags, stringFlag } from "../parse-flags.js";
import { makeStyle } from "../style.js";
import { SimulationError, runSimulation } from "./run-simulation.js";

const HELP = `Usage: canary-bot simulate <git repo dir> --canary <namespace/name> [options]

Runs canary-bot's real engine and executor on a local git repository with simulated time: the
same commits the GitHub App would make (messages and trailers included) land on the checked-out
branch (or --branch), one line per step is printed as it happens, and what the App would post
(check run, PR comment, promotion and revert PRs, alerts) is written as markdown to --out.
'git log' in the repository afterwards shows the whole rollout.

If the Canary is not bootstrapped yet, the bootstrap PR is opened and merged as a person would.
With --from <commit>, the bootstrap starts from the target as it was at that commit, so the
change made since then is what gets rolled out.

Metrics and webhooks come from a scenario file (--metrics) or from real services
(--prometheus URL; webhooks are then really called).

Options:
  --canary ns/name        the Canary to roll out (required)
  --metrics FILE          metric scenario (values per metric per step, no-data, errors)
  --prometheus URL        query a real Prometheus instead of a scenario
  --from REV              bootstrap from this commit (see above)
  --branch NAME           branch to commit to (default: the checked-out one)
  --out DIR               where markdown and the rollout state go (default: <repo>/.canary-bot)
  --speed N               simulated time runs N times faster than real time (default: as fast as possible)
  --apply-delay DURATION  how long each commit takes to be applied, e.g. 30s (default 30s)
  --promotion-gate G      webhooks (default) or pull-request (a review you give is simulated)
  -h, --help              show this help

An interrupted simulation resumes where it stopped when run again with the same --out: no
commit is made twice.

Exit codes: 0 promoted, 1 rolled back or invalid specs, 2 usage error, 3 runtime error.
`;

function parseDurationFlag(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const match = /^(\d+)(ms|s|m)$/.exec(text);
  if (!match) throw new UsageError(`--apply-delay ${text}: expected a duration such as 500ms, 30s or 2m`);
  const n = Number(match[1]);
  return match[2] === "ms" ? n : match[2] === "s" ? n * 1000 : n * 60_000;
}

function stepLine(step: StepRecord, record: RolloutRecord, colour: ReturnType<typeof makeStyle>, tty: boolean): string {
  const weight = `${String(step.traffic.canaryWeight).padStart(3)}%${step.traffic.mirrored ? "+m" : "  "}`;
  const bar = tty ? ` ${progressBar(step.traffic.canaryWeight, 10)}` : "";
  const metrics = step.metrics
    .map((m) => {
      const value = m.status === "no-data" ? "no data" : m.status === "error" ? "error" : formatValue(m.value ?? 0);
      return `${m.name} ${value} ${m.status === "pass" ? colour.green("✔") : colour.red("✘")}`;
    })
    .join("  ");
  const hooks = step.webhooks.filter((w) => !w.ok).map((w) => colour.red(`${w.name} ✘ ${String(w.status ?? "")}`)).join(" ");
  const commit = step.commit ? colour.dim(` [${step.commit.subject}]`) : "";
  return `${utcTime(step.at)}  ${step.phase.padEnd(16)} ${weight}${bar}  ${[metrics, hooks, step.note].filter(Boolean).join("  ")}${commit}  ${colour.dim(`failed ${String(record.failedChecks)}`)}`;
}

async function loadScenario(path: string, io: CliIo): Promise<Scenario> {
  const file = resolve(io.cwd, path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error: unknown) {
    throw new RuntimeError(`cannot read the scenario ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseScenario(path, text);
  if ("issues" in parsed) throw new SpecError(parsed.issues);
  return parsed.scenario;
}

export const simulateCommand: CliCommand = {
  name: "simulate",
  summary: "roll a Canary out on a local git repository with simulated time (real commits, markdown reports)",
  help: HELP,
  run: async (args, io) => {
    const flags = parseFlags(args, {
      canary: { type: "string" },
      metrics: { type: "string" },
      prometheus: { type: "string" },
      from: { type: "string" },
      branch: { type: "string" },
      out: { type: "string" },
      speed: { type: "string" },
      "apply-delay": { type: "string" },
      "promotion-gate": { type: "string" },
    }, 1);
    const repoArg = flags.positionals[0];
    if (repoArg === undefined) throw new UsageError("simulate needs the git repository directory");
    const canary = stringFlag(flags, "canary");
    if (canary === undefined || !/^[^/\s]+\/[^/\s]+$/.test(canary)) throw new UsageError("--canary namespace/name is required");
    const metricsPath = stringFlag(flags, "metrics");
    const prometheusUrl = stringFlag(flags, "prometheus");
    if (metricsPath !== undefined && prometheusUrl !== undefined) throw new UsageError("use either --metrics or --prometheus, not both");
    const speedText = stringFlag(flags, "speed");
    const speed = speedText === undefined ? Number.POSITIVE_INFINITY : Number(speedText);
    if (!(speed > 0)) throw new UsageError(`--speed ${speedText ?? ""}: expected a number above 0`);
    const repoDir = resolve(io.cwd, repoArg);
    const top = await git(repoDir, ["rev-parse", "--show-toplevel"], { okCodes: [128] }).catch(() => ({ code: 128, stdout: "" }));
    if (top.code !== 0) throw new UsageError(`${repoArg} is not a git repository`);
    const scenario = metricsPath !== undefined ? await loadScenario(metricsPath, io) : undefined;
    const style = makeStyle(colourEnabled(io.stdoutIsTTY, io.env));
    const outDir = resolve(io.cwd, stringFlag(flags, "out") ?? resolve(repoDir, ".canary-bot"));
    const fromRev = stringFlag(flags, "from");
    const branch = stringFlag(flags, "branch");
    let printed = 0;
    let lastHeadline = "";
    try {
      const result = await runSimulation({
        repoDir,
        canary,
        ...(fromRev !== undefined ? { from: fromRev } : {}),
        ...(branch !== undefined ? { branch } : {}),
        ...(scenario ? { scenario } : {}),
        ...(prometheusUrl !== undefined ? { prometheusUrl } : {}),
        speed,
        outDir,
        applyDelayMs: parseDurationFlag(stringFlag(flags, "apply-delay"), 30_000),
        promotionGate: choice(flags, "promotion-gate", ["webhooks", "pull-request"], "webhooks"),
        maxSimulatedMs: 7 * 24 * 3_600_000,
        start: Date.now(),
        onRecord: (record, resolved) => {
          if (record.steps.length < printed) printed = 0;
          for (const step of record.steps.slice(printed)) io.stdout(`${stepLine(step, record, style, io.stdoutIsTTY)}\n`);
          printed = record.steps.length;
          const now = headline(record, outlineOf(resolved));
          if (now !== lastHeadline) {
            io.stdout(`${style.bold(`── ${record.phase}`)}: ${now}\n`);
            lastHeadline = now;
          }
        },
        onNote: (text) => {
          io.stdout(`${style.cyan("•")} ${text}\n`);
        },
      });
      const log = await git(repoDir, ["log", "--oneline", "--no-decorate", `${result.startHead}..${result.endHead}`]);
      io.stdout(`\nSimulated ${formatDuration(result.simulatedMs)} of rollout. Reports: ${result.outDir}\n`);
      io.stdout(`  check run:  ${resolve(result.outDir, `check-run.${canary.replace("/", "-")}.md`)}\n`);
      io.stdout(`  PR comment: ${resolve(result.outDir, `pr-comment.${canary.replace("/", "-")}.md`)}\n`);
      io.stdout(`\ngit log --oneline ${result.startHead.slice(0, 7)}..${result.endHead.slice(0, 7)}\n${log.stdout}`);
      const phase = result.record?.phase;
      if (phase === "Failed") {
        io.stdout(style.red(`\nRolled back: ${result.record?.failureReason ?? "analysis failed"}\n`));
        return EXIT.failed;
      }
      io.stdout(style.green(`\n${phase === "Succeeded" ? "Promoted." : `Finished in phase ${phase ?? "unknown"}.`}\n`));
      return EXIT.ok;
    } catch (error: unknown) {
      if (error instanceof SpecError) {
        for (const issue of error.issues) io.stderr(`${issueText(issue)}\n`);
        return EXIT.failed;
      }
      if (error instanceof SimulationError) throw new RuntimeError(error.message);
      throw error;
    }
  },
};
